// The one merge rule for profiles and values: deep merge of mappings, lists replaced (never
// concatenated), as Helm merges several `-f` files.
import deepmerge from 'deepmerge';

const replaceLists = (_target: unknown[], source: unknown[]) => source;

/** `base` overridden by each of `layers` in turn (mappings merged, lists and scalars replaced). */
export function mergeValues<T = Record<string, unknown>>(base: unknown, ...layers: unknown[]): T {
  return layers.reduce((acc, layer) => deepmerge(acc as object, layer as object, { arrayMerge: replaceLists }), base) as T;
}
