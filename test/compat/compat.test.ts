// `aipc compat`: whether a new chart can be upgraded to. A copy of the chart with a changed
// StatefulSet serviceName, a renamed StatefulSet and a removed values key is reported finding by
// finding (real pinned Helm renders); the chart against itself is exit 0; git refs work as in diff.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { upgradeFindings } from '../../src/compat/blockers.js';
import { formatCompat } from '../../src/compat/format.js';
import { crdSchemaFindings } from '../../src/compat/crd-schema.js';
import { crdApplyCommand } from '../../src/model/install.js';
import { judgeVersion, type CompatReport } from '../../src/compat/report.js';
import { compareValuesSchemas } from '../../src/compat/values-api.js';
import { chartDir } from '../../src/paths.js';
import type { ManifestObject } from '../../src/io/manifests.js';
import { renderObjects } from '../../src/render/render.js';
import { tempDir } from '../helpers.js';
import { runAipc } from '../support/cli.js';

/** `edit` applied to a file's text; the edit must change something. */
function edit(file: string, change: (text: string) => string): void {
  const text = readFileSync(file, 'utf8');
  const changed = change(text);
  expect(changed, file).not.toBe(text);
  writeFileSync(file, changed);
}

/**
 * The chart with postgres' serviceName changed, redis' StatefulSet renamed, webhook.failurePolicy
 * removed and the KAgent CRD's only (so stored) version renamed.
 */
function changedChart(dir: string): string {
  cpSync(chartDir(), dir, { recursive: true });
  edit(join(dir, 'templates/postgres-statefulset.yaml'), (t) => t.replace(/^( {2}serviceName: .*"postgres"\) }})$/m, '$1-headless'));
  edit(join(dir, 'templates/redis-statefulset.yaml'), (t) => t.replace(/^( {2}name: .*"redis" "max" )52\) }}$/m, '$146) }}-cache'));
  edit(join(dir, 'values.schema.json'), (t) => {
    const schema = JSON.parse(t);
    delete schema.properties.webhook.properties.failurePolicy;
    return `${JSON.stringify(schema, null, 2)}\n`;
  });
  edit(join(dir, 'values.yaml'), (t) =>
    t.replace(/\n {2}# -- What the API server does when the webhook is unreachable\n {2}failurePolicy: \w+/, ''),
  );
  edit(join(dir, 'crds/kagents.fractal.ai.yaml'), (t) => t.replace(/^( {4}- name: )v1alpha1$/m, '$1v1alpha2'));
  return dir;
}

const rules = (findings: CompatReport['chart']) => findings.map((f) => `${f.severity} ${f.rule} ${f.subject}`);

