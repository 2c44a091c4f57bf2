// The tier profile: one deployment tier's hardware, models, network and registry. The TypeBox
// definitions below give both the TypeScript types and the JSON Schema that ajv (and editors,
// through profiles' `$schema`) check profile files against.
import { Type, type Static } from '@sinclair/typebox';
import { Cidr, DNS_LABEL_PATTERN, Quantity, REGISTRY_PATTERN, StringEnum } from './common.js';

import { TIER_NAMES } from './tier-names.js';
export { TIER_NAMES, type TierName } from './tier-names.js';
export const CONNECTIVITIES = ['none', 'internal', 'external'] as const;
export const CLASSIFICATIONS = ['unclassified', 'secret', 'top-secret'] as const;
/** Weight quantization: `none` is 16-bit weights. */
export const QUANTIZATIONS = ['none', 'q8_0', 'q6_K', 'q5_K_M', 'q4_K_M', 'q4_0'] as const;
export type Quantization = (typeof QUANTIZATIONS)[number];
export const PROVIDERS = ['local', 'anthropic', 'openai', 'bedrock'] as const;
export const EGRESS_MODES = ['deny-all', 'internal-only', 'allow-approved'] as const;
export const INGRESS_MODES = ['internal-only', 'load-balanced'] as const;
export const REGISTRY_TYPES = ['local', 'harbor', 'ecr'] as const;
/** How a site applies the chart: `helm install`/`upgrade` (Flux's helm-controller too), or from rendered output (Argo CD). */
export const DELIVERY_METHODS = ['helm', 'gitops'] as const;
/** Where the release's credentials come from (the chart's `global.credentials.mode`). */
export const CREDENTIALS_MODES = ['generate', 'existing', 'hook'] as const;

/** A GPU type: checked against release.yaml's hardware catalogue once the profile is read (not an enum here, so a catalogue edit needs no schema regeneration). */
export const GpuTypeName = Type.String({
  pattern: DNS_LABEL_PATTERN,
  maxLength: 63,
  description: 'a GPU type of the hardware catalogue (release.yaml) or cloud (GPUs scale on demand)',
});

export const ModelSchema = Type.Object(
  {
    name: Type.String({
      pattern: '^[A-Za-z0-9._-]+$',
      maxLength: 128,
      description: 'a model name of letters, digits, dot, dash and underscore',
    }),
    parametersBillions: Type.Number({
      minimum: 0,
      description:
        'the parameter count in billions, a non-negative number (7 for a 7B model; 0 when a hosted provider does not publish it)',
    }),
    quantization: StringEnum(QUANTIZATIONS, { description: 'the weight quantization' }),
    contextLength: Type.Integer({ minimum: 1, description: 'the context window in tokens, a positive integer' }),
    provider: StringEnum(PROVIDERS, { description: 'who serves the model: local (in-cluster weights) or a hosted provider' }),
  },
  { additionalProperties: false, description: 'a model' },
);
export type Model = Static<typeof ModelSchema>;

export const ApprovedEgressSchema = Type.Object(
  {
    cidr: Cidr('an IPv4 CIDR such as 203.0.113.0/24'),
    ports: Type.Array(Type.Integer({ minimum: 1, maximum: 65535, description: 'a TCP port, 1-65535' }), {
      minItems: 1,
      description: 'a non-empty list of TCP ports',
    }),
    description: Type.Optional(Type.String({ description: 'what the destination is' })),
  },
  { additionalProperties: false, description: 'an approved destination {cidr, ports, description}' },
);
export type ApprovedEgress = Static<typeof ApprovedEgressSchema>;

