// `x-kubernetes-list-type: map` and `set`: the uniqueness the API server enforces on such lists
// (and server-side apply relies on), with key fields that are absent taking their schema default
// first — `(88)` and `(88, TCP)` are the same Pod port. Used for CRD schemas and, through the
// shape table, for built-in kinds.

/** What a list field declares: `set`, or `map` with its key fields and their defaults. */
export interface ListSemantics {
  readonly type: 'map' | 'set';
  readonly keys?: readonly string[];
  readonly defaults?: Readonly<Record<string, unknown>>;
}

/** Go's `%#v` of a key value, as the API server prints it in `Duplicate value: ...`. */
function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * Reports each item of `list` that repeats an earlier one (by its keys for `map`, by value for
 * `set`), at the duplicate's index, worded as the API server words it.
 */
export function findListDuplicates(
  list: readonly unknown[],
  semantics: ListSemantics,
  report: (index: number, message: string) => void,
): void {
  if (list.length < 2) return;
  const seen = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    let id: string;
    let shown: string;
    if (semantics.type === 'set') {
      id = JSON.stringify(item);
      shown = goValue(item);
    } else {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) continue; // the schema reports the type
      const keys = semantics.keys ?? [];
      const values = keys.map((k) => {
        const v = (item as Record<string, unknown>)[k];
        return v === undefined ? semantics.defaults?.[k] : v;
      });
      id = JSON.stringify(values);
      const present = keys.map((k, j) => [k, values[j]] as const).filter(([, v]) => v !== undefined);
      shown = `map[string]interface {}{${present
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => `${JSON.stringify(k)}:${goValue(v)}`)
        .join(', ')}}`;
    }
    if (seen.has(id)) report(i, `Duplicate value: ${shown}`);
    else seen.add(id);
  }
}

/** The list semantics a CRD schema node declares, if any (key defaults from its item schema). */
export function schemaListSemantics(schema: Record<string, unknown>): ListSemantics | undefined {
  const type = schema['x-kubernetes-list-type'];
  if (type === 'set') return { type: 'set' };
  if (type !== 'map') return undefined;
  const keys = Array.isArray(schema['x-kubernetes-list-map-keys'])
    ? (schema['x-kubernetes-list-map-keys'] as unknown[]).filter((k) => typeof k === 'string')
    : [];
  const props = ((schema.items as Record<string, unknown> | undefined)?.properties ?? {}) as Record<
    string,
    Record<string, unknown> | undefined
  >;
  const defaults: Record<string, unknown> = {};
  for (const k of keys) if (props[k] && props[k].default !== undefined) defaults[k] = props[k].default;
  return { type: 'map', keys, defaults };
}