describe('aipc compat OLD_CHART NEW_CHART', () => {
  it('reports an immutable serviceName, a renamed StatefulSet and a removed values key, each named, with migration notes (exit 1)', async () => {
    const after = changedChart(join(tempDir(), 'ai-platform'));
    const r = await runAipc(['compat', chartDir(), after, '--tier', 'edge', '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as CompatReport;
    expect(rules(report.chart)).toEqual([
      'breaking values.key-removed webhook.failurePolicy',
      // the renamed version is a change to crds/ that helm upgrade does not apply
      'warning crd.changed CustomResourceDefinition kagents.fractal.ai',
    ]);
    expect(report.sections.map((s) => s.tier)).toEqual(['edge']);
    const edge = report.sections[0].findings;
    expect(rules(edge)).toEqual([
      'breaking crd.stored-version-removed CustomResourceDefinition kagents.fractal.ai v1alpha1',
      'breaking immutable.statefulset StatefulSet ai-platform/ai-platform-postgres',
      'warning statefulset.renamed StatefulSet ai-platform/ai-platform-redis',
      'additive objects.added 1 object(s)',
    ]);
    const finding = (rule: string) => edge.find((f) => f.rule === rule)!;
    expect(finding('immutable.statefulset').message).toContain('spec.serviceName is immutable');
    expect(finding('immutable.statefulset').migration).toContain(
      'kubectl delete statefulset ai-platform-postgres -n ai-platform --cascade=orphan',
    );
    expect(finding('statefulset.renamed').message).toContain('renamed StatefulSet ai-platform/ai-platform-redis-cache');
    expect(finding('crd.stored-version-removed').migration).toContain('status.storedVersions');
    for (const f of [...report.chart, ...edge]) expect(f.migration.length, f.rule).toBeGreaterThan(10);
    expect(report.version).toMatchObject({ bump: 'none', required: 'major', ok: false });
    expect(report.version.message).toContain('set chart.version in release.yaml to');
    const text = formatCompat(report, 'text');
    expect(text).toMatch(/^ {2}BREAKING immutable\.statefulset: StatefulSet ai-platform\/ai-platform-postgres: spec\.serviceName/m);
    expect(text).toMatch(/^ {4}migration: delete webhook\.failurePolicy from values files/m);
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^FAIL: /);
    const md = formatCompat(report, 'markdown');
    expect(md).toContain('**Not upgrade-safe.**');
    expect(md).toContain('| breaking | `values.key-removed` | webhook.failurePolicy is removed');
  });

  it('exits 0 on the chart compared with itself, every tier', async () => {
    const r = await runAipc(['compat', chartDir(), chartDir()]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^tier edge: no findings \(objects: 0 added, 0 removed, 0 changed\)$/m);
    expect(r.stdout).toMatch(/^tier connected: no findings/m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('OK: compatible, and the chart version matches the change');
  });

  it('refuses bad input with exit 2: one chart, a directory without Chart.yaml, an unknown tier, --head without --base', async () => {
    const one = await runAipc(['compat', chartDir()]);
    expect([one.code, one.stderr]).toEqual([2, expect.stringContaining('expected two charts (OLD_CHART NEW_CHART), got 1')]);
    const empty = tempDir();
    const notChart = await runAipc(['compat', empty, chartDir()]);
    expect([notChart.code, notChart.stderr]).toEqual([2, expect.stringContaining('is not a chart (no Chart.yaml)')]);
    const tier = await runAipc(['compat', chartDir(), chartDir(), '--tier', 'moon']);
    expect([tier.code, tier.stderr]).toEqual([2, expect.stringContaining('unknown tier "moon"')]);
    expect((await runAipc(['compat', chartDir(), chartDir(), '--head', 'HEAD'])).code).toBe(2);
    expect((await runAipc(['compat', chartDir(), chartDir(), '--format', 'xml'])).code).toBe(2);
  });
});

describe('compat --tier takes a site profile, as every --tier command does', () => {
  it('compiles the profile against each chart and names the site, what it extends and what was read', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'site.yaml'), 'name: site-b\nextends: datacenter\nhardware:\n  gpuNodes: 2\n');
    const r = await runAipc(['compat', chartDir(), chartDir(), '--tier', join(dir, 'site.yaml'), '--tier', 'edge', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as CompatReport;
    expect(report.sections.map((s) => s.tier)).toEqual(['site-b', 'edge']);
    expect(report.sections[0]!.rendered).toMatchObject({
      before: { tier: 'datacenter', profile: 'site-b', files: [join(dir, 'site.yaml')] },
      after: { tier: 'datacenter', profile: 'site-b' },
    });
    expect(report.sections[0]!.objects).toEqual({ added: 0, removed: 0, changed: 0 });
    const missing = await runAipc(['compat', chartDir(), chartDir(), '--tier', join(dir, 'nowhere.yaml')]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('nowhere.yaml not found')]);
  });
});

