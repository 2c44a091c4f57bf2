// Crash-safe writes: a run killed at any point leaves the old output or the new one, never a mix;
// two runs writing the same output at once leave a correct result.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFullChart } from '../../src/actions/generate.js';
import { recoverDirectory, replaceDirectory, writeFileAtomic } from '../../src/io/atomic-write.js';
import { packageRoot } from '../../src/paths.js';
import { tempDir } from '../helpers.js';

const ATOMIC = join(packageRoot(), 'src/io/atomic-write.ts');
const fileSet = (tag: string, n = 300) =>
  Array.from({ length: n }, (_, i) => ({ path: `d${i % 7}/f${i}.txt`, content: `${tag} ${i}\n`.repeat(200) }));

function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}
const asTree = (files: { path: string; content: string }[]) => Object.fromEntries(files.map((f) => [f.path, f.content]));

/** Runs `code` in a child node (TypeScript via tsx) with the crash hook set; returns its signal. */
function runChild(code: string, crashAt: string): NodeJS.Signals | null {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: packageRoot(),
    env: { ...process.env, AIPC_TEST_CRASH_AT: crashAt },
    encoding: 'utf8',
  });
  if (r.status !== null && r.status !== 0) throw new Error(r.stderr);
  return r.signal;
}

describe('a run killed mid-write leaves the old output or the new one', () => {
  const oldFiles = fileSet('old');
  const newFiles = fileSet('new', 250); // a different file set: a mix would show extra or missing files

  it.each(['file:1', 'file:120', 'file:250', 'backup', 'swapped'])('replaceDirectory killed at %s', (point) => {
    const parent = tempDir('aipc-atomic-');
    const target = join(parent, 'chart');
    replaceDirectory(target, oldFiles);
    const code = `import { replaceDirectory } from ${JSON.stringify(ATOMIC)};
      const files = Array.from({ length: 250 }, (_, i) => ({ path: 'd' + (i % 7) + '/f' + i + '.txt', content: ('new ' + i + '\\n').repeat(200) }));
      replaceDirectory(${JSON.stringify(target)}, files);`;
    expect(runChild(code, point)).toBe('SIGKILL');
    // a reader between the crash and the next run: the old or the new directory, or (between the
    // renames) none, which the next run's recovery puts back
    recoverDirectory(target);
    const tree = readTree(target);
    const expected = point === 'swapped' ? asTree(newFiles) : asTree(oldFiles);
    expect(tree).toEqual(expected);
    // recovery removed every temporary the dead run left
    expect(readdirSync(parent)).toEqual(['chart']);
    // and the next run succeeds
    replaceDirectory(target, newFiles);
    expect(readTree(target)).toEqual(asTree(newFiles));
    expect(readdirSync(parent)).toEqual(['chart']);
  });

  it('writeFileAtomic killed between write and rename leaves the old file', () => {
    const dir = tempDir('aipc-atomic-');
    const target = join(dir, 'values.yaml');
    writeFileSync(target, 'old: true\n');
    const code = `import { writeFileAtomic } from ${JSON.stringify(ATOMIC)};
      writeFileAtomic(${JSON.stringify(target)}, 'new: true\\n'.repeat(100000));`;
    expect(runChild(code, 'tmp')).toBe('SIGKILL');
    expect(readFileSync(target, 'utf8')).toBe('old: true\n');
    writeFileAtomic(target, 'new: true\n');
    expect(readFileSync(target, 'utf8')).toBe('new: true\n');
  });

  it('a stale lock of a dead run is broken, not waited on', () => {
    const parent = tempDir('aipc-atomic-');
    const target = join(parent, 'out');
    writeFileSync(join(parent, '.out.aipc-lock'), '999999999');
    replaceDirectory(target, fileSet('x', 3));
    expect(Object.keys(readTree(target))).toHaveLength(3);
    expect(existsSync(join(parent, '.out.aipc-lock'))).toBe(false);
  });
});

describe('two runs writing the same output at once', () => {
  const run = (args: string[]) =>
    new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [join(packageRoot(), 'bin/aipc.js'), ...args], { stdio: 'ignore' });
      child.on('close', (code) => resolve(code ?? -1));
    });

  it('concurrent `aipc generate --out DIR` always leave a clean chart', async () => {
    const expected = asTree(generateFullChart() as { path: string; content: string }[]);
    const parent = tempDir('aipc-concurrent-');
    const out = join(parent, 'chart');
    for (let round = 0; round < 4; round++) {
      // a stale chart each round, so both runs really write
      if (round > 0) writeFileSync(join(out, 'values.yaml'), `stale ${round}\n`);
      if (round === 2) mkdirSync(join(out, 'extra'), { recursive: true });
      const codes = await Promise.all([run(['generate', '--out', out]), run(['generate', '--out', out]), run(['generate', '--out', out])]);
      expect(codes).toEqual([0, 0, 0]);
      expect(readTree(out)).toEqual(expected);
      expect(readdirSync(parent)).toEqual(['chart']);
    }
  }, 60_000);
});
