// Custom resources: the openAPIV3Schema of each served version of a CustomResourceDefinition,
// compiled with ajv on first use, plus the walk `--strict` does over it to find unknown fields.
//
// CRD schemas are OpenAPI v3 with Kubernetes extensions. ajv runs with strict: false so unknown
// keywords (x-kubernetes-validations, x-kubernetes-list-type, ...) are accepted and ignored; the two
// extensions that change what a value may be are rewritten first: `nullable: true` allows null, and
// `x-kubernetes-int-or-string: true` allows an integer or a string. Patterns are RE2 (re2.ts),
// formats Kubernetes' (formats.ts); CEL rules and list types are checked by crd-rules.ts.
import type { Problem } from '../report/index.js';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { precompiledCrdValidators } from './crd-validators.generated.js';
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from 'ajv';
import { KUBERNETES_FORMATS } from './formats.js';
import type { KubeObject } from '../io/manifests.js';
import { ajvRe2Engine } from './re2.js';

type Schema = Record<string, unknown>;

/** One served version of a custom resource kind and its schema. */
export interface CrdVersion {
  readonly apiVersion: string;
  readonly kind: string;
  /** `CustomResourceDefinition/<name>` that defines it. */
  readonly source: string;
  readonly scope: string;
  /** The openAPIV3Schema as written (undefined: the version has no schema, so anything goes). */
  readonly schema: Schema | undefined;
  /** Where the schema is inside the CRD object (for problems with the schema itself). */
  readonly schemaPath: (string | number)[];
}

/** A problem with a CustomResourceDefinition itself (reported against the CRD object). */
export type CrdProblem = Problem<'crd'>;

const require = createRequire(import.meta.url);
let ajvInstance: AjvClass | undefined;

/**
 * A new ajv for CRD schemas, with the options run-time and ahead-of-time compilation share
 * (scripts/gen-validators.ts): patterns with RE2 semantics (a pattern RE2 refuses matches
 * everything here and is one warning on its CRD, from crd-schema.ts), formats as the API server
 * checks them, others ignored.
 */
export function newCrdAjv(code: Record<string, unknown> = {}): AjvClass {
  const Ajv = require('ajv').default as typeof AjvClass;
  const instance = new Ajv({
    strict: false,
    allErrors: true,
    logger: false,
    // a CRD's schema is checked as the API server checks it (crd-schema.ts); compiling ajv's
    // meta-schema to check it again cost ~50 ms on every build
    validateSchema: false,
    validateFormats: true,
    code: { regExp: ajvRe2Engine() as never, ...code },
  });
  for (const [name, check] of Object.entries(KUBERNETES_FORMATS)) instance.addFormat(name, check);
  return instance;
}

const ajv = (): AjvClass => (ajvInstance ??= newCrdAjv());

/** The key a CRD schema is precompiled under: a hash of its JSON as written. */
export const crdSchemaKey = (schema: Schema): string => createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 16);

/** How each CRD schema was made ready: precompiled (the chart's own), or compiled now with ajv. */
export const crdCompileCounts = { precompiled: 0, compiled: 0 };

/** The CRD versions declared by a CustomResourceDefinition object (v1, or the v1beta1 layout), or the problems that stop it from declaring any. */
export function readCrd(crd: KubeObject): { versions: CrdVersion[]; problems: CrdProblem[] } {
  const problems: CrdProblem[] = [];
  const versions: CrdVersion[] = [];
  const spec = crd.spec as Record<string, unknown> | undefined;
  const name = typeof crd.metadata?.name === 'string' ? crd.metadata.name : '<no name>';
  const group = spec?.group;
  const kind = (spec?.names as Record<string, unknown> | undefined)?.kind;
  if (typeof group !== 'string' || typeof kind !== 'string') return { versions, problems }; // the schema check reports these
  // v1beta1: one `version` or `versions` without schemas, and one schema for all in `validation`
  const beta = crd.apiVersion === 'apiextensions.k8s.io/v1beta1';
  const shared = beta ? (spec?.validation as Record<string, unknown> | undefined)?.openAPIV3Schema : undefined;
  const list: unknown[] = Array.isArray(spec?.versions)
    ? spec.versions
    : beta && typeof spec?.version === 'string'
      ? [{ name: spec.version, served: true }]
      : [];
  const base: (string | number)[] = Array.isArray(spec?.versions) ? ['spec', 'versions'] : ['spec', 'version'];
  list.forEach((v: unknown, i: number) => {
    const version = v as Record<string, unknown> | null;
    if (!version || typeof version.name !== 'string' || version.served === false) return;
    const own = (version.schema as Record<string, unknown> | undefined)?.openAPIV3Schema;
    const schema = own ?? shared;
    const schemaPath = own !== undefined ? [...base, i, 'schema', 'openAPIV3Schema'] : ['spec', 'validation', 'openAPIV3Schema'];
    if (schema !== undefined && (typeof schema !== 'object' || schema === null || Array.isArray(schema))) {
      problems.push({ rule: 'crd', path: schemaPath, message: 'must be an object' });
      return;
    }
    versions.push({
      apiVersion: `${group}/${version.name}`,
      kind,
      source: `CustomResourceDefinition/${name}`,
      scope: typeof spec?.scope === 'string' ? spec.scope : 'Namespaced',
      schema: schema as Schema | undefined,
      schemaPath,
    });
  });
  return { versions, problems };
}