describe('CRD changes in crds/ (helm upgrade never applies them)', () => {
  /** The chart with the KAgent CRD's schema mutated: a field added, one removed, one retyped. */
  function mutatedCrdChart(dir: string): string {
    cpSync(chartDir(), dir, { recursive: true });
    edit(join(dir, 'crds/kagents.fractal.ai.yaml'), (t) =>
      t
        // spec.model.name: string → integer (the constraints of a string go with it)
        .replace(/( {20}name:\n {22}type: )string\n {22}maxLength: 128\n {22}minLength: 1\n {22}pattern: .*\n/, '$1integer\n')
        // spec.classification.allowedDataSources removed, spec.classification.note added
        .replace(
          /^ {20}allowedDataSources:\n/m,
          ' '.repeat(20) + 'note:\n' + ' '.repeat(22) + 'type: string\n' + ' '.repeat(20) + 'retired:\n',
        ),
    );
    edit(join(dir, 'crds/kagents.fractal.ai.yaml'), (t) => t.replace(/^ {20}retired:\n((?: {22}.*\n)+)/m, ''));
    return dir;
  }

  it("a field added, removed and retyped: one breaking finding naming each, whose migration is the chart README's command", async () => {
    const after = mutatedCrdChart(join(tempDir(), 'ai-platform'));
    const r = await runAipc(['compat', chartDir(), after, '--tier', 'edge', '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as CompatReport;
    const crd = report.chart.filter((f) => f.rule.startsWith('crd.'));
    expect(rules(crd)).toEqual(['breaking crd.changed CustomResourceDefinition kagents.fractal.ai']);
    expect(crd[0]!.message).toContain('v1alpha1: spec.model.name: type string → integer');
    expect(crd[0]!.message).toContain('v1alpha1: spec.classification.allowedDataSources removed');
    expect(crd[0]!.message).toContain('v1alpha1: spec.classification.note added (string)');
    expect(crd[0]!.message).toContain('an existing install keeps the old schema');
    // one definition of the command: the README's Upgrading section and compat's migration
    expect(crd[0]!.migration).toContain(`\`${crdApplyCommand(after)}\``);
    expect(crdApplyCommand(after)).toBe(`helm show crds ${after} | kubectl apply --server-side --force-conflicts -f -`);
    const readme = readFileSync(join(chartDir(), 'README.md'), 'utf8');
    const upgrading = readme.slice(readme.indexOf('## Upgrading'), readme.indexOf('## Uninstall'));
    expect(upgrading).toContain(crdApplyCommand('charts/ai-platform'));
    expect(upgrading).toContain('aipc compat');
    // the rendered CRD is the same change: no second, per-tier finding for it
    expect(report.sections[0]!.findings.filter((f) => f.rule.startsWith('crd.'))).toEqual([]);
    expect(formatCompat(report, 'text')).toMatch(
      /^ {2}BREAKING crd\.changed: CustomResourceDefinition kagents\.fractal\.ai changed in crds\//m,
    );
  });

  it('only a description changed: still a finding (info), with the same migration; no change: none', () => {
    const base = join(tempDir(), 'ai-platform');
    cpSync(chartDir(), base, { recursive: true });
    const after = join(tempDir(), 'ai-platform');
    cpSync(chartDir(), after, { recursive: true });
    edit(join(after, 'crds/budgetquotas.fractal.ai.yaml'), (t) => t.replace('description: The limits', 'description: The hard limits'));
    const findings = crdSchemaFindings(base, after, 'charts/ai-platform');
    expect(rules(findings)).toEqual(['info crd.changed CustomResourceDefinition budgetquotas.fractal.ai']);
    expect(findings[0]!.migration).toContain(crdApplyCommand('charts/ai-platform'));
    expect(crdSchemaFindings(base, base, 'charts/ai-platform')).toEqual([]);
  });

  it('a CRD new in crds/ and one dropped are said too', () => {
    const base = join(tempDir(), 'ai-platform');
    cpSync(chartDir(), base, { recursive: true });
    const after = join(tempDir(), 'ai-platform');
    cpSync(chartDir(), after, { recursive: true });
    edit(join(after, 'crds/toolcalls.fractal.ai.yaml'), (t) => t.replace(/toolcalls\.fractal\.ai/g, 'toolinvocations.fractal.ai'));
    expect(rules(crdSchemaFindings(base, after, 'x'))).toEqual([
      'additive crd.added CustomResourceDefinition toolinvocations.fractal.ai',
      'info crd.dropped CustomResourceDefinition toolcalls.fractal.ai',
    ]);
  });
});

describe('aipc compat --base REF [--head REF]', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], {
      cwd,
      encoding: 'utf8',
    });

  it('compares the chart at a ref with the work tree or another ref, leaving the repository as it was', async () => {
    const repo = tempDir('aipc-compat-repo-');
    git(repo, 'init', '-q');
    const chart = join(repo, 'charts', 'ai-platform');
    cpSync(chartDir(), chart, { recursive: true });
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'base');
    expect((await runAipc(['compat', '--base', 'HEAD', '--tier', 'edge'], { cwd: repo })).code).toBe(0);
    cpSync(changedChart(join(tempDir(), 'ai-platform')), chart, { recursive: true });
    git(repo, 'commit', '-qam', 'breaking');
    const r = await runAipc(['compat', '--base', 'HEAD~1', '--head', 'HEAD', '--tier', 'edge', '--format', 'json'], { cwd: repo });
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as CompatReport;
    expect([report.before, report.after]).toEqual(['HEAD~1', 'HEAD']);
    expect(rules(report.sections[0].findings)).toContain('breaking immutable.statefulset StatefulSet ai-platform/ai-platform-postgres');
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect((await runAipc(['compat', '--base', 'no-such-ref'], { cwd: repo })).stderr).toContain('unknown git ref "no-such-ref"');
  });
});

