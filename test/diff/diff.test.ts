// `aipc diff`: which objects a change adds, removes or alters, told apart from mere reordering.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffMarkdown, diffText, diffJson, formatDiff } from '../../src/diff/format.js';
import { diffObjects, diffValues, formatFieldPath, HIDDEN, type DiffReport } from '../../src/diff/diff.js';
import { diffManifestInputs } from '../../src/actions/diff.js';
import { InputError } from '../../src/errors.js';
import { formatYaml } from '../../src/io/yaml-format.js';
import { chartDir } from '../../src/paths.js';
import { renderObjects } from '../../src/render/render.js';
import { splitObjects } from '../../src/render/split.js';
import type { KubeObject, ManifestObject } from '../../src/io/manifests.js';
import { tempDir } from '../helpers.js';
import { runAipc } from '../support/cli.js';
import { expectGoldenTree } from '../support/golden.js';

const GOLDEN = join(import.meta.dirname, '../golden', 'diff');
const CONTROLLER = 'ai-platform/deployment-ai-platform-controller.yaml';
const EXTRA_CONFIGMAP = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'ai-platform-extra', namespace: 'ai-platform' },
  data: { 'feature.flag': 'on' },
};

const obj = (o: KubeObject, file = 'x.yaml'): ManifestObject => ({ file, line: 1, object: o, source: '', itemPath: [] });
const writeTree = (dir: string, files: { path: string; content: string }[]) => {
  for (const f of files) {
    mkdirSync(join(dir, f.path, '..'), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
};

/** The default render split into `old/`, and `new/` = old with the controller at 3 replicas and one more ConfigMap. */
let root: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'aipc-diff-'));
  const files = splitObjects(await renderObjects());
  writeTree(join(root, 'old'), files);
  writeTree(join(root, 'new'), files);
  const controller = join(root, 'new', CONTROLLER);
  const text = readFileSync(controller, 'utf8');
  expect(text).toMatch(/^ {2}replicas: 2$/m);
  writeFileSync(controller, text.replace(/^ {2}replicas: 2$/m, '  replicas: 3'));
  writeFileSync(join(root, 'new', 'ai-platform', 'configmap-ai-platform-extra.yaml'), formatYaml(EXTRA_CONFIGMAP));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('aipc diff of rendered trees', () => {
  it('finds nothing between a tree and itself (exit 0 with --exit-code)', async () => {
    const r = await runAipc(['diff', '--exit-code', join(root, 'old'), join(root, 'old')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^no differences between /);
    expect(diffManifestInputs(join(root, 'old'), join(root, 'old')).sections[0].objects).toEqual([]);
  });

  it('reports exactly the changed replicas and the added ConfigMap', async () => {
    const report = diffManifestInputs(join(root, 'old'), join(root, 'new'));
    expect(report.sections).toHaveLength(1);
    expect(report.sections[0].objects).toEqual([
      {
        change: 'added',
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'ai-platform',
        name: 'ai-platform-extra',
        fields: [],
        object: EXTRA_CONFIGMAP,
      },
      {
        change: 'changed',
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'ai-platform',
        name: 'ai-platform-controller',
        fields: [{ path: ['spec', 'replicas'], change: 'changed', before: 2, after: 3 }],
      },
    ]);
  });

  it('prints the two changes as text, JSON and Markdown, and exits 1 with --exit-code', async () => {
    const r = await runAipc(['diff', 'old', 'new', '--exit-code'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      '+ ConfigMap ai-platform/ai-platform-extra (v1)\n~ Deployment ai-platform/ai-platform-controller (apps/v1)\n    spec.replicas: 2 -> 3\n1 added, 0 removed, 1 changed\n',
    );
    expect((await runAipc(['diff', 'old', 'new'], { cwd: root })).code).toBe(0);

    const json = JSON.parse((await runAipc(['diff', 'old', 'new', '--format', 'json'], { cwd: root })).stdout);
    expect(json.summary).toEqual({ added: 1, removed: 0, changed: 1 });
    expect(json.sections[0].objects.map((o: { change: string; kind: string }) => `${o.change} ${o.kind}`)).toEqual([
      'added ConfigMap',
      'changed Deployment',
    ]);
    expect(json.sections[0].objects[1].fields).toEqual([{ path: 'spec.replicas', change: 'changed', old: 2, new: 3 }]);

    const markdown = (await runAipc(['diff', 'old', 'new', '--format', 'markdown'], { cwd: root })).stdout;
    expectGoldenTree(join(GOLDEN, 'replicas-and-configmap'), [{ path: 'diff.md', content: markdown }]);
  });

  it('rejects rendering options without --base, and a wrong number of inputs (exit 2)', async () => {
    expect((await runAipc(['diff', 'old', 'new', '--tier', 'edge'], { cwd: root })).code).toBe(2);
    expect((await runAipc(['diff', 'old'], { cwd: root })).stderr).toContain('expected two inputs');
    expect((await runAipc(['diff', 'old', 'new', '--format', 'html'], { cwd: root })).code).toBe(2);
    expect((await runAipc(['diff', 'old', 'missing'], { cwd: root })).stderr).toContain('missing: no such file or directory');
  });
});

describe('the object diff', () => {
  const deployment = (spec: unknown, apiVersion = 'apps/v1'): KubeObject => ({
    apiVersion,
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'ns' },
    spec,
  });

  it('does not count reordered named items (containers, env, ports) or map keys as changes', async () => {
    const before = {
      containers: [
        {
          name: 'a',
          image: 'a:1',
          env: [
            { name: 'X', value: '1' },
            { name: 'Y', value: '2' },
          ],
          ports: [
            { name: 'http', containerPort: 80 },
            { name: 'metrics', containerPort: 9090 },
          ],
        },
        { name: 'b', image: 'b:1' },
      ],
    };
    const after = {
      containers: [
        { name: 'b', image: 'b:1' },
        {
          ports: [
            { containerPort: 9090, name: 'metrics' },
            { name: 'http', containerPort: 80 },
          ],
          env: [
            { name: 'Y', value: '2' },
            { value: '1', name: 'X' },
          ],
          image: 'a:1',
          name: 'a',
        },
      ],
    };
    expect(diffObjects([obj(deployment(before))], [obj(deployment(after))])).toEqual([]);
  });

  it('names a changed named item by name, and aligns other lists by content', async () => {
    const fields = diffValues(
      { containers: [{ name: 'app', image: 'app:1', args: ['--a', '--b'] }], volumes: [{ name: 'old', emptyDir: {} }] },
      { containers: [{ name: 'app', image: 'app:2', args: ['--b', '--a'] }], volumes: [{ name: 'new', emptyDir: {} }] },
    );
    expect(fields.map((f) => `${f.change} ${formatFieldPath(f.path)}`)).toEqual([
      'changed containers[name=app].image',
      // `--a` moved after `--b`: one removal and one insertion, not two changed positions
      'removed containers[name=app].args[0]',
      'added containers[name=app].args[1]',
      'added volumes[name=new]',
      'removed volumes[name=old]',
    ]);
  });

  it('matches objects by API group, so a version bump is one changed apiVersion, not a removal and an addition', async () => {
    const before = {
      apiVersion: 'autoscaling/v2beta2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'ns' },
      spec: { maxReplicas: 3 },
    };
    const after = { ...before, apiVersion: 'autoscaling/v2' };
    expect(diffObjects([obj(before)], [obj(after)])).toEqual([
      expect.objectContaining({
        change: 'changed',
        apiVersion: 'autoscaling/v2',
        fields: [{ path: ['apiVersion'], change: 'changed', before: 'autoscaling/v2beta2', after: 'autoscaling/v2' }],
      }),
    ]);
    // a different group is a different object
    const other = { ...before, apiVersion: 'example.com/v1' };
    expect(diffObjects([obj(before)], [obj(other)]).map((c) => `${c.change} ${c.apiVersion}`)).toEqual([
      'removed autoscaling/v2beta2',
      'added example.com/v1',
    ]);
  });

  it('hides Secret values in every format, and still reports that they changed', async () => {
    const secret = (v: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'ns' },
      data: { password: v },
    });
    const changes = diffObjects([obj(secret('b2xk'))], [obj(secret('bmV3'))]);
    expect(changes[0].fields).toEqual([{ path: ['data', 'password'], change: 'changed', before: HIDDEN, after: HIDDEN }]);
    const added = diffObjects([], [obj(secret('bmV3'))]);
    const report: DiffReport = { before: 'a', after: 'b', sections: [{ objects: [...changes, ...added] }] };
    for (const format of ['text', 'markdown', 'json'] as const) expect(formatDiff(report, format)).not.toMatch(/b2xk|bmV3/);
  });

  it('rejects two objects with one identity on one side, naming both places', async () => {
    const d = deployment({ replicas: 1 });
    expect(() => diffObjects([obj(d, 'a.yaml'), obj(d, 'b.yaml')], [])).toThrow(InputError);
    expect(() => diffObjects([obj(d, 'a.yaml'), obj(d, 'b.yaml')], [])).toThrow(
      /b\.yaml:1: Deployment ns\/web appears twice \(also at a\.yaml:1\)/,
    );
  });

  it('keeps Markdown under the comment size limit, saying how many objects it left out', async () => {
    const many = Array.from({ length: 50 }, (_, i) =>
      obj({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'ns' }, data: { big: 'x'.repeat(500) } }),
    );
    const report: DiffReport = { before: 'a', after: 'b', sections: [{ objects: diffObjects([], many) }] };
    const md = diffMarkdown(report, 5_000);
    expect(md.length).toBeLessThan(5_200);
    const shown = md.match(/<b>\+ added<\/b>/g)?.length ?? 0;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(50);
    expect(md).toContain(`**Left out at the comment size limit**: ${50 - shown} entries (${50 - shown} added objects)`);
    expect(md).toContain(`| ConfigMap | ${50 - shown} |`);
    expect(md).toContain('| ConfigMap | 50 | 0 | 0 |');
  });

  it('collapses long details and escapes table cells', async () => {
    const before = deployment({ a: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i])), cmd: 'x' });
    const after = deployment({ a: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i + 1])), cmd: 'a | b <c>' });
    const md = diffMarkdown({ before: 'a', after: 'b', sections: [{ objects: diffObjects([obj(before)], [obj(after)]) }] });
    expect(md).toContain('<details>\n<summary><b>~ changed</b> <code>Deployment ns/web</code> (apps/v1), 13 fields</summary>');
    expect(md).toContain('| <code>spec.cmd</code> | <code>"x"</code> | <code>"a &#124; b &lt;c&gt;"</code> |');
    expect(diffText({ before: 'a', after: 'b', sections: [{ objects: [] }] })).toBe('no differences between a and b\n');
    expect(diffJson({ before: 'a', after: 'b', sections: [{ objects: [] }] })).toEqual({
      before: 'a',
      after: 'b',
      summary: { added: 0, removed: 0, changed: 0 },
      categories: { added: 0, removed: 0, image: 0, rbac: 0, networkpolicy: 0, service: 0, crd: 0, security: 0, other: 0 },
      ignored: 0,
      sections: [{ tier: null, summary: { added: 0, removed: 0, changed: 0 }, ignored: 0, reachability: [], objects: [] }],
    });
  });
});

