// aipc build: the whole pipeline on the built-in profiles and sample tenants.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, formatBuildSummary } from '../src/actions/build.js';
import { checkChartDir } from '../src/actions/generate.js';
import { runCli, tempDir } from './helpers.js';

describe('aipc build', () => {
  it('generates, renders, validates and checks the three tiers into a fresh directory', async () => {
    const dir = join(tempDir(), 'ai-platform');
    const lines: string[] = [];
    const result = await build({ chartDir: dir, progress: (l) => lines.push(l) });
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(['generate', 'render', 'validate', 'check']);
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
    expect(checkChartDir(dir)).toEqual({ stale: [], missing: [], extra: [] });
    expect(formatBuildSummary(result)).toMatch(/\| edge \| \d+ \| all valid \| restricted \| 11 PASS, 2 SKIP \|/);
  });

  it('runs from the CLI with a progress line per step and a summary table', () => {
    const r = runCli(['build', '--out', join(tempDir(), 'chart')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^render +edge \d+, datacenter \d+, connected \d+ objects/m);
    expect(r.stdout).toContain('| tier | objects | validate | pod security | checklist |');
    expect(r.stdout.trimEnd().endsWith('build: OK')).toBe(true);
  });
});
