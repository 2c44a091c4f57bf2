// Golden files: compared on every run, rewritten only with UPDATE_GOLDEN=1 (never under CI). The
// release's chart version and image tags are written as placeholders, so a release (an edit of
// release.yaml) changes no golden file.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { expect } from 'vitest';
import type { OutputFile } from '../../src/io/output-file.js';
import { release as currentRelease, type Release } from '../../src/model/release.js';

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

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `text` with the release's chart version, appVersion and image tags replaced by placeholders. */
export function withReleasePlaceholders(text: string, release: Release = currentRelease()): string {
  let out = text
    .replaceAll(`ai-platform-${release.chart.version}`, 'ai-platform-<chart.version>')
    .replace(new RegExp(`^(\\s*app\\.kubernetes\\.io/version: )"?${escape(release.chart.appVersion)}"?$`, 'gm'), '$1<chart.appVersion>');
  for (const i of release.images) {
    out = out.replace(
      new RegExp(`(^|[\\s/"'])${escape(i.repository)}:${escape(i.tag)}(?![A-Za-z0-9_.-])`, 'gm'),
      `$1${i.repository}:<tag>`,
    );
  }
  return out;
}

/**
 * Asserts `dir` holds exactly `files` (made with `release`, by default the one in use); with
 * UPDATE_GOLDEN=1 (and not CI) rewrites it instead.
 */
export function expectGoldenTree(dir: string, rendered: readonly OutputFile[], release?: Release): void {
  const files = rendered.map((f) => ({ path: f.path, content: withReleasePlaceholders(f.content, release) }));
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
