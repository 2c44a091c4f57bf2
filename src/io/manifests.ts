// The one reader of Kubernetes manifest streams, for every command that judges manifests. It
// produces the objects the cluster would receive: documents split as kubectl splits them (a `---`
// line; content after `...` in a document is never read), each decoded as sigs.k8s.io/yaml decodes
// it (./kube-yaml.ts: YAML 1.1 scalars, merge keys, aliases), with BOMs and CRLF line ends handled,
// and line numbers kept for messages. Field positions are found only for objects that need them
// (`fieldLocator` re-parses that one document).
import { statSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { extname } from 'node:path';
import { InputError, formatPath, type Diagnostic } from '../errors.js';
import { forbiddenKeyPath, tooDeepPath } from '../util/data.js';
import { decodeKubeYaml, KubeYamlError, MAX_MANIFEST_DEPTH, type DecodeNotes } from './kube-yaml.js';
import { readBoundedFile } from './read-bounded.js';
import { walkTree } from './walk.js';
import { decodeUtf8 } from './yaml-read.js';

export type KubeObject = Record<string, unknown> & {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown; labels?: unknown; annotations?: unknown; [k: string]: unknown };
};

/** A key given twice in a mapping: its path and the 1-based line and column of the second one in the file. */
export interface DuplicateKey {
  readonly path: (string | number)[];
  readonly key: string;
  readonly line: number;
  readonly column: number;
}

/** How a reader treats a key given twice: a read error (the default), or data for the validator. */
export interface ManifestReadOptions {
  readonly duplicateKeys?: 'error' | 'keep';
}

/** One object from a manifest stream and where it came from. */
export interface ManifestObject {
  readonly file: string;
  /** 1-based line of the document's first line in `file`. */
  readonly line: number;
  readonly object: KubeObject;
  /** Source text of the document, for re-parsing with positions when a field must be located. */
  readonly source: string;
  /** For objects taken from a `List`'s items: the path of the item inside the document. */
  readonly itemPath: readonly (string | number)[];
  /** Keys given twice in the document (the last value is kept, as kubectl does): the validator reports them. */
  readonly duplicateKeys?: readonly DuplicateKey[];
}

export interface ManifestReadResult {
  readonly objects: ManifestObject[];
  /** Documents that could not be parsed or are not objects (each names file and line). */
  readonly diagnostics: Diagnostic[];
}

/** Manifest streams larger than this are refused before reading. */
export const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

/** 1-based line and column of `offset` in `text`. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Parses a multi-document YAML (or JSON) stream of Kubernetes objects. */
export function readManifestText(input: string, file: string, options: ManifestReadOptions = {}): ManifestReadResult {
  const objects: ManifestObject[] = [];
  const diagnostics: Diagnostic[] = [];
  eachManifestDocument(input, file, options, (docObjects, docDiagnostics) => {
    for (const o of docObjects) objects.push(o);
    for (const d of docDiagnostics) diagnostics.push(d);
  });
  return { objects, diagnostics };
}

/**
 * Reads a stream as readManifestText does, handing out each document's objects (a List's items
 * together) and diagnostics as soon as it is read, so a caller that keeps little holds little.
 */
