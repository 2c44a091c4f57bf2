// aipc explain names the input that set a rendered field, with file and line: the profile, the
// tenant list, release.yaml, a --set, a -f file, the compiler's GPU fitting, or the chart default.
// Every case renders with the pinned Helm; the expected lines are found in the inputs' own text.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withResolvedTier, type TierInputs } from '../../src/actions/tier.js';
import { renderResolvedTier } from '../../src/render/render.js';
import { explainField, findObject, type FieldExplanation } from '../../src/explain/explain.js';
import { readYamlFile } from '../../src/io/yaml-read.js';
import { chartDir, packageRoot } from '../../src/paths.js';
import { runAipc } from '../support/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aipc-explain-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Compiles and renders a tier once, and explains each field asked for. */
async function explainAll(inputs: TierInputs & { tier: string }, fields: readonly [string, string][]): Promise<FieldExplanation[]> {
  return withResolvedTier({ ...inputs, compile: true }, async (tier) => {
    const objects = await renderResolvedTier(tier);
    return fields.map(([object, path]) =>
      explainField(findObject(objects, object), path, { mergedValues: tier.mergedValues, provenance: tier.provenance() }),
    );
  });
}

/** 1-based line of the first line matching `pattern` at or after the line matching `after`. */
function lineOf(file: string, pattern: RegExp, after?: RegExp): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = after ? lines.findIndex((l) => after.test(l)) : 0;
  expect(start, `${String(after)} in ${file}`).toBeGreaterThanOrEqual(0);
  const found = lines.findIndex((l, i) => i >= start && pattern.test(l));
  expect(found, `${String(pattern)} in ${file}`).toBeGreaterThanOrEqual(0);
  return found + 1;
}

const read = (e: FieldExplanation, valuesPath: string) => {
  const r = e.reads.find((x) => x.valuesPath === valuesPath);
  expect(r, `${e.field} reads ${valuesPath} (reads: ${e.reads.map((x) => x.valuesPath).join(', ')})`).toBeDefined();
  return r!;
};

const shown = (file: string) => {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
};

