// `generate` and `build` write only where asked: the package's own chart by default, or --out —
// never a `charts/ai-platform` in whatever directory they run from.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { runAipc } from '../support/cli.js';

describe('generate and build write only where asked', () => {
  it('generate --check from another directory checks the package chart and creates nothing there', async () => {
    const cwd = tempDir('aipc-cwd-');
    const r = await runAipc(['generate', '--check'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('charts/ai-platform is up to date');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('build from another directory leaves that directory empty', async () => {
    const cwd = tempDir('aipc-cwd-');
    const r = await runAipc(['build', '--tier', 'edge'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('--out writes the chart where it says (the control)', async () => {
    const cwd = tempDir('aipc-cwd-');
    const r = await runAipc(['generate', '--out', 'mine'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wrote \d+ files to mine\n$/);
    expect(readdirSync(join(cwd, 'mine'))).toContain('Chart.yaml');
  });
});
