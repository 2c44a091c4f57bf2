// The keys of docs/VALUES-CONTRACT.md as a JSON Schema: what the tier compiler checks merged
// values against when the chart (and its values.schema.json) has not been generated. Open at the
// root and in each group (the chart has many more keys); closed nowhere, strict in each key.
import { TenantSchema } from './tenants.js';
import {
  ApprovedEgressSchema,
  CLASSIFICATIONS,
  CONNECTIVITIES,
  EGRESS_MODES,
  GPU_TYPES,
  INGRESS_MODES,
  PROVIDERS,
  QUANTIZATIONS,
  REGISTRY_TYPES,
  TIER_NAMES,
} from './tier-profile.js';
import { CIDR_PATTERN, DNS_LABEL_PATTERN, REGISTRY_PATTERN } from './common.js';
import { QUANTITY_PATTERN } from './quantity.js';

const en = (values: readonly string[], description: string) => ({ type: 'string', enum: [...values], description });
const model = {
  type: 'object',
  description: 'a model',
  properties: {
    enabled: { type: 'boolean' },
    name: { type: 'string', pattern: '^$|^[A-Za-z0-9._-]+$', description: 'a model name' },
    parametersBillions: { type: 'number', minimum: 0, description: 'a non-negative number' },
    quantization: en(QUANTIZATIONS, 'the weight quantization'),
    contextLength: { type: 'integer', minimum: 0, description: 'a non-negative integer' },
    provider: en(PROVIDERS, 'the model provider'),
  },
};
const memory = { type: ['string', 'number'], pattern: QUANTITY_PATTERN, description: 'a Kubernetes quantity' };

export const valuesContractSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  description: 'ai-platform values (the keys of the values contract)',
  properties: {
    global: {
      type: 'object',
      description: 'global settings',
      properties: {
        tier: en(TIER_NAMES, 'the tier'),
        profile: { type: 'string', pattern: DNS_LABEL_PATTERN, description: 'a DNS-1123 label' },
        classification: en(CLASSIFICATIONS, 'the classification level'),
        connectivity: en(CONNECTIVITIES, 'the connectivity'),
        registry: { type: 'string', pattern: REGISTRY_PATTERN, description: 'a registry host[:port][/path]' },
        registryType: en(REGISTRY_TYPES, 'the registry type'),
      },
    },
    network: {
      type: 'object',
      description: 'network boundaries',
      properties: {
        egress: en(EGRESS_MODES, 'the egress mode'),
        ingress: en(INGRESS_MODES, 'the ingress mode'),
        internalCIDRs: { type: 'array', items: { type: 'string', pattern: CIDR_PATTERN, description: 'an IPv4 CIDR' } },
        approvedEgress: { type: 'array', items: JSON.parse(JSON.stringify(ApprovedEgressSchema)) },
      },
    },
    models: { type: 'object', description: 'models', properties: { primary: model, fallback: model } },
    gpu: {
      type: 'object',
      description: 'GPU hardware',
      properties: {
        type: en(GPU_TYPES, 'the GPU type'),
        nodes: { type: 'integer', minimum: 0, description: 'a non-negative integer' },
        perNode: { type: 'integer', minimum: 0, description: 'a non-negative integer' },
        dynamic: { type: 'boolean', description: 'true or false' },
      },
    },
    inference: {
      type: 'object',
      description: 'the inference server',
      properties: {
        resources: {
          type: 'object',
          description: 'resources',
          properties: {
            requests: { type: 'object', description: 'requests', properties: { memory } },
            limits: { type: 'object', description: 'limits', properties: { memory } },
          },
        },
      },
    },
    tenants: { type: 'array', description: 'a list of tenants', items: JSON.parse(JSON.stringify(TenantSchema)) },
  },
} as const;
