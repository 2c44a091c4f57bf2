// Reading YAML that a person or another program wrote: every problem is a Diagnostic with file,
// line and column; hazards (alias bombs, duplicate keys, non-UTF-8 bytes, huge input, several
// documents where one is expected) are refused deliberately rather than by accident.
import jsyaml from 'js-yaml';
import { LineCounter, isMap, isSeq, parse, parseDocument, type Document, type Node } from 'yaml';
import { InputError, type Diagnostic, formatPath } from '../errors.js';
import { forbiddenKeyPath, isRecord, tooDeepPath } from '../util/data.js';
import { describeValue } from '../util/describe.js';
import { decodeKubeYaml } from './kube-yaml.js';
import { readBoundedFile } from './read-bounded.js';

/** Inputs larger than this are refused before parsing (profiles and tenant lists are small). */
export const MAX_USER_YAML_BYTES = 16 * 1024 * 1024;
/** Deepest nesting of mappings and lists a file a person edits may have (the code walking it recurses). */
export const MAX_USER_YAML_DEPTH = 64;
/** Bound on alias resolution, so a "billion laughs" document fails fast instead of exhausting memory. */
export const MAX_ALIAS_COUNT = 100;

export type YamlPath = readonly (string | number)[];

/** A parsed YAML document that still knows where each field came from. */
export interface SourceDocument {
  readonly file: string;
  readonly value: unknown;
  /** Line and column (1-based) of the node at `path`, or of its nearest existing ancestor. */
  locate(path: YamlPath): { line: number; column: number };
  /** A diagnostic for `path` in this document. */
  diagnostic(path: YamlPath, message: string, rule?: string): Diagnostic;
}

/** Decodes bytes as strict UTF-8, naming the line and column of the first bad byte. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = new TextDecoder().decode(bytes.subarray(0, offset));
    const line = before.split('\n').length;
    const column = offset - (before.lastIndexOf('\n') + 1) + 1;
    const hex = bytes[offset]?.toString(16).padStart(2, '0') ?? '';
    throw new InputError([
      { file, line, column, message: `expected UTF-8 text, found byte 0x${hex} at offset ${offset} (save the file as UTF-8)` },
    ]);
  }
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    for (let k = 1; k < len; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    // overlong, surrogate and out-of-range forms the decoder refuses
    if (len > 1) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + len));
      } catch {
        return i;
      }
    }
    i += len;
  }
  return bytes.length;
}

/** Reads and parses a YAML file a person edits (one document). Throws InputError on any problem. */
export function readYamlFile(file: string, options: ParseOptions = {}): SourceDocument {
  return parseYamlText(readUserText(file), file, options);
}

/** Reads a file a person gave: a regular file (no FIFO, device or socket), within the size bound (checked before reading), strict UTF-8. */
export function readUserText(file: string): string {
  return decodeUtf8(readBoundedFile(file, MAX_USER_YAML_BYTES), file);
}

/**
 * Where the YAML 1.1 reading of `text` (Helm's and kubectl's: `yes` is true, `0755` is 493, `<<`
 * merges) differs from the 1.2 reading `value` aipc uses for its own input files — a file that
 * means two things to two programs is refused rather than read one way silently.
 */
export function readingDifferences(text: string, value: unknown): { path: YamlPath; message: string }[] {
  let v11: unknown;
  try {
    v11 = decodeKubeYaml(text);
  } catch {
    return []; // not decodable as Kubernetes YAML (e.g. `.inf`): no second meaning to compare
  }
  const out: { path: YamlPath; message: string }[] = [];
  const walk = (a: unknown, b: unknown, path: (string | number)[]) => {
    if (isRecord(a) && isRecord(b)) {
      let renamed = false;
      for (const k of Object.keys(a)) {
        if (Object.prototype.hasOwnProperty.call(b, k)) walk(a[k], b[k], [...path, k]);
        else {
          renamed = true;
          out.push({ path: [...path, k], message: `YAML 1.1 (Helm, kubectl) reads the key ${JSON.stringify(k)} as another key; quote it` });
        }
      }
      const extra = Object.keys(b).filter((k) => !Object.prototype.hasOwnProperty.call(a, k));
      if (extra.length && !renamed)
        out.push({
          path,
          message: `YAML 1.1 (Helm, kubectl) reads keys YAML 1.2 does not (${extra.slice(0, 3).join(', ')}): a \`<<\` merge key?`,
        });
    } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) a.forEach((x, i) => walk(x, b[i], [...path, i]));
    else if (!(a === b || (typeof a === 'number' && a === b) || (a === null && b === null)))
      out.push({
        path,
        message: `YAML 1.2 reads ${describeValue(a)} and YAML 1.1 (Helm, kubectl) ${describeValue(b)}; quote it so both read one thing`,
      });
  };
  walk(value, v11, []);
  return out;
}

