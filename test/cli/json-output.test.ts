// `--format json` on the commands that produce a result (build, generate, values, render, airgap
// bundle and verify; `--json` where --format names the tool: airgap export, gitops): stdout is
// exactly one JSON document (progress goes to stderr), and it says what the text form says.
// airgap collect and load need registries: test/airgap/far-side.test.ts parses theirs; chart push's
// is in test/chart/push.test.ts.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readManifestText } from '../../src/io/manifests.js';
import { redactGenerated } from '../../src/render/render.js';
import { release } from '../../src/model/release.js';
import { runCli, tempDir } from '../helpers.js';

const json = (args: readonly string[]) => {
  const r = runCli([...args, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
};

describe('--format json', () => {
  it('render: a v1 List of the objects the YAML render holds, which aipc validate reads', () => {
    const list = json(['render', '--tier', 'edge']) as { apiVersion: string; kind: string; items: Record<string, unknown>[] };
    const yaml = runCli(['render', '--tier', 'edge']).stdout;
    expect([list.apiVersion, list.kind]).toEqual(['v1', 'List']);
    const redacted = (objects: unknown[]) => objects.map((o) => JSON.stringify(redactGenerated(o as never)));
    expect(redacted(list.items)).toEqual(redacted(readManifestText(yaml, 'render').objects.map((m) => m.object)));
    const validated = runCli(['validate', '-'], { input: JSON.stringify(list) });
    expect([validated.code, validated.stdout.trim()]).toEqual([
      0,
      `${list.items.length} resources: ${list.items.length} valid, 0 invalid, 0 skipped`,
    ]);
  });

  it('render --split: the directory and the number of files', () => {
    const dir = tempDir();
    expect(json(['render', '--tier', 'edge', '--split', `${dir}/out`])).toEqual({ dir: `${dir}/out`, files: expect.any(Number) });
  });

  it('values: the tier, its tenants and the values the YAML file holds', () => {
    const doc = json(['values', '--tier', 'datacenter']);
    const text = runCli(['values', '--tier', 'datacenter']).stdout;
    expect(doc).toMatchObject({ tier: 'datacenter', profile: 'datacenter', output: null });
    expect(doc.values).toEqual(parseYaml(text));
  });

  it('generate --check: up to date, and the lists of stale, missing and extra files', () => {
    expect(json(['generate', '--check'])).toEqual({ dir: 'charts/ai-platform', upToDate: true, stale: [], missing: [], extra: [] });
  });

  it('build: one document, progress on stderr', () => {
    const r = runCli(['build', '--tier', 'edge', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; tiers: { tier: string; objects: number; invalid: string[] }[] };
    expect(doc.ok).toBe(true);
    expect(doc.tiers.map((t) => [t.tier, t.invalid])).toEqual([['edge', []]]);
    expect(doc.tiers[0].objects).toBeGreaterThan(0);
    expect(r.stderr.length).toBeGreaterThan(0);
  });

  it('airgap bundle: the manifest as written, the images deployed; verify reads the same bundle', () => {
    const out = join(tempDir(), 'bundle');
    const doc = json(['airgap', 'bundle', '--tier', 'edge', '--out', out, '--created', '2026-01-01T00:00:00Z']) as {
      dir: string;
      signed: boolean;
      chart: { name: string; version: string; package: string };
      tier: string;
      created: string;
      files: { path: string; sha256: string; size: number }[];
      deployed: string[];
    };
    expect(doc).toMatchObject({ dir: out, signed: false, tier: 'edge', created: '2026-01-01T00:00:00Z' });
    expect(doc.chart).toEqual({
      name: 'ai-platform',
      version: release().chart.version,
      package: expect.stringMatching(/^charts\/.+\.tgz$/),
    });
    expect(doc.files.map((f) => f.path)).toContain(doc.chart.package);
    expect(doc.deployed).toEqual(readFileSync(join(out, 'images.txt'), 'utf8').trim().split('\n'));
    const digest = createHash('sha256')
      .update(readFileSync(join(out, 'manifest.yaml')))
      .digest('hex');
    const verified = json(['airgap', 'verify', out, '--digest', digest]);
    expect(verified).toMatchObject({ dir: out, ok: true, missing: [], extra: [], changed: [], verified: doc.files.length });
  });

  it('airgap export and gitops (their --format names the tool): --json', () => {
    const exportOut = join(tempDir(), 'zarf');
    const r = runCli(['airgap', 'export', '--format', 'zarf', '--tier', 'edge', '--out', exportOut, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const exported = JSON.parse(r.stdout) as { format: string; dir: string; file: string; images: string[] };
    expect(exported).toMatchObject({ format: 'zarf', dir: exportOut, file: 'zarf.yaml' });
    expect(existsSync(join(exportOut, exported.file))).toBe(true);
    expect(exported.images.length).toBeGreaterThan(0);
    const gitopsOut = tempDir();
    const g = runCli([
      'gitops',
      '--tier',
      'edge',
      '--format',
      'flux',
      '--registry',
      'registry.local:5000/charts',
      '--out',
      gitopsOut,
      '--json',
    ]);
    expect(g.code, g.stderr).toBe(0);
    const site = JSON.parse(g.stdout) as { site: string; format: string; dir: string; files: string[] };
    expect(site).toMatchObject({ format: 'flux', dir: join(gitopsOut, site.site) });
    for (const f of site.files) expect(existsSync(join(site.dir, f)), f).toBe(true);
  });

  it.each([['build'], ['generate'], ['values', '--tier', 'edge'], ['render']])('%s refuses an unknown format with exit 2', (...args) => {
    const r = runCli([...args, '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format must be one of');
  });
});
