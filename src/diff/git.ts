// The chart as it was at a git ref, taken with `git archive` into a temporary directory: no
// worktree is registered and the repository's state is never touched.
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { AipcError } from '../errors.js';
import { makeTempDir, removeTempDir } from '../io/cleanup.js';

function git(cwd: string, args: readonly string[]): { ok: boolean; stdout: Buffer; stderr: string } {
  const r = spawnSync('git', args, { cwd, maxBuffer: 1024 * 1024 * 1024 });
  if (r.error) throw new AipcError(`cannot run git: ${r.error.message}`, 2, 'install git, or diff two rendered trees: aipc diff OLD NEW');
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr.toString('utf8').trim() };
}

/** The top directory of the git work tree holding `dir`. */
export function gitTopLevel(dir: string): string {
  const r = git(existsSync(dir) ? dir : dirname(dir), ['rev-parse', '--show-toplevel']);
  if (!r.ok)
    throw new AipcError(
      `${dir} is not inside a git work tree (${r.stderr})`,
      2,
      'comparing with a git ref needs a git checkout; without one, diff two rendered trees (aipc diff OLD NEW)',
    );
  return r.stdout.toString('utf8').trim();
}

/** The commit a ref names; bad refs are bad input (exit 2). */
export function resolveCommit(repo: string, ref: string): string {
  if (!ref || ref.startsWith('-')) throw new AipcError(`not a git ref: ${JSON.stringify(ref)}`);
  const r = git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!r.ok) throw new AipcError(`unknown git ref "${ref}"`, 2, 'give a branch, tag or commit (fetch it first in a shallow CI clone)');
  return r.stdout.toString('utf8').trim();
}

/** A chart directory extracted from `ref`, and a function that removes it. */
export interface ExtractedChart {
  readonly chartDir: string;
  readonly commit: string;
  readonly remove: () => void;
}

/** Extracts `chartDir` (a directory inside the work tree) as it is at `ref`. */
export function extractChartAtRef(chartDir: string, ref: string): ExtractedChart {
  const top = gitTopLevel(chartDir);
  const commit = resolveCommit(top, ref);
  const inRepo = relative(realpathSync(top), realpathSync(chartDir)).split(sep).join('/');
  if (inRepo.startsWith('..')) throw new AipcError(`${chartDir} is outside the git work tree ${top}`);
  const archive = git(top, ['archive', '--format=tar', commit, '--', inRepo || '.']);
  if (!archive.ok) throw new AipcError(`${inRepo} does not exist at ${ref}: ${archive.stderr}`);
  const dest = makeTempDir('aipc-diff-');
  const remove = () => removeTempDir(dest);
  const tar = spawnSync('tar', ['-x', '-C', dest], { input: archive.stdout });
  if (tar.error || tar.status !== 0) {
    remove();
    throw new AipcError(`cannot unpack the chart at ${ref}: ${tar.error?.message ?? tar.stderr.toString('utf8').trim()}`);
  }
  return { chartDir: join(dest, inRepo), commit, remove };
}

/** Files and directories of a repository as they are at a git ref, extracted into a temporary directory. */
export interface ExtractedTree {
  /** Where the repository's top maps to. */
  readonly root: string;
  readonly commit: string;
  /** Which of the paths asked for exist at the ref (repository-relative, `/`-separated). */
  readonly present: ReadonlySet<string>;
  readonly remove: () => void;
}

/** Extracts `paths` (relative to the repository top `top`) as they are at `ref`; paths absent there are left out. */
export function extractPathsAtRef(top: string, ref: string, paths: readonly string[]): ExtractedTree {
  const commit = resolveCommit(top, ref);
  const present = new Set(paths.filter((p) => git(top, ['cat-file', '-e', `${commit}:${p}`]).ok));
  const root = makeTempDir('aipc-diff-');
  const remove = () => removeTempDir(root);
  if (present.size) {
    const archive = git(top, ['archive', '--format=tar', commit, '--', ...present]);
    const tar = archive.ok ? spawnSync('tar', ['-x', '-C', root], { input: archive.stdout }) : undefined;
    if (!archive.ok || !tar || tar.error || tar.status !== 0) {
      remove();
      throw new AipcError(`cannot unpack ${[...present].join(', ')} at ${ref}: ${archive.stderr || tar?.stderr.toString('utf8').trim()}`);
    }
  }
  return { root, commit, present, remove };
}

/** `path` relative to the repository top `top` (`/`-separated), or undefined when it lies outside. */
export function repoRelative(top: string, path: string): string | undefined {
  const rel = relative(realpathSync(top), realpathSync(path)).split(sep).join('/');
  return rel.startsWith('..') || rel.startsWith('/') ? undefined : rel;
}