const compiled = new WeakMap<Schema, ValidateFunction | Error>();
// the same CRD arrives as a new object in every stream (each tier's render): key by content too
const compiledByText = new Map<string, ValidateFunction | Error>();

/** Compiles a CRD version's schema (cached by identity and by content); an Error if ajv cannot. */
export function compileCrdSchema(schema: Schema): ValidateFunction | Error {
  let fn = compiled.get(schema);
  if (fn) return fn;
  const text = JSON.stringify(schema);
  fn = compiledByText.get(text);
  if (!fn) {
    // the chart's CRDs are compiled ahead of time: no ajv (load and compile, ~80 ms) on their account
    const precompiled = precompiledCrdValidators[crdSchemaKey(schema)];
    if (precompiled) {
      crdCompileCounts.precompiled++;
      fn = precompiled() as ValidateFunction;
    } else {
      crdCompileCounts.compiled++;
      try {
        fn = ajv().compile(toAjvSchema(schema) as object);
      } catch (err) {
        fn = err as Error;
      }
    }
    compiledByText.set(text, fn);
  }
  compiled.set(schema, fn);
  return fn;
}

/** Runs a compiled CRD schema; the errors, or null when valid. */
export function runCrdSchema(fn: ValidateFunction, value: unknown): ErrorObject[] | null {
  return fn(value) ? null : (fn.errors ?? []);
}

/** Rewrites the Kubernetes extensions that change what values are allowed into plain JSON Schema. */
export function toAjvSchema(s: unknown): unknown {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return s;
  const out: Schema = {};
  for (const [key, value] of Object.entries(s as Schema)) {
    if (key === 'properties' || key === 'patternProperties' || key === 'definitions') {
      out[key] = Object.fromEntries(Object.entries((value as Schema) ?? {}).map(([k, v]) => [k, toAjvSchema(v)]));
    } else if (key === 'items' || key === 'additionalProperties' || key === 'not' || key === 'additionalItems') {
      out[key] = Array.isArray(value) ? value.map(toAjvSchema) : toAjvSchema(value);
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      out[key] = Array.isArray(value) ? value.map(toAjvSchema) : value;
    } else if (
      key === '$ref' ||
      key === '$schema' ||
      key === '$id' ||
      key === 'x-kubernetes-validations' ||
      key === 'default' ||
      key === 'example'
    ) {
      // not for ajv: $ref is forbidden in CRDs (crd-schema.ts says so); CEL runs in crd-rules.ts; defaults are not applied
    } else out[key] = value;
  }
  if (out['x-kubernetes-int-or-string'] === true) {
    const intOrString = { anyOf: [{ type: 'integer' }, { type: 'string' }] };
    delete out.type;
    if (out.anyOf) out.allOf = [...((out.allOf as unknown[]) ?? []), intOrString];
    else out.anyOf = intOrString.anyOf;
  }
  if (out.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    // an `anyOf`/`oneOf` (e.g. int-or-string) must also let null through
    for (const k of ['anyOf', 'oneOf'] as const) if (Array.isArray(out[k])) out[k] = [...(out[k] as unknown[]), { type: 'null' }];
  }
  return out;
}

const EMBEDDED_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * Reports every field of `value` the schema does not define. An object's fields are closed unless
 * the schema sets `x-kubernetes-preserve-unknown-fields` or `additionalProperties`, as the API
 * server's pruning does; `apiVersion`, `kind` and `metadata` are implicit at the root and in
 * embedded resources (their metadata is checked separately).
 */
export function findUnknownCrdFields(
  schema: Schema | undefined,
  value: unknown,
  path: (string | number)[],
  report: (path: (string | number)[], field: string, known: Iterable<string>) => void,
  root = true,
): void {
  if (!schema || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    const items = schema.items;
    if (!items || typeof items !== 'object' || Array.isArray(items)) return;
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      findUnknownCrdFields(items as Schema, value[i], path, report, false);
      path.pop();
    }
    return;
  }
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const additional = schema.additionalProperties;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = root || schema['x-kubernetes-embedded-resource'] === true;
  for (const key of Object.keys(value)) {
    let child: Schema | undefined;
    if (embedded && EMBEDDED_FIELDS.has(key)) continue;
    else if (Object.hasOwn(properties, key)) child = properties[key];
    else if (typeof additional === 'object' && additional !== null) child = additional as Schema;
    else if (additional === true || preserve) continue;
    else {
      report(path, key, Object.keys(properties));
      continue;
    }
    path.push(key);
    findUnknownCrdFields(child, (value as Record<string, unknown>)[key], path, report, false);
    path.pop();
  }
}
