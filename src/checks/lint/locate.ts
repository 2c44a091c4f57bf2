// Finding the line of a field without re-parsing its document: block-style YAML (what Helm and
// every formatter write) nests by indentation, so a path can be followed line by line. Anything
// this walk does not understand (flow collections, List items, a key it cannot find where the
// object says it is) falls back to the position-keeping parser.
import { fieldLocator, type ManifestObject } from '../../io/manifests.js';
import type { FieldPath } from '../../util/data.js';

export interface Line {
  /** Column of the key, after indentation and any `- ` sequence markers. */
  readonly col: number;
  /** Column of the first `- ` marker, or -1. */
  readonly dash: number;
  readonly key?: string;
  /** Indentation of the line (first non-space character). */
  readonly indent: number;
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
  return { col: i, dash, key, indent };
}

/** Line index (0-based, in `source`) of `path`, or undefined when the quick walk cannot tell. */
export function quickLine(source: string | readonly Line[], path: FieldPath): number | undefined {
  const lines = typeof source === 'string' ? scanLines(source) : source;
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
        if (l.col === childCol && l.key === key) {
          found = i;
          break;
        }
      }
      if (found < 0) return at < 0 ? undefined : at;
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
      if (found < 0) return at < 0 ? undefined : at;
      at = found;
      from = found;
      parent = dashCol;
      to = blockEnd(lines, found + 1, dashCol, false);
    }
  }
  return at;
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

/** Locates fields of one object: the quick walk, else the parser. */
export function lineLocator(m: ManifestObject): (path: FieldPath) => number {
  let slow: ReturnType<typeof fieldLocator> | undefined;
  // JSON and List items: the parser
  const lines = m.itemPath.length || /^\s*[{[]/.test(m.source) ? undefined : scanLines(m.source);
  return (path) => {
    const quick = lines && quickLine(lines, path);
    if (quick !== undefined) return m.line + quick;
    slow ??= fieldLocator(m);
    return slow(path).line;
  };
}
