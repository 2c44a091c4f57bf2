// Tier profiles: built-in tiers, their YAML twins, extends, quantities, invariants and capacity.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packageRoot, profilesDir } from '../../src/paths.js';
import {
  TIER_NAMES,
  checkCapacity,
  checkTierInvariants,
  loadTenants,
  loadTierProfile,
  modelMemory,
  publishedSchemas,
  externalEndpointsIn,
  type TierProfile,
} from '../../src/tiers/index.js';
import { parseQuantity, quantityHint, QuantityError } from '../../src/kube/quantity.js';
import { tempDir } from '../helpers.js';
import { DATACENTER, EDGE, SPEC_TIERS } from '../support/spec-tiers.js';

describe('built-in tiers', () => {
  it.each(TIER_NAMES)("profiles/%s.yaml holds the SPEC's tier table", (tier) => {
    const yaml = parse(readFileSync(join(profilesDir(), `${tier}.yaml`), 'utf8'));
    expect(yaml).toEqual(SPEC_TIERS[tier]);
    expect(loadTierProfile(tier).profile).toEqual(SPEC_TIERS[tier]);
  });

  it('profiles/tenants.yaml is the SPEC sample', () => {
    const { tenants } = loadTenants(join(profilesDir(), 'tenants.yaml'));
    expect(
      tenants.map((t) => [
        t.name,
        t.quota.cpu,
        t.quota.memory,
        t.quota.gpu,
        t.quota.pvcs,
        t.quota.pods,
        t.budget.maxTotalTokens,
        t.budget.maxTotalCost,
        t.budget.maxConcurrentRuns,
      ]),
    ).toEqual([
      ['team-alpha', '10', '20Gi', 2, 5, 20, 1000000, '100.00', 5],
      ['team-beta', '20', '40Gi', 4, 10, 40, 2000000, '200.00', 10],
      ['team-gamma', '15', '30Gi', 3, 7, 30, 1500000, '150.00', 7],
    ]);
  });

  it('the published JSON Schemas in src/schemas are up to date', () => {
    for (const s of publishedSchemas()) {
      expect(JSON.parse(readFileSync(join(packageRoot(), 'src/schemas', s.path), 'utf8'))).toEqual(s.schema);
    }
  });

  it.each(TIER_NAMES)('the %s tier keeps its invariants', (tier) => {
    expect(checkTierInvariants(SPEC_TIERS[tier])).toEqual([]);
  });
});

describe('Kubernetes quantities', () => {
  it.each([
    ['10', 10],
    ['500m', 0.5],
    ['20Gi', 20 * 2 ** 30],
    ['1Ki', 1024],
    ['1k', 1000],
    ['1M', 1e6],
    ['1.5G', 1.5e9],
    ['1e3', 1000],
    ['1E3', 1000],
    ['2E', 2e18],
    ['.5', 0.5],
    ['5.', 5],
    ['-1', -1],
    ['+2Mi', 2 * 2 ** 20],
    ['100n', 100e-9],
    ['3u', 3e-6],
  ])('%s = %d base units', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 12);
  });

  it.each(['20GB', '20gi', '1K', '', 'Gi', '1.2.3', ' 1', '1 Gi', '1e', 'ten'])('refuses %j', (text) => {
    expect(() => parseQuantity(text)).toThrow(QuantityError);
  });

  it('suggests what a bad quantity meant', () => {
    expect(quantityHint('20GB')).toBe('did you mean 20G (decimal, 10^9) or 20Gi (binary, 2^30)?');
    expect(quantityHint('1 Gi')).toContain('"1Gi"');
  });
});

describe('model fit', () => {
  const onHardware = (model: TierProfile['models']['primary'], hardware: TierProfile['hardware']): TierProfile => ({
    ...EDGE,
    models: { primary: model },
    hardware,
  });

  it('7B at q4_K_M fits one A10G', () => {
    expect(modelMemory(EDGE.models.primary).requiredBytes / 2 ** 30).toBeLessThan(24);
    expect(checkCapacity(EDGE, []).findings).toEqual([]);
  });

  it('70B unquantized does not fit one H100 but fits 4×H100 on one node', () => {
    const big = DATACENTER.models.primary;
    expect(modelMemory(big).weightsBytes).toBe(140e9);
    const one = checkCapacity(onHardware(big, { ...DATACENTER.hardware, gpusPerNode: 1 }), []).findings;
    expect(one).toHaveLength(1);
    expect(one[0].rule).toBe('capacity.model-fits-gpu');
    expect(one[0].message).toContain(
      'needs 156.5Gi of GPU memory (130.4Gi of weights + 20% KV-cache/activation margin) but one inference replica has 80Gi',
    );
    expect(one[0].message).toContain('it needs 2 nvidia-h100 GPUs on one node');
    expect(checkCapacity(DATACENTER, []).findings).toEqual([]);
  });

  it('does not check hosted models or cloud GPUs', () => {
    expect(checkCapacity(SPEC_TIERS.connected, loadTenants(join(profilesDir(), 'tenants.yaml')).tenants).findings).toEqual([]);
  });
});