describe('aipc diff --base (the chart at a git ref against the work tree)', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], {
      cwd,
      encoding: 'utf8',
    });

  /** A repository holding the chart (with three small tier files), then the controller's default replicas raised to 4 in the work tree. */
  function repoWithReplicaChange(): string {
    const repo = tempDir('aipc-diff-repo-');
    git(repo, 'init', '-q');
    const chart = join(repo, 'charts', 'ai-platform');
    cpSync(chartDir(), chart, { recursive: true });
    // the datacenter tier pins the replicas, so only edge and connected see the change
    writeFileSync(join(chart, 'values-tier1-edge.yaml'), 'global: {}\n');
    writeFileSync(join(chart, 'values-tier2-datacenter.yaml'), 'controller:\n  replicas: 3\n');
    writeFileSync(join(chart, 'values-tier3-connected.yaml'), 'global: {}\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'base');
    const values = join(chart, 'values.yaml');
    const text = readFileSync(values, 'utf8');
    const changed = text.replace(/^(controller:\n(?:[ #].*\n)*? {2}replicas: )2$/m, '$14');
    expect(changed).not.toBe(text);
    writeFileSync(values, changed);
    return repo;
  }

  it('renders both sides with the default values and reports the one changed field', async () => {
    const repo = repoWithReplicaChange();
    const r = await runAipc(['diff', '--base', 'HEAD', '--format', 'json', '--exit-code'], { cwd: repo });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.before).toBe('HEAD');
    expect(json.after).toBe('work tree');
    expect(json.sections).toEqual([
      {
        tier: null,
        note: "no --tier: both sides are rendered with the chart's default values (values.yaml); give --tier or --all-tiers to compare a tier",
        rendered: {
          before: { tier: null, files: ['charts/ai-platform/values.yaml@HEAD'] },
          after: { tier: null, files: ['charts/ai-platform/values.yaml'] },
        },
        summary: { added: 0, removed: 0, changed: 1 },
        ignored: 0,
        // the one change is a replica count: no connection opens or closes
        reachability: [],
        objects: [
          {
            change: 'changed',
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            namespace: 'ai-platform',
            name: 'ai-platform-controller',
            categories: ['other'],
            fields: [{ path: 'spec.replicas', change: 'changed', old: 2, new: 4 }],
          },
        ],
      },
    ]);
    // after a commit, the two refs compare the same way, and the work tree is then unchanged
    git(repo, 'commit', '-qam', 'more controllers');
    expect(
      JSON.parse((await runAipc(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], { cwd: repo })).stdout).summary,
    ).toEqual({
      added: 0,
      removed: 0,
      changed: 1,
    });
    // --ignore applies to rendered refs as to rendered files
    const ignored = JSON.parse(
      (
        await runAipc(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', '--ignore', 'Deployment:*:spec.replicas'], {
          cwd: repo,
        })
      ).stdout,
    );
    expect({ summary: ignored.summary, ignored: ignored.ignored }).toEqual({ summary: { added: 0, removed: 0, changed: 0 }, ignored: 1 });
    expect((await runAipc(['diff', '--base', 'HEAD', '--exit-code'], { cwd: repo })).code).toBe(0);
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(git(repo, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it('--all-tiers reports per tier, so a reviewer sees which tiers a change touches', async () => {
    const repo = repoWithReplicaChange();
    const r = await runAipc(['diff', '--base', 'HEAD', '--all-tiers', '--format', 'markdown'], { cwd: repo });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectGoldenTree(join(GOLDEN, 'all-tiers'), [{ path: 'diff.md', content: r.stdout }]);
    const text = (await runAipc(['diff', '--base', 'HEAD', '--all-tiers'], { cwd: repo })).stdout;
    expect(text).toContain('datacenter: no differences\n');
    expect(text).toContain('edge: 0 added, 0 removed, 1 changed\n');
  });

  it('rejects an unknown ref (exit 2)', async () => {
    const repo = repoWithReplicaChange();
    const r = await runAipc(['diff', '--base', 'no-such-branch'], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown git ref "no-such-branch"');
  });
});
