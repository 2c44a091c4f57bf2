// The one field locator: line and column of a field of a manifest document, for every report
// that names a field. Block-style YAML (what Helm and every formatter write) nests by
// indentation, so a path is first followed line by line without parsing; anything this walk does
// not understand (flow collections, List items, a key it cannot find where the object says it is)
// falls back to the position-keeping parser. A key given twice resolves to the LAST one, the one
// Kubernetes keeps when it decodes the document (sigs.k8s.io/yaml, as kubectl sends it).
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import type { FieldPath } from '../util/data.js';

/** What a locator needs of a document: its text, its first line in the file, and the path of a List item in it. */
export interface LocatableDocument {
  readonly source: string;
  /** 1-based line of the document's first line in its file. */
  readonly line: number;
  readonly itemPath: readonly (string | number)[];
}

/** 1-based line and column in the file. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Line {
  /** Column of the key, after indentation and any `- ` sequence markers. */
  readonly col: number;
  /** Column of the first `- ` marker, or -1. */
  readonly dash: number;
  readonly key?: string;
  /** Indentation of the line (first non-space character). */
  readonly indent: number;
  /** The key's value starts on its line as a flow collection (`[...]`, `{...}`), which only the parser walks into. */
  readonly flow?: boolean;
}

const BLANK: Line = { col: -1, dash: -1, indent: -1 };

function scan(text: string): Line {
  let i = 0;
  while (text.charCodeAt(i) === 32) i++;
  if (i >= text.length || text[i] === '#') return BLANK;
  const indent = i;
  let dash = -1;
  while (text[i] === '-' && (text[i + 1] === ' ' || i + 1 === text.length)) {
    if (dash < 0) dash = i;
    i += 2;
    while (text.charCodeAt(i) === 32) i++;
  }
  const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{[][^:#]*?)\s*:(\s|$)/.exec(text.slice(i));
  let key: string | undefined;
  if (m) {
    const raw = m[1];
    key = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw;
  }
  const flow = m !== null && /^\s*[[{]/.test(text.slice(i + m[0].length));
  return { col: i, dash, key, indent, flow };
}

/** Line index (0-based, in `source`) of `path`, or undefined when the quick walk cannot tell. */
export function quickLine(source: string | readonly Line[], path: FieldPath): number | undefined {
  return quickPosition(typeof source === 'string' ? scanLines(source) : source, path)?.line;
}

/** 0-based line and column of `path`'s key (or of its nearest existing parent), or undefined when the quick walk cannot tell. */
function quickPosition(lines: readonly Line[], path: FieldPath): { line: number; column: number } | undefined {
  let from = 0;
  let to = lines.length;
  let parent = -1; // column the children of the current node must exceed
  let at = -1;
  for (const key of path) {
    if (typeof key === 'string') {
      let childCol = -1;
      let found = -1;
      for (let i = from; i < to; i++) {
        const l = lines[i];
        if (l.col < 0 || l.key === undefined || l.col <= parent) continue;
        if (childCol < 0) childCol = l.col;
        // every key of the block is read: a key given twice resolves to its last occurrence
        if (l.col === childCol && l.key === key) found = i;
      }
      if (found < 0) return partial(lines, at);
      at = found;
      from = found + 1;
      parent = childCol;
      to = blockEnd(lines, from, parent, true);
    } else {
      // the n-th `- ` item of the sequence under the current key
      let dashCol = -1;
      let n = -1;
      let found = -1;
      for (let i = from; i < to; i++) {
        const l = lines[i];
        if (l.col < 0) continue;
        if (l.dash < 0) {
          if (dashCol >= 0 && l.indent <= dashCol) break;
          continue;
        }
        if (dashCol < 0) dashCol = l.dash;
        if (l.dash !== dashCol) continue;
        if (++n === key) {
          found = i;
          break;
        }
      }
      if (found < 0) return partial(lines, at);
      at = found;
      from = found;
      parent = dashCol;
      to = blockEnd(lines, found + 1, dashCol, false);
    }
  }
  return at < 0 ? undefined : { line: at, column: lines[at].col };
}

/** Where a walk that found only a prefix of the path stops: its last node, unless the rest may be inside a flow collection. */
function partial(lines: readonly Line[], at: number): { line: number; column: number } | undefined {
  return at < 0 || lines[at].flow ? undefined : { line: at, column: lines[at].col };
}

/**
 * First line at or after `from` outside the block of a node at column `col`. A mapping key's
 * value may be a sequence written at the key's own column (`containers:` then `- name:`).
 */
function blockEnd(lines: readonly Line[], from: number, col: number, key: boolean): number {
  for (let i = from; i < lines.length; i++) {
    const l = lines[i];
    if (l.col < 0) continue;
    if (l.indent < col || (l.indent === col && !(key && l.dash === col))) return i;
  }
  return lines.length;
}

const scanLines = (source: string): Line[] => source.split('\n').map(scan);

/**
 * Locates fields of one document: the quick walk, else the parser (run once, on first need). A
 * field the object lacks resolves to its nearest existing parent.
 */
export function fieldLocator(m: LocatableDocument): (path: FieldPath) => Position {
  let slow: ((path: FieldPath) => Position) | undefined;
  // JSON and List items: the parser
  const lines = m.itemPath.length || /^\s*[{[]/.test(m.source) ? undefined : scanLines(m.source);
  return (path) => {
    const quick = lines && quickPosition(lines, path);
    if (quick) return { line: m.line + quick.line, column: quick.column + 1 };
    slow ??= parsedLocator(m);
    return slow(path);
  };
}

/** 1-based line and column of one field of a document. */
export const locateField = (m: LocatableDocument, path: FieldPath): Position => fieldLocator(m)(path);

/** The position-keeping parser's locator: parses the document once. */
export function parsedLocator(m: LocatableDocument): (path: FieldPath) => Position {
  const lineCounter = new LineCounter();
  const doc = parseDocument(m.source, { lineCounter, keepSourceTokens: false });
  return (path) => {
    let node: Node | null = doc.contents as Node | null;
    let offset = node?.range?.[0] ?? 0;
    for (const key of [...m.itemPath, ...path]) {
      if (isMap(node)) {
        // the last of duplicate keys: the value Kubernetes keeps
        const pair = node.items.findLast((p) => String((p.key as { value?: unknown } | null)?.value) === String(key));
        if (!pair) break;
        const keyNode = pair.key as Node;
        node = pair.value as Node | null;
        // the key's line, also for a map or list value: that is where a person looks
        offset = keyNode.range?.[0] ?? node?.range?.[0] ?? offset;
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key] as Node | undefined;
        if (!item) break;
        node = item;
        offset = item.range?.[0] ?? offset;
      } else break;
    }
    const pos = lineCounter.linePos(offset);
    return { line: m.line + pos.line - 1, column: pos.col };
  };
}
