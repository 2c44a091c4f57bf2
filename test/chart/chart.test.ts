// The generated chart: the SPEC's template names, Helm's own lint and schema checks, values that
// templates read, reproducible generation, names that fit, restricted pods, golden renders.
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkPodSecurity } from '../../src/checks/pod-security/index.js';
import { generateChart } from '../../src/generators/chart.js';
import { runGenerateCheck, generateFullChart, runGenerate } from '../../src/actions/generate.js';
import { pinnedHelmPath } from '../../src/helm/binary.js';
import { helmLint, runHelm } from '../../src/helm/run.js';
import { defaultsOf, walkValues } from '../../src/model/values-tree.js';
import { valuesTree } from '../../src/model/values.js';
import { podSecurityExceptions } from '../../src/model/pod-security-exceptions.js';
import { chartDir } from '../../src/paths.js';
import { renderObjects } from '../../src/render/render.js';
import { splitObjects } from '../../src/render/split.js';
import { runCli, tempDir } from '../helpers.js';
import { expectGoldenTree } from '../support/golden.js';
import { ALL_COMPONENTS_ON, ALL_GATED_APIS } from '../support/chart-apis.js';

const SPEC_TEMPLATES = `namespace configmap-global secret-credentials pvc-models pvc-data networkpolicy-default resourcequota
limitrange podsecuritypolicy serviceaccount role rolebinding clusterrole clusterrolebinding priorityclass poddisruptionbudget
horizontalpodautoscaler verticalpodautoscaler podmonitor servicemonitor kagent-crd shardrun-crd toolcall-crd budgetquota-crd
blackboard-crd controller-deployment controller-service webhook-deployment webhook-service webhook-certificate validatingwebhook
mutatingwebhook agent-configmap agent-secret default-budgetquota inference-deployment inference-service inference-configmap
inference-hpa inference-pdb inference-networkpolicy model-loader-job model-pvc vllm-deployment vllm-service triton-deployment
triton-service etl-deployment etl-service etl-configmap etl-cronjob etl-job-template etl-pvc etl-networkpolicy etl-hpa etl-secret
etl-serviceaccount gateway-deployment gateway-service gateway-ingress gateway-configmap ui-deployment ui-service ui-configmap
ui-ingress postgres-statefulset postgres-service postgres-pvc postgres-secret postgres-configmap neo4j-statefulset neo4j-service
neo4j-pvc redis-statefulset redis-service qdrant-statefulset qdrant-service prometheus-rules grafana-dashboard-agents
grafana-dashboard-inference grafana-dashboard-budgets alertmanager-config langfuse-deployment langfuse-service langfuse-configmap
langfuse-secret`.split(/\s+/);

const templatesDir = join(chartDir(), 'templates');