/**
 * True when some collection is reachable twice from the root. js-yaml resolves an alias to the
 * same object rather than a copy, so this is exactly "aliases were used on collections" — the only
 * way a YAML document can expand beyond its size. The walk visits each object once.
 */
export function sharesCollections(value: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (seen.has(v)) return true;
    seen.add(v);
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) stack.push(child);
  }
  return false;
}

/**
 * The fast path for well-formed YAML: js-yaml (about ten times faster than the position-keeping
 * parser). Undefined when the text has a problem or shares collections through aliases: then the
 * precise parser must look, to report positions or bound the aliases.
 */
export function quickLoad(text: string): { value: unknown } | undefined {
  try {
    const value = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
    return sharesCollections(value) ? undefined : { value };
  } catch {
    return undefined;
  }
}

/**
 * The value of a YAML file, read on the fast path when it is well-formed; otherwise the precise
 * parser reports every problem with its position (InputError). For files only read, not located.
 */
export function readYamlValue(file: string, options: ParseOptions = {}): unknown {
  const text = readUserText(file);
  // one build reads values.yaml and each tier file several times (merge, CRD switch, tenant
  // check): the same text read once, each caller given its own copy
  const key = `${options.allowEmpty ? 'e' : '-'}${file}`;
  const seen = readValues.get(key);
  if (seen && seen.text === text) return structuredClone(seen.value);
  // parseYamlText reads a sound file on the fast path and locates nothing unless asked
  const value = parseYamlText(text, file, options).value;
  readValues.set(key, { text, value: structuredClone(value) });
  return value;
}

const readValues = new Map<string, { text: string; value: unknown }>();

export interface ParseOptions {
  /** An empty file (or only comments) is accepted as `null` instead of refused (Helm values files). */
  readonly allowEmpty?: boolean;
}

/**
 * Checks values files before they reach Helm (which would fail with no line, or read a YAML 1.1
 * surprise): each must exist, be a readable UTF-8 file holding one YAML mapping (or nothing),
 * without duplicate keys. Every problem in every file is reported at once.
 */
export function checkValuesFiles(files: readonly string[]): void {
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    try {
      const text = readUserText(file);
      // well-formed mappings (the usual case) pass on the fast path; anything else gets positions
      const quick = quickLoad(text);
      if (quick && (quick.value === null || quick.value === undefined || (typeof quick.value === 'object' && !Array.isArray(quick.value))))
        continue;
      const doc = parseYamlText(text, file, { allowEmpty: true });
      if (doc.value !== null && (typeof doc.value !== 'object' || Array.isArray(doc.value))) {
        diagnostics.push(doc.diagnostic([], `expected a mapping of values, found ${describeValue(doc.value)}`));
      }
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      diagnostics.push(...err.diagnostics);
    }
  }
  if (diagnostics.length) throw new InputError(diagnostics);
}

/** True when every line is blank or a comment; line by line, so its time is linear in the text. */
export function onlyComments(text: string): boolean {
  for (const line of text.split('\n')) {
    const content = line.trimStart();
    if (content !== '' && !content.startsWith('#')) return false;
  }
  return true;
}

