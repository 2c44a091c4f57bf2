// `diff --base` compiles each side from that side's own files: a commit that changes only a site
// profile, only a tenant list or only the release data shows in the diff, and every format says
// what each side rendered (tier, profile, tenants, files read, with @REF for the side at a ref).
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartDir, packageRoot } from '../../src/paths.js';
import { tempDir } from '../helpers.js';
import { runAipc } from '../support/cli.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });

const SITE = `name: site-a
extends: edge
hardware:
  gpuNodes: 3
`;
const TENANTS = `tenants:
  - name: team-alpha
    quota: {cpu: "4", memory: 8Gi, gpu: 1, pvcs: 2, pods: 10}
    budget: {maxTotalTokens: 100000, maxTotalCost: "10.00", maxConcurrentRuns: 2}
`;

/** A repository with the chart, a site profile, a tenant list and release data, committed; then `edit` in the work tree. */
function repo(edit: (dir: string) => void): string {
  const dir = tempDir('aipc-sides-');
  git(dir, 'init', '-q');
  cpSync(chartDir(), join(dir, 'charts', 'ai-platform'), { recursive: true });
  writeFileSync(join(dir, 'site.yaml'), SITE);
  writeFileSync(join(dir, 'tenants.yaml'), TENANTS);
  cpSync(join(packageRoot(), 'release.yaml'), join(dir, 'release.yaml'));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  edit(dir);
  return dir;
}

async function diffJson(
  dir: string,
): Promise<{ sections: { rendered: unknown; objects: { kind: string; name: string; fields?: { path: string }[] }[] }[] }> {
  const r = await runAipc(['diff', '--base', 'HEAD', '--tier', 'site.yaml', '--tenants', 'tenants.yaml', '--format', 'json'], {
    cwd: dir,
    env: { AIPC_RELEASE_FILE: join(dir, 'release.yaml') },
  });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('diff --base compiles each side from its own files', () => {
  it('a site profile edited in the work tree (GPU nodes doubled) shows as a change, each side named', async () => {
    const dir = repo((d) => writeFileSync(join(d, 'site.yaml'), SITE.replace('gpuNodes: 3', 'gpuNodes: 6')));
    const json = await diffJson(dir);
    const [section] = json.sections;
    expect(section!.objects.length).toBeGreaterThan(0);
    expect(JSON.stringify(section!.objects)).toContain('nvidia.com/gpu');
    expect(section!.rendered).toMatchObject({
      before: {
        tier: 'edge',
        profile: 'site-a',
        tenants: ['team-alpha'],
        files: expect.arrayContaining(['site.yaml@HEAD', 'tenants.yaml@HEAD']),
      },
      after: { tier: 'edge', profile: 'site-a', tenants: ['team-alpha'], files: expect.arrayContaining(['site.yaml', 'tenants.yaml']) },
    });
  });

  it('a tenant list edited (a tenant gets more GPUs, one is added) shows as a change', async () => {
    const dir = repo((d) =>
      writeFileSync(
        join(d, 'tenants.yaml'),
        `${TENANTS.replace('gpu: 1', 'gpu: 2')}  - name: team-beta\n    quota: {cpu: "2", memory: 4Gi, gpu: 0, pvcs: 1, pods: 5}\n    budget: {maxTotalTokens: 1000, maxTotalCost: "1.00", maxConcurrentRuns: 1}\n`,
      ),
    );
    const [section] = (await diffJson(dir)).sections;
    const names = section!.objects.map((o) => `${o.kind}/${o.name}`);
    expect(names).toContain('Namespace/tenant-team-beta');
    expect(names).toContain('ResourceQuota/tenant-quota');
    expect(section!.rendered).toMatchObject({ before: { tenants: ['team-alpha'] }, after: { tenants: ['team-alpha', 'team-beta'] } });
  });

  it('release data edited (a digest pinned) shows as an image change of the air-gapped site', async () => {
    const dir = repo((d) => {
      const file = join(d, 'release.yaml');
      const text = readFileSync(file, 'utf8');
      const pinned = text.replace(
        /(- repository: ai-platform\/agent\n(?: {4}.*\n)*? {4}tag: .*\n)/,
        `$1    digest: sha256:${'a'.repeat(64)}\n`,
      );
      expect(pinned).not.toBe(text);
      writeFileSync(file, pinned);
    });
    const [section] = (await diffJson(dir)).sections;
    expect(JSON.stringify(section!.objects)).toContain(`sha256:${'a'.repeat(64)}`);
    expect(section!.rendered).toMatchObject({ before: { files: expect.arrayContaining(['release.yaml@HEAD']) } });
  });

  it('the same files on both sides: no differences (the control), and the text and Markdown say what was rendered', async () => {
    const dir = repo(() => {});
    const args = ['diff', '--base', 'HEAD', '--tier', 'site.yaml', '--tenants', 'tenants.yaml'];
    const env = { AIPC_RELEASE_FILE: join(dir, 'release.yaml') };
    const text = await runAipc(args, { cwd: dir, env });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('no differences');
    expect(text.stdout).toContain('HEAD: tier edge, profile site-a, 1 tenant (team-alpha); read site.yaml@HEAD, tenants.yaml@HEAD');
    expect(text.stdout).toContain('work tree: tier edge, profile site-a, 1 tenant (team-alpha); read site.yaml, tenants.yaml');
    const md = await runAipc([...args, '--format', 'markdown'], { cwd: dir, env });
    expect(md.stdout).toContain('What was rendered');
    expect(md.stdout).toContain('site.yaml@HEAD');
    const json = await diffJson(dir);
    expect(json.sections[0]!.objects).toEqual([]);
  });

  it('without --tier, says both sides use the chart defaults', async () => {
    const dir = repo((d) =>
      writeFileSync(
        join(d, 'charts/ai-platform/values.yaml'),
        readFileSync(join(d, 'charts/ai-platform/values.yaml'), 'utf8').replace(/^( {2}replicas: )2$/m, '$13'),
      ),
    );
    const r = await runAipc(['diff', '--base', 'HEAD'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("chart's default values");
    expect(r.stdout).toContain('charts/ai-platform/values.yaml@HEAD');
  });
});