const profileProperties = {
  name: Type.String({
    pattern: DNS_LABEL_PATTERN,
    maxLength: 53,
    description: 'the profile name, a DNS-1123 label (lower-case letters, digits, dashes)',
  }),
  tier: StringEnum(TIER_NAMES, { description: 'the built-in tier this profile is or extends' }),
  connectivity: StringEnum(CONNECTIVITIES, { description: 'the network connectivity of the tier' }),
  classification: StringEnum(CLASSIFICATIONS, { description: 'the classification level' }),
  models: Type.Object(
    {
      primary: ModelSchema,
      fallback: Type.Optional(
        Type.Unsafe<Model | null>({ ...ModelSchema, type: ['object', 'null'], description: 'a fallback model, or null for none' }),
      ),
    },
    { additionalProperties: false, description: 'the models: {primary, fallback}' },
  ),
  hardware: Type.Object(
    {
      gpuType: GpuTypeName,
      gpuNodes: Type.Integer({ minimum: 0, description: 'the number of GPU nodes, a non-negative integer' }),
      gpusPerNode: Type.Integer({ minimum: 0, description: 'GPUs per node, a non-negative integer' }),
      cpuPerNode: Type.Optional(Quantity('allocatable CPU of one GPU node, a Kubernetes quantity such as 16')),
      memoryPerNode: Type.Optional(Quantity('allocatable memory of one GPU node, a Kubernetes quantity such as 64Gi')),
    },
    { additionalProperties: false, description: 'the hardware: {gpuType, gpuNodes, gpusPerNode, cpuPerNode, memoryPerNode}' },
  ),
  memoryPerPod: Quantity('memory per inference pod, a Kubernetes quantity such as 16Gi'),
  network: Type.Object(
    {
      egress: StringEnum(EGRESS_MODES, { description: 'the egress mode' }),
      ingress: StringEnum(INGRESS_MODES, { description: 'the ingress mode' }),
      internalCIDRs: Type.Optional(Type.Array(Cidr(), { description: 'the address ranges of the internal network' })),
      approvedEgress: Type.Optional(Type.Array(ApprovedEgressSchema, { description: 'approved external destinations (connected only)' })),
    },
    { additionalProperties: false, description: 'the network: {egress, ingress, internalCIDRs, approvedEgress}' },
  ),
  registry: Type.Object(
    {
      type: StringEnum(REGISTRY_TYPES, { description: 'the registry type' }),
      url: Type.String({
        pattern: REGISTRY_PATTERN,
        description: 'a registry host[:port][/path] without scheme, such as registry.local:5000',
      }),
    },
    { additionalProperties: false, description: 'the registry: {type, url}' },
  ),
  delivery: Type.Optional(
    Type.Object(
      {
        method: Type.Optional(
          StringEnum(DELIVERY_METHODS, {
            description:
              'how the site applies the chart: helm (helm install/upgrade, or Flux) or gitops (rendered with helm template, as Argo CD does: the render must be stable)',
          }),
        ),
        credentials: Type.Optional(
          StringEnum(CREDENTIALS_MODES, {
            description:
              'where credentials come from: generate (random, kept by lookup), existing (your Secrets) or hook (created once by a Job)',
          }),
        ),
      },
      { additionalProperties: false, description: "the site's delivery: {method, credentials}" },
    ),
  ),
  overcommit: Type.Optional(
    Type.Object(
      {
        gpu: Type.Optional(
          Type.Number({ minimum: 1, description: 'a ratio ≥ 1: tenant GPU quotas may sum to this many times the GPUs present' }),
        ),
        cpu: Type.Optional(Type.Number({ minimum: 1, description: 'a ratio ≥ 1 for CPU quotas' })),
        memory: Type.Optional(Type.Number({ minimum: 1, description: 'a ratio ≥ 1 for memory quotas' })),
      },
      { additionalProperties: false, description: 'explicit over-commit ratios: {gpu, cpu, memory}' },
    ),
  ),
};

/** A resolved tier profile (after `extends`): every field present. */
export const TierProfileSchema = Type.Object(profileProperties, { additionalProperties: false, description: 'a tier profile' });
export type TierProfile = Static<typeof TierProfileSchema>;

const REQUIRED_WITHOUT_EXTENDS = ['tier', 'connectivity', 'classification', 'models', 'hardware', 'memoryPerPod', 'network', 'registry'];

/** A copy of a schema with every `required` removed (a file that extends overrides any subset). */
function deepPartial<T>(schema: T): T {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([k]) => k !== 'required')
        .map(([k, v]) => [k, strip(v)]),
    );
  };
  return strip(schema) as T;
}

/**
 * A profile file as written: with `extends` (a built-in tier name or a relative path to another
 * profile file) every field is optional and overrides the base (deep merge, lists replaced);
 * without it every field but `name` (default: the file name) and the optional ones is required
 * (nested required fields are checked on the resolved profile, TierProfileSchema).
 */
export const tierProfileFileSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://aipc.local/schemas/tier-profile.schema.json',
  title: 'aipc tier profile',
  type: 'object',
  description: 'a tier profile (a mapping)',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'the JSON Schema this file follows' },
    extends: {
      type: 'string',
      minLength: 1,
      description: 'a built-in tier (edge, datacenter, connected) or a relative path to a profile file',
    },
    ...deepPartial(profileProperties),
  },
  if: { required: ['extends'] },
  then: {},
  else: { required: REQUIRED_WITHOUT_EXTENDS },
} as const;

/** The fields a profile without `extends` must have. */
export const requiredProfileFields: readonly string[] = REQUIRED_WITHOUT_EXTENDS;