/** Parses YAML text (one document) with positions; `file` names it in diagnostics. */
export function parseYamlText(text: string, file: string, options: ParseOptions = {}): SourceDocument {
  if (text.length > MAX_USER_YAML_BYTES) {
    throw new InputError([{ file, message: `input is ${text.length} characters; the limit is ${MAX_USER_YAML_BYTES}` }]);
  }
  if (onlyComments(text)) {
    if (options.allowEmpty) {
      return {
        file,
        value: null,
        locate: () => ({ line: 1, column: 1 }),
        diagnostic: (path, message, rule) => ({ file, line: 1, column: 1, path: formatPath(path), message, rule }),
      };
    }
    throw new InputError([{ file, line: 1, message: 'the file is empty; expected a YAML mapping' }]);
  }
  // a sound file (the usual case) is read on the fast path; positions are worked out only when a
  // diagnostic asks for one, and a file with any problem is parsed with positions at once, below
  const quick = quickLoad(text);
  if (
    quick &&
    quick.value !== undefined &&
    !tooDeepPath(quick.value, MAX_USER_YAML_DEPTH) &&
    !forbiddenKeyPath(quick.value) &&
    !readingDifferences(text, quick.value).length
  )
    return lazilyLocated(file, text, quick.value);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2' });
  const diagnostics: Diagnostic[] = [];
  for (const err of doc.errors) {
    const pos = lineCounter.linePos(err.pos[0]);
    const message =
      err.code === 'MULTIPLE_DOCS'
        ? 'several YAML documents in one file; expected exactly one'
        : err.code === 'TAB_AS_INDENT'
          ? 'found a tab in indentation; YAML indents with spaces only'
          : err.code === 'DUPLICATE_KEY'
            ? `duplicate key ${JSON.stringify(keyAt(text, err.pos[0]))}: each key may appear once in a mapping`
            : /call stack/i.test(err.message)
              ? `nested deeper than ${MAX_USER_YAML_DEPTH} levels`
              : firstLine(err.message);
    diagnostics.push({ file, line: pos.line, column: pos.col, message });
  }
  if (diagnostics.length === 0 && /\n---/.test(text) && hasSecondDocument(text)) {
    diagnostics.push({ file, message: 'several YAML documents in one file; expected exactly one' });
  }
  if (diagnostics.length) throw new InputError(diagnostics);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    throw new InputError([{ file, message: `${(err as Error).message} (aliases are limited to ${MAX_ALIAS_COUNT} expansions)` }]);
  }
  const source = sourceDocument(file, doc, lineCounter, value);
  const deep = tooDeepPath(value, MAX_USER_YAML_DEPTH);
  if (deep) throw new InputError([source.diagnostic(deep, `nested deeper than ${MAX_USER_YAML_DEPTH} levels`)]);
  const forbidden = forbiddenKeyPath(value);
  if (forbidden)
    throw new InputError([
      source.diagnostic(forbidden, `the key ${JSON.stringify(forbidden.at(-1))} is not allowed (it would reach an object's prototype)`),
    ]);
  const differences = readingDifferences(text, value);
  if (differences.length) throw new InputError(differences.map((d) => source.diagnostic(d.path, d.message)));
  return source;
}

/** The key written at `offset` (plain or quoted), for naming a duplicate. */
function keyAt(text: string, offset: number): string {
  const m = /^(?:"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'|([^:\n#]*))/.exec(text.slice(offset, offset + 300));
  return (m?.[1] ?? m?.[2] ?? m?.[3] ?? '').trim();
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function hasSecondDocument(text: string): boolean {
  // a leading `---` is fine; a later document marker with content after it is a second document
  const parts = text.split(/^---(?:[ \t].*)?$/m).filter((p) => p.replace(/#.*$/gm, '').trim() !== '');
  return parts.length > 1;
}

/** A document whose value is known and whose positions are parsed on first use. */
function lazilyLocated(file: string, text: string, value: unknown): SourceDocument {
  let located: SourceDocument | undefined;
  const positions = (): SourceDocument => {
    if (!located) {
      const lineCounter = new LineCounter();
      const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2' });
      located = sourceDocument(file, doc, lineCounter, value);
    }
    return located;
  };
  return {
    file,
    value,
    locate: (path) => positions().locate(path),
    diagnostic: (path, message, rule) => positions().diagnostic(path, message, rule),
  };
}

function sourceDocument(file: string, doc: Document, lineCounter: LineCounter, value: unknown): SourceDocument {
  const locate = (path: YamlPath) => {
    let node: Node | null = doc.contents as Node | null;
    let best = node;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalarKey(p.key) ? p.key.value : p.key) === key);
        if (!pair) break;
        node = (pair.value as Node | null) ?? (pair.key as Node);
        best = (pair.value as Node | null) && (pair.value as Node).range ? (pair.value as Node) : (pair.key as Node);
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key] as Node | undefined;
        if (!item) break;
        node = item;
        best = item;
      } else break;
    }
    const offset = best?.range?.[0] ?? 0;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  return {
    file,
    value,
    locate,
    diagnostic(path, message, rule) {
      const { line, column } = locate(path);
      return { file, line, column, path: formatPath(path), message, rule };
    },
  };
}

function isScalarKey(key: unknown): key is { value: unknown } {
  return typeof key === 'object' && key !== null && 'value' in key;
}

/** A one-line YAML value given on the command line (`--set x=VALUE`): YAML 1.2, strict, unique keys; throws on bad syntax. */
export function parseInlineYaml(text: string): unknown {
  return parse(text, { version: '1.2', strict: true, uniqueKeys: true });
}

/**
 * A YAML string found inside a document (e.g. a ConfigMap value), read leniently so that a diff can
 * compare it structurally: aliases bounded, duplicate keys tolerated; throws when it is not YAML.
 */
export function parseEmbeddedYaml(text: string): unknown {
  return parse(text, { maxAliasCount: MAX_ALIAS_COUNT, uniqueKeys: false, logLevel: 'error' });
}
