// Deterministic tenant lists for the scale benchmarks and property tests: valid names, quotas
// that fit a tier sized to match, the same output for the same seed.
import { formatYaml } from '../src/io/yaml-format.js';

/** A small, fast, seedable PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedTenants {
  readonly tenants: { name: string; quota: { cpu: string; memory: string; gpu: number; pvcs: number; pods: number }; budget: { maxTotalTokens: number; maxTotalCost: string; maxConcurrentRuns: number } }[];
  readonly totals: { cpu: number; memoryGi: number; gpu: number };
}

/** `count` tenants named team-00001…, quotas drawn from small ranges. */
export function generateTenants(count: number, seed = 1): GeneratedTenants {
  const rand = prng(seed);
  const pick = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const tenants: GeneratedTenants['tenants'] = [];
  let cpu = 0;
  let memoryGi = 0;
  let gpu = 0;
  for (let i = 1; i <= count; i++) {
    const c = pick(1, 4);
    const m = pick(1, 8);
    const g = rand() < 0.25 ? 1 : 0;
    cpu += c;
    memoryGi += m;
    gpu += g;
    const dollars = pick(1, 500);
    tenants.push({
      name: `team-${String(i).padStart(5, '0')}`,
      quota: { cpu: String(c), memory: `${m}Gi`, gpu: g, pvcs: pick(1, 5), pods: pick(5, 30) },
      budget: { maxTotalTokens: pick(1, 50) * 100000, maxTotalCost: `${dollars}.${String(pick(0, 99)).padStart(2, '0')}`, maxConcurrentRuns: pick(1, 10) },
    });
  }
  return { tenants, totals: { cpu, memoryGi, gpu } };
}

/** The tenants file and a datacenter-derived profile with enough nodes for them. */
export function scaleFixture(count: number, seed = 1): { tenantsYaml: string; profileYaml: string } {
  const g = generateTenants(count, seed);
  // datacenter nodes: 64 cores, 512Gi, 4 GPUs each; two more hold the platform's own workloads
  // (inference at its autoscaling maximum, 3 replicas × 2 GPUs), which capacity counts too
  const nodes = 2 + Math.max(8, Math.ceil(g.totals.cpu / 64), Math.ceil(g.totals.memoryGi / 512), Math.ceil(g.totals.gpu / 4));
  return {
    tenantsYaml: formatYaml({ tenants: g.tenants }, { header: [`${count} generated tenants, seed ${seed}`] }),
    profileYaml: formatYaml({ extends: 'datacenter', name: `scale-${count}`, hardware: { gpuNodes: nodes } }, { header: [`datacenter sized for ${count} generated tenants`] }),
  };
}