function eachManifestDocument(
  input: string,
  file: string,
  options: ManifestReadOptions,
  each: (objects: ManifestObject[], diagnostics: Diagnostic[]) => void,
): void {
  if (input.length > MAX_MANIFEST_BYTES) {
    each([], [{ file, message: `input is ${input.length} characters; the limit is ${MAX_MANIFEST_BYTES}` }]);
    return;
  }
  // a CRLF line end means what LF means to YAML; kubectl splits on LF and trims the CR
  const text = input.includes('\r\n') ? input.replace(/\r\n/g, '\n') : input;
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{') && file.endsWith('.json')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      value = undefined; // a JSON stream of several objects, or not JSON: the YAML reading decides
    }
    if (value !== undefined) {
      const objects: ManifestObject[] = [];
      const diagnostics: Diagnostic[] = [];
      const problem = jsonProblem(value);
      if (problem) diagnostics.push({ file, line: 1, path: problem.path, message: problem.message });
      else addValue(value, file, 1, text, objects, diagnostics);
      each(objects, diagnostics);
      return;
    }
  }
  const split = splitDocuments(text);
  each(
    [],
    split.invalid.map((bad) => ({
      file,
      line: bad.line,
      column: 1,
      message: `invalid document separator ${JSON.stringify(bad.text.slice(0, 40))}: kubectl accepts only a comment after \`---\`; put the content on the next line`,
    })),
  );
  for (const doc of split.docs) {
    // only blank lines and comments: no document
    if (!/^[ \t]*[^\s#]/m.test(doc.text)) continue;
    const objects: ManifestObject[] = [];
    const diagnostics: Diagnostic[] = [];
    readDocument(doc, file, options, objects, diagnostics);
    each(objects, diagnostics);
  }
}

/** One document of a stream: its objects and diagnostics. */
function readDocument(
  doc: { text: string; line: number },
  file: string,
  options: ManifestReadOptions,
  objects: ManifestObject[],
  diagnostics: Diagnostic[],
): void {
  const notes: DecodeNotes = { duplicates: [] };
  let value: unknown;
  try {
    value = decodeKubeYaml(doc.text, notes);
  } catch (err) {
    if (!(err instanceof KubeYamlError)) throw err;
    const at = err.offset === undefined ? undefined : lineColumn(doc.text, err.offset);
    diagnostics.push({
      file,
      line: doc.line + (at ? at.line - 1 : 0),
      column: at?.column,
      message: `${err.syntax ? 'YAML syntax error' : 'YAML'}: ${err.message}`,
    });
    return;
  }
  const keep = options.duplicateKeys === 'keep' && notes.duplicates.length > 0;
  for (const dup of keep ? [] : notes.duplicates) {
    const at = lineColumn(doc.text, dup.offset);
    diagnostics.push({
      file,
      line: doc.line + at.line - 1,
      column: at.column,
      message: `duplicate key ${JSON.stringify(dup.key)}: Kubernetes keeps only the last one; each key may appear once in a mapping`,
    });
  }
  if (notes.ignoredFrom !== undefined) {
    const at = lineColumn(doc.text, notes.ignoredFrom);
    diagnostics.push({
      file,
      line: doc.line + at.line - 1,
      column: 1,
      message: 'content after a `...` line is never read by kubectl; start a new document with `---` or remove it',
    });
  }
  if (value === null || value === undefined) return;
  const before = objects.length;
  addValue(value, file, doc.line, doc.text, objects, diagnostics);
  if (keep) {
    const duplicateKeys = findDuplicateKeys(doc.text, doc.line);
    for (let i = before; i < objects.length; i++)
      objects[i] = { ...objects[i], duplicateKeys: duplicatesIn(duplicateKeys, objects[i].itemPath) };
  }
}

/** A JSON manifest nested too deep or holding a key that reaches a prototype: the first such place. */
function jsonProblem(value: unknown): { path: string; message: string } | undefined {
  const deep = tooDeepPath(value, MAX_MANIFEST_DEPTH);
  if (deep) return { path: formatPath(deep), message: `nested deeper than ${MAX_MANIFEST_DEPTH} levels` };
  const forbidden = forbiddenKeyPath(value);
  if (forbidden) return { path: formatPath(forbidden.slice(0, -1)), message: `key "${forbidden.at(-1)}" is not allowed in a manifest` };
  return undefined;
}

function addValue(value: unknown, file: string, line: number, source: string, objects: ManifestObject[], diagnostics: Diagnostic[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    diagnostics.push({
      file,
      line,
      message: `expected a Kubernetes object (a mapping), found ${Array.isArray(value) ? 'a list' : typeof value}`,
    });
    return;
  }
  const obj = value as KubeObject;
  // kubectl decodes any object with an \`items\` list as a list of objects, whatever its kind
  if (Array.isArray(obj.items)) {
    obj.items.forEach((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        diagnostics.push({ file, line, path: `items[${i}]`, message: 'expected a Kubernetes object in the list' });
      } else {
        objects.push({ file, line, object: item as KubeObject, source, itemPath: ['items', i] });
      }
    });
    return;
  }
  objects.push({ file, line, object: obj, source, itemPath: [] });
}

/** Every key that repeats an earlier key of the same mapping, with its path. */
function findDuplicateKeys(text: string, firstLine: number): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  const lineCounter = new LineCounter();
  const walk = (node: unknown, path: (string | number)[]) => {
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = String((pair.key as { value?: unknown } | null)?.value);
        if (seen.has(key)) {
          const pos = lineCounter.linePos((pair.key as Node | null)?.range?.[0] ?? 0);
          out.push({ path: [...path, key], key, line: firstLine + pos.line - 1, column: pos.col });
        }
        seen.add(key);
        walk(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
  };
  walk(parseDocument(text, { uniqueKeys: false, lineCounter }).contents, []);
  return out;
}

/** The duplicates inside one object of a document (all of them, or those of one List item). */
function duplicatesIn(all: DuplicateKey[], itemPath: readonly (string | number)[]): DuplicateKey[] {
  return all
    .filter((d) => itemPath.every((k, i) => d.path[i] === k) && d.path.length > itemPath.length)
    .map((d) => ({ ...d, path: d.path.slice(itemPath.length) }));
}

