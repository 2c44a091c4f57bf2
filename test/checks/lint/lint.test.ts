// aipc lint on the chart itself (every tier, every optional API on) and on mutations of a render
// that a pod, Service, HPA, PDB or binding would break on: each must be reported by name.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findLintCheck, lintObjects, LINT_CHECKS } from '../../../src/checks/lint/index.js';
import { lintChartRender } from '../../../src/checks/lint/tier.js';
import { lintExceptions } from '../../../src/model/lint-exceptions.js';
import { readMergedValues } from '../../../src/tiers/resolve.js';
import { renderTierObjects, tierValuesFiles } from '../../../src/render/render.js';
import { TIER_NAMES as BUILTIN_TIERS } from '../../../src/schemas/tier-names.js';
import { readManifestText, type ManifestObject } from '../../../src/io/manifests.js';
import { formatYaml } from '../../../src/io/yaml-format.js';
import { runCli, tempDir } from '../../helpers.js';
import { runAipc } from '../../support/cli.js';
import { ALL_COMPONENTS_ON, ALL_GATED_APIS } from '../../support/chart-apis.js';

/** `# Source:` lines of the unmutated render, by position: declared exceptions name templates. */
let sources: string[] = [];

/** A manifest stream as text, re-read so every object has its source and line. */
function stream(objects: readonly unknown[]): ManifestObject[] {
  const text = objects.map((o, i) => `---\n${sources[i] ?? ''}\n${formatYaml(o)}`).join('');
  const read = readManifestText(text, 'mutated.yaml');
  expect(read.diagnostics).toEqual([]);
  return read.objects;
}

const clone = <T>(v: T): T => structuredClone(v);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mutations reach into arbitrary fields of rendered objects
type Raw = Record<string, any>;

describe('aipc lint --tier', () => {
  it.each(BUILTIN_TIERS)('%s: exits 0 and prints each declared exception it applies with its reason', async (tier) => {
    const r = await runAipc(['lint', '--tier', tier]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^0 findings in \d+ objects/m);
    // the exceptions every tier uses (the tenant namespaces, Helm's instance label, IfNotPresent, test hooks)
    for (const e of lintExceptions.filter((x) =>
      ['dangling-networkpolicy', 'metadata-and-instance-mismatched', 'pull-policy-not-always', 'no-readiness-probe'].includes(x.check),
    ))
      expect(r.stdout).toContain(`accepted ${e.check} on ${e.object} (`);
    for (const line of r.stdout.split('\n').filter((l) => l.startsWith('accepted '))) {
      const e = lintExceptions.find((x) => line.startsWith(`accepted ${x.check} on ${x.object} (`));
      expect(e, line).toBeDefined();
      expect(line.endsWith(`: ${e!.reason}`)).toBe(true);
    }
  });

  it.each(BUILTIN_TIERS)('%s: no findings with every optional component and API on (and templated CRDs)', async (tier) => {
    const set = [...ALL_COMPONENTS_ON, 'crds.templated=true'];
    const objects = await renderTierObjects(tier, { set, apiVersions: ALL_GATED_APIS });
    const report = lintChartRender(objects, readMergedValues(tierValuesFiles(tier)), { servedApis: ALL_GATED_APIS });
    expect(report.findings.map((f) => `${f.check} ${f.kind}/${f.name}: ${f.message}`)).toEqual([]);
    // the optional objects were rendered and linted, each CRD once
    const kinds = new Set(objects.map((o) => o.object.kind));
    for (const k of ['PodSecurityPolicy', 'ServiceMonitor', 'PodMonitor', 'Certificate', 'VerticalPodAutoscaler'])
      expect(kinds).toContain(k);
    const crds = objects.filter((o) => o.object.kind === 'CustomResourceDefinition').map((o) => o.object.metadata?.name);
    expect(crds.length).toBe(new Set(crds).size);
    expect(crds.length).toBeGreaterThan(0);
  });
});