describe('values API rules', () => {
  const schema = (props: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    type: 'object',
    additionalProperties: false,
    properties: props,
    ...extra,
  });

  it('finds narrowed types and enums, tightened bounds, new required keys, renames and additions', async () => {
    const before = schema({
      mode: { type: 'string', enum: ['a', 'b', 'c'] },
      size: { type: ['string', 'number'] },
      count: { type: 'integer', minimum: 0 },
      old: schema({ x: { type: 'string' } }, { description: 'a group' }),
    });
    const after = schema(
      {
        mode: { type: 'string', enum: ['a', 'b', 'd'] },
        size: { type: 'string' },
        count: { type: 'number', minimum: 1 },
        renamed: schema({ x: { type: 'string' } }, { description: 'the group' }),
        fresh: { type: 'boolean' },
      },
      { required: ['fresh'] },
    );
    expect(compareValuesSchemas(before, after).map((f) => `${f.severity} ${f.rule} ${f.subject}`)).toEqual([
      'breaking values.required-added fresh',
      'breaking values.key-renamed old',
      'additive values.key-added fresh',
      'breaking values.enum-narrowed mode',
      'breaking values.type-narrowed size',
      'breaking values.bound-tightened count',
    ]);
    expect(compareValuesSchemas(before, before)).toEqual([]);
  });
});

describe('upgrade blockers on rendered objects', () => {
  const obj = (object: Record<string, unknown>): ManifestObject => ({ file: '-', line: 1, object, source: '', itemPath: [] });
  const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: 'ns', ...extra });

  it('a Deployment selector, a Job template (not a before-hook-creation hook), a kept PVC, a StatefulSet with claim templates, a dropped stored CRD version', async () => {
    const deploy = (app: string) =>
      obj({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web'), spec: { selector: { matchLabels: { app } } } });
    const job = (image: string, hook?: string) =>
      obj({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: meta(
          hook ? 'hooked' : 'plain',
          hook ? { annotations: { 'helm.sh/hook': 'pre-upgrade', 'helm.sh/hook-delete-policy': hook } } : {},
        ),
        spec: { template: { spec: { containers: [{ name: 'c', image }] } } },
      });
    const pvc = obj({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta('keep-me', { annotations: { 'helm.sh/resource-policy': 'keep' } }),
    });
    const sts = (name: string) =>
      obj({
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: meta(name, { labels: { 'app.kubernetes.io/component': 'db' } }),
        spec: { volumeClaimTemplates: [{ metadata: { name: 'data' } }] },
      });
    const crd = (versions: { name: string; served: boolean; storage: boolean }[]) =>
      obj({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'things.x.io' },
        spec: { versions },
      });
    const { findings } = upgradeFindings(
      [
        deploy('a'),
        job('i:1'),
        job('i:1', 'before-hook-creation'),
        pvc,
        sts('db'),
        crd([{ name: 'v1alpha1', served: true, storage: true }]),
      ],
      [deploy('b'), job('i:2'), job('i:2', 'before-hook-creation'), sts('database'), crd([{ name: 'v1', served: true, storage: true }])],
    );
    expect(findings.map((f) => `${f.severity} ${f.rule} ${f.subject}`)).toEqual([
      'breaking immutable.deployment Deployment ns/web',
      'breaking immutable.job Job ns/plain',
      'warning pvc.removed PersistentVolumeClaim ns/keep-me',
      'breaking statefulset.renamed StatefulSet ns/db',
      'breaking crd.stored-version-removed CustomResourceDefinition things.x.io v1alpha1',
      'additive objects.added 1 object(s)',
    ]);
    expect(findings[3].message).toContain('new, empty claims (data-database-0');
  });
});

