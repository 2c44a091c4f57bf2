// JSON Schema validation (ajv) turned into diagnostics a person can act on: every error, each at
// its field's line, saying what was expected and what was found.
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Diagnostic } from '../errors.js';
import { NON_NEGATIVE_QUANTITY_PATTERN, quantityHint, QUANTITY_PATTERN } from '../kube/quantity.js';
import { COST_PATTERN } from './common.js';
import { precompiledValidators } from './validators.generated.js';
import { newAjv, schemaKey } from './ajv.js';
import { describeValue } from '../util/describe.js';
import { keywordFailureMessage, requiredFieldMessage, unknownFieldMessage } from './wording.js';
import type { FieldPath } from '../util/data.js';

export { describeValue };

/** Makes a diagnostic for a field path (the caller knows which file and line). */
export type Locator = (path: FieldPath, message: string, rule?: string) => Diagnostic;

const cache = new WeakMap<object, ValidateFunction>();
const precompiledByKey = new Map<string, ValidateFunction>();
let ajvStrict: ReturnType<typeof newAjv> | undefined;
let ajvLoose: ReturnType<typeof newAjv> | undefined;

function compile(schema: object, strict: boolean): ValidateFunction {
  let fn = cache.get(schema);
  if (fn) return fn;
  // the schemas aipc ships are compiled ahead of time (src/schemas/validators.generated.js): ajv's
  // compiler costs more than everything else `aipc values` does; others are compiled here
  const key = schemaKey(schema);
  // a factory builds its validator once: the same schema comes back as a new object (each tier's JSON.parse)
  fn = precompiledByKey.get(key);
  if (!fn && precompiledValidators[key]) precompiledByKey.set(key, (fn = precompiledValidators[key]() as ValidateFunction));
  if (!fn) {
    // code optimisation costs more than it saves for a schema used a few times per run
    const ajv = strict
      ? (ajvStrict ??= newAjv(true, { code: { optimize: false } }))
      : (ajvLoose ??= newAjv(false, { code: { optimize: false } }));
    const { $id: _id, ...rest } = schema as Record<string, unknown>;
    fn = ajv.compile(rest);
  }
  cache.set(schema, fn);
  return fn;
}

/** Validates `value` against `schema`; returns one diagnostic per problem. */
export function checkSchema(
  schema: object,
  value: unknown,
  locate: Locator,
  options: { strict?: boolean; rulePrefix?: string } = {},
): Diagnostic[] {
  const validate = compile(schema, options.strict ?? true);
  if (validate(value)) return [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const errors = pruneErrors(validate.errors ?? []);
  for (const err of errors) {
    const { path, message } = explain(err);
    const d = locate(path, message, `${options.rulePrefix ?? 'schema'}.${err.keyword}`);
    const key = `${d.path}|${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}

/** Drops errors that only restate another: the if/then/else wrapper, and anyOf/oneOf summaries. */
function pruneErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  return errors.filter((e) => e.keyword !== 'if');
}

export function instancePath(pointer: string): FieldPath {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function explain(err: ErrorObject): { path: FieldPath; message: string } {
  const path = instancePath(err.instancePath);
  const p = err.params as Record<string, unknown>;
  const schema = (err.parentSchema ?? {}) as Record<string, unknown>;
  switch (err.keyword) {
    case 'required':
      return { path, message: requiredFieldMessage(String(p.missingProperty), schema.description as string | undefined) };
    case 'additionalProperties': {
      const allowed = Object.keys((schema as { properties?: object }).properties ?? {}).filter((k) => k !== '$schema');
      return { path: [...path, String(p.additionalProperty)], message: unknownFieldMessage(String(p.additionalProperty), allowed) };
    }
  }
  const message = keywordFailureMessage({
    keyword: err.keyword,
    params: p,
    description: typeof schema.description === 'string' ? schema.description : undefined,
    // the type keyword's own failure names the type; the others fall back to the field's declared one
    type: err.keyword === 'type' ? undefined : schema.type,
    found: describeValue(err.data),
    length: typeof err.data === 'string' ? err.data.length : undefined,
    fallback: err.message,
  });
  const hint = err.keyword === 'type' ? typeHint(err) : err.keyword === 'pattern' ? patternHint(err) : '';
  return { path, message: `${message}${hint}` };
}

function typeHint(err: ErrorObject): string {
  const schema = (err.parentSchema ?? {}) as Record<string, unknown>;
  if (schema.pattern === COST_PATTERN && typeof err.data === 'number') return `; quote it with two decimals: "${err.data.toFixed(2)}"`;
  if (schema.type === 'integer' && typeof err.data === 'number') return ' (a whole number is required)';
  if (schema.type === 'string' && (typeof err.data === 'boolean' || typeof err.data === 'number' || err.data === null))
    return '; quote it to make it a string';
  return '';
}

function patternHint(err: ErrorObject): string {
  const schema = (err.parentSchema ?? {}) as Record<string, unknown>;
  const data = err.data;
  if (typeof data !== 'string') return '';
  if (schema.pattern === QUANTITY_PATTERN || schema.pattern === NON_NEGATIVE_QUANTITY_PATTERN) {
    if (/^\s*-/.test(data)) return ' (a quantity here must not be negative)';
    const hint = quantityHint(data);
    return hint ? ` (${hint})` : '';
  }
  if (schema.pattern === COST_PATTERN) {
    const stripped = data
      .trim()
      .replace(/^(?:US)?\$\s*/i, '')
      .replace(/USD$/i, '')
      .trimEnd()
      .replace(/,/g, '');
    if (stripped !== data && /^[0-9]+(\.[0-9]+)?$/.test(stripped))
      return ` (drop the currency sign: write "${Number(stripped).toFixed(2)}"; the currency is USD)`;
    if (/^[0-9]+$/.test(data)) return ` (write two decimals: "${data}.00")`;
    if (/^[0-9]+\.[0-9]+$/.test(data)) return ` (write exactly two decimals: "${Number(data).toFixed(2)}")`;
  }
  return '';
}
