// aipc build: the whole pipeline on the built-in profiles and sample tenants.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuild, formatBuildSummary } from '../../src/actions/build.js';
import { runGenerateCheck, generateFullChart } from '../../src/actions/generate.js';
import { chartIsCurrent, INPUTS_FILE } from '../../src/actions/chart-inputs.js';
import { releaseFile } from '../../src/model/release.js';
import { decodeCounts } from '../../src/io/kube-yaml.js';
import { crdCompileCounts } from '../../src/validate/crd.js';
import { runCli, tempDir } from '../helpers.js';

describe('aipc build', () => {
  it('generates, renders, validates and checks the three tiers into a fresh directory', async () => {
    const dir = join(tempDir(), 'ai-platform');
    const lines: string[] = [];
    const before = { decode: { ...decodeCounts }, crd: { ...crdCompileCounts } };
    const result = await runBuild({ chartDir: dir, progress: (l) => lines.push(l) });
    // operation counts, not timings: every rendered document on the fast decoding path, and no
    // CRD schema compiled by ajv at run time (the chart's are precompiled)
    expect(decodeCounts.fast - before.decode.fast).toBeGreaterThan(250);
    expect(decodeCounts.reference - before.decode.reference).toBe(0);
    expect(crdCompileCounts.compiled - before.crd.compiled).toBe(0);
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(['generate', 'render', 'validate', 'lint', 'check']);
    expect(result.ok).toBe(true);
    expect(result.tiers.map((t) => [t.tier, t.invalid.length, t.podSecurityFailures.length, t.checklist.ok])).toEqual([
      ['edge', 0, 0, true],
      ['datacenter', 0, 0, true],
      ['connected', 0, 0, true],
    ]);
    expect(readdirSync(dir)).toEqual(
      expect.arrayContaining([
        'values-tier1-edge.yaml',
        'values-tier2-datacenter.yaml',
        'values-tier3-connected.yaml',
        'crds',
        'templates',
      ]),
    );
    expect(runGenerateCheck(dir)).toEqual({ stale: [], missing: [], extra: [] });
    expect(formatBuildSummary(result)).toMatch(/\| edge \| \d+ \| all valid \| restricted \| 0 findings \| 13 PASS, 3 SKIP \|/);
  });

  it('runs from the CLI with a progress line per step and a summary table', () => {
    const r = runCli(['build', '--out', join(tempDir(), 'chart')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^render +edge \d+, datacenter \d+, connected \d+ objects/m);
    expect(r.stdout).toContain('| tier | objects | validate | pod security | lint | checklist |');
    expect(r.stdout.trimEnd().endsWith('build: OK')).toBe(true);
  });

  it('regenerates only when an input or a generated file differs (the inputs file says which)', async () => {
    const dir = join(tempDir(), 'ai-platform');
    const generated = (await runBuild({ chartDir: dir })).tiers.length;
    expect(generated).toBe(3);
    expect(chartIsCurrent(dir)).toBe(true);
    const lines: string[] = [];
    await runBuild({ chartDir: dir, progress: (l) => lines.push(l) });
    expect(lines[0]).toMatch(/^generate .*unchanged inputs: not regenerated/);
    // an edited file is noticed and replaced
    const values = join(dir, 'values.yaml');
    writeFileSync(values, `${readFileSync(values, 'utf8')}# edited\n`);
    expect(chartIsCurrent(dir)).toBe(false);
    lines.length = 0;
    await runBuild({ chartDir: dir, progress: (l) => lines.push(l) });
    expect(lines[0]).not.toMatch(/unchanged inputs/);
    expect(runGenerateCheck(dir)).toEqual({ stale: [], missing: [], extra: [] });
    // an extra file is not what generate writes
    writeFileSync(join(dir, 'templates', 'extra.yaml'), 'kind: ConfigMap\n');
    expect(chartIsCurrent(dir)).toBe(false);
    // changed release data is a changed input, though no file of the directory changed
    const other = join(tempDir(), 'release.yaml');
    writeFileSync(other, `${readFileSync(releaseFile(), 'utf8')}\n`);
    const before = process.env.AIPC_RELEASE_FILE;
    process.env.AIPC_RELEASE_FILE = other;
    try {
      const fresh = join(tempDir(), 'ai-platform');
      await runBuild({ chartDir: fresh });
      expect(chartIsCurrent(fresh)).toBe(true);
      delete process.env.AIPC_RELEASE_FILE;
      expect(chartIsCurrent(fresh)).toBe(false);
    } finally {
      if (before === undefined) delete process.env.AIPC_RELEASE_FILE;
      else process.env.AIPC_RELEASE_FILE = before;
    }
  });

  it('records every generated file in the inputs file, which `generate --check` compares like the rest', () => {
    const files = generateFullChart();
    const inputs = files.find((f) => f.path === INPUTS_FILE);
    expect(inputs).toBeDefined();
    const recorded = JSON.parse(inputs!.content) as { inputs: Record<string, string>; outputs: Record<string, string> };
    expect(Object.keys(recorded.outputs).sort()).toEqual(files.map((f) => f.path).filter((p) => p !== INPUTS_FILE));
    expect(Object.keys(recorded.inputs)).toEqual(expect.arrayContaining(['generator', 'dependencies', 'release', 'profiles/edge.yaml']));
    const dir = join(tempDir(), 'chart');
    const r = runCli(['generate', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    writeFileSync(join(dir, INPUTS_FILE), readFileSync(join(dir, INPUTS_FILE), 'utf8').replace(/"release": "\w+"/, '"release": "0"'));
    const check = runCli(['generate', '--check', '--out', dir]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(INPUTS_FILE);
  });

  it('reports a bad values file with its line, not what Helm (already rendering the tiers) says of it', () => {
    const bad = join(tempDir(), 'bad.yaml');
    writeFileSync(bad, 'global:\n  tier: edge\n  tier: datacenter\n');
    const r = runCli(['build', '--out', join(tempDir(), 'chart'), '--values', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:3:3: duplicate key "tier"`);
    expect(r.stderr).not.toContain('helm template failed');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
