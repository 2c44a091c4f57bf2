// `--set a.b[0].c=value`: dotted paths with list indexes, values read as YAML 1.2 scalars (or
// flow collections such as `[]`). An empty value is the empty string, as with `helm --set`.
import { resolve } from 'node:path';
import type { Diagnostic } from '../errors.js';
import { formatPath, InputError } from '../errors.js';
import { parseInlineYaml, readUserText } from '../io/yaml-read.js';
import { clone, FORBIDDEN_KEYS, forbiddenKeyPath, getPath, isRecord, type FieldPath } from '../util/data.js';
import { describeValue } from '../util/describe.js';

/** How the value after `=` is read: as YAML (`--set`), as a string (`--set-string`), or a file's text (`--set-file`). */
export type SetFlag = '--set' | '--set-string' | '--set-file';

export interface SetExpression {
  readonly flag: SetFlag;
  /** 1-based position among the arguments of that flag. */
  readonly index: number;
  readonly text: string;
  readonly path: (string | number)[];
  readonly value: unknown;
}

const setDiagnostic = (flag: SetFlag, index: number, column: number, text: string, message: string, path?: FieldPath): Diagnostic => ({
  file: `${flag}[${index}]`,
  line: 1,
  column,
  path: path && path.length ? formatPath(path) : undefined,
  message: `${message} (in ${flag} ${JSON.stringify(text)})`,
  rule: 'set.path',
});

/** Parses one `--set` (or `--set-string`, `--set-file`) argument; `index` is its 1-based position. */
export function parseSetExpression(text: string, index: number, flag: SetFlag = '--set', cwd = process.cwd()): SetExpression | Diagnostic {
  const path: (string | number)[] = [];
  let i = 0;
  let key = '';
  let keyStart = 0;
  let expectKey = true;
  const bad = (column: number, message: string) => setDiagnostic(flag, index, column + 1, text, message, path);
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      key += text[++i];
      continue;
    }
    if (c === '=' || c === '.' || c === '[') {
      if (expectKey) {
        if (key === '')
          return bad(
            i,
            c === '=' && path.length === 0 ? 'expected key=value, found no key before =' : `empty key in path at column ${i + 1}`,
          );
        if (FORBIDDEN_KEYS.has(key))
          return bad(keyStart, `the key ${JSON.stringify(key)} is not allowed (it would reach the values' prototype)`);
        path.push(key);
        key = '';
      }
      if (c === '=') break;
      if (c === '.') {
        expectKey = true;
        keyStart = i + 1;
        continue;
      }
      const close = text.indexOf(']', i);
      const digits = close < 0 ? '' : text.slice(i + 1, close);
      if (!/^(0|[1-9][0-9]*)$/.test(digits))
        return bad(i, `expected a list index such as [0], found ${JSON.stringify(text.slice(i, close < 0 ? i + 1 : close + 1))}`);
      path.push(Number(digits));
      i = close;
      const next = text[i + 1];
      if (next !== undefined && next !== '.' && next !== '[' && next !== '=')
        return bad(i + 1, `expected ".", "[" or "=" after ${text.slice(0, i + 1)}, found ${JSON.stringify(next)}`);
      expectKey = false;
      continue;
    }
    if (!expectKey) return bad(i, `expected "." before a key`);
    key += c;
  }
  if (i >= text.length) return bad(Math.max(0, text.length - 1), 'expected key=value, found no "="');
  const raw = text.slice(i + 1);
  let value: unknown = raw;
  if (flag === '--set-file') {
    // the file's text is the value, as with helm --set-file
    const file = resolve(cwd, raw);
    try {
      // the one reader of files a person gives: exists, is a file, within the bound, UTF-8
      value = readUserText(file);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      const why = err.diagnostics.map((d) => d.message).join('; ');
      return setDiagnostic(flag, index, i + 2, text, `cannot read ${file}: ${why}`, path);
    }
  } else if (flag === '--set' && raw !== '') {
    try {
      value = parseInlineYaml(raw);
    } catch (err) {
      return setDiagnostic(flag, index, i + 2, text, `cannot read the value as YAML: ${(err as Error).message.split('\n')[0]}`, path);
    }
    const forbidden = forbiddenKeyPath(value);
    if (forbidden)
      return setDiagnostic(
        flag,
        index,
        i + 2,
        text,
        `the key ${JSON.stringify(forbidden.at(-1))} is not allowed (it would reach the values' prototype)`,
        [...path, ...forbidden],
      );
  }
  return { flag, index, text, path, value };
}

/**
 * Sets `expr.value` at `expr.path` in `target` (the overrides), creating mappings on the way. A
 * list the overrides lack is copied from `defaults` first: lists are replaced whole, so an
 * override must carry the full list. Returns a diagnostic when the path cannot exist.
 */
export function applySet(target: Record<string, unknown>, defaults: unknown, expr: SetExpression): Diagnostic | undefined {
  let node: unknown = target;
  for (let k = 0; k < expr.path.length; k++) {
    const key = expr.path[k];
    const last = k === expr.path.length - 1;
    const here = expr.path.slice(0, k);
    const fail = (message: string) => setDiagnostic(expr.flag, expr.index, 1, expr.text, message, expr.path);
    if (typeof key === 'number') {
      if (!Array.isArray(node))
        return fail(`${formatPath(here) || 'the values'} is ${describeValue(node)}, not a list; cannot index it with [${key}]`);
      if (key > node.length)
        return fail(`index [${key}] is past the end of ${formatPath(here)} (${node.length} items; the next is [${node.length}])`);
    } else if (!isRecord(node)) {
      return fail(
        `${formatPath(here) || 'the values'} is ${describeValue(node)}, not a mapping; cannot set key ${JSON.stringify(key)} in it`,
      );
    }
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[key] = clone(expr.value);
      return undefined;
    }
    if (container[key] === undefined || container[key] === null) {
      const fromDefaults = getPath(defaults, [...here, key]);
      const nextIsIndex = typeof expr.path[k + 1] === 'number';
      container[key] = Array.isArray(fromDefaults) ? clone(fromDefaults) : nextIsIndex ? [] : {};
    }
    node = container[key];
  }
  return undefined;
}
