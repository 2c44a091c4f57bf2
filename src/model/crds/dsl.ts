// The schema DSL the five CRDs are written in: shared value formats, schema building blocks and
// the one CRD boilerplate helper. Patterns are RE2 (API server) and ECMAScript-with-u-flag (ajv) alike.
import type { ICustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import type { IJSONSchemaProps } from 'kubernetes-models/apiextensions.k8s.io/v1/JSONSchemaProps';
import type { IValidationRule } from 'kubernetes-models/apiextensions.k8s.io/v1/ValidationRule';
import type { ICustomResourceColumnDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceColumnDefinition';
import { DNS1123_LABEL_PATTERN, QUALIFIED_NAME_PATTERN } from '../../kube/names.js';

export const FRACTAL_GROUP = 'fractal.ai';
export const FRACTAL_VERSION = 'v1alpha1';
export const FRACTAL_API_VERSION = `${FRACTAL_GROUP}/${FRACTAL_VERSION}` as const;

export const FRACTAL_KINDS = ['KAgent', 'ShardRun', 'ToolCall', 'BudgetQuota', 'Blackboard'] as const;
export type FractalKind = (typeof FRACTAL_KINDS)[number];

/** A CRD with the fields the generator relies on made non-optional. */
export type CustomResourceDefinitionData = ICustomResourceDefinition & {
  metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
};

// ---------------------------------------------------------------------------------------------
// Shared value formats. Patterns are RE2 (API server) and ECMAScript-with-u-flag (ajv) alike.

/** US dollars with exactly two decimals, no sign or symbol: `100.00` (SPEC mistake 6). */
export const USD_AMOUNT_PATTERN = '^(0|[1-9][0-9]{0,11})\\.[0-9]{2}$';
/** An image reference pinned by tag or digest: `[registry[:port]/]path(:tag|@sha256:…|:tag@sha256:…)`. */
export const IMAGE_REFERENCE_PATTERN =
  '^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[0-9]{1,5})?/)?' +
  '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*' +
  '(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(?:@sha256:[a-f0-9]{64})?|@sha256:[a-f0-9]{64})$';
export const KEY_PATTERN = '^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$';

export const CLASSIFICATION_LEVELS = ['unclassified', 'secret', 'top-secret'] as const;
export type ClassificationLevel = (typeof CLASSIFICATION_LEVELS)[number];
export const AUDIT_LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type AuditLogLevel = (typeof AUDIT_LOG_LEVELS)[number];
export const SHARD_RUN_PHASES = ['PLANNING', 'COMMITTED', 'EXECUTING', 'COMPLETED', 'FAILED'] as const;
export type ShardRunPhase = (typeof SHARD_RUN_PHASES)[number];

// ---------------------------------------------------------------------------------------------
// Schema building blocks.

export type Schema = IJSONSchemaProps;
export type Rule = IValidationRule;

export const string = (maxLength: number, extra: Schema = {}): Schema => ({ type: 'string', maxLength, ...extra });
export const dnsLabel = (description: string): Schema => string(63, { minLength: 1, pattern: DNS1123_LABEL_PATTERN, description });
export const timestamp = (description: string): Schema => ({ type: 'string', format: 'date-time', maxLength: 64, description });
export const bool = (description: string, extra: Schema = {}): Schema => ({ type: 'boolean', description, ...extra });
export const count = (description: string, maximum: number, format: 'int32' | 'int64' = 'int32'): Schema => ({
  type: 'integer',
  format,
  minimum: 0,
  maximum,
  description,
});
export const object = (description: string, properties: Record<string, Schema>, required: string[] = [], extra: Schema = {}): Schema => ({
  type: 'object',
  description,
  ...(required.length > 0 ? { required } : {}),
  properties,
  ...extra,
});
export const rules = (...validations: Rule[]): Schema => ({ 'x-kubernetes-validations': validations });
export const usdAmount = (description: string): Schema => string(16, { pattern: USD_AMOUNT_PATTERN, description });
export const objectReference = (description: string): Schema =>
  object(description, { name: dnsLabel('Name of the referenced object in the same namespace') }, ['name'], {
    'x-kubernetes-map-type': 'atomic',
  });

/** metav1.Condition, as every status carries it. */
export const conditions: Schema = {
  type: 'array',
  description: "Latest observations of the object's state",
  maxItems: 16,
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': ['type'],
  items: object(
    'One condition',
    {
      type: string(316, {
        pattern: QUALIFIED_NAME_PATTERN,
        description: 'Condition type in CamelCase',
      }),
      status: { type: 'string', enum: ['True', 'False', 'Unknown'], description: 'Status of the condition' },
      observedGeneration: count('Generation the condition was set for', Number.MAX_SAFE_INTEGER, 'int64'),
      lastTransitionTime: timestamp('Last time the status changed'),
      reason: string(1024, {
        minLength: 1,
        pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$',
        description: 'Machine-readable reason in CamelCase',
      }),
      message: string(32768, { description: 'Human-readable detail' }),
    },
    ['type', 'status', 'lastTransitionTime', 'reason', 'message'],
  ),
};

export const observedGeneration = count('metadata.generation this status describes', Number.MAX_SAFE_INTEGER, 'int64');

export const column = (
  name: string,
  type: string,
  jsonPath: string,
  description: string,
  priority?: number,
): ICustomResourceColumnDefinition => ({
  name,
  type,
  jsonPath,
  description,
  ...(priority === undefined ? {} : { priority }),
});

// ---------------------------------------------------------------------------------------------
// The one CRD boilerplate helper.

export interface CrdDefinition {
  readonly kind: FractalKind;
  readonly plural: string;
  readonly shortNames: readonly string[];
  readonly description: string;
  readonly spec: Schema;
  readonly status: Schema;
  /** Rules on the whole object, for invariants that span spec and status. */
  readonly objectRules?: readonly Rule[];
  readonly columns: readonly ICustomResourceColumnDefinition[];
}

export function defineCrd(d: CrdDefinition): CustomResourceDefinitionData {
  const root: Schema = {
    type: 'object',
    description: d.description,
    required: ['spec'],
    properties: {
      apiVersion: { type: 'string', description: 'Versioned schema of this representation of an object' },
      kind: { type: 'string', description: 'REST resource this object represents' },
      metadata: { type: 'object' },
      spec: d.spec,
      status: d.status,
    },
    ...(d.objectRules ? { 'x-kubernetes-validations': [...d.objectRules] } : {}),
  };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${d.plural}.${FRACTAL_GROUP}`,
      labels: { 'app.kubernetes.io/part-of': 'ai-platform', 'app.kubernetes.io/component': 'crd' },
      annotations: { 'fractal.ai/generated-by': 'aipc', 'fractal.ai/description': d.description },
    },
    spec: {
      group: FRACTAL_GROUP,
      scope: 'Namespaced',
      names: {
        kind: d.kind,
        listKind: `${d.kind}List`,
        plural: d.plural,
        singular: d.kind.toLowerCase(),
        shortNames: [...d.shortNames],
        categories: ['fractal', 'ai-platform'],
      },
      versions: [
        {
          name: FRACTAL_VERSION,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: root },
          subresources: { status: {} },
          additionalPrinterColumns: [...d.columns, column('Age', 'date', '.metadata.creationTimestamp', 'Time since creation')],
        },
      ],
    },
  };
}
