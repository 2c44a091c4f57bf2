// A tier profile and a tenant list as chart values, per docs/VALUES-CONTRACT.md.
import type { Tenant } from '../schemas/tenants.js';
import type { Model, TierProfile } from '../schemas/tier-profile.js';
import type { FieldPath } from '../util/data.js';
import { CLOUD_GPU_TYPE } from '../schemas/release.js';
import { workloads } from '../model/components.js';
import { releaseImage } from '../model/release.js';
import { gpuMemoryBytes, modelMemory } from './capacity.js';

/**
 * GPUs each inference pod requests: the fewest GPUs of the tier's type that hold the primary
 * model with its KV-cache margin (at most a node's worth; the capacity check reports a model that
 * does not fit a node). Hosted models and cloud GPUs request none from the cluster.
 */
export function gpusPerReplica(p: TierProfile): number {
  const model = p.models.primary;
  if (model.provider !== 'local' || p.hardware.gpuType === CLOUD_GPU_TYPE) return 0;
  const needed = Math.ceil(modelMemory(model).requiredBytes / gpuMemoryBytes(p.hardware.gpuType));
  return Math.max(1, Math.min(needed, p.hardware.gpusPerNode));
}

const NO_FALLBACK = { enabled: false, name: '', parametersBillions: 0, quantization: 'none', contextLength: 0, provider: 'local' };

const model = (m: Model) => ({
  name: m.name,
  parametersBillions: m.parametersBillions,
  quantization: m.quantization,
  contextLength: m.contextLength,
  provider: m.provider,
});

/** The values a profile sets (written in full, so a tier file never depends on chart defaults for them). */
export function profileToValues(p: TierProfile): Record<string, unknown> {
  const network: Record<string, unknown> = { egress: p.network.egress, ingress: p.network.ingress };
  if (p.network.internalCIDRs) network.internalCIDRs = [...p.network.internalCIDRs];
  network.approvedEgress = (p.network.approvedEgress ?? []).map((e) => ({
    cidr: e.cidr,
    ports: [...e.ports].sort((a, b) => a - b),
    ...(e.description !== undefined ? { description: e.description } : {}),
  }));
  const memory = String(p.memoryPerPod);
  const values: Record<string, unknown> = {
    global: {
      tier: p.tier,
      profile: p.name,
      classification: p.classification,
      connectivity: p.connectivity,
      registry: p.registry.url,
      registryType: p.registry.type,
    },
    network,
    models: {
      primary: model(p.models.primary),
      fallback: p.models.fallback ? { enabled: true, ...model(p.models.fallback) } : { ...NO_FALLBACK },
    },
    gpu: {
      type: p.hardware.gpuType,
      nodes: p.hardware.gpuNodes,
      perNode: p.hardware.gpusPerNode,
      dynamic: p.hardware.gpuType === CLOUD_GPU_TYPE,
      perReplica: gpusPerReplica(p),
    },
    inference: { resources: { requests: { memory }, limits: { memory } } },
  };
  if (p.delivery?.credentials) (values.global as Record<string, unknown>).credentials = { mode: p.delivery.credentials };
  // an air-gapped tier pulls by digest whatever the release data has pinned: a tag re-pushed into
  // the site registry can never swap the image an accreditation approved
  if (p.connectivity === 'none')
    for (const w of workloads) {
      // read from the release data in use (not the model's copy), so `diff --base` compiles a ref with its own
      const digest = releaseImage(w.image.repository).digest;
      if (!digest) continue;
      const own = (values[w.key] ??= {}) as Record<string, unknown>;
      own.image = { digest };
    }
  return values;
}

/** Tenants as values, sorted by name (their order means nothing; sorting keeps diffs stable). */
export function tenantsToValues(tenants: readonly Tenant[]): { tenants: Tenant[]; order: number[] } {
  const order = tenants
    .map((_, i) => i)
    .sort((a, b) => (tenants[a].name < tenants[b].name ? -1 : tenants[a].name > tenants[b].name ? 1 : 0));
  return {
    order,
    tenants: order.map((i) => {
      const t = tenants[i];
      return {
        name: t.name,
        quota: { cpu: String(t.quota.cpu), memory: String(t.quota.memory), gpu: t.quota.gpu, pvcs: t.quota.pvcs, pods: t.quota.pods },
        budget: {
          maxTotalTokens: t.budget.maxTotalTokens,
          maxTotalCost: t.budget.maxTotalCost,
          maxConcurrentRuns: t.budget.maxConcurrentRuns,
        },
      };
    }),
  };
}

const EXACT: readonly [string, FieldPath][] = [
  ['global.tier', ['tier']],
  ['global.profile', ['name']],
  ['global.classification', ['classification']],
  ['global.connectivity', ['connectivity']],
  ['global.registry', ['registry', 'url']],
  ['global.registryType', ['registry', 'type']],
  ['global.credentials.mode', ['delivery', 'credentials']],
  ['global', []],
  ['gpu.type', ['hardware', 'gpuType']],
  ['gpu.dynamic', ['hardware', 'gpuType']],
  ['gpu.nodes', ['hardware', 'gpuNodes']],
  ['gpu.perNode', ['hardware', 'gpusPerNode']],
  ['gpu.perReplica', ['models', 'primary']],
  ['gpu', ['hardware']],
  ['models.fallback.enabled', ['models', 'fallback']],
];

/** Where in a profile a values field comes from (undefined: not from the profile). */
export function profilePathOf(valuesPath: FieldPath): FieldPath | undefined {
  const dotted = valuesPath.filter((k) => typeof k === 'string').join('.');
  for (const [key, target] of EXACT) if (dotted === key && valuesPath.every((k) => typeof k === 'string')) return target;
  const [head] = valuesPath;
  if (head === 'network' || head === 'models') return valuesPath;
  if (head === 'inference' && valuesPath[1] === 'resources') return ['memoryPerPod'];
  return undefined;
}
