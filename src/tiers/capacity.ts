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
// type below). The platform counts too: its GPU workloads (inference at its HPA maximum, vLLM,
// Triton, whatever is enabled) and its namespace's ResourceQuota for CPU and memory, which the
// compiler sizes from the hardware (fitPlatformToTier). A profile's `overcommit` ratios (or
// --allow-overcommit) allow more, visibly. Cloud tiers scale, so their quotas are not capped.
import type { Tenant } from '../schemas/tenants.js';
import type { Model, Quantization, TierProfile } from '../schemas/tier-profile.js';
import { gpuType, type GpuTypeInfo } from '../model/release.js';
import { CLOUD_GPU_TYPE } from '../schemas/release.js';
import type { Finding } from './finding.js';
import { formatCores, formatGiB, parseQuantity } from '../kube/quantity.js';
import { clone, getPath, isRecord, setPath, type FieldPath } from '../util/data.js';

/** Tenants named one by one in an over-commit message; the rest are summed. */
const SHOWN_TENANTS = 12;

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

/**
 * Checks model fit and that the consumers fit the tier: tenant quotas and, given the merged
 * `values`, the platform's own GPU workloads at their maximum and its namespace quota (CPU, memory).
 * Findings are placed at values paths (models.*, tenants, the platform workload's field).
 */
