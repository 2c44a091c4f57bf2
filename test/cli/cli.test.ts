import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';
import { runCli } from '../helpers.js';

describe('aipc CLI', () => {
  it("prints its own version (package.json's), not the chart's", () => {
    const r = runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version);
  });

  it('lists every command in --help', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    for (const verb of ['build', 'generate', 'values', 'render', 'validate', 'check', 'diff', 'airgap']) {
      expect(r.stdout).toMatch(new RegExp(`^\\s+${verb}\\b`, 'm'));
    }
  });

  it('exits 2 on an unknown option, without a stack trace', () => {
    const r = runCli(['validate', '--no-such-option']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--no-such-option'");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
