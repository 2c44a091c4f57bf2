// Operators' view (issue 19, parts 1–3): one set of tier and release flags in every command, a
// site tier judged on its own hardware, capacity that counts the platform's own GPU pods, and the
// documented install rendered with plain pinned Helm 3 and 4 as aipc renders and checks it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { pinnedHelmPath } from '../../src/helm/binary.js';
import { installCommands, DEFAULT_NAMESPACE, DEFAULT_RELEASE } from '../../src/model/install.js';
import { CLASSIFICATION_LABEL } from '../../src/model/labels.js';
import { chartDir, packageRoot } from '../../src/paths.js';
import { TIER_NAMES, TIER_VALUES_FILES } from '../../src/schemas/tier-names.js';
import { checkCapacity } from '../../src/tiers/capacity.js';
import { effectiveProfile } from '../../src/tiers/compile.js';
import { resolveTier } from '../../src/tiers/resolve.js';
import { runCli, tempDir } from '../helpers.js';

type Obj = {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
};

const TENANT = (name: string, gpu: number, cpu = '4') =>
  `  - name: ${name}\n    quota: {cpu: "${cpu}", memory: 8Gi, gpu: ${gpu}, pvcs: 2, pods: 10}\n    budget: {maxTotalTokens: 1000, maxTotalCost: "10.00", maxConcurrentRuns: 1}\n`;

/** A site directory: a 1-GPU and a 4-GPU site extending edge, and two tenants of 1 GPU each. */
function site(dir = tempDir()): { dir: string; small: string; big: string; tenants: string } {
  const small = join(dir, 'site-small.yaml');
  const big = join(dir, 'site-big.yaml');
  const tenants = join(dir, 'tenants.yaml');
  writeFileSync(small, 'name: site-small\nextends: edge\nhardware:\n  gpuNodes: 1\n  gpusPerNode: 1\n');
  writeFileSync(big, 'name: site-big\nextends: edge\nhardware:\n  gpuNodes: 2\n  gpusPerNode: 2\n');
  writeFileSync(tenants, `tenants:\n${TENANT('team-a', 1)}${TENANT('team-b', 1)}`);
  return { dir, small, big, tenants };
}

const objectsOf = (text: string): Obj[] =>
  parseAllDocuments(text)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => !!o && typeof o === 'object' && 'kind' in o);

