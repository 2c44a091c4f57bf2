// A reviewer's story: a repository holds the chart, a site profile, a tenant list and the release
// data, and three commits each change ONLY one of those files. `aipc diff --base` and
// `aipc compat --base` compare each commit with its parent, each side compiled from its own files,
// and both report every change and say what each side rendered (a table: commit × command).
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompatReport } from '../../src/compat/report.js';
import { chartDir, packageRoot } from '../../src/paths.js';
import { runAipc } from '../support/cli.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });

const SITE = 'name: site-a\nextends: edge\nhardware:\n  gpuNodes: 3\n';
const TENANTS = `tenants:
  - name: team-alpha
    quota: {cpu: "4", memory: 8Gi, gpu: 1, pvcs: 2, pods: 10}
    budget: {maxTotalTokens: 100000, maxTotalCost: "10.00", maxConcurrentRuns: 2}
`;
const BETA = `  - name: team-beta
    quota: {cpu: "2", memory: 4Gi, gpu: 0, pvcs: 1, pods: 5}
    budget: {maxTotalTokens: 1000, maxTotalCost: "1.00", maxConcurrentRuns: 1}
`;
const DIGEST = `sha256:${'b'.repeat(64)}`;

/** Each commit: the one file it changes, how, and what a report of the change must contain. */
const COMMITS = [
  {
    name: 'only the site profile (GPU nodes doubled)',
    file: 'site.yaml',
    change: (t: string) => t.replace('gpuNodes: 3', 'gpuNodes: 6'),
    shows: 'nvidia.com/gpu',
  },
  { name: 'only the tenant list (team-beta added)', file: 'tenants.yaml', change: (t: string) => `${t}${BETA}`, shows: 'tenant-team-beta' },
  {
    name: 'only release.yaml (the agent image pinned by digest)',
    file: 'release.yaml',
    change: (t: string) => t.replace(/(- repository: ai-platform\/agent\n(?: {4}.*\n)*? {4}tag: .*\n)/, `$1    digest: ${DIGEST}\n`),
    shows: DIGEST,
  },
] as const;

let repo: string;
/** The commit before and after each change in COMMITS, and an empty commit for the control. */
const refs: { before: string; after: string }[] = [];

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'aipc-base-sides-'));
  git(repo, 'init', '-q');
  cpSync(chartDir(), join(repo, 'charts', 'ai-platform'), { recursive: true });
  writeFileSync(join(repo, 'site.yaml'), SITE);
  writeFileSync(join(repo, 'tenants.yaml'), TENANTS);
  cpSync(join(packageRoot(), 'release.yaml'), join(repo, 'release.yaml'));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  for (const c of COMMITS) {
    const before = git(repo, 'rev-parse', 'HEAD').trim();
    const file = join(repo, c.file);
    const text = readFileSync(file, 'utf8');
    const changed = c.change(text);
    expect(changed, c.name).not.toBe(text);
    writeFileSync(file, changed);
    git(repo, 'commit', '-qam', c.name);
    expect(git(repo, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe(c.file);
    refs.push({ before, after: git(repo, 'rev-parse', 'HEAD').trim() });
  }
  const head = git(repo, 'rev-parse', 'HEAD').trim();
  git(repo, 'commit', '-q', '--allow-empty', '-m', 'nothing');
  refs.push({ before: head, after: git(repo, 'rev-parse', 'HEAD').trim() });
});

afterAll(() => {
  if (repo) rmSync(repo, { recursive: true, force: true });
});

const TIER = ['--tier', 'site.yaml', '--tenants', 'tenants.yaml'];
const run = (args: string[]) => runAipc(args, { cwd: repo, env: { AIPC_RELEASE_FILE: join(repo, 'release.yaml') } });

interface Rendered {
  tier: string | null;
  profile?: string;
  tenants?: string[];
  files: string[];
}