describe('tenant capacity', () => {
  const sample = () => loadTenants(join(profilesDir(), 'tenants.yaml')).tenants;

  it('rejects tenants that over-commit edge GPUs, naming each share', () => {
    const { findings } = checkCapacity(EDGE, sample());
    expect(findings.map((f) => f.rule)).toEqual(['capacity.tenant-gpu-overcommit']);
    expect(findings[0].message).toContain('team-alpha 2, team-beta 4, team-gamma 3 = 9 > 3 GPUs (3 nodes × 1 nvidia-a10g)');
  });

  it('names the first tenants of a long over-commit and sums the rest, so the message stays readable', () => {
    const one = sample()[0];
    const many = Array.from({ length: 500 }, (_, i) => ({ ...one, name: `t-${String(i).padStart(3, '0')}` }));
    const { findings } = checkCapacity(EDGE, many);
    expect(findings[0].message).toContain('t-000 2, ');
    expect(findings[0].message).toContain('t-011 2, 488 more tenants 976 = 1000 > 3 GPUs');
    expect(findings[0].message).not.toContain('t-012');
    expect(findings[0].message.length).toBeLessThan(600);
  });

  it('accepts the over-commit with a profile ratio or the flag, and reports it', () => {
    const ratio = checkCapacity({ ...EDGE, overcommit: { gpu: 3 } }, sample());
    expect(ratio.findings).toEqual([]);
    expect(ratio.overcommit).toEqual([{ resource: 'gpu', requested: 9, capacity: 3, allowedBy: 'profile', ratio: 3 }]);
    const tooLittle = checkCapacity({ ...EDGE, overcommit: { gpu: 2 } }, sample());
    expect(tooLittle.findings[0].message).toContain('the profile allows over-commit up to 2× (6)');
    expect(checkCapacity(EDGE, sample(), { allowOvercommit: true }).overcommit[0].allowedBy).toBe('flag');
  });

  it('checks CPU and memory against nodes × per-node capacity', () => {
    const { findings } = checkCapacity(
      {
        ...DATACENTER,
        hardware: { ...DATACENTER.hardware, gpuNodes: 1, gpusPerNode: 16, cpuPerNode: '40', memoryPerNode: '64Gi' },
        memoryPerPod: '32Gi',
      },
      sample(),
    );
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('team-alpha 10, team-beta 20, team-gamma 15 = 45 > 40 CPUs (1 node × 40 cores)'),
      expect.stringContaining('team-alpha 20Gi, team-beta 40Gi, team-gamma 30Gi = 90Gi > 64Gi (1 node × 64Gi)'),
    ]);
  });
});

describe('custom tiers', () => {
  it('extends a built-in tier and overrides fields (deep merge, lists replaced)', () => {
    const dir = tempDir();
    const file = join(dir, 'site-b.yaml');
    writeFileSync(file, 'extends: edge\nregistry:\n  url: registry.site-b.local:5000\n');
    const loaded = loadTierProfile(file);
    expect(loaded.profile).toEqual({ ...EDGE, name: 'site-b', registry: { type: 'local', url: 'registry.site-b.local:5000' } });
    expect(loaded.layers.map((l) => l.file)).toEqual([file, join(profilesDir(), 'edge.yaml')]);
  });

  it('extends a relative file, which extends a built-in tier', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'base.yaml'), 'extends: datacenter\nhardware:\n  gpuNodes: 2\n');
    writeFileSync(join(dir, 'site.yaml'), 'name: dc-site\nextends: ./base.yaml\nnetwork:\n  internalCIDRs: [10.20.0.0/16]\n');
    const { profile } = loadTierProfile(join(dir, 'site.yaml'));
    expect(profile.name).toBe('dc-site');
    expect(profile.hardware).toEqual({ ...DATACENTER.hardware, gpuNodes: 2 });
    expect(profile.network.internalCIDRs).toEqual(['10.20.0.0/16']);
    expect(profile.models).toEqual(DATACENTER.models);
  });

  it('drops an inherited fallback model with `fallback: null`', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'dc-lite.yaml'), 'extends: datacenter\nmodels:\n  fallback: null\n');
    expect(loadTierProfile(join(dir, 'dc-lite.yaml')).profile.models).toEqual({ primary: DATACENTER.models.primary });
  });

  it('refuses an extends cycle', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), 'extends: ./b.yaml\n');
    writeFileSync(join(dir, 'b.yaml'), 'extends: ./a.yaml\n');
    expect(() => loadTierProfile(join(dir, 'a.yaml'))).toThrow(/b\.yaml:1:10: extends: extends cycle/);
  });
});

describe('endpoint scan', () => {
  it.each([
    ['https://huggingface.co/x', ['https://huggingface.co']],
    ['api.anthropic.com', ['api.anthropic.com']],
    ['harbor.internal.mil:443/x', ['harbor.internal.mil:443']],
    ['8.8.8.8', ['8.8.8.8']],
    ['0.0.0.0/0', ['0.0.0.0/0']],
    ['file:///bundle/models', []],
    ['postgres.ns.svc.cluster.local:5432', []],
    ['gateway.ai-platform.local', []],
    ['/etc/inference/inference.yaml', []],
    ['10.0.0.0/8', []],
    ['registry.local:5000', []],
    ['v0.1.0', []],
  ])('%s → %j', (text, expected) => {
    expect(externalEndpointsIn(text, ['registry.local:5000'])).toEqual(expected);
  });
});
