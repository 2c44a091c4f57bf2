// Reading YAML that a person or another program wrote: every problem is a Diagnostic with file,
// line and column; hazards (alias bombs, duplicate keys, non-UTF-8 bytes, huge input, several
// documents where one is expected) are refused deliberately rather than by accident.
import { readFileSync } from 'node:fs';
import { LineCounter, isMap, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { InputError, type Diagnostic, formatPath } from '../errors.js';

/** Inputs larger than this are refused before parsing (profiles and tenant lists are small). */
export const MAX_USER_YAML_BYTES = 16 * 1024 * 1024;
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

/** Decodes bytes as strict UTF-8, naming the offset of the first bad byte. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    let offset = 0;
    for (; offset < bytes.length; offset++) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, offset + 1));
      } catch {
        // the prefix up to here is bad only if this byte starts or breaks a sequence; good enough
        // to name where the trouble starts
        if (offset > 0 && bytes[offset] >= 0x80) break;
      }
    }
    const line = new TextDecoder().decode(bytes.subarray(0, offset)).split('\n').length;
    throw new InputError([{ file, line, message: `not valid UTF-8 text (bad byte near offset ${offset})` }]);
  }
}

/** Reads and parses a YAML file a person edits (one document). Throws InputError on any problem. */
export function readYamlFile(file: string): SourceDocument {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, expected a file' : `cannot read (${code})`;
    throw new InputError([{ file, message: why }]);
  }
  if (bytes.length > MAX_USER_YAML_BYTES) {
    throw new InputError([{ file, message: `file is ${bytes.length} bytes; the limit is ${MAX_USER_YAML_BYTES}` }]);
  }
  return parseYamlText(decodeUtf8(bytes, file), file);
}

/** Parses YAML text (one document) with positions; `file` names it in diagnostics. */
export function parseYamlText(text: string, file: string): SourceDocument {
  if (text.length > MAX_USER_YAML_BYTES) {
    throw new InputError([{ file, message: `input is ${text.length} characters; the limit is ${MAX_USER_YAML_BYTES}` }]);
  }
  if (text.trim() === '' || /^(\s*#.*\n?)*\s*$/.test(text)) {
    throw new InputError([{ file, line: 1, message: 'the file is empty; expected a YAML mapping' }]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2' });
  const diagnostics: Diagnostic[] = [];
  for (const err of doc.errors) {
    const pos = lineCounter.linePos(err.pos[0]);
    const message = err.code === 'DUPLICATE_KEY' ? `duplicate key: ${firstLine(err.message)}` : firstLine(err.message);
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
  return sourceDocument(file, doc, lineCounter, value);
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function hasSecondDocument(text: string): boolean {
  // a leading `---` is fine; a later document marker with content after it is a second document
  const parts = text.split(/^---(?:[ \t].*)?$/m).filter((p) => p.replace(/#.*$/gm, '').trim() !== '');
  return parts.length > 1;
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
