// The in-process runner behaves as the spawned CLI does: output, exit codes, stdin, usage errors.
import { describe, expect, it } from 'vitest';
import { runAipc } from '../support/cli.js';
import { runCli } from '../helpers.js';

const MANIFEST = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n';
const BAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: 1\n';

describe('runAipc', () => {
  it.each([
    ['version', ['--version']],
    ['help', ['--help']],
    ['unknown option', ['validate', '--nope']],
    ['unknown command', ['nope']],
    ['bad choice', ['validate', '--format', 'xml', '-']],
  ])('%s: same exit code and output as the spawned CLI', async (_name, args) => {
    const inProcess = await runAipc(args);
    const spawned = runCli(args);
    expect(inProcess).toEqual(spawned);
  });

  it('reads stdin and reports findings with exit 1 (valid: 0)', async () => {
    expect(await runAipc(['validate', '-'], { input: MANIFEST })).toMatchObject({ code: 0, stderr: '' });
    const bad = await runAipc(['validate', '-', '--format', 'json'], { input: BAD });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).summary.invalid).toBe(1);
  });

  it('an empty stdin is "no input", exit 2', async () => {
    const r = await runAipc(['validate', '-']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('stdin was empty');
  });

  it('restores the cwd and the environment after the run', async () => {
    const cwd = process.cwd();
    delete process.env.AIPC_TEST_PROBE;
    await runAipc(['validate', '--nope'], { cwd: '/', env: { AIPC_TEST_PROBE: 'x' } });
    expect(process.cwd()).toBe(cwd);
    expect(process.env.AIPC_TEST_PROBE).toBeUndefined();
  });
});