describe('aipc explain: the origin of a field, with file and line', () => {
  it('the built-in edge tier: an image tag from release.yaml, the HPA maximum fitted by the compiler, a chart default', async () => {
    const [image, hpa, cpu, enforce] = await explainAll({ tier: 'edge' }, [
      ['Deployment/ai-platform-inference', 'spec.template.spec.containers[0].image'],
      ['HorizontalPodAutoscaler/ai-platform-inference', 'spec.maxReplicas'],
      ['Deployment/ai-platform-inference', 'spec.template.spec.containers[name=inference].resources.requests.cpu'],
      ['Namespace/tenant-team-alpha', 'metadata.labels["pod-security.kubernetes.io/enforce"]'],
    ]);
    // two helpers write the Namespace's labels: both lines are named, and the one that reads the level is among the reads
    expect(enforce.template?.branches?.map((b) => b.text).join(' ')).toContain('ai-platform.namespaceLabels');
    expect(read(enforce, 'global.podSecurityLevel')).toMatchObject({ value: enforce.value, origin: { layer: 'chart-default' } });
    // the tag: release.yaml's line for the inference image
    expect(image.template?.file).toBe('templates/inference-deployment.yaml');
    const release = join(packageRoot(), 'release.yaml');
    const tag = read(image, 'inference.image.tag');
    expect(tag.value).toBe(String(image.value).split(':').pop());
    expect(tag.origin).toMatchObject({
      layer: 'release',
      file: shown(release),
      line: lineOf(release, /^\s+tag:/, /repository: ai-platform\/inference$/),
    });
    // the registry the same line reads: the profile's registry.url
    expect(read(image, 'global.registry').origin).toMatchObject({
      layer: 'profile',
      line: lineOf(join(packageRoot(), 'profiles/edge.yaml'), /^\s+url:/, /^registry:/),
    });

    // edge's 3 GPUs less team-alpha's 2 leave one inference pod: the compiler's rule, and its inputs
    expect(hpa.value).toBe(1);
    const max = read(hpa, 'inference.autoscaling.maxReplicas');
    expect(max.origin.layer).toBe('compiler');
    expect(max.origin.rule).toBe('capacity.fit-inference-max-replicas');
    expect(max.origin.detail).toContain(`profiles/edge.yaml:${lineOf(join(packageRoot(), 'profiles/edge.yaml'), /gpuNodes:/)}`);
    expect(max.origin.detail).toContain('tenants-edge.yaml');

    // nothing sets inference's CPU request but the chart: values.yaml's own line
    const values = join(chartDir(), 'values.yaml');
    const request = read(cpu, 'inference.resources.requests.cpu');
    expect(request.value).toBe(cpu.value);
    expect(request.origin).toMatchObject({
      layer: 'chart-default',
      file: shown(values),
      line: readYamlFile(values).locate(['inference', 'resources', 'requests', 'cpu']).line,
    });
  });

  it('a GPU limit from a site profile, a quota from a tenant file, a -f file and a --set', async () => {
    const site = join(dir, 'site.yaml');
    // a 14B unquantized model needs two 24Gi A10Gs per replica: the limit is the profile's doing
    writeFileSync(
      site,
      [
        'extends: edge',
        'name: site-a',
        'hardware:',
        '  gpuType: nvidia-a10g',
        '  gpuNodes: 3',
        '  gpusPerNode: 2',
        'models:',
        '  primary:',
        '    name: site-model-14b',
        '    parametersBillions: 14',
        '    quantization: none',
        '    contextLength: 8192',
        '    provider: local',
        '',
      ].join('\n'),
    );
    const tenants = join(dir, 'tenants.yaml');
    // not in name order: the values sort tenants, the explanation must still point at the file's line
    writeFileSync(
      tenants,
      [
        'tenants:',
        '  - name: zeta',
        '    quota:',
        '      cpu: "2"',
        '      memory: 4Gi',
        '      gpu: 1',
        '      pvcs: 1',
        '      pods: 5',
        '    budget: {maxTotalTokens: 1000, maxTotalCost: "1.00", maxConcurrentRuns: 1}',
        '  - name: alpha',
        '    quota:',
        '      cpu: "2"',
        '      memory: 4Gi',
        '      gpu: 0',
        '      pvcs: 1',
        '      pods: 5',
        '    budget: {maxTotalTokens: 1000, maxTotalCost: "1.00", maxConcurrentRuns: 1}',
        '',
      ].join('\n'),
    );
    const extra = join(dir, 'extra.yaml');
    writeFileSync(extra, ['inference:', '  resources:', '    limits:', '      cpu: "3"', ''].join('\n'));
    const [gpu, quota, cpu, memory] = await explainAll(
      { tier: site, tenantsFile: tenants, extraValuesFiles: [extra], set: ['inference.resources.limits.memory=20Gi'] },
      [
        ['Deployment/ai-platform-inference', 'spec.template.spec.containers[0].resources.limits["nvidia.com/gpu"]'],
        ['ResourceQuota/tenant-zeta/tenant-quota', 'spec.hard.requests.nvidia.com/gpu'],
        ['Deployment/ai-platform-inference', 'spec.template.spec.containers[0].resources.limits.cpu'],
        ['Deployment/ai-platform-inference', 'spec.template.spec.containers[0].resources.limits.memory'],
      ],
    );
    expect(gpu.value).toBe(2);
    expect(gpu.template?.text).toContain('.Values.gpu.perReplica');
    // the primary model's mapping, where it starts
    expect(read(gpu, 'gpu.perReplica').origin).toMatchObject({ layer: 'profile', file: site, line: lineOf(site, /name: site-model-14b/) });

    expect(quota.field).toBe('spec.hard["requests.nvidia.com/gpu"]');
    expect(quota.value).toBe('1');
    expect(read(quota, 'tenants[1].quota.gpu').origin).toMatchObject({
      layer: 'tenants',
      file: tenants,
      line: lineOf(tenants, /gpu: 1/, /name: zeta/),
      field: 'tenants[0].quota.gpu',
    });

    expect(cpu.value).toBe('3');
    expect(read(cpu, 'inference.resources.limits.cpu').origin).toMatchObject({ layer: 'values-file', file: extra, line: 4 });

    expect(memory.value).toBe('20Gi');
    expect(read(memory, 'inference.resources.limits.memory').origin).toMatchObject({
      layer: 'set',
      flag: '--set inference.resources.limits.memory=20Gi',
    });
  });

  it('list items a condition or a helper shifts are matched by their content: the gateway egress rule is its own line', async () => {
    const [gatewayPort, approved] = await explainAll({ tier: 'connected' }, [
      ['NetworkPolicy/tenant-team-alpha/tenant-isolation', 'spec.egress[2].ports[0].port'],
      ['NetworkPolicy/tenant-team-alpha/tenant-isolation', 'spec.egress[3]'],
    ]);
    // [0] the namespace's own pods, [1] DNS (a helper), [2] the platform gateway (a literal item after the helper)
    expect(gatewayPort.value).toBe(8080);
    expect(gatewayPort.template?.text).toBe('port: 8080');
    expect(gatewayPort.reads).toEqual([]);
    // [3] the connected tier's approved egress, from a helper: its reads name the profile's egress mode
    expect(approved.template?.branches?.map((b) => b.text).join(' ')).toContain('ai-platform.tierEgressRules');
    expect(read(approved, 'network.egress').origin).toMatchObject({ layer: 'profile', field: 'network.egress' });
  });

  it('the CLI prints the origin, and --format json the same explanation', async () => {
    const args = [
      'explain',
      '--tier',
      'edge',
      '--set',
      'inference.resources.limits.memory=18Gi',
      'Deployment/ai-platform-inference',
      'spec.template.spec.containers[0].resources.limits.memory',
    ];
    const text = await runAipc(args);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('spec.template.spec.containers[0].resources.limits.memory: "18Gi"');
    expect(text.stdout).toContain('inference.resources.limits.memory = "18Gi"');
    expect(text.stdout).toContain('set by --set inference.resources.limits.memory=18Gi');
    const json = await runAipc([...args, '--format', 'json']);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as FieldExplanation;
    expect(parsed.reads).toEqual([
      { valuesPath: 'inference.resources.limits.memory', value: '18Gi', origin: expect.objectContaining({ layer: 'set' }) },
    ]);
  });

  it('bad objects and paths are usage errors naming what is wrong', async () => {
    // datacenter deploys three tenants, each with its tenant-quota
    const ambiguous = await runAipc(['explain', '--tier', 'datacenter', 'ResourceQuota/tenant-quota', 'spec.hard']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('ResourceQuota/tenant-team-alpha/tenant-quota');
    const missing = await runAipc(['explain', '--tier', 'edge', 'Deployment/ai-platform-inference', 'spec.nothing']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('has no field "nothing"');
    const syntax = await runAipc(['explain', '--tier', 'edge', 'Deployment/ai-platform-inference', 'spec[']);
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/PATH "spec\[".*not closed/);
    const noTier = await runAipc(['explain', 'Deployment/ai-platform-inference', 'spec.replicas']);
    expect(noTier.code).toBe(2);
    expect(noTier.stderr).toContain('--tier');
  });
});