export function checkCapacity(
  profile: TierProfile,
  tenants: readonly Tenant[],
  options: { allowOvercommit?: boolean; values?: Record<string, unknown> } = {},
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

  const platform = options.values ? platformConsumers(options.values) : emptyConsumers();
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
    const own = platform[r.resource];
    // a negative amount never lowers the sum (the schema refuses it; this holds whatever the input)
    const requested = own.reduce((sum, c) => sum + c.amount, 0) + tenants.reduce((sum, t) => sum + Math.max(0, r.amount(t)), 0);
    if (requested <= r.capacity + 1e-9) continue;
    const ratio = profile.overcommit?.[r.resource];
    // every platform consumer, then the tenants in order: past SHOWN_TENANTS a count and a sum, so the message stays readable at 5,000 tenants
    const shown = tenants.slice(0, SHOWN_TENANTS);
    const rest = tenants.slice(SHOWN_TENANTS);
    const restSum = rest.reduce((sum, t) => sum + Math.max(0, r.amount(t)), 0);
    const shares = [
      ...own.map((c) => `${c.name} ${r.show(c.amount)} (${c.detail})`),
      ...shown.map((t) => `${t.name} ${r.show(r.amount(t), t)}`),
      ...(rest.length ? [`${rest.length} more tenants ${r.show(restSum)}`] : []),
    ].join(', ');
    const unit = r.resource === 'gpu' ? ' GPUs' : r.resource === 'cpu' ? ' CPUs' : '';
    const sum = `${shares} = ${r.show(requested)} > ${r.show(r.capacity)}${unit} (${r.describe}); ${r.show(requested - r.capacity)} short`;
    if (ratio !== undefined && requested <= r.capacity * ratio + 1e-9) {
      overcommit.push({ resource: r.resource, requested, capacity: r.capacity, allowedBy: 'profile', ratio });
    } else if (options.allowOvercommit) {
      overcommit.push({ resource: r.resource, requested, capacity: r.capacity, allowedBy: 'flag' });
    } else {
      const limit = ratio !== undefined ? `; the profile allows over-commit up to ${ratio}× (${r.show(r.capacity * ratio)})` : '';
      const who = own.length ? `the platform's ${r.noun} workloads at their maximum and the tenant quotas` : `tenant ${r.noun} quotas`;
      // the keys that change the sum: the tenants' quotas, or the hardware the profile gives
      const keys =
        r.resource === 'gpu'
          ? `tenants[].quota.gpu by ${r.show(requested - r.capacity)} in total, or raise hardware.gpuNodes × hardware.gpusPerNode in the profile`
          : `tenants[].quota.${r.resource}, or raise hardware.${r.resource}PerNode or hardware.gpuNodes in the profile`;
      findings.push({
        path: own.length && !tenants.length ? own[0].path : ['tenants'],
        rule: `capacity.tenant-${r.resource}-overcommit`,
        message: `${who} over-commit the tier: ${sum}${limit}; lower ${keys}, or allow it explicitly (profile overcommit: {${r.resource}: <ratio>}, or --allow-overcommit)`,
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

/** One thing that takes a share of the tier: a platform workload at its maximum, or the platform quota. */
export interface Consumer {
  readonly name: string;
  readonly amount: number;
  /** How the amount was counted, for messages. */
  readonly detail: string;
  /** The values field that sets it. */
  readonly path: FieldPath;
}

type Consumers = Record<CapacityResource, Consumer[]>;
const emptyConsumers = (): Consumers => ({ gpu: [], cpu: [], memory: [] });

/** The platform's GPU workloads of the chart (each requests gpu.perReplica GPUs per pod). */
export const GPU_WORKLOADS = ['inference', 'vllm', 'triton'] as const;

/** The ResourceQuota keys of the platform namespace the compiler sizes. */
export const PLATFORM_QUOTA_KEYS: Readonly<Record<CapacityResource, string>> = {
  gpu: 'requests.nvidia.com/gpu',
  cpu: 'requests.cpu',
  memory: 'requests.memory',
};

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const quantity = (v: unknown): number => {
  try {
    return typeof v === 'string' || typeof v === 'number' ? parseQuantity(v) : 0;
  } catch {
    return 0;
  }
};

/** The most pods an enabled workload runs: its HPA maximum when it autoscales, else its replicas. */
export function maxReplicasOf(values: Record<string, unknown>, workload: string): { replicas: number; path: FieldPath; hpa: boolean } {
  const autoscaling = getPath(values, [workload, 'autoscaling']);
  if (isRecord(autoscaling) && autoscaling.enabled === true)
    return { replicas: num(autoscaling.maxReplicas), path: [workload, 'autoscaling', 'maxReplicas'], hpa: true };
  return { replicas: num(getPath(values, [workload, 'replicas'])), path: [workload, 'replicas'], hpa: false };
}

/** The platform's GPU workloads at their maximum, and each one's CPU and memory requests. */
function gpuWorkloads(values: Record<string, unknown>): Consumers {
  const out = emptyConsumers();
  const perReplica = num(getPath(values, ['gpu', 'perReplica']));
  for (const w of GPU_WORKLOADS) {
    if (getPath(values, [w, 'enabled']) !== true) continue;
    const { replicas, path, hpa } = maxReplicasOf(values, w);
    const pods = `${plural(replicas, 'pod')}${hpa ? ' at its HPA maximum' : ''}`;
    if (perReplica > 0) out.gpu.push({ name: w, amount: replicas * perReplica, detail: `${pods} × ${plural(perReplica, 'GPU')}`, path });
    const requests = getPath(values, [w, 'resources', 'requests']);
    const req = isRecord(requests) ? requests : {};
    out.cpu.push({ name: w, amount: replicas * quantity(req.cpu), detail: `${pods} × ${String(req.cpu)}`, path });
    out.memory.push({ name: w, amount: replicas * quantity(req.memory), detail: `${pods} × ${String(req.memory)}`, path });
  }
  return out;
}

/**
 * What the platform takes of the tier: its GPU workloads at their maximum (GPUs), and for CPU and
 * memory its namespace's ResourceQuota (the most every platform pod together may request), or its
 * GPU workloads' requests when the quota allows less than they need.
 */
function platformConsumers(values: Record<string, unknown>): Consumers {
  const workloads = gpuWorkloads(values);
  const out = emptyConsumers();
  out.gpu = workloads.gpu;
  for (const r of ['cpu', 'memory'] as const) {
    const key = PLATFORM_QUOTA_KEYS[r];
    const quota = quantity(getPath(values, ['platform', 'resourceQuota', key]));
    const needed = workloads[r].reduce((n, c) => n + c.amount, 0);
    out[r] =
      quota >= needed
        ? [{ name: 'platform namespace', amount: quota, detail: `ResourceQuota ${key}`, path: ['platform', 'resourceQuota', key] }]
        : workloads[r];
  }
  return out;
}

/** A change the compiler makes so the platform fits the tier, with the reason for the header. */
export interface PlatformFit {
  readonly path: FieldPath;
  readonly value: unknown;
  readonly note: string;
  /** The fitting rule that made the change (what `aipc explain` names). */
  readonly rule: 'capacity.fit-inference-max-replicas' | 'capacity.fit-platform-quota';
  /** Why this one value is what it is, from which inputs. */
  readonly reason: string;
}

const cpuQuantity = (cores: number) => (Number.isInteger(cores) ? String(cores) : `${Math.floor(cores * 1000)}m`);
const GiB = 2 ** 30;
const memoryQuantity = (bytes: number) => (bytes % GiB === 0 ? `${bytes / GiB}Gi` : `${Math.floor(bytes / 2 ** 20)}Mi`);

/**
 * Fits the platform into the tier's hardware (not for cloud tiers): caps inference's HPA maximum at
 * the GPUs the tenants and other GPU workloads leave (unless `explicit` says the user set it), and
 * sizes the platform namespace's ResourceQuota: GPUs = its GPU workloads at their maximum, CPU and
 * memory = what the tenants leave of the nodes. Returns the changes to apply, in order.
 */
/**
 * The values the capacity check judges when the compiler could not fit inference down (the tenants
 * leave less than its minimum): inference at its minimum, the most the fitting could have done, so
 * a refusal's shortfall is the least that makes the compile pass. Otherwise `values` itself.
 */
export function atFittedFloor(
  profile: TierProfile,
  values: Record<string, unknown>,
  explicit: (path: FieldPath) => boolean,
): Record<string, unknown> {
  const hw = profile.hardware;
  if (hw.gpuType === 'cloud') return values;
  const maxPath: FieldPath = ['inference', 'autoscaling', 'maxReplicas'];
  const inference = gpuWorkloads(values).gpu.find((c) => c.name === 'inference');
  const perReplica = num(getPath(values, ['gpu', 'perReplica']));
  if (!inference || perReplica <= 0 || inference.path.join('.') !== maxPath.join('.') || explicit(maxPath)) return values;
  const min = Math.max(1, num(getPath(values, ['inference', 'autoscaling', 'minReplicas'])));
  if (maxReplicasOf(values, 'inference').replicas <= min) return values;
  const floored = clone(values);
  setPath(floored, maxPath, min);
  return floored;
}

export function fitPlatformToTier(
  profile: TierProfile,
  values: Record<string, unknown>,
  explicit: (path: FieldPath) => boolean,
): PlatformFit[] {
  const hw = profile.hardware;
  if (hw.gpuType === 'cloud') return [];
  const fits: PlatformFit[] = [];
  const tenants = (Array.isArray(values.tenants) ? values.tenants : []).filter(isRecord) as unknown as Tenant[];
  const tenantSum = (r: CapacityResource) => tenants.reduce((n, t) => n + (r === 'gpu' ? num(t.quota?.gpu) : quantity(t.quota?.[r])), 0);
  const gpus = hw.gpuNodes * hw.gpusPerNode;
  const allowed = profile.overcommit?.gpu !== undefined ? gpus * profile.overcommit.gpu : gpus;
  let workloads = gpuWorkloads(values);
  const inference = workloads.gpu.find((c) => c.name === 'inference');
  const perReplica = num(getPath(values, ['gpu', 'perReplica']));
  const maxPath: FieldPath = ['inference', 'autoscaling', 'maxReplicas'];
  if (inference && perReplica > 0 && inference.path.join('.') === maxPath.join('.') && !explicit(maxPath)) {
    const others = workloads.gpu.filter((c) => c !== inference).reduce((n, c) => n + c.amount, 0) + tenantSum('gpu');
    const room = Math.floor((allowed - others) / perReplica);
    const current = maxReplicasOf(values, 'inference').replicas;
    const min = Math.max(1, num(getPath(values, ['inference', 'autoscaling', 'minReplicas'])));
    if (room < current && room >= min) {
      fits.push({
        path: maxPath,
        value: room,
        note: `inference.autoscaling.maxReplicas ${current} → ${room}: ${allowed} GPUs less ${others} for tenants and other GPU workloads leave ${room * perReplica} (${perReplica} per pod)`,
        rule: 'capacity.fit-inference-max-replicas',
        reason: `${current} → ${room}: the profile's ${allowed} GPUs (hardware.gpuNodes × hardware.gpusPerNode${profile.overcommit?.gpu !== undefined ? ' × overcommit.gpu' : ''}) less ${others} for the tenants' quota.gpu and other GPU workloads leave ${room * perReplica}, at gpu.perReplica ${perReplica} per pod`,
      });
      const capped = clone(values);
      setPath(capped, maxPath, room);
      workloads = gpuWorkloads(capped);
    }
  }
  const sizes: Record<CapacityResource, string> = {
    gpu: String(workloads.gpu.reduce((n, c) => n + c.amount, 0)),
    cpu: cpuQuantity(
      Math.max(
        workloads.cpu.reduce((n, c) => n + c.amount, 0),
        hw.gpuNodes * parseQuantity(hw.cpuPerNode ?? defaultNodeCapacity(hw.gpuType).cpu) - tenantSum('cpu'),
      ),
    ),
    memory: memoryQuantity(
      Math.max(
        workloads.memory.reduce((n, c) => n + c.amount, 0),
        hw.gpuNodes * parseQuantity(hw.memoryPerNode ?? defaultNodeCapacity(hw.gpuType).memory) - tenantSum('memory'),
      ),
    ),
  };
  const sized = (['gpu', 'cpu', 'memory'] as const).filter((r) => !explicit(['platform', 'resourceQuota', PLATFORM_QUOTA_KEYS[r]]));
  sized.forEach((r, i) =>
    fits.push({
      path: ['platform', 'resourceQuota', PLATFORM_QUOTA_KEYS[r]],
      value: sizes[r],
      // one header line for the quota: its GPU workloads at their maximum, and what the tenants leave
      note:
        i === sized.length - 1
          ? `platform.resourceQuota ${sized.map((x) => `${PLATFORM_QUOTA_KEYS[x]} ${sizes[x]}`).join(', ')} (GPU workloads at their maximum; CPU and memory the tenants leave)`
          : '',
      rule: 'capacity.fit-platform-quota',
      reason:
        r === 'gpu'
          ? `${sizes.gpu}: the platform's GPU workloads (inference, vllm, triton) at their maximum × gpu.perReplica`
          : `${sizes[r]}: the profile's hardware.gpuNodes × hardware.${r}PerNode, less the tenants' quota.${r} (at least the GPU workloads' requests)`,
    }),
  );
  return fits;
}
