// Capacity and fit, at compile time.
//
// Model fit: weights = parametersBillions × 10^9 × bytes per parameter (by quantization), plus
// KV_CACHE_MARGIN for KV cache and activations, must fit the GPU memory of ONE inference replica.
// Assumption: a replica's GPUs are those of one node (tensor parallelism within a node, never
// across nodes), so a replica has at most gpusPerNode GPUs. Hosted models (provider ≠ local) and
// cloud GPUs (type cloud: the shape is chosen when GPUs scale) are not checked.
//
// Tenant fit: the tenants' summed quotas fit the tier's GPU nodes: GPUs = gpuNodes × gpusPerNode,
// CPU = gpuNodes × cpuPerNode, memory = gpuNodes × memoryPerNode (profile fields; defaults per GPU
// type from the release data's hardware catalogue). The platform's own pods are not subtracted. A profile's `overcommit` ratios (or
// --allow-overcommit) allow more, visibly. Cloud tiers scale, so their quotas are not capped.
import type { Tenant } from '../schemas/tenants.js';
import type { Model, Quantization, TierProfile } from '../schemas/tier-profile.js';
import { gpuType, type GpuTypeInfo } from '../model/release.js';
import { CLOUD_GPU_TYPE } from '../schemas/release.js';
import type { Finding } from './finding.js';
import { formatCores, formatGiB, parseQuantity } from '../schemas/quantity.js';

/** Bytes per parameter of each quantization (GGUF averages; `none` is 16-bit). */
export const BYTES_PER_PARAMETER: Readonly<Record<Quantization, number>> = {
  none: 2,
  q8_0: 1.06,
  q6_K: 0.82,
  q5_K_M: 0.71,
  q4_K_M: 0.6,
  q4_0: 0.56,
};

/** Memory for KV cache and activations, as a fraction of the weights. */
export const KV_CACHE_MARGIN = 0.2;

/** The catalogue entry of a fixed GPU type; the profile check has refused names not in it. */
function catalogued(type: string): GpuTypeInfo {
  const found = gpuType(type);
  if (!found) throw new Error(`GPU type ${type} is not in the release data's hardware catalogue`);
  return found;
}

/** Memory of one GPU of a fixed type (release.yaml hardware.gpuTypes). */
export const gpuMemoryBytes = (type: string): number => catalogued(type).memoryBytes;

/** Node CPU and memory when a profile does not say (one GPU node of the type, from release.yaml). */
export const defaultNodeCapacity = (type: string): { readonly cpu: string; readonly memory: string } => catalogued(type).node;

export interface ModelMemory {
  readonly weightsBytes: number;
  readonly requiredBytes: number;
}

/** Memory a model needs on GPUs: weights and the KV-cache/activation margin. */
export function modelMemory(model: Pick<Model, 'parametersBillions' | 'quantization'>): ModelMemory {
  const weightsBytes = model.parametersBillions * 1e9 * BYTES_PER_PARAMETER[model.quantization];
  return { weightsBytes, requiredBytes: weightsBytes * (1 + KV_CACHE_MARGIN) };
}

export type CapacityResource = 'gpu' | 'cpu' | 'memory';

/** One resource whose tenant quotas exceed the hardware, allowed by a profile ratio or the flag. */
export interface OvercommitUse {
  readonly resource: CapacityResource;
  readonly requested: number;
  readonly capacity: number;
  readonly allowedBy: 'profile' | 'flag';
  /** The profile's ratio, when it allowed it. */
  readonly ratio?: number;
}

