// The merge rules, in one place. Profiles and compiled values: deep merge of mappings, lists
// replaced (never concatenated). Values files as Helm reads them (`-f a -f b`): the same, and a
// null deletes the key — what `mergeHelmValues` does for code that must see what Helm sees.
import deepmerge from 'deepmerge';
import { asRecord } from '../util/data.js';

const replaceLists = (_target: unknown[], source: unknown[]) => source;

/** `base` overridden by each of `layers` in turn (mappings merged, lists and scalars replaced). */
export function mergeValues<T = Record<string, unknown>>(base: unknown, ...layers: unknown[]): T {
  return layers.reduce((acc, layer) => deepmerge(acc as object, layer as object, { arrayMerge: replaceLists }), base) as T;
}

type Values = Record<string, unknown>;

/** Helm's merge of values files: mappings merge key by key, anything else replaces, null deletes. */
export function mergeHelmValues(base: Values, override: Values): Values {
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) {
      delete out[key];
      continue;
    }
    const a = asRecord(out[key]);
    const b = asRecord(value);
    out[key] = a && b ? mergeHelmValues(a, b) : value;
  }
  return out;
}
