// The reviewer-grade diff: ranked, grouped, aligned, ignorable, gateable, and under GitHub's
// comment limit, on a chart upgrade rendered by the real pinned Helm (test/fixtures/diff/).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { diffManifestInputs } from '../../src/actions/diff.js';
import { diffObjectLists, diffObjects, diffValues, formatFieldPath, objectKey, type DiffReport } from '../../src/diff/diff.js';
import { diffMarkdown, diffText, formatDiff, GITHUB_COMMENT_LIMIT, GITHUB_MARKER } from '../../src/diff/format.js';
import { ignoreRulesOf, parseIgnoreRules } from '../../src/diff/ignore.js';
import { AipcError } from '../../src/errors.js';
import { helmTemplate } from '../../src/helm/run.js';
import { pinnedHelmPath } from '../../src/helm/binary.js';
import { chartDir, packageRoot } from '../../src/paths.js';
import { readManifestInputs, readManifestText, type KubeObject, type ManifestObject } from '../../src/io/manifests.js';
import { runCli } from '../helpers.js';

const FIXTURE = join(packageRoot(), 'test', 'fixtures', 'diff', 'ai-platform');
const OLD = join(FIXTURE, 'ai-platform-1.2.0.yaml');
const NEW = join(FIXTURE, 'ai-platform-1.3.0.yaml');
const obj = (o: KubeObject): ManifestObject => ({ file: 'x.yaml', line: 1, object: o, source: '', itemPath: [] });
const cmOf = (text: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', namespace: 'n' },
  data: { text },
});
const read = (file: string): KubeObject[] => readManifestInputs([file]).objects.map((m) => m.object);
const label = (o: KubeObject): string => {
  const m = o.metadata as { name: string; namespace?: string };
  return `${o.kind as string} ${m.namespace ? `${m.namespace}/` : ''}${m.name}`;
};

/** Every container image of an object, by where it is — found without the diff's own walker. */
function images(o: unknown, at = ''): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (v: unknown, path: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'image' && typeof x === 'string') out.set(`${path}.${k}`, x);
        else visit(x, `${path}.${k}`);
      }
    }
  };
  visit(o, at);
  return out;
}

