// `--format json` on the commands that produce a result (build, generate, values, render): stdout
// is exactly one JSON document (progress goes to stderr), and it says what the text form says.
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readManifestText } from '../../src/io/manifests.js';
import { redactGenerated } from '../../src/render/render.js';
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

  it.each([['build'], ['generate'], ['values', '--tier', 'edge'], ['render']])('%s refuses an unknown format with exit 2', (...args) => {
    const r = runCli([...args, '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format must be one of');
  });
});
