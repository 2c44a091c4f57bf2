// `aipc render`: the chart as one stream or one file per object, reproducibly, written safely.
import { cpSync, rmSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartDir } from '../../src/paths.js';
import { runRender } from '../../src/actions/render.js';
import { assertSplitDirectory } from '../../src/render/split.js';
import { readManifestText } from '../../src/io/manifests.js';
import { runCli, tempDir } from '../helpers.js';

/** Every file under `dir` with its content, by relative path. */
function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** A copy of the chart with a small `edge` tier file, so tier renders do not wait on `aipc values --all`. */
function chartWithEdgeTier(): string {
  const dir = join(tempDir(), 'ai-platform');
  cpSync(chartDir(), dir, { recursive: true });
  writeFileSync(join(dir, 'values-tier1-edge.yaml'), 'controller:\n  replicas: 1\n');
  return dir;
}

describe('aipc render', () => {
  it('--split writes one file per object at <namespace>/<kind>-<name>.yaml, identical on a second run', () => {
    const root = tempDir();
    const first = runCli(['render', '--split', join(root, 'one')]);
    expect(first.stderr).toMatch(/^wrote \d+ files to /);
    expect(first.code).toBe(0);
    expect(runCli(['render', '--split', join(root, 'two')]).code).toBe(0);
    const one = readTree(join(root, 'one'));
    expect(Object.keys(one)).toContain('ai-platform/deployment-ai-platform-controller.yaml');
    // one file per object, plus the marker that lets the next run recognise its own output
    expect(one['.aipc-output']).toMatch(/producer: render --split\n/);
    expect(Object.keys(one).every((p) => p === '.aipc-output' || /^[a-z0-9_-]+\/[a-z0-9]+-[a-z0-9.-]+\.yaml$/.test(p))).toBe(true);
    expect(readTree(join(root, 'two'))).toEqual(one);
    // rendering into an earlier split directory replaces it with the same bytes
    expect(runCli(['render', '--split', join(root, 'one')]).code).toBe(0);
    expect(readTree(join(root, 'one'))).toEqual(one);
  });

  it('prints the objects as one stream without --split, the same objects --split writes', async () => {
    const r = runCli(['render']);
    expect(r.code).toBe(0);
    const { objects, diagnostics } = readManifestText(r.stdout, '<stdout>');
    expect(diagnostics).toEqual([]);
    expect(objects.map((m) => m.object)).toEqual((await runRender({})).map((m) => m.object));
    expect(r.stdout).toMatch(/^---\n# Source: ai-platform\//);
  });

  it('applies --values and --set after the defaults', async () => {
    const values = join(tempDir(), 'more.yaml');
    writeFileSync(values, 'controller:\n  replicas: 5\n');
    const controller = (objs: Awaited<ReturnType<typeof runRender>>) =>
      objs.find((m) => m.object.kind === 'Deployment' && (m.object.metadata?.name as string).endsWith('-controller'))?.object.spec as {
        replicas: number;
      };
    expect(controller(await runRender({ extraValuesFiles: [values] })).replicas).toBe(5);
    expect(controller(await runRender({ extraValuesFiles: [values], set: ['controller.replicas=6'] })).replicas).toBe(6);
  });

  it('--tier renders the chart with the tier values file and the release Namespace', async () => {
    const chart = chartWithEdgeTier();
    const objects = await runRender({ tier: 'edge', chart });
    expect(objects.some((m) => m.object.kind === 'Namespace')).toBe(true);
    const controller = objects.find((m) => m.object.kind === 'Deployment' && (m.object.metadata?.name as string).endsWith('-controller'));
    expect((controller?.object.spec as { replicas: number }).replicas).toBe(1);
  });

  it('rejects an unknown tier and a tier whose values file is missing (exit 2, with a hint)', () => {
    const unknown = runCli(['render', '--tier', 'moon']);
    expect(unknown.code).toBe(2);
    // not a built-in name, so a profile file — and there is none
    expect(unknown.stderr).toContain('moon: unknown tier: expected a built-in tier (edge, datacenter, connected) or a profile file');
    const chart = join(tempDir(), 'ai-platform');
    cpSync(chartDir(), chart, { recursive: true });
    rmSync(join(chart, 'values-tier2-datacenter.yaml'));
    const missing = runCli(['render', '--tier', 'datacenter', '--chart', chart]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('values-tier2-datacenter.yaml does not exist');
    expect(missing.stderr).toContain('aipc values --all');
  });

  it('--split refuses to replace a directory it did not write, even one shaped like its output', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'ai-platform'));
    // hand-written manifests laid out as `render --split` lays them out: still not aipc's
    writeFileSync(join(dir, 'ai-platform', 'deployment-x.yaml'), 'kind: Deployment\n');
    expect(() => assertSplitDirectory(dir)).toThrow(/no \.aipc-output marker/);
    writeFileSync(join(dir, 'notes.md'), 'mine\n');
    const r = runCli(['render', '--split', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('notes.md');
    expect(readFileSync(join(dir, 'notes.md'), 'utf8')).toBe('mine\n');
    expect(readFileSync(join(dir, 'ai-platform', 'deployment-x.yaml'), 'utf8')).toBe('kind: Deployment\n');
    // a marker another command wrote does not count either
    writeFileSync(join(dir, '.aipc-output'), '# Written by `aipc generate`\nproducer: generate\n');
    expect(() => assertSplitDirectory(dir)).toThrow(/no \.aipc-output marker from an earlier `aipc render --split`/);
    for (const cwd of [dir, join(dir, 'ai-platform')]) {
      const here = runCli(['render', '--split', cwd === dir ? '.' : '..'], { cwd });
      expect(here.code).toBe(2);
      expect(here.stderr).toContain('refusing to replace the working directory or one of its parents');
    }
  });
});