describe('the generated chart', () => {
  it('has exactly the 86 templates of the SPEC, plus helpers, NOTES, tests, tenant-namespace and admin-network-policy', () => {
    expect(SPEC_TEMPLATES).toHaveLength(86);
    const files = readdirSync(templatesDir).filter((f) => f.endsWith('.yaml'));
    expect(
      files
        .map((f) => f.replace(/\.yaml$/, ''))
        .filter((n) => n !== 'tenant-namespace' && n !== 'admin-network-policy')
        .sort(),
    ).toEqual([...SPEC_TEMPLATES].sort());
    expect(files).toEqual(expect.arrayContaining(['tenant-namespace.yaml', 'admin-network-policy.yaml']));
    expect(readdirSync(templatesDir)).toEqual(expect.arrayContaining(['_helpers.tpl', 'NOTES.txt', 'tests']));
    expect(readdirSync(join(templatesDir, 'tests')).sort()).toEqual(['test-agent.yaml', 'test-connection.yaml', 'test-inference.yaml']);
  });

  it('is what the model generates (committed chart is current)', () => {
    const r = runGenerateCheck(chartDir());
    expect(r).toEqual({ stale: [], missing: [], extra: [] });
  });

  it('generates identical bytes twice, tier values files included', () => {
    const first = generateFullChart();
    expect(first.map((f) => f.path)).toEqual(
      expect.arrayContaining(['values-tier1-edge.yaml', 'values-tier2-datacenter.yaml', 'values-tier3-connected.yaml']),
    );
    expect(generateFullChart()).toEqual(first);
    expect(generateChart()).toEqual(generateChart());
  });

  it('`generate --check` names a stale file and exits 1', () => {
    const dir = join(tempDir(), 'chart');
    runGenerate(dir);
    expect(runCli(['generate', '--check', '--out', dir]).code).toBe(0);
    writeFileSync(join(dir, 'templates/ui-service.yaml'), '# edited by hand\n');
    const r = runCli(['generate', '--check', '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('stale:   templates/ui-service.yaml');
  });

  it.each(['helm4', 'helm3'] as const)('passes `helm lint --strict` with the pinned %s', async (which) => {
    const r = await helmLint(pinnedHelmPath(which), chartDir());
    expect(r.stdout + r.stderr).toContain('0 chart(s) failed');
    expect(r.exitCode).toBe(0);
  });

  it('values.yaml holds exactly the model defaults, with a comment above every key', () => {
    const text = readFileSync(join(chartDir(), 'values.yaml'), 'utf8');
    expect(parse(text)).toEqual(defaultsOf(valuesTree));
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (/^\s*[A-Za-z0-9_"'.-]+:/.test(line) && !/^\s*#/.test(line)) {
        const indent = line.search(/\S/);
        // a key line is either commented directly above, or is inside a multi-line default value
        const prev = lines[i - 1] ?? '';
        const insideValue =
          !/^\s*# -- /.test(prev) &&
          lines
            .slice(0, i)
            .reverse()
            .some((l) => /^\s*# -- /.test(l) && l.search(/\S/) < indent);
        expect(/^\s*# -- /.test(prev) || insideValue, `no description above line ${i + 1}: ${line}`).toBe(true);
      }
    });
  });

  it('reads every values key it declares, and declares every key it reads', () => {
    const sources = [
      join(templatesDir, '_helpers.tpl'),
      join(templatesDir, 'NOTES.txt'),
      ...readdirSync(templatesDir)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => join(templatesDir, f)),
      ...readdirSync(join(templatesDir, 'tests')).map((f) => join(templatesDir, 'tests', f)),
    ];
    const read = new Set<string>();
    for (const file of sources) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)) read.add(m[1].slice(1));
    }
    const declared = new Set<string>();
    const leaves: string[] = [];
    for (const { path, node } of walkValues(valuesTree)) {
      if (path.length === 0) continue;
      declared.add(path.join('.'));
      if (node.kind === 'leaf') leaves.push(path.join('.'));
    }
    const schema = JSON.parse(readFileSync(join(chartDir(), 'values.schema.json'), 'utf8'));
    // a path may go inside a leaf's value (resources.requests), as far as the default has it
    const defaults = defaultsOf(valuesTree) as Record<string, any>;
    const inDefaults = (p: string) =>
      p.split('.').reduce<any>((v, k) => (v && typeof v === 'object' && k in v ? v[k] : undefined), defaults) !== undefined;
    const inSchema = (p: string) =>
      p
        .split('.')
        .reduce<Record<string, any> | undefined>(
          (s, k) => s?.properties?.[k] ?? (typeof s?.additionalProperties === 'object' ? s.additionalProperties : undefined),
          schema,
        ) !== undefined;
    const undeclared = [...read].filter((p) => !(declared.has(p) || inDefaults(p)) || !inSchema(p));
    expect(undeclared, 'template reads a value missing from values.yaml or the schema').toEqual([]);
    const unread = leaves.filter((leaf) => ![...read].some((r) => leaf === r || leaf.startsWith(`${r}.`) || r.startsWith(`${leaf}.`)));
    expect(unread, 'values.yaml declares a key no template reads').toEqual([]);
  });

  it('has no remote $ref in values.schema.json (Helm would fetch it)', () => {
    const text = readFileSync(join(chartDir(), 'values.schema.json'), 'utf8');
    expect(text).not.toMatch(/"\$ref"\s*:\s*"(https?:|\/\/)/);
  });

  it.each([
    ['a wrong type', 'controller.replicas=two', /replicas/],
    ['an unknown key', 'controller.replicaz=2', /replicaz/],
    ['a bad enum', 'global.tier=moon', /tier/],
  ])("is refused by helm template with Helm's own schema error for %s", async (_what, set, field) => {
    const r = await runHelm(pinnedHelmPath('helm4'), ['template', 'x', chartDir(), '--set', set]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain("values don't meet the specifications of the schema");
    expect(r.stderr).toMatch(field);
  });

  it('keeps StatefulSet names within 52 characters and Service names DNS-1035 for any release name', async () => {
    for (const release of ['a'.repeat(53), `1${'b'.repeat(52)}`, 'ai']) {
      const r = await runHelm(pinnedHelmPath('helm4'), [
        'template',
        release,
        chartDir(),
        '--set',
        'qdrant.enabled=true,langfuse.enabled=true',
      ]);
      expect(r.exitCode, r.stderr).toBe(0);
      const docs = r.stdout
        .split(/^---$/m)
        .map((d) => parse(d))
        .filter(Boolean);
      const names = (kind: string) => docs.filter((d) => d.kind === kind).map((d) => d.metadata.name as string);
      expect(names('StatefulSet').length).toBeGreaterThan(0);
      for (const n of names('StatefulSet')) expect(n.length, n).toBeLessThanOrEqual(52);
      for (const n of names('Service')) expect(n, n).toMatch(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/);
      const all = docs.map((d) => `${d.kind}/${d.metadata.name}`);
      expect(new Set(all).size, 'two objects collide after truncation').toBe(all.length);
    }
  });

  it('renders every pod at the restricted Pod Security level, apart from declared exceptions', async () => {
    const objects = await renderObjects({ set: ALL_COMPONENTS_ON });
    const report = checkPodSecurity(objects, { level: 'restricted', exceptions: podSecurityExceptions });
    const below = report.workloads
      .filter((w) => w.verdict !== 'pass')
      .map((w) => `${w.ref}: ${w.failures.map((f) => `${f.check} at ${f.path}`).join('; ')}`);
    expect(below).toEqual(podSecurityExceptions.map((e) => e.workload));
    expect(report.workloads.length).toBeGreaterThanOrEqual(14);
    expect(report.namespaceFindings).toEqual([]);
  });

  it('gives every container requests and limits and never a latest tag', async () => {
    const objects = await renderObjects({ set: ALL_COMPONENTS_ON, apiVersions: ALL_GATED_APIS });
    const text = JSON.stringify(objects.map((o) => o.object));
    expect(text).not.toMatch(/:latest"/);
    const containers = objects.flatMap((m) => {
      const o = m.object as any;
      const spec =
        o.spec?.template?.spec ?? o.spec?.jobTemplate?.spec?.template?.spec ?? o.template?.spec ?? (o.kind === 'Pod' ? o.spec : undefined);
      return spec ? spec.containers.map((c: any) => ({ ref: `${o.kind}/${o.metadata.name}/${c.name}`, resources: c.resources })) : [];
    });
    expect(containers.length).toBeGreaterThan(15);
    for (const c of containers) {
      expect(c.resources?.requests?.cpu && c.resources?.requests?.memory, c.ref).toBeTruthy();
      expect(c.resources?.limits?.cpu && c.resources?.limits?.memory, c.ref).toBeTruthy();
    }
  });

  it('matches the golden default render, one file per object', async () => {
    const objects = await renderObjects();
    expectGoldenTree(join(import.meta.dirname, '../golden/default'), splitObjects(objects));
  });
});

describe('a copy of the chart', () => {
  it('is installable from a plain directory (helm template works outside the repo)', async () => {
    const dir = join(tempDir(), 'ai-platform');
    cpSync(chartDir(), dir, { recursive: true });
    const r = await runHelm(pinnedHelmPath('helm3'), ['template', 'ai-platform', dir, '--include-crds']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('kind: CustomResourceDefinition');
  });
});
