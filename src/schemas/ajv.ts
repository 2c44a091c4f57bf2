// The one ajv set-up for the schemas aipc ships: run-time compilation and ahead-of-time
// compilation (scripts/gen-validators.ts) use the same options, so both give the same errors.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type AjvModule from 'ajv';
import type addFormatsModule from 'ajv-formats';

// ajv and its formats cost ~55 ms to load; with the shipped schemas precompiled most runs never
// need them, so they are loaded on first use only
const require = createRequire(import.meta.url);
type AjvClass = typeof AjvModule.default;

/** The options every schema is compiled with (also by scripts/gen-validators.ts, ahead of time). */
export const AJV_OPTIONS = {
  allErrors: true,
  verbose: true,
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  validateSchema: false,
} as const;

/** The key a schema is precompiled under: a hash of its JSON (symbols, like TypeBox's, excluded). */
export function schemaKey(schema: object): string {
  const { $id: _id, ...rest } = schema as Record<string, unknown>;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
}

/** A new ajv instance with the formats this project's schemas use. */
export function newAjv(strict: boolean, extra: Record<string, unknown> = {}): InstanceType<AjvClass> {
  const Ajv = (require('ajv') as { default: AjvClass }).default;
  const addFormats = (require('ajv-formats') as { default: typeof addFormatsModule.default }).default;
  const ajv = new Ajv({ ...AJV_OPTIONS, strict, ...extra });
  addFormats(ajv);
  return ajv;
}
