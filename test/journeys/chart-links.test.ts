// A chart that holds a symbolic link out of itself never reaches Helm, on every path that hands a
// chart to Helm: the chart at a git ref (`diff --base`, `compat --base`), a directory
// (`render --chart`, `diff --base` work-tree side) and the packaged chart of a bundle. Helm follows
// links, so without the check the target's bytes would land in the render, and from there in the
// Markdown the documented PR workflow posts as a comment.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { runAipc } from '../support/cli.js';
import { chartDir } from '../../src/paths.js';

const SECRET = 'AIPC-LINK-SECRET-7f3a';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });

/** A repository whose chart gains, in its last commit, a link named `link` pointing at `target`. */
function repoWithLink(link: string, target: (outside: string) => string): { repo: string; chart: string } {
  const outside = tempDir('aipc-outside-');
  writeFileSync(join(outside, 'credentials'), `password: ${SECRET}\n`);
  const repo = tempDir('aipc-link-repo-');
  git(repo, 'init', '-q');
  const chart = join(repo, 'charts', 'ai-platform');
  cpSync(chartDir(), chart, { recursive: true });
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  mkdirSync(join(chart, link, '..'), { recursive: true });
  symlinkSync(target(outside), join(chart, link));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'link');
  return { repo, chart };
}

const links: Array<[string, string, (outside: string) => string]> = [
  ['a template linked to a credentials file outside the repository', 'templates/leak.yaml', (o) => join(o, 'credentials')],
  ['a file linked to /proc/self/environ (read by .Files.Get)', 'files/environ', () => '/proc/self/environ'],
  ['a relative link climbing out of the chart', 'templates/up.yaml', () => '../../../../outside-nowhere'],
];

const commands: Array<[string, (chart: string) => string[]]> = [
  ['diff --base (the chart at the ref)', () => ['diff', '--base', 'HEAD', '--head', 'HEAD']],
  ['diff --base (the work tree)', () => ['diff', '--base', 'HEAD~1']],
  ['compat --base', () => ['compat', '--base', 'HEAD~1', '--head', 'HEAD']],
  ['render --chart', (chart) => ['render', '--chart', chart]],
];

describe('a symbolic link out of the chart is refused before Helm reads the chart', () => {
  for (const [what, link, target] of links) {
    for (const [command, args] of commands) {
      it(`${command}: ${what}`, async () => {
        const { repo, chart } = repoWithLink(link, target);
        const r = await runAipc(args(chart), { cwd: repo, env: { AIPC_TEST_SECRET: SECRET } });
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(link.split('/').pop()!);
        expect(r.stderr).toMatch(/symbolic link|dangling/);
        expect(r.stdout + r.stderr).not.toContain(SECRET);
      });
    }
  }

  it('a link that stays inside the chart is followed as Helm follows it (the control)', async () => {
    const { repo, chart } = repoWithLink('files/readme-copy.md', () => '../README.md');
    const r = await runAipc(['render', '--chart', chart], { cwd: repo });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kind: Deployment');
  });
});
