// Plain data helpers every area uses: the one isRecord, the one field-path type, path lookups.
export type FieldPath = readonly (string | number)[];

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** How many leading segments of `path` exist in `value`. */
export function existingPrefixLength(value: unknown, path: FieldPath): number {
  let node = value;
  let i = 0;
  for (; i < path.length; i++) {
    const key = path[i];
    if (Array.isArray(node) && typeof key === 'number' && key < node.length) node = node[key];
    else if (isRecord(node) && typeof key === 'string' && Object.prototype.hasOwnProperty.call(node, key)) node = node[key];
    else break;
  }
  return i;
}

export const hasPath = (value: unknown, path: FieldPath): boolean => existingPrefixLength(value, path) === path.length;

export function getPath(value: unknown, path: FieldPath): unknown {
  let node = value;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === 'number') node = node[key];
    else if (isRecord(node) && typeof key === 'string') node = node[key];
    else return undefined;
  }
  return node;
}

/** A deep copy of JSON-like data. */
export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** `v` as a mapping, or undefined when it is not one. */
export const asRecord = (v: unknown): Record<string, unknown> | undefined => (isRecord(v) ? v : undefined);

/** Sets `value` at `path` (string keys) in `target`, creating mappings on the way. */
export function setPath(target: Record<string, unknown>, path: FieldPath, value: unknown): void {
  let node: Record<string, unknown> = target;
  path.slice(0, -1).forEach((k) => {
    if (!isRecord(node[k])) node[k] = {};
    node = node[k] as Record<string, unknown>;
  });
  node[path[path.length - 1]] = value;
}

/** Keys that reach an object's prototype when data is merged or assigned; refused in every input. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The path of the first key in `value` that FORBIDDEN_KEYS holds, if any. */
export function forbiddenKeyPath(value: unknown): (string | number)[] | undefined {
  const stack: [unknown, (string | number)[]][] = [[value, []]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (Array.isArray(v)) v.forEach((item, i) => stack.push([item, [...path, i]]));
    else if (isRecord(v))
      for (const k of Object.keys(v)) {
        if (FORBIDDEN_KEYS.has(k)) return [...path, k];
        stack.push([v[k], [...path, k]]);
      }
  }
  return undefined;
}

/** The path of the first place `value` nests deeper than `max` mappings and lists, if any. */
export function tooDeepPath(value: unknown, max: number): (string | number)[] | undefined {
  const stack: [unknown, (string | number)[]][] = [[value, []]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (path.length >= max) return path;
    if (Array.isArray(v)) v.forEach((item, i) => stack.push([item, [...path, i]]));
    else for (const k of Object.keys(v)) stack.push([(v as Record<string, unknown>)[k], [...path, k]]);
  }
  return undefined;
}