describe('a chart upgrade (two renders of the real pinned Helm)', () => {
  const before = read(OLD);
  const after = read(NEW);
  const report = diffManifestInputs(OLD, NEW);
  const md = formatDiff(report, 'github');

  it('fits one GitHub comment and names every added and removed object', () => {
    expect(md.startsWith(`${GITHUB_MARKER}\n`)).toBe(true);
    expect(md.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    const keys = (list: KubeObject[]) => new Map(list.map((o) => [objectKey(o), o]));
    const [a, b] = [keys(before), keys(after)];
    const added = [...b].filter(([k]) => !a.has(k)).map(([, o]) => label(o));
    const removed = [...a].filter(([k]) => !b.has(k)).map(([, o]) => label(o));
    expect(added.length).toBeGreaterThan(0);
    expect(removed.length).toBeGreaterThan(0);
    // each added or removed object is named: in its own entry, or in the entry of its component or tenant
    const entryOf = (l: string) => md.split('<details').find((block) => block.includes(`<code>${l}</code>`)) ?? '';
    for (const l of added) expect(entryOf(l)).toContain('<b>+ added</b>');
    for (const l of removed) expect(entryOf(l)).toContain('<b>- removed</b>');
    expect(md).not.toContain('Left out');
  });

  it('shows every image change, under the Images heading, before RBAC and the label churn', () => {
    const old = new Map(before.map((o) => [objectKey(o), o]));
    let changed = 0;
    for (const o of after) {
      const was = old.get(objectKey(o));
      if (!was) continue;
      const [x, y] = [images(was), images(o)];
      for (const [path, image] of y) {
        if (x.get(path) === image) continue;
        changed++;
        const images = md.slice(md.indexOf('#### Images'), md.indexOf('#### RBAC'));
        expect(images).toContain(`<code>${label(o)}</code>`);
        expect(images).toContain(JSON.stringify(image));
      }
    }
    expect(changed).toBeGreaterThanOrEqual(6);
    const headings = [...md.matchAll(/^#### (.*)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(['Added objects', 'Removed objects', 'Images', 'RBAC', 'Security-relevant fields', 'Other changes']);
  });

  it('groups the version-label churn on every object into one entry', () => {
    const churned = after.filter(
      (o) => (o.metadata as { labels?: Record<string, string> }).labels?.['helm.sh/chart'] === 'ai-platform-1.3.0',
    );
    const survivors = churned.filter((o) => before.some((p) => objectKey(p) === objectKey(o)));
    expect(survivors.length).toBeGreaterThan(50);
    const entries = md.split('\n<details').filter((e) => e.includes('helm.sh/chart'));
    // one group entry; the others are the YAML of added and removed objects, which carry the label
    expect(entries.filter((e) => !/<b>[+-] (added|removed)<\/b>/.test(e))).toHaveLength(1);
    expect(entries.filter((e) => e.includes('<b>~ changed</b>'))).toEqual([]);
    entries.splice(0, entries.length, ...entries.filter((e) => e.includes('<b>= ')));
    expect(entries[0]).toContain(`<b>= ${survivors.length} objects</b>`);
    expect(entries[0]).toContain('app.kubernetes.io/version');
    // in the text form too: one entry, not one line per object, and the whole upgrade in a few screens
    expect(diffText(report).length).toBeLessThan(20_000);
    expect(diffText(report).match(/helm\.sh\/chart: "ai-platform-1\.2\.0" -> "ai-platform-1\.3\.0"/g)).toHaveLength(1);
  });

  it('per tier: the same upgrade in two tiers is one entry per change, naming the tiers', () => {
    const [a, b] = [readManifestInputs([OLD]).objects, readManifestInputs([NEW]).objects];
    const tiered: DiffReport = {
      before: 'main',
      after: 'work tree',
      sections: [
        { tier: 'edge', objects: diffObjects(a, b) },
        { tier: 'datacenter', objects: diffObjects(a, a) },
        { tier: 'connected', objects: diffObjects(a, b) },
      ],
    };
    const out = formatDiff(tiered, 'github');
    expect(out.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    // the component's objects, added together in the same tiers, are one entry with their list
    expect(out).toContain('<b>+ added</b> component <code>qdrant</code>: 2 objects — edge, connected</summary>');
    expect(out).toContain('<code>Service ai-platform/ai-platform-qdrant</code>, <code>StatefulSet ai-platform/ai-platform-qdrant</code>');
    expect(out).toContain('in edge (');
    expect(out).toContain('datacenter (0)');
    expect(out.match(/StatefulSet ai-platform\/ai-platform-qdrant<\/code>/g)).toHaveLength(1);
  });

  it('aligns the ClusterRole rules: the inserted rule is one insertion', () => {
    const role = report.sections[0].objects.find((o) => o.kind === 'ClusterRole')!;
    const rules = role.fields.filter((f) => f.path[0] === 'rules');
    expect(rules).toEqual([
      {
        path: ['rules', 1],
        change: 'added',
        after: { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] },
      },
    ]);
  });

  it('compares the dashboard JSON inside a ConfigMap as data: one changed title', () => {
    const dashboard = report.sections[0].objects.find((o) => o.name === 'ai-platform-dashboard-agents')!;
    const data = dashboard.fields.filter((f) => f.path[0] === 'data');
    expect(data.map((f) => `${formatFieldPath(f.path)}: ${JSON.stringify(f.before)} -> ${JSON.stringify(f.after)}`)).toEqual([
      'data["ai-platform-agents.json"]<json>.panels[0].title: "ShardRuns by phase" -> "ShardRuns by status"',
    ]);
  });

  it('--ignore removes exactly the matching field changes, and says how many', () => {
    const all = diffManifestInputs(OLD, NEW).sections[0];
    const fields = (objects: typeof all.objects) =>
      objects.flatMap((o) => o.fields.map((f) => `${o.kind} ${o.name} ${formatFieldPath(f.path)}`));
    for (const [pattern, matching] of [
      ['metadata.labels.helm.sh/chart', (f: string) => f.endsWith(' metadata.labels["helm.sh/chart"]')],
      ['metadata.labels["helm.sh/chart"]', (f: string) => f.endsWith(' metadata.labels["helm.sh/chart"]')],
      ['Secret:*:data.*', (f: string) => f.startsWith('Secret ') && / data[.[]/.test(f)],
      ['**.labels.app.kubernetes.io/version', (f: string) => f.endsWith('labels["app.kubernetes.io/version"]')],
      ['ClusterRole:ai-platform-*:rules[*]', (f: string) => f.startsWith('ClusterRole ') && f.includes(' rules[')],
    ] as const) {
      const expected = fields(all.objects).filter((f) => !matching(f));
      const ignored = diffManifestInputs(OLD, NEW, { ignore: ignoreRulesOf([pattern]) }).sections[0];
      expect(fields(ignored.objects), pattern).toEqual(expected);
      expect(ignored.ignored, pattern).toBe(fields(all.objects).length - expected.length);
      expect(ignored.ignored, pattern).toBeGreaterThan(0);
    }
    const r = runCli(['diff', OLD, NEW, '--ignore', '**.labels.helm.sh/chart', '--ignore', '**.labels.app.kubernetes.io/version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+ field changes ignored \(--ignore\)$/m);
    expect(r.stdout).not.toContain('ai-platform-1.3.0');
  });

  it('--fail-on gates on categories; unknown categories and bad patterns are usage errors', () => {
    const rbac = runCli(['diff', OLD, NEW, '--format', 'json', '--fail-on', 'crd,rbac']);
    expect(rbac.code).toBe(1);
    expect(rbac.stderr).toBe('aipc diff: --fail-on: rbac (1 object)\n');
    expect(JSON.parse(rbac.stdout).categories).toMatchObject({ added: 2, removed: 3, rbac: 1, crd: 0 });
    // no CRD changed: the gate holds
    const github = runCli(['diff', OLD, NEW, '--format', 'github', '--ignore-generated', '--fail-on', 'crd']);
    expect(github.code).toBe(0);
    expect(github.stdout.startsWith(`${GITHUB_MARKER}\n### aipc diff: `)).toBe(true);
    expect(github.stdout).toMatch(/· \d+ field changes ignored/);
    expect(github.stdout).not.toContain('caBundle');
    expect(runCli(['diff', OLD, NEW, '--fail-on', 'removed', '--fail-on', 'image']).stderr).toContain('removed (3 objects), image (');
    const bad = runCli(['diff', OLD, NEW, '--fail-on', 'secrets']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown category secrets');
    expect(runCli(['diff', OLD, NEW, '--ignore', 'a..b']).code).toBe(2);
    expect(() => parseIgnoreRules(['Kind:name'])).toThrow(AipcError);
    expect(() => parseIgnoreRules(['containers[name=app'])).toThrow(/cannot read/);
  });
});

describe('--ignore-generated', () => {
  it('makes two renders of the same chart equal: generated Secrets and the webhook CA are all that differ', async () => {
    const render = async () =>
      readManifestText(await helmTemplate({ helm: pinnedHelmPath('helm4'), chartDir: chartDir(), includeCrds: true }), 'render').objects;
    const [a, b] = await Promise.all([render(), render()]);
    const raw = diffObjectLists(a, b);
    expect(raw.objects.map((o) => o.kind).sort()).toEqual(expect.arrayContaining(['MutatingWebhookConfiguration', 'Secret']));
    const quiet = diffObjectLists(a, b, { ignore: ignoreRulesOf([], true) });
    expect(quiet.objects).toEqual([]);
    expect(quiet.ignored).toBe(raw.objects.reduce((n, o) => n + o.fields.length, 0));
  });
});

describe('field-level rules', () => {
  it('treats null as absent', () => {
    expect(diffValues({ metadata: { annotations: null, name: 'a' } }, { metadata: { name: 'a' } })).toEqual([]);
    expect(diffValues({ spec: { x: null } }, { spec: {} })).toEqual([]);
    expect(diffValues({ spec: { x: null } }, { spec: { x: 1 } })).toEqual([{ path: ['spec', 'x'], change: 'added', after: 1 }]);
    expect(diffValues({ rules: [{ a: 1, b: null }] }, { rules: [{ a: 1 }] })).toEqual([]);
  });

  it('aligns unnamed lists by content: an insertion is one insertion, a changed item one change', () => {
    const rule = (r: string) => ({ apiGroups: [''], resources: [r], verbs: ['get'] });
    const old = { rules: ['pods', 'services', 'configmaps', 'endpoints'].map(rule) };
    const inserted = { rules: ['pods', 'secrets', 'services', 'configmaps', 'endpoints'].map(rule) };
    expect(diffValues(old, inserted)).toEqual([{ path: ['rules', 1], change: 'added', after: rule('secrets') }]);
    expect(diffValues(inserted, old)).toEqual([{ path: ['rules', 1], change: 'removed', before: rule('secrets') }]);
    const edited = { rules: [rule('pods'), { ...rule('services'), verbs: ['get', 'list'] }, rule('configmaps'), rule('endpoints')] };
    expect(diffValues(old, edited).map((f) => `${f.change} ${formatFieldPath(f.path)}`)).toEqual(['added rules[1].verbs[1]']);
  });

  it('prints a one-word change in a 2 KB string in under 1,500 characters, showing the word', () => {
    const words = Array.from({ length: 400 }, (_, i) => `word${i}`);
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i}: ${words.slice(i * 8, i * 8 + 8).join(' ')}`);
    for (const [kind, text] of [
      ['multi-line', lines.join('\n')],
      ['one line', words.join(' ')],
    ] as const) {
      expect(text.length, kind).toBeGreaterThan(2000);
      const changed = text.replace('word200', 'CHANGED');
      const cm = (v: string): KubeObject => ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', namespace: 'n' },
        data: { text: v },
      });
      const r: DiffReport = { before: 'a', after: 'b', sections: [{ objects: diffObjects([obj(cm(text))], [obj(cm(changed))]) }] };
      for (const out of [diffText(r), diffMarkdown(r)]) {
        expect(out.length, kind).toBeLessThan(1500);
        expect(out, kind).toContain('CHANGED');
        expect(out, kind).toContain('word200');
        expect(out, kind).not.toContain('word5 ');
      }
    }
  });

  it('names values too different to align by length and hash, and compares such lists by position', () => {
    let x = 1;
    const noise = (n: number) =>
      Array.from({ length: n }, () => {
        x = (x * 1103515245 + 12345) % 2 ** 31;
        return `w${x % 997}`;
      }).join(' ');
    const [a, b] = [noise(40_000), noise(40_000)];
    const text = diffText({ before: 'a', after: 'b', sections: [{ objects: diffObjects([obj(cmOf(a))], [obj(cmOf(b))]) }] });
    expect(text).toContain('(too many changes to align; compare the values by length and hash)');
    expect(text.length).toBeLessThan(600);
    const list = (s: string) => s.split(' ').map((r) => ({ r }));
    const fields = diffValues({ l: list(a) }, { l: list(b) });
    expect(fields.every((f) => f.change === 'changed' && f.path.length === 3)).toBe(true);
  });

  it('cuts a huge report from the bottom of the ranking and counts what it left out per tier and kind', () => {
    const deployment = (name: string, image: string, extra: number): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'n' },
      spec: { replicas: extra, template: { spec: { containers: [{ name: 'app', image }] } } },
    });
    const cm = (name: string, v: number): KubeObject => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: 'n' },
      data: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`key${i}`, `value ${v} ${i} ${name}`])),
    });
    const tiers = ['edge', 'datacenter', 'connected'];
    const sections = tiers.map((tier, t) => {
      const before = [
        ...Array.from({ length: 5 }, (_, i) => deployment(`web-${i}`, 'web:1', 1)),
        ...Array.from({ length: 400 }, (_, i) => cm(`cm-${i}`, t)),
      ];
      const after = [
        ...Array.from({ length: 5 }, (_, i) => deployment(`web-${i}`, `web:${i + 2}`, 1)),
        ...Array.from({ length: 400 }, (_, i) => cm(`cm-${i}`, t + 10)),
        deployment(`new-${tier}`, 'new:1', 1),
      ];
      return { tier, objects: diffObjects(before.map(obj), after.map(obj)) };
    });
    const report: DiffReport = { before: 'a', after: 'b', sections };
    const md = formatDiff(report, 'github');
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    // the top of the ranking is all there
    for (const tier of tiers) expect(md).toContain(`<b>+ added</b> <code>Deployment n/new-${tier}</code>`);
    for (let i = 0; i < 5; i++) expect(md).toContain(`"web:${i + 2}"`);
    // what is left out is counted exactly: ConfigMaps per tier
    const shown = (tier: string) =>
      new Set(
        [...md.matchAll(/<code>ConfigMap n\/(cm-\d+)<\/code>[^<]*— ([a-z, ]+)</g)]
          .filter((m) => m[2].split(', ').includes(tier))
          .map((m) => m[1]),
      ).size;
    for (const tier of tiers) {
      const row = new RegExp(`^\\| ${tier} \\| ConfigMap \\| (\\d+) \\|$`, 'm').exec(md.slice(md.indexOf('Left out')));
      expect(row, tier).not.toBeNull();
      expect(Number(row![1]) + shown(tier), tier).toBe(400);
    }
  });
});

describe('the note of what was left out', () => {
  it('fits under the limit even when it lists many tiers and kinds, and counts every object not shown', () => {
    const tiers = ['edge', 'datacenter', 'connected'];
    const o = (kind: number, i: number, v: string): KubeObject => ({
      apiVersion: 'example.com/v1',
      kind: `Kind${kind}`,
      metadata: { name: `o-${i}`, namespace: 'n' },
      spec: { value: `${v}-${kind}-${i}`, other: `${v}-${i}` },
    });
    const all = (v: string) => Array.from({ length: 90 * 12 }, (_, n) => obj(o(n % 90, Math.floor(n / 90), v)));
    const report: DiffReport = {
      before: 'a',
      after: 'b',
      sections: tiers.map((tier) => ({ tier, objects: diffObjects(all(`old-${tier}`), all(`new-${tier}`)) })),
    };
    const md = formatDiff(report, 'github');
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const note = md.slice(md.indexOf('**Left out at the comment size limit**'));
    expect(note.length).toBeGreaterThan(3_000);
    const counted = new Map([...note.matchAll(/^\| (\w+) \| (Kind\d+) \| (\d+) \|$/gm)].map((m) => [`${m[1]} ${m[2]}`, Number(m[3])]));
    for (const tier of tiers) {
      for (let k = 0; k < 90; k++) {
        const shown = [...md.matchAll(new RegExp(`<code>Kind${k} n/o-\\d+</code>[^<]*— ${tier}<`, 'g'))].length;
        expect((counted.get(`${tier} Kind${k}`) ?? 0) + shown, `${tier} Kind${k}`).toBe(12);
      }
    }
  });
});

describe('the example pull-request workflows (docs/github/aipc-diff.yml, aipc-diff-comment.yml)', () => {
  const read = (name: string) => readFileSync(join(packageRoot(), 'docs', 'github', name), 'utf8');
  const content = read('aipc-diff.yml');
  const commentContent = read('aipc-diff-comment.yml');
  const errors = (text: string, name = 'aipc-diff.yml') =>
    parseWorkflow({ name, content: text }, new NoOperationTraceWriter())
      .context.errors.getErrors()
      .map((e) => e.message);
  type Workflow = {
    on: Record<string, { paths?: string[]; workflows?: string[]; types?: string[] }>;
    name: string;
    permissions: Record<string, string>;
    jobs: Record<string, { if?: string; steps: { run?: string; uses?: string; with?: Record<string, string> }[] }>;
  };

  it("both pass GitHub's own workflow schema (@actions/workflow-parser), which rejects a wrong key", () => {
    expect(errors(content)).toEqual([]);
    expect(errors(commentContent, 'aipc-diff-comment.yml')).toEqual([]);
    expect(errors(content.replace('runs-on:', 'runs_on:'))).toEqual(
      expect.arrayContaining([expect.stringContaining("Unexpected value 'runs_on'")]),
    );
    expect(errors(content.replace('timeout-minutes: 15', 'timeout-minutes: soon')).length).toBeGreaterThan(0);
  });

  it('the report runs on the chart, its inputs and aipc, with a read-only token, and gates', () => {
    const wf = parseYaml(content) as Workflow;
    expect(wf.on.pull_request!.paths).toEqual(expect.arrayContaining(['charts/**', 'profiles/**', 'release.yaml', 'src/**']));
    // read-only: what a pull request from a fork gets; the comment is posted by the second workflow
    expect(wf.permissions).toEqual({ contents: 'read' });
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
    const diff = steps.find((s) => s.run?.includes('aipc diff'))!.run!;
    expect(diff).toMatch(/aipc diff --base "\$BASE_SHA" --head "\$HEAD_SHA" --all-tiers/);
    expect(diff).toContain('--format github');
    expect(diff).toContain('--fail-on ');
    expect(diff).toContain('aipc-diff/pr-number');
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.with!.name).toBe('aipc-diff');
    // the flags the workflow uses exist
    const help = runCli(['diff', '--help']).stdout;
    for (const flag of ['--base', '--head', '--all-tiers', '--ignore-generated', '--format', '--fail-on']) expect(help).toContain(flag);
  });

  it('the comment runs after the report (workflow_run), never runs pull-request code, and checks the artifact', () => {
    const report = parseYaml(content) as Workflow;
    const wf = parseYaml(commentContent) as Workflow;
    expect(wf.on.workflow_run!.workflows).toEqual([report.name]);
    expect(wf.on.workflow_run!.types).toEqual(['completed']);
    expect(wf.permissions['pull-requests']).toBe('write');
    const job = Object.values(wf.jobs)[0]!;
    expect(job.if).toContain("github.event.workflow_run.event == 'pull_request'");
    expect(job.steps.some((s) => s.uses?.startsWith('actions/checkout@'))).toBe(false);
    expect(job.steps.some((s) => s.run !== undefined)).toBe(false);
    const download = job.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
    expect(download.with!.name).toBe('aipc-diff');
    expect(download.with!['run-id']).toBe('${{ github.event.workflow_run.id }}');
    const script = job.steps.find((s) => s.uses?.startsWith('actions/github-script@'))!.with!.script!;
    expect(script).toContain(`'${GITHUB_MARKER}'`);
    expect(script).toContain('updateComment');
    expect(script).toMatch(/not a pull-request number/);
  });
});
