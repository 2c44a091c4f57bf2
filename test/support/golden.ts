// Golden files: compared on every run, rewritten only with UPDATE_GOLDEN=1 (never under CI).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { expect } from 'vitest';
import type { OutputFile } from '../../src/io/output-file.js';

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

/** Asserts `dir` holds exactly `files`; with UPDATE_GOLDEN=1 (and not CI) rewrites it instead. */
export function expectGoldenTree(dir: string, files: readonly OutputFile[]): void {
  if (process.env.UPDATE_GOLDEN === '1' && !process.env.CI) {
    rmSync(dir, { recursive: true, force: true });
    for (const f of files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    return;
  }
  const hint = 'golden files differ; review the change, then run UPDATE_GOLDEN=1 npm test and commit the diff';
  expect(listFiles(dir), `${hint} (file list)`).toEqual(files.map((f) => f.path));
  for (const f of files) {
    // toEqual on strings prints a line diff, which is what a reviewer needs
    expect(f.content, `${hint}: ${f.path}`).toEqual(readFileSync(join(dir, f.path), 'utf8'));
  }
}