/** A stream split into documents as kubectl's YAML reader splits it, plus separator lines it refuses. */
export interface SplitStream {
  readonly docs: { text: string; line: number }[];
  readonly invalid: { text: string; line: number }[];
}

/**
 * Splits a stream as k8s.io/apimachinery's YAMLReader does: a line starting with `---` ends a
 * document when only spaces or a comment follow (otherwise kubectl refuses the stream); a byte-order
 * mark at a document's start is dropped.
 */
export function splitDocuments(text: string): SplitStream {
  const docs: { text: string; line: number }[] = [];
  const invalid: { text: string; line: number }[] = [];
  let start = 0;
  let startLine = 1;
  let lineNo = 1;
  const push = (end: number) => {
    if (end > start) docs.push({ text: text.slice(start, end).replace(/^\uFEFF/, ''), line: startLine });
  };
  for (let offset = 0; offset < text.length; lineNo++) {
    const nl = text.indexOf('\n', offset);
    const end = nl === -1 ? text.length : nl;
    if (text.startsWith('---', offset) || (text.charCodeAt(offset) === 0xfeff && text.startsWith('---', offset + 1))) {
      const rest = text.slice(offset + (text.charCodeAt(offset) === 0xfeff ? 4 : 3), end).trim();
      if (rest === '' || rest.startsWith('#')) {
        push(offset === 0 ? 0 : offset - 1);
        start = nl === -1 ? text.length : nl + 1;
        startLine = lineNo + 1;
      } else invalid.push({ text: text.slice(offset, end), line: lineNo });
    }
    offset = nl === -1 ? text.length : nl + 1;
  }
  if (start < text.length) push(text.length);
  return { docs, invalid };
}

export { fieldLocator, locateField } from './locate.js';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * Expands inputs (files, directories searched recursively, `-` for stdin) into readable sources.
 * Links in directories are followed only inside the directory; anything else is an InputError.
 */
export function listManifestFiles(inputs: readonly string[]): string[] {
  const files: string[] = [];
  const missing: Diagnostic[] = [];
  for (const input of inputs) {
    if (input === '-') {
      files.push('-');
      continue;
    }
    let stat;
    try {
      stat = statSync(input);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      missing.push({ file: input, message: code === 'ELOOP' ? 'a symbolic link loop' : 'no such file or directory' });
      continue;
    }
    if (stat.isDirectory()) {
      const found = walkTree(input, (name) => MANIFEST_EXTENSIONS.has(extname(name)));
      missing.push(...found.diagnostics);
      // a mistyped or empty directory must not pass as "0 objects, all valid"
      if (found.files.length === 0 && found.diagnostics.length === 0)
        missing.push({ file: input, message: 'directory holds no .yaml, .yml or .json files' });
      files.push(...found.files);
    } else if (stat.isFile()) files.push(input);
    else
      missing.push({ file: input, message: 'not a regular file or directory (FIFOs, devices and sockets are not read; use - for a pipe)' });
  }
  if (missing.length) throw new InputError(missing);
  return files;
}

/** A `-` input given without its text: the caller reads stdin first (io/stdin.ts, asynchronously). */
const stdinNotRead = (): string => {
  throw new InputError([{ file: '<stdin>', message: 'stdin was not read: pass its text (io/stdin.ts stdinFor)' }]);
};

/** Reads every input (files, directories, `-` = the text `stdin` gives, read by io/stdin.ts) into one list of objects plus read diagnostics. */
export function readManifestInputs(
  inputs: readonly string[],
  stdin: () => string = stdinNotRead,
  options: ManifestReadOptions = {},
): ManifestReadResult {
  const objects: ManifestObject[] = [];
  const diagnostics = streamManifestInputs(
    inputs,
    (docObjects) => {
      for (const o of docObjects) objects.push(o);
    },
    stdin,
    options,
  );
  return { objects, diagnostics };
}

/**
 * Reads every input as readManifestInputs does, handing `each` the objects of one document at a
 * time (nothing of a document is kept once `each` returns); returns the read diagnostics.
 */
export function streamManifestInputs(
  inputs: readonly string[],
  each: (objects: readonly ManifestObject[]) => void,
  stdin: () => string = stdinNotRead,
  options: ManifestReadOptions = {},
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const file of listManifestFiles(inputs)) {
    let text: string;
    try {
      text = file === '-' ? stdin() : decodeUtf8(readBoundedFile(file, MAX_MANIFEST_BYTES), file);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      diagnostics.push(...err.diagnostics);
      continue;
    }
    eachManifestDocument(text, file === '-' ? '<stdin>' : file, options, (objects, docDiagnostics) => {
      for (const d of docDiagnostics) diagnostics.push(d);
      if (objects.length) each(objects);
    });
  }
  return diagnostics;
}
