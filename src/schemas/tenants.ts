// Tenants: the list an operator edits. One namespace (`tenant-<name>`) with ResourceQuota,
// NetworkPolicy and BudgetQuota each.
import { Type, type Static } from '@sinclair/typebox';
import { COST_PATTERN, DNS_LABEL_PATTERN, NonNegativeInteger, Quantity } from './common.js';

/** The chart names a tenant's namespace `tenant-<name>`; a namespace name is at most 63 characters. */
export const TENANT_NAMESPACE_PREFIX = 'tenant-';
export const MAX_TENANT_NAME_LENGTH = 63 - TENANT_NAMESPACE_PREFIX.length;
/** Names refused outright (Kubernetes' own namespaces), whatever the prefix. */
export const RESERVED_TENANT_NAMES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'] as const;

export const TenantSchema = Type.Object(
  {
    name: Type.String({
      pattern: DNS_LABEL_PATTERN,
      maxLength: MAX_TENANT_NAME_LENGTH,
      not: { enum: [...RESERVED_TENANT_NAMES] },
      description: `a DNS-1123 label (lower-case letters, digits and dashes, starting and ending with a letter or digit) of at most ${MAX_TENANT_NAME_LENGTH} characters (the namespace is ${TENANT_NAMESPACE_PREFIX}<name>)`,
    }),
    quota: Type.Object(
      {
        cpu: Quantity('a Kubernetes quantity of cores such as 10 or 500m'),
        memory: Quantity('a Kubernetes quantity of bytes such as 20Gi'),
        gpu: NonNegativeInteger('a non-negative integer number of GPUs'),
        pvcs: NonNegativeInteger('a non-negative integer number of PersistentVolumeClaims'),
        pods: NonNegativeInteger('a non-negative integer number of pods'),
      },
      { additionalProperties: false, description: 'the quota: {cpu, memory, gpu, pvcs, pods}' },
    ),
    budget: Type.Object(
      {
        maxTotalTokens: NonNegativeInteger('a non-negative integer number of tokens, at most 2^53-1', { maximum: Number.MAX_SAFE_INTEGER }),
        maxTotalCost: Type.String({
          pattern: COST_PATTERN,
          description: 'a cost in USD as a string with exactly two decimals and no currency sign, such as "100.00"',
        }),
        maxConcurrentRuns: NonNegativeInteger('a non-negative integer number of concurrent runs'),
      },
      { additionalProperties: false, description: 'the budget: {maxTotalTokens, maxTotalCost, maxConcurrentRuns}' },
    ),
  },
  { additionalProperties: false, description: 'a tenant {name, quota, budget}' },
);
export type Tenant = Static<typeof TenantSchema>;

export const TenantsFileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String({ description: 'the JSON Schema this file follows' })),
    tenants: Type.Array(TenantSchema, { description: 'a list of tenants' }),
  },
  {
    additionalProperties: false,
    description: 'a mapping with a `tenants:` list',
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://aipc.local/schemas/tenants.schema.json',
    title: 'aipc tenants',
  },
);
export type TenantsFile = Static<typeof TenantsFileSchema>;