describe('aipc lint on a mutated edge render', () => {
  let base: ManifestObject[];
  let raw: Raw[];
  beforeAll(async () => {
    base = await renderTierObjects('edge');
    raw = base.map((m) => clone(m.object) as Raw);
    sources = base.map((m) => /^# Source: .*$/m.exec(m.source)?.[0] ?? '');
  });
  const lint = (objects: unknown[]) =>
    lintObjects(stream(objects), { defaultNamespace: 'ai-platform', exceptions: lintExceptions, airgapped: true, selfContained: true })
      .findings;
  const find = (kind: string, name: string) => raw.findIndex((o) => o.kind === kind && o.metadata.name === name);

  it('the render itself has no findings', async () => {
    expect(lint(raw)).toEqual([]);
  });

  it('reports an envFrom Secret that is not rendered, by workload and Secret name', async () => {
    const objects = clone(raw);
    const ui = objects[find('Deployment', 'ai-platform-ui')];
    ui.spec.template.spec.containers[0].envFrom.push({ secretRef: { name: 'ui-session-key' } });
    const f = lint(objects);
    expect(f.map((x) => [x.check, x.kind, x.name])).toEqual([['missing-reference', 'Deployment', 'ai-platform-ui']]);
    expect(f[0].message).toContain('Secret "ui-session-key"');
    expect(f[0].path).toMatch(/^spec\.template\.spec\.containers\[0\]\.envFrom\[\d+\]\.secretRef$/);
    expect(f[0].line).toBeGreaterThan(1);
    // optional, or declared external: not reported
    ui.spec.template.spec.containers[0].envFrom.at(-1).secretRef.optional = true;
    expect(lint(objects)).toEqual([]);
    delete ui.spec.template.spec.containers[0].envFrom.at(-1).secretRef.optional;
    expect(
      lintObjects(stream(objects), {
        defaultNamespace: 'ai-platform',
        exceptions: lintExceptions,
        external: ['Secret/ui-session-key'],
        selfContained: true,
      }).findings,
    ).toEqual([]);
  });

  it('reports a Service that selects no pod', async () => {
    const objects = clone(raw);
    objects[find('Service', 'ai-platform-ui')].spec.selector['app.kubernetes.io/component'] = 'iu';
    const f = lint(objects).filter((x) => x.check === 'dangling-service');
    expect(f.map((x) => `${x.kind}/${x.name}`)).toEqual(['Service/ai-platform-ui']);
    expect(f[0].message).toContain('app.kubernetes.io/component:iu');
  });

  it('reports an HPA whose target Deployment is missing', async () => {
    const objects = clone(raw);
    objects[find('HorizontalPodAutoscaler', 'ai-platform-etl')].spec.scaleTargetRef.name = 'ai-platform-etl-v2';
    const f = lint(objects).filter((x) => x.check === 'dangling-horizontalpodautoscaler');
    expect(f.map((x) => `${x.kind}/${x.name}`)).toEqual(['HorizontalPodAutoscaler/ai-platform-etl']);
    expect(f[0].message).toBe(
      'no resources found matching HorizontalPodAutoscaler scaleTargetRef ({Deployment ai-platform-etl-v2 apps/v1})',
    );
  });

  it('reports a PDB that selects no pod, and the workload it no longer protects', async () => {
    const objects = clone(raw);
    objects[find('PodDisruptionBudget', 'ai-platform-gateway')].spec.selector.matchLabels['app.kubernetes.io/component'] = 'gw';
    const f = lint(objects);
    expect(f.filter((x) => x.check === 'dangling-poddisruptionbudget').map((x) => `${x.kind}/${x.name}`)).toEqual([
      'PodDisruptionBudget/ai-platform-gateway',
    ]);
    expect(f.filter((x) => x.check === 'missing-pod-disruption-budget').map((x) => `${x.kind}/${x.name}`)).toEqual([
      'Deployment/ai-platform-gateway',
    ]);
  });

  it('reports an object rendered twice, naming where the first one is', async () => {
    const objects = clone(raw);
    objects.push(clone(objects[find('ConfigMap', 'ai-platform-global')]));
    const f = lint(objects).filter((x) => x.check === 'duplicate-object');
    expect(f.map((x) => `${x.kind}/${x.name}`)).toEqual(['ConfigMap/ai-platform-global']);
    expect(f[0].message).toMatch(/rendered twice \(first at mutated\.yaml:\d+\)/);
  });

  it('reports a ClusterRoleBinding to cluster-admin', async () => {
    const objects = clone(raw);
    const crb = objects[find('ClusterRoleBinding', 'ai-platform-controller')];
    crb.roleRef.name = 'cluster-admin';
    const f = lint(objects).filter((x) => x.check === 'cluster-admin-role-binding');
    expect(f.map((x) => `${x.kind}/${x.name}`)).toEqual(['ClusterRoleBinding/ai-platform-controller']);
    expect(f[0].severity).toBe('error');
  });

  it('reports a floating tag only on an air-gapped tier', async () => {
    const objects = clone(raw);
    const redis = objects[find('StatefulSet', 'ai-platform-redis')];
    redis.spec.template.spec.containers[0].image = 'registry.local:5000/redis:7';
    expect(lint(objects).map((x) => `${x.check} ${x.name}`)).toEqual(['floating-image-tag ai-platform-redis']);
    expect(lintObjects(stream(objects), { defaultNamespace: 'ai-platform', exceptions: lintExceptions }).findings).toEqual([]);
  });

  it('honours kube-linter and Polaris exemption annotations on any input', async () => {
    const objects = clone(raw);
    const svc = objects[find('Service', 'ai-platform-ui')];
    svc.spec.selector['app.kubernetes.io/component'] = 'iu';
    svc.metadata.annotations = { 'ignore-check.kube-linter.io/dangling-service': 'the pods come from another release' };
    expect(lint(objects)).toEqual([]);
    const ui = objects[find('Deployment', 'ai-platform-ui')];
    delete ui.spec.template.spec.priorityClassName;
    expect(lint(objects).map((x) => x.check)).toEqual(['priority-class-not-set']);
    ui.metadata.annotations = { 'polaris.fairwinds.com/priorityClassNotSetExempt': 'true' };
    expect(lint(objects).map((x) => x.check)).toEqual(['priority-class-not-set']);
    ui.metadata.annotations = { 'polaris.fairwinds.com/priorityClassNotSet-exempt': 'true' };
    expect(lint(objects)).toEqual([]);
  });
});

describe('aipc lint CLI', () => {
  it('prints JSON reports with check, kind, namespace, name, message, path, line, severity, remediation, and exits 1', async () => {
    const dir = tempDir();
    const file = join(dir, 'svc.yaml');
    writeFileSync(
      file,
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n',
    );
    const r = await runAipc(['lint', file, '--include', 'dangling-service', '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.checks).toEqual(['dangling-service']);
    expect(out.reports).toEqual([
      {
        check: 'dangling-service',
        kind: 'Service',
        namespace: 'shop',
        name: 'web',
        message: 'no pods found matching service labels (map[app:web])',
        path: 'spec.selector',
        line: 7,
        severity: 'error',
        remediation: findLintCheck('dangling-service')!.remediation,
      },
    ]);
    // a Polaris id selects the same check as its kube-linter name
    const p = await runAipc(['lint', file, '--include', 'priorityClassNotSet', '--format', 'json']);
    expect(p.code).toBe(0);
    expect(JSON.parse(p.stdout).checks).toEqual(['priority-class-not-set']);
  });

  it('exits 2 naming an unknown check, a bad format, or both --tier and files', async () => {
    const a = runCli(['lint', '-', '--include', 'no-such-check'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' });
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('--include: unknown check "no-such-check"');
    const b = runCli(['lint', '-', '--format', 'xml'], { input: '' });
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('--format must be one of text, json, markdown');
    const c = await runAipc(['lint', 'x.yaml', '--tier', 'edge']);
    expect(c.code).toBe(2);
    const d = runCli(['lint', '-'], { input: 'a: [\n' });
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/<stdin>:\d+:\d+: YAML syntax error/);
  });

  it('lists every check with its kube-linter name and Polaris id', async () => {
    const r = await runAipc(['lint', '--list']);
    expect(r.code).toBe(0);
    for (const c of LINT_CHECKS) expect(r.stdout).toContain(c.name);
    expect(r.stdout).toMatch(/^cluster-admin-role-binding\s+clusterrolebindingClusterAdmin\s+on/m);
  });
});