/** Each command's report of one commit pair: whether anything changed, its text, what each side rendered. */
const COMMANDS = {
  'diff --base': async (r: { before: string; after: string }) => {
    const out = await run(['diff', '--base', r.before, '--head', r.after, ...TIER, '--format', 'json']);
    expect(out.code, out.stderr).toBe(0);
    const json = JSON.parse(out.stdout) as { sections: { rendered: { before: Rendered; after: Rendered }; objects: unknown[] }[] };
    const [section] = json.sections;
    return { changed: section!.objects.length > 0, text: JSON.stringify(section!.objects), rendered: section!.rendered };
  },
  'compat --base': async (r: { before: string; after: string }) => {
    const out = await run(['compat', '--base', r.before, '--head', r.after, ...TIER, '--format', 'json']);
    // exit 1 when the change needs a version bump the commit did not make; never bad input
    expect([0, 1], out.stderr).toContain(out.code);
    const report = JSON.parse(out.stdout) as CompatReport;
    expect(report.sections.map((s) => s.tier)).toEqual(['site-a']);
    const [section] = report.sections;
    const { added, removed, changed } = section!.objects;
    return {
      changed: added + removed + changed > 0,
      text: JSON.stringify(section!.findings),
      rendered: section!.rendered as { before: Rendered; after: Rendered },
    };
  },
} as const;

describe('diff --base and compat --base compile each side from its own files', () => {
  const table = COMMITS.flatMap((c, i) => Object.keys(COMMANDS).map((command) => [command, c.name, i] as const));

  it.each(table)('%s reports a commit that changes %s', async (command, _name, i) => {
    const commit = COMMITS[i]!;
    const report = await COMMANDS[command as keyof typeof COMMANDS](refs[i]!);
    expect(report.changed).toBe(true);
    // diff lists the changed fields; compat's findings name what was added (the tenant's objects)
    if (command === 'diff --base' || commit.file === 'tenants.yaml') expect(report.text).toContain(commit.shows);
    expect(report.rendered.before).toMatchObject({
      tier: 'edge',
      profile: 'site-a',
      files: expect.arrayContaining([`site.yaml@${refs[i]!.before}`, `tenants.yaml@${refs[i]!.before}`]),
    });
    expect(report.rendered.after.files).toEqual(expect.arrayContaining([`site.yaml@${refs[i]!.after}`]));
    // the release data is read from each side's own commit when it compiles the tier
    expect(report.rendered.before.files).toContain(`release.yaml@${refs[i]!.before}`);
    expect(report.rendered.after.files).toContain(`release.yaml@${refs[i]!.after}`);
    if (commit.file === 'tenants.yaml') {
      expect(report.rendered.before.tenants).toEqual(['team-alpha']);
      expect(report.rendered.after.tenants).toEqual(['team-alpha', 'team-beta']);
    }
  });

  it.each(Object.keys(COMMANDS))('%s: a commit that changes nothing reports nothing (the control)', async (command) => {
    const report = await COMMANDS[command as keyof typeof COMMANDS](refs[COMMITS.length]!);
    expect(report.changed).toBe(false);
  });

  it('compat says what each side rendered in text, Markdown and SARIF too', async () => {
    const r = refs[1]!;
    const text = await run(['compat', '--base', r.before, '--head', r.after, ...TIER]);
    expect(text.stdout).toContain(`${r.before}: tier edge, profile site-a, 1 tenant (team-alpha); read site.yaml@${r.before}`);
    expect(text.stdout).toContain(`${r.after}: tier edge, profile site-a, 2 tenants (team-alpha, team-beta)`);
    const md = await run(['compat', '--base', r.before, '--head', r.after, ...TIER, '--format', 'markdown']);
    expect(md.stdout).toContain(`rendered at \`${r.before}\`: tier edge, profile site-a, 1 tenant (team-alpha)`);
    const sarif = await run(['compat', '--base', r.before, '--head', r.after, ...TIER, '--format', 'sarif']);
    const [sarifRun] = (
      JSON.parse(sarif.stdout) as { runs: { properties: { rendered: { tier: string; before: Rendered; after: Rendered }[] } }[] }
    ).runs;
    expect(sarifRun!.properties.rendered).toMatchObject([
      { tier: 'site-a', before: { tenants: ['team-alpha'] }, after: { tenants: ['team-alpha', 'team-beta'] } },
    ]);
  });
});
