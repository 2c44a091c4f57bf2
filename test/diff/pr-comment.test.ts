// The pull-request comment a reviewer reads (`aipc diff --format github`), for the two changes a
// platform team makes most: a release (chart version and image tags bumped) and a tenant added.
// Each is a golden file; each leads with the first change within its first ten lines and stays
// under GitHub's comment limit, and a tenant addition is one entry that fits in 3,000 characters.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { diffObjects } from '../../src/diff/diff.js';
import { formatDiff, GITHUB_COMMENT_LIMIT, GITHUB_MARKER } from '../../src/diff/format.js';
import type { ManifestObject } from '../../src/io/manifests.js';
import { release } from '../../src/model/release.js';
import { chartDir } from '../../src/paths.js';
import { tempDir } from '../helpers.js';
import { runAipc } from '../support/cli.js';
import { expectGoldenTree } from '../support/golden.js';

const GOLDEN = join(import.meta.dirname, '../golden', 'diff');
const FIRST_CHANGE = /<b>[+~=-] |<b>= /;

async function render(args: string[], out: string): Promise<void> {
  const r = await runAipc(['render', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  writeFileSync(out, r.stdout);
}

/** The comment for two renders in `dir`, named as a workflow names them (relative to where it runs). */
async function comment(dir: string): Promise<string> {
  const r = await runAipc(['diff', 'before.yaml', 'after.yaml', '--format', 'github'], { cwd: dir });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

/** Lines before the first change entry (its `<summary>` line). */
const linesBeforeFirstChange = (md: string): number => md.split('\n').findIndex((l) => FIRST_CHANGE.test(l));

describe('pull-request comments (--format github)', () => {
  it('a tenant added: one entry naming the tenant and its objects, first in the comment, under 3,000 characters', async () => {
    const dir = tempDir('aipc-pr-tenant-');
    const tenants = join(dir, 'tenants.yaml');
    writeFileSync(
      tenants,
      `${readFileSync(join(chartDir(), '../../profiles/tenants-edge.yaml'), 'utf8')}  - name: team-delta
    quota: {cpu: "4", memory: 8Gi, gpu: 0, pvcs: 2, pods: 10}
    budget: {maxTotalTokens: 100000, maxTotalCost: "10.00", maxConcurrentRuns: 2}
`,
    );
    await render(['--tier', 'edge'], join(dir, 'before.yaml'));
    await render(['--tier', 'edge', '--tenants', tenants], join(dir, 'after.yaml'));
    const md = await comment(dir);
    expect(md.startsWith(`${GITHUB_MARKER}\n`)).toBe(true);
    expect(md.length).toBeLessThan(3_000);
    // what the new tenant can reach leads (its pods that could exist reach the platform's gateway), then the objects
    const lines = md.split('\n');
    const reach = lines.findIndex((l) => l.startsWith('**Reachability**'));
    expect(reach).toBeGreaterThan(0);
    expect(reach).toBeLessThan(6);
    expect(lines[reach + 2]).toMatch(
      /^- now reachable: tenant-team-delta → ai-platform TCP 8080, allowed by .*NetworkPolicy tenant-team-delta\/tenant-isolation/,
    );
    const first = linesBeforeFirstChange(md);
    expect(first).toBeGreaterThan(reach);
    expect(first - reach).toBeLessThan(10);
    expect(md.split('\n')[first]).toContain('tenant <code>team-delta</code>');
    expect(md).toContain('<code>Namespace tenant-team-delta</code>');
    expectGoldenTree(join(GOLDEN, 'pr-tenant-added'), [{ path: 'comment.md', content: md }]);
  });

  it('a release bump: the image changes lead, the version labels are one grouped entry, under the limit', async () => {
    const dir = tempDir('aipc-pr-release-');
    const current = release();
    const next = { version: semver.inc(current.chart.version, 'minor')!, tag: (t: string) => `${t}-next` };
    const bumped = join(dir, 'chart');
    cpSync(chartDir(), bumped, { recursive: true });
    const chartYaml = join(bumped, 'Chart.yaml');
    writeFileSync(chartYaml, readFileSync(chartYaml, 'utf8').replace(/^version: .*$/m, `version: ${next.version}`));
    // the platform's own images move to the new tags (third-party pins stay)
    let values = readFileSync(join(bumped, 'values.yaml'), 'utf8');
    for (const image of current.images.filter((i) => i.repository.startsWith('ai-platform/')))
      values = values.replaceAll(`tag: ${image.tag}\n`, `tag: ${next.tag(image.tag)}\n`);
    writeFileSync(join(bumped, 'values.yaml'), values);
    await render(['--tier', 'edge'], join(dir, 'before.yaml'));
    await render(['--tier', 'edge', '--chart', bumped], join(dir, 'after.yaml'));
    const md = await comment(dir);
    expect(md.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    const first = linesBeforeFirstChange(md);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(10);
    expect(md).toContain('#### Images');
    expect(md.indexOf('#### Images')).toBeLessThan(md.indexOf('#### Other changes'));
    expect(md).toContain(`ai-platform-${next.version}`);
    // the golden file holds placeholders for both versions, so a release changes no golden file
    let golden = md.replaceAll(`ai-platform-${next.version}`, 'ai-platform-<next.chart.version>');
    for (const image of current.images) golden = golden.replaceAll(`${image.tag}-next`, '<tag>-next');
    expectGoldenTree(join(GOLDEN, 'pr-release-bump'), [{ path: 'comment.md', content: golden }]);
  });
});

describe('RBAC changes are shown as whole rules', () => {
  const role = (verbs: string[]): ManifestObject => ({
    file: '-',
    line: 1,
    source: '',
    itemPath: [],
    object: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'agents', namespace: 'tenant-a' },
      rules: [
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
        { apiGroups: ['fractal.ai'], resources: ['shardruns'], verbs },
      ],
    },
  });

  it('a verb added to one rule shows that rule before and after, with its groups and resources', () => {
    const report = { before: 'a', after: 'b', sections: [{ objects: diffObjects([role(['get'])], [role(['get', 'list'])]) }] };
    const md = formatDiff(report, 'markdown');
    expect(md).toContain('- - apiGroups:');
    expect(md).toContain('+ - apiGroups:');
    expect(md).toMatch(/- {5}- shardruns/);
    expect(md).toMatch(/\+ {5}- list/);
    // the unchanged rule is not repeated
    expect(md).not.toContain('configmaps');
    const text = formatDiff(report, 'text');
    expect(text).toContain('    + - apiGroups:');
    expect(text).toContain('- list');
  });
});
