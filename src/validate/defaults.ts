// Structural schema defaulting, as the API server applies it to a custom resource before it
// validates it: a field that is absent (or null where the schema is not nullable) takes the
// schema's `default`, in objects, list items and map values. Validation then sees what the cluster
// stores, so a CEL rule reading a defaulted field, or a required field with a default, passes.

import { isRecord } from '../util/data.js';

type Schema = Record<string, unknown>;

/** Returns `value` with defaults applied (a copy along the changed paths; the input is not modified). */
export type Defaulter = (value: unknown) => unknown;

function hasDefaults(s: Schema): boolean {
  if (s.default !== undefined) return true;
  const children: unknown[] = [
    ...Object.values((s.properties ?? {}) as Record<string, unknown>),
    s.items,
    typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined,
  ];
  return children.some((c) => isRecord(c) && hasDefaults(c));
}

function build(s: Schema): Defaulter | undefined {
  if (!hasDefaults(s)) return undefined;
  const props = Object.entries((s.properties ?? {}) as Record<string, Schema>).filter(([, c]) => isRecord(c) && hasDefaults(c));
  const propFns = props.map(([k, c]) => [k, c, build(c)] as const);
  const items = isRecord(s.items) ? build(s.items) : undefined;
  const additional = isRecord(s.additionalProperties) ? build(s.additionalProperties) : undefined;
  return (value) => {
    if (Array.isArray(value)) return items ? value.map(items) : value;
    if (!isRecord(value)) return value;
    let out: Record<string, unknown> | undefined;
    const set = (k: string, v: unknown) => {
      if (v === value[k]) return;
      out ??= { ...value };
      out[k] = v;
    };
    for (const [k, child, fn] of propFns) {
      let v = value[k];
      if ((v === undefined || (v === null && child.nullable !== true)) && child.default !== undefined) v = structuredClone(child.default);
      if (fn && v !== undefined) v = fn(v);
      set(k, v);
    }
    if (additional) for (const k of Object.keys(value)) if (!Object.hasOwn((s.properties ?? {}) as object, k)) set(k, additional(value[k]));
    return out ?? value;
  };
}

const cache = new WeakMap<Schema, Defaulter | null>();

/** The defaulter of a CRD version schema (cached), or undefined when the schema declares no default. */
export function compileDefaulter(schema: Schema): Defaulter | undefined {
  let fn = cache.get(schema);
  if (fn === undefined) {
    fn = build(schema) ?? null;
    cache.set(schema, fn);
  }
  return fn ?? undefined;
}