export interface CapacityResult {
  readonly findings: Finding[];
  readonly overcommit: OvercommitUse[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Checks model fit and tenant quota fit. Findings are placed at values paths (models.*, tenants). */
export function checkCapacity(
  profile: TierProfile,
  tenants: readonly Tenant[],
  options: { allowOvercommit?: boolean } = {},
): CapacityResult {
  const findings: Finding[] = [];
  const overcommit: OvercommitUse[] = [];
  const hw = profile.hardware;
  if (hw.gpuType === CLOUD_GPU_TYPE) return { findings, overcommit };
  const gpuMemory = gpuMemoryBytes(hw.gpuType);

  for (const role of ['primary', 'fallback'] as const) {
    const m = profile.models[role];
    if (!m || m.provider !== 'local') continue;
    const need = modelMemory(m);
    const have = gpuMemory * hw.gpusPerNode;
    if (need.requiredBytes > have) {
      const minGpus = Math.ceil(need.requiredBytes / gpuMemory);
      findings.push({
        path: ['models', role],
        rule: 'capacity.model-fits-gpu',
        message:
          `model ${m.name} (${m.parametersBillions}B parameters, quantization ${m.quantization} at ${BYTES_PER_PARAMETER[m.quantization]} bytes each) needs ${formatGiB(need.requiredBytes)} of GPU memory ` +
          `(${formatGiB(need.weightsBytes)} of weights + ${KV_CACHE_MARGIN * 100}% KV-cache/activation margin) but one inference replica has ${formatGiB(have)} ` +
          `(${plural(hw.gpusPerNode, hw.gpuType)} per node × ${formatGiB(gpuMemory)}; a replica's GPUs are one node's, tensor parallelism does not cross nodes); ` +
          `it needs ${minGpus} ${hw.gpuType} GPUs on one node, or a smaller quantization`,
      });
    }
  }

  const nodeCpu = parseQuantity(hw.cpuPerNode ?? defaultNodeCapacity(hw.gpuType).cpu);
  const nodeMemory = parseQuantity(hw.memoryPerNode ?? defaultNodeCapacity(hw.gpuType).memory);
  const podMemory = parseQuantity(profile.memoryPerPod);
  if (podMemory > nodeMemory) {
    findings.push({
      path: ['inference', 'resources', 'requests', 'memory'],
      rule: 'capacity.pod-memory-fits-node',
      message: `memory per pod ${String(profile.memoryPerPod)} is more than one node has (${formatGiB(nodeMemory)}; hardware.memoryPerNode)`,
    });
  }

  const resources: {
    resource: CapacityResource;
    noun: string;
    capacity: number;
    describe: string;
    amount: (t: Tenant) => number;
    show: (n: number, t?: Tenant) => string;
  }[] = [
    {
      resource: 'gpu',
      noun: 'GPU',
      capacity: hw.gpuNodes * hw.gpusPerNode,
      describe: `${plural(hw.gpuNodes, 'node')} × ${hw.gpusPerNode} ${hw.gpuType}`,
      amount: (t) => t.quota.gpu,
      show: (n) => String(n),
    },
    {
      resource: 'cpu',
      noun: 'CPU',
      capacity: hw.gpuNodes * nodeCpu,
      describe: `${plural(hw.gpuNodes, 'node')} × ${formatCores(nodeCpu)} cores`,
      amount: (t) => parseQuantity(t.quota.cpu),
      show: (n, t) => (t ? String(t.quota.cpu) : formatCores(n)),
    },
    {
      resource: 'memory',
      noun: 'memory',
      capacity: hw.gpuNodes * nodeMemory,
      describe: `${plural(hw.gpuNodes, 'node')} × ${formatGiB(nodeMemory)}`,
      amount: (t) => parseQuantity(t.quota.memory),
      show: (n, t) => (t ? String(t.quota.memory) : formatGiB(n)),
    },
  ];
  for (const r of resources) {
    // a negative amount never lowers the sum (the schema refuses it; this holds whatever the input)
    const requested = tenants.reduce((sum, t) => sum + Math.max(0, r.amount(t)), 0);
    if (requested <= r.capacity + 1e-9) continue;
    const ratio = profile.overcommit?.[r.resource];
    const shares = tenants.map((t) => `${t.name} ${r.show(r.amount(t), t)}`).join(', ');
    const unit = r.resource === 'gpu' ? ' GPUs' : r.resource === 'cpu' ? ' CPUs' : '';
    const sum = `${shares} = ${r.show(requested)} > ${r.show(r.capacity)}${unit} (${r.describe})`;
    if (ratio !== undefined && requested <= r.capacity * ratio + 1e-9) {
      overcommit.push({ resource: r.resource, requested, capacity: r.capacity, allowedBy: 'profile', ratio });
    } else if (options.allowOvercommit) {
      overcommit.push({ resource: r.resource, requested, capacity: r.capacity, allowedBy: 'flag' });
    } else {
      const limit = ratio !== undefined ? `; the profile allows over-commit up to ${ratio}× (${r.show(r.capacity * ratio)})` : '';
      findings.push({
        path: ['tenants'],
        rule: `capacity.tenant-${r.resource}-overcommit`,
        message: `tenant ${r.noun} quotas over-commit the tier: ${sum}${limit}; lower the quotas, or allow it explicitly (profile overcommit: {${r.resource}: <ratio>}, or --allow-overcommit)`,
      });
    }
  }
  return { findings, overcommit };
}

/** A header line describing an allowed over-commit. */
export function describeOvercommit(o: OvercommitUse): string {
  const show = (n: number) => (o.resource === 'memory' ? formatGiB(n) : o.resource === 'cpu' ? formatCores(n) : String(n));
  const by = o.allowedBy === 'flag' ? '--allow-overcommit' : `profile overcommit.${o.resource} ${o.ratio}`;
  return `${o.resource} quotas ${show(o.requested)} of ${show(o.capacity)} (${(o.requested / o.capacity).toFixed(2)}×), allowed by ${by}`;
}