describe('namespace blockers (the release Namespace adopted, a tenant removed)', () => {
  it('a release that starts rendering its Namespace: breaking, with the exact label and annotate commands', async () => {
    const before = await renderObjects({ set: ['namespace.create=false'], release: 'site-a', namespace: 'ai-site' });
    const after = await renderObjects({ set: ['namespace.create=true'], release: 'site-a', namespace: 'ai-site' });
    const adoption = upgradeFindings(before, after).findings.filter((f) => f.rule === 'namespace.adoption');
    expect(adoption).toHaveLength(1);
    expect(adoption[0]).toMatchObject({ severity: 'breaking' });
    expect(adoption[0]!.subject).toContain('ai-site');
    expect(adoption[0]!.migration).toContain('kubectl label namespace ai-site app.kubernetes.io/managed-by=Helm --overwrite');
    expect(adoption[0]!.migration).toContain(
      'kubectl annotate namespace ai-site meta.helm.sh/release-name=site-a meta.helm.sh/release-namespace=ai-site --overwrite',
    );
    // the control: a chart that rendered the Namespace before and after has nothing to adopt
    expect(upgradeFindings(after, after).findings.filter((f) => f.rule.startsWith('namespace.'))).toEqual([]);
  });

  it('a tenant removed: breaking, saying what stays and what Helm deletes, with a migration', async () => {
    const tenant = (name: string) => [`tenants[${name === 'team-b' ? 1 : 0}].name=${name}`];
    const quota = (i: number) => [
      `tenants[${i}].quota.cpu=2`,
      `tenants[${i}].quota.memory=4Gi`,
      `tenants[${i}].quota.gpu=0`,
      `tenants[${i}].quota.pvcs=2`,
      `tenants[${i}].quota.pods=5`,
      `tenants[${i}].budget.maxTotalTokens=1000`,
      `tenants[${i}].budget.maxConcurrentRuns=1`,
    ];
    const cost = (i: number) => `tenants[${i}].budget.maxTotalCost=1.00`;
    const before = await renderObjects({
      set: [...tenant('team-a'), ...quota(0), ...tenant('team-b'), ...quota(1)],
      setString: [cost(0), cost(1)],
    });
    const after = await renderObjects({ set: [...tenant('team-a'), ...quota(0)], setString: [cost(0)] });
    const removed = upgradeFindings(before, after).findings.filter((f) => f.rule === 'namespace.removed');
    expect(removed.map((f) => f.severity)).toEqual(['breaking']);
    expect(removed[0]!.subject).toContain('tenant-team-b');
    // the chart keeps tenant namespaces (helm.sh/resource-policy: keep): the namespace stays, its isolation does not
    expect(removed[0]!.message).toContain('helm.sh/resource-policy: keep');
    expect(removed[0]!.message).toContain('NetworkPolicy');
    expect(removed[0]!.migration).toContain('kubectl delete namespace tenant-team-b');
  });

  it('a Namespace without the keep annotation removed: "deletes the namespace and everything in it"', async () => {
    const ns = (name: string, annotations: Record<string, string> = {}): ManifestObject => ({
      file: '-',
      line: 1,
      source: '',
      itemPath: [],
      object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, annotations } },
    });
    const [finding] = upgradeFindings([ns('scratch')], []).findings;
    expect(finding).toMatchObject({ severity: 'breaking', rule: 'namespace.removed' });
    expect(finding!.message).toContain('everything in it');
    expect(finding!.migration).toContain('kubectl annotate namespace scratch helm.sh/resource-policy=keep');
  });
});

describe('the chart version verdict', () => {
  it.each([
    ['3.4.0', '3.4.0', 'none', true],
    ['3.4.0', '3.4.0', 'patch', false],
    ['3.4.0', '3.4.1', 'patch', true],
    ['3.4.0', '3.5.0', 'major', false],
    ['3.4.0', '4.0.0', 'major', true],
    ['0.4.0', '0.5.0', 'major', true],
    ['3.4.0', '3.5.0-rc.1', 'minor', true],
    ['3.4.0', '3.3.9', 'patch', false],
  ] as const)('%s → %s for a %s change: ok %s', (before, after, required, ok) => {
    expect(judgeVersion(before, after, required).ok).toBe(ok);
  });
});
