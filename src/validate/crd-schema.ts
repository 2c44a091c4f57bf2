// The checks the API server makes on a CustomResourceDefinition's own schemas before it accepts
// the CRD: structural schema rules (a type on every node, items on arrays, no forbidden keywords),
// list-type declarations that can work, CEL rules that compile, and patterns RE2 can compile.
import type { Problem } from '../report/index.js';
import { compileCrdRules } from './crd-rules.js';
import { compileRe2 } from './re2.js';

type Schema = Record<string, unknown>;
type Path = (string | number)[];

/** A problem with a CRD's schema, at its path inside the CRD object. */
export interface CrdSchemaProblem extends Problem<'crd'> {
  /** Patterns RE2 cannot compile are warnings (every object would otherwise fail); the rest errors. */
  readonly severity: 'error' | 'warning';
}

const TYPES = new Set(['array', 'boolean', 'integer', 'number', 'object', 'string']);
const FORBIDDEN: Record<string, string> = {
  $ref: '$ref is not supported in CustomResourceDefinition schemas',
  definitions: 'definitions is not supported in CustomResourceDefinition schemas',
  dependencies: 'dependencies is not supported in CustomResourceDefinition schemas',
  patternProperties: 'patternProperties is not supported in CustomResourceDefinition schemas',
  additionalItems: 'additionalItems is not supported in CustomResourceDefinition schemas',
  id: 'id is not supported in CustomResourceDefinition schemas',
};

/** Every problem of one version's openAPIV3Schema (`base` is its path inside the CRD). */
export function crdSchemaProblems(schema: Schema, base: Path): CrdSchemaProblem[] {
  const out: CrdSchemaProblem[] = [];
  const error = (path: Path, message: string) => out.push({ path, message, rule: 'crd', severity: 'error' });
  if (schema.type !== 'object')
    error([...base, 'type'], `must be "object" at the root of openAPIV3Schema, found ${JSON.stringify(schema.type ?? null)}`);

  const walk = (s: Schema, path: Path, loose: boolean) => {
    for (const [key, message] of Object.entries(FORBIDDEN)) if (Object.hasOwn(s, key)) error([...path, key], `Forbidden: ${message}`);
    if (s.uniqueItems === true)
      error([...path, 'uniqueItems'], 'Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic');
    const intOrString = s['x-kubernetes-int-or-string'] === true;
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    if (s.type === undefined) {
      if (!intOrString && !preserve && !loose && (s.properties || s.items || s.additionalProperties))
        error([...path, 'type'], 'Required value: must not be empty for specified object fields');
    } else if (typeof s.type !== 'string' || !TYPES.has(s.type)) {
      error(
        [...path, 'type'],
        `Unsupported value: ${JSON.stringify(s.type)}: supported values: "array", "boolean", "integer", "number", "object", "string"`,
      );
    }
    if (s.type === 'array' && s.items === undefined) error([...path, 'items'], 'Required value: must be specified for type array');
    if (s.properties !== undefined && s.additionalProperties !== undefined && s.additionalProperties !== false)
      error([...path, 'additionalProperties'], 'Forbidden: additionalProperties and properties are mutual exclusive');
    if (typeof s.pattern === 'string') {
      const re = compileRe2(s.pattern);
      if (re instanceof Error)
        out.push({
          path: [...path, 'pattern'],
          message: `pattern ${JSON.stringify(s.pattern)} does not compile as RE2 (${re.message}); values are not checked against it`,
          rule: 'crd',
          severity: 'warning',
        });
    }
    const listType = s['x-kubernetes-list-type'];
    if (listType !== undefined) {
      if (listType !== 'atomic' && listType !== 'set' && listType !== 'map')
        error(
          [...path, 'x-kubernetes-list-type'],
          `Unsupported value: ${JSON.stringify(listType)}: supported values: "atomic", "map", "set"`,
        );
      if (s.type !== 'array') error([...path, 'x-kubernetes-list-type'], 'Invalid value: must only be used on type array');
    }
    const keys = s['x-kubernetes-list-map-keys'];
    if (keys !== undefined && listType !== 'map')
      error([...path, 'x-kubernetes-list-map-keys'], 'Forbidden: must only be used with x-kubernetes-list-type: map');
    if (listType === 'map') {
      const items = s.items as Schema | undefined;
      if (!Array.isArray(keys) || keys.length === 0)
        error([...path, 'x-kubernetes-list-map-keys'], 'Required value: must not be empty if x-kubernetes-list-type is map');
      else if (items && typeof items === 'object') {
        const props = (items.properties ?? {}) as Record<string, Schema>;
        const required = Array.isArray(items.required) ? (items.required as unknown[]) : [];
        for (const k of keys) {
          if (typeof k !== 'string' || !Object.hasOwn(props, k)) {
            error(
              [...path, 'x-kubernetes-list-map-keys'],
              `Invalid value: ${JSON.stringify(k)}: entries must all be names of item properties`,
            );
          } else if (!required.includes(k) && props[k].default === undefined) {
            error([...path, 'items', 'properties', k], 'Required value: all map keys must be required or have a default value');
          }
        }
        if (items.type !== 'object')
          error([...path, 'items', 'type'], "Invalid value: must be object if parent array's x-kubernetes-list-type is map");
      }
    }
    if (s.properties && typeof s.properties === 'object')
      for (const [k, v] of Object.entries(s.properties as Record<string, Schema>))
        if (v && typeof v === 'object') walk(v, [...path, 'properties', k], loose);
    if (s.additionalProperties && typeof s.additionalProperties === 'object')
      walk(s.additionalProperties as Schema, [...path, 'additionalProperties'], loose);
    if (s.items && typeof s.items === 'object') {
      if (Array.isArray(s.items)) error([...path, 'items'], 'Forbidden: items must be a schema object and not an array');
      else walk(s.items as Schema, [...path, 'items'], loose);
    }
    for (const k of ['allOf', 'anyOf', 'oneOf'] as const)
      if (Array.isArray(s[k])) (s[k] as Schema[]).forEach((v, i) => v && typeof v === 'object' && walk(v, [...path, k, i], true));
    if (s.not && typeof s.not === 'object') walk(s.not as Schema, [...path, 'not'], true);
  };
  walk(schema, base, false);
  for (const e of compileCrdRules(schema).compileErrors)
    out.push({ path: [...base, ...e.schemaPath], message: e.message, rule: 'crd', severity: e.severity });
  return out;
}
