import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

describe('aipc CLI', () => {
  it('prints its version', () => {
    const r = runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('1.2.0');
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