describe('a site tier goes through every command, judged on its own hardware', () => {
  // one site for the commands below (each its own test: Helm renders are slow on a shared machine)
  const shared = mkdtempSync(join(tmpdir(), 'aipc-site-'));
  afterAll(() => rmSync(shared, { recursive: true, force: true }));
  const s = site(shared);
  const tier = ['--tier', s.big, '--tenants', s.tenants];

  it('a 4-GPU site with its tenants: values and render use its tenants and its hardware', () => {
    const values = runCli(['values', ...tier]);
    expect(values.code, values.stderr).toBe(0);
    expect(values.stdout).toContain('tier: edge');
    const render = runCli(['render', ...tier]);
    expect(render.code, render.stderr).toBe(0);
    const objs = objectsOf(render.stdout);
    // the site's own tenants, not the shipped sample; the site's hardware, not edge's
    expect(objs.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)).toEqual([
      'ai-platform',
      'tenant-team-a',
      'tenant-team-b',
    ]);
    const config = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'ai-platform-global') as unknown as {
      data: Record<string, string>;
    };
    expect(config.data).toMatchObject({ AIPC_GPU_NODES: '2', AIPC_GPU_PER_NODE: '2' });
  });

  it('a 4-GPU site passes check', () => {
    const check = runCli(['check', ...tier]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('2 tenants, each with Namespace, ResourceQuota, BudgetQuota and NetworkPolicy');
  });

  it.each(['isolation', 'pod-security'])('a 4-GPU site passes check %s', (sub) => {
    const r = runCli(['check', sub, ...tier]);
    expect(r.code, `${sub}: ${r.stdout}${r.stderr}`).toBe(0);
  });

  it('a 4-GPU site passes airgap images and build', () => {
    const images = runCli(['airgap', 'images', ...tier]);
    expect(images.code, images.stderr).toBe(0);
    expect(images.stdout).toContain('registry.local:5000/ai-platform/inference:');
    const build = runCli(['build', '--out', join(tempDir(), 'chart'), ...tier]);
    expect(build.code, build.stdout + build.stderr).toBe(0);
    expect(build.stdout).toMatch(/site-big \(edge\) from .*site-big\.yaml: 2 tenants/);
  });

  it('a 1-GPU site with two 1-GPU tenants fails in every command, naming each consumer', () => {
    const s = site();
    const tier = ['--tier', s.small, '--tenants', s.tenants];
    for (const args of [['values'], ['render'], ['check'], ['check', 'isolation'], ['check', 'pod-security'], ['airgap', 'images']]) {
      const r = runCli([...args, ...tier]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(
        'inference 1 (1 pod at its HPA maximum × 1 GPU), team-a 1, team-b 1 = 3 > 1 GPUs (1 node × 1 nvidia-a10g); 2 short',
      );
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('the hint path (a built-in tier plus the site values file) is judged on the site hardware the values carry', () => {
    const s = site();
    const file = join(s.dir, 'values-site-small.yaml');
    // compiled with the explicit allowance, then handed to check against edge: the site has 1 GPU, not edge's 3
    expect(runCli(['values', '--tier', s.small, '--tenants', s.tenants, '--allow-overcommit', '-o', file]).code).toBe(0);
    // a -f file over a tier is held to the tier's rules where the tier is resolved: the over-commit
    // is refused (exit 2) in the file that carries it, before anything renders
    const r = runCli(['check', '--tier', 'edge', '-f', file]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(/values-site-small\.yaml:\d+:\d+/);
    // edge's file caps inference at 1 pod; the site's tenants add 2; the site has 1 GPU
    expect(r.stderr).toContain('inference 1 (1 pod at its HPA maximum × 1 GPU), team-a 1, team-b 1 = 3 > 1 GPUs (1 node × 1 nvidia-a10g)');
  });

  it('check --tier edge --tenants FILE checks those tenants, not the shipped sample', () => {
    const s = site();
    const r = runCli(['check', '--tier', 'edge', '--tenants', s.tenants]);
    // 2 tenant GPUs + inference capped at 1 pod = edge's 3
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('2 tenants, each with Namespace, ResourceQuota, BudgetQuota and NetworkPolicy');
  });
});

describe('--set-string and --set-file', () => {
  it('keep a string a string and read a file as the value, shown in the header; a bad one names the flag', () => {
    const file = join(tempDir(), 'source.txt');
    writeFileSync(file, 'file:///models/mistral');
    const r = runCli(['values', '--tier', 'edge', '--set-string', 'ui.config.title=0755', '--set-file', `modelLoader.source=${file}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('#   --set-string ui.config.title=0755\n');
    expect(r.stdout).toContain('    title: "0755"\n');
    expect(r.stdout).toContain('  source: file:///models/mistral\n');
    const missing = runCli(['check', '--tier', 'edge', '--set-file', 'modelLoader.source=/nonexistent/x']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--set-file[1]:1:');
    expect(missing.stderr).toContain('cannot read /nonexistent/x: no such file');
  });
});

describe('duplicate tenants are an input error wherever tenants enter', () => {
  const duplicated = () => {
    const file = join(tempDir(), 'dup.yaml');
    writeFileSync(file, `tenants:\n${TENANT('tenant-a', 0)}${TENANT('tenant-a', 0)}`);
    return file;
  };
  it.each([
    ['check', '--tier', 'edge', '-f'],
    ['render', '--split', join(tempDir(), 'out'), '--tier', 'edge', '-f'],
    ['check', 'isolation', '--tier', 'edge', '-f'],
    ['values', '--tier', 'edge', '-f'],
    ['values', '--tier', 'edge', '--tenants'],
  ])('%s %s … %s', (...args) => {
    const file = duplicated();
    const r = runCli([...args, file]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(/dup\.yaml:\d+:\d+: tenants\[1\]\.name: duplicate tenant name "tenant-a"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('capacity counts everything', () => {
  it.each(TIER_NAMES)('the shipped %s tier fits: platform GPU pods at their maximum plus tenant quotas', (tier) => {
    const resolved = resolveTier({ tier });
    const capacity = checkCapacity(effectiveProfile(resolved.profile, resolved.mergedValues), resolved.tenants, {
      values: resolved.mergedValues,
    });
    expect(capacity.findings).toEqual([]);
    expect(capacity.overcommit).toEqual([]);
  });

  it('the compiler caps edge inference at the GPUs team-alpha leaves and sizes the platform quota from the hardware', () => {
    const { mergedValues: values } = resolveTier({ tier: 'edge' });
    expect(values.inference).toMatchObject({ autoscaling: { maxReplicas: 1 } });
    expect((values.platform as { resourceQuota: Record<string, string> }).resourceQuota).toMatchObject({
      'requests.nvidia.com/gpu': '1', // 1 inference pod × 1 GPU; team-alpha's 2 are its own quota
      'requests.cpu': '38', // 3 nodes × 16 − team-alpha 10
      'requests.memory': '172Gi', // 3 × 64Gi − 20Gi
    });
    expect(readFileSync(join(chartDir(), TIER_VALUES_FILES.edge), 'utf8')).toContain(
      '# Fitted to the hardware: inference.autoscaling.maxReplicas 3 → 1',
    );
  });

  it('--set inference.autoscaling.maxReplicas=3 on edge with team-alpha is exit 2 naming both consumers (values and check)', () => {
    for (const cmd of ['values', 'check']) {
      const r = runCli([cmd, '--tier', 'edge', '--tenants', 'profiles/tenants-edge.yaml', '--set', 'inference.autoscaling.maxReplicas=3']);
      expect(r.code, cmd).toBe(2);
      expect(r.stderr).toContain(
        'inference 3 (3 pods at its HPA maximum × 1 GPU), team-alpha 2 = 5 > 3 GPUs (3 nodes × 1 nvidia-a10g); 2 short',
      );
    }
  });

  it('enabling vLLM counts another GPU workload; the explicit allowance lets it through and says so in the header', () => {
    const args = ['values', '--tier', 'edge', '--tenants', 'profiles/tenants-edge.yaml', '--set', 'vllm.enabled=true'];
    const refused = runCli(args);
    expect(refused.code).toBe(2);
    // judged after the fitting a successful compile applies: inference fits down to 1 pod, and 1 GPU is short
    expect(refused.stderr).toContain('inference 1 (1 pod at its HPA maximum × 1 GPU), vllm 1 (1 pod × 1 GPU), team-alpha 2 = 4 > 3 GPUs');
    expect(refused.stderr).toContain('1 short; lower tenants[].quota.gpu by 1 in total');
    const allowed = runCli([...args, '--allow-overcommit']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toContain('#   OVER-COMMIT: gpu quotas 6 of 3 (2.00×), allowed by --allow-overcommit');
  });

  it('CPU counts the platform too: a tenant taking every core leaves none for the inference pods', () => {
    const file = join(tempDir(), 'greedy.yaml');
    writeFileSync(file, `tenants:\n${TENANT('greedy', 0, '48')}`);
    const r = runCli(['values', '--tier', 'edge', '--tenants', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      // the platform quota is sized for inference's 3 pods × 500m, the least the platform needs
      'platform namespace 1.5 (ResourceQuota requests.cpu), greedy 48 = 49.5 > 48 CPUs (3 nodes × 16 cores); 1.5 short',
    );
  });

  it('the platform namespace quota renders from the hardware (1 GPU on edge, not 32)', () => {
    const r = runCli(['render', '--tier', 'edge']);
    const quota = objectsOf(r.stdout).find((o) => o.kind === 'ResourceQuota' && o.metadata.namespace === 'ai-platform') as unknown as {
      spec: { hard: Record<string, string> };
    };
    expect(quota.spec.hard['requests.nvidia.com/gpu']).toBe('1');
  });
});

describe('the documented install, rendered with plain Helm 3 and 4, is what aipc renders and checks', () => {
  const readme = readFileSync(join(chartDir(), 'README.md'), 'utf8');
  const block = /## Install\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const commands = block.split('\n').filter((l) => l.startsWith('helm '));

  it('the README and every tier file header carry the same two commands, with -n', () => {
    expect(commands).toHaveLength(2);
    expect(commands[0]).toContain('--show-only templates/namespace.yaml');
    expect(commands[0]).toMatch(/\| kubectl apply -f -$/);
    expect(commands.join('\n')).not.toContain('--create-namespace');
    for (const tier of TIER_NAMES) {
      const header = readFileSync(join(chartDir(), TIER_VALUES_FILES[tier]), 'utf8');
      const file = `charts/ai-platform/${TIER_VALUES_FILES[tier]}`;
      for (const line of installCommands({
        release: DEFAULT_RELEASE,
        namespace: DEFAULT_NAMESPACE,
        chart: 'charts/ai-platform',
        valuesFiles: ['charts/ai-platform/values.yaml', file],
      }))
        expect(header).toContain(`#   ${line}\n`);
      expect(header).toContain(`--namespace ${DEFAULT_NAMESPACE}`);
    }
  });

  /** Runs one README line with a pinned Helm (step 2's `install` as `helm template`: no cluster here). */
  const run = (helm: string, line: string) => {
    const args = line
      .replace(/ \| kubectl apply -f -$/, '')
      .split(' ')
      .slice(1);
    if (args[0] === 'install') args[0] = 'template';
    const r = spawnSync(helm, args, { cwd: packageRoot(), encoding: 'utf8', env: { ...process.env, HELM_NO_PLUGINS: '1' } });
    expect(r.status, r.stderr).toBe(0);
    return objectsOf(r.stdout);
  };

  it.each(['helm3', 'helm4'] as const)(
    '%s: step 1 is the labelled Namespace alone; step 2 owns it and puts every object in a labelled namespace',
    (which) => {
      const helm = pinnedHelmPath(which);
      const [ns] = run(helm, commands[0]).filter(() => true);
      expect(run(helm, commands[0])).toHaveLength(1);
      expect(ns.kind).toBe('Namespace');
      expect(ns.metadata.name).toBe('ai-platform');
      expect(ns.metadata.labels).toMatchObject({
        [CLASSIFICATION_LABEL]: 'secret',
        'pod-security.kubernetes.io/enforce': 'restricted',
        'app.kubernetes.io/managed-by': 'Helm',
      });
      // what helm install checks before adopting an existing object into the release
      expect(ns.metadata.annotations).toMatchObject({
        'meta.helm.sh/release-name': 'ai-platform',
        'meta.helm.sh/release-namespace': 'ai-platform',
      });

      const objects = run(helm, commands[1]);
      const namespaces = new Map(objects.filter((o) => o.kind === 'Namespace').map((o) => [o.metadata.name, o]));
      expect(namespaces.get('ai-platform')).toEqual(ns);
      const placed = new Set(objects.map((o) => o.metadata.namespace).filter((n): n is string => !!n));
      expect([...placed].sort()).toEqual(['ai-platform', 'tenant-team-alpha']);
      for (const n of placed) expect(namespaces.get(n)?.metadata.labels?.[CLASSIFICATION_LABEL], n).toBe('secret');
      expect(objects.filter((o) => o.metadata.namespace === 'ai-platform').length).toBeGreaterThan(50);
    },
  );

  it('aipc render --tier edge is exactly step 2, and check evaluates it', () => {
    const key = (o: Obj) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const documented = run(pinnedHelmPath('helm4'), commands[1]).map(key).sort();
    const r = runCli(['render', '--tier', 'edge']);
    // aipc adds crds/ (--include-crds) so custom resources can be checked against them
    const rendered = objectsOf(r.stdout)
      .filter((o) => o.kind !== 'CustomResourceDefinition')
      .map(key)
      .sort();
    expect(rendered).toEqual(documented);
    const check = runCli(['check', '--tier', 'edge']);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toMatch(/PASS\s+Namespace matches classification level\n\s+2 namespaces labelled/);
    // the old recipe (namespace.create=false, --create-namespace) leaves the platform's objects in an unlabelled namespace
    const old = runCli(['check', '--tier', 'edge', '--set', 'namespace.create=false']);
    expect(old.code).toBe(1);
    expect(old.stdout).toMatch(/objects are placed in namespace ai-platform, which the render does not create with its labels/);
  });

  it('--release and -n flow through to object names, the Namespace and the checks', () => {
    const r = runCli(['render', '--tier', 'edge', '--release', 'lab', '-n', 'ai-lab']);
    expect(r.code, r.stderr).toBe(0);
    const objects = objectsOf(r.stdout);
    const ns = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === 'ai-lab');
    expect(ns?.metadata.annotations).toMatchObject({ 'meta.helm.sh/release-name': 'lab', 'meta.helm.sh/release-namespace': 'ai-lab' });
    expect(
      objects.some((o) => o.kind === 'Deployment' && o.metadata.name === 'lab-ai-platform-inference' && o.metadata.namespace === 'ai-lab'),
    ).toBe(true);
    expect(objects.some((o) => o.metadata.namespace === 'ai-platform')).toBe(false);
    for (const args of [['check'], ['check', 'isolation'], ['check', 'pod-security']]) {
      const c = runCli([...args, '--tier', 'edge', '--release', 'lab', '-n', 'ai-lab']);
      expect(c.code, `${args.join(' ')}: ${c.stdout}${c.stderr}`).toBe(0);
    }
    const bad = runCli(['render', '--tier', 'edge', '-n', 'Bad_NS']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--namespace must be a DNS-1123 label');
  });
});
