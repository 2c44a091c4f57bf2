// The library speaks in its own option names: a caller of `import … from 'aipc'` gets an
// OptionError naming the option (and the other options it involves) or an InputError whose
// diagnostic names the option that gave the file, never a CLI flag; the CLI words the same
// errors with the flags (src/cli/handle-error.ts).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  InputError,
  OptionError,
  loadObjects,
  parseFailOn,
  runAirgapBundle,
  runAirgapCollect,
  runAirgapLoad,
  runAirgapVerify,
  runChartPush,
  runDiff,
  runLint,
} from '../../src/index.js';
import { runAipc } from '../support/cli.js';
import { tempDir } from '../helpers.js';

/** What `run` threw (sync or async). */
async function thrown(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

/** The option error `run` throws, checked to carry no CLI wording. */
async function optionError(run: () => unknown): Promise<OptionError> {
  const err = await thrown(run);
  expect(err).toBeInstanceOf(OptionError);
  const e = err as OptionError;
  expect(e.message).not.toMatch(/(^|[\s(])--?[a-z]/);
  expect(e.problem).not.toMatch(/(^|[\s(])--?[a-z]/);
  expect(e.exitCode).toBe(2);
  return e;
}

describe('library errors name options, not flags', () => {
  it('two options that exclude each other: the option, the other in `related`, both by their library names', async () => {
    const e = await optionError(() => runDiff([], { tier: 'edge', allTiers: true }));
    expect([e.option, e.related, e.message]).toEqual(['allTiers', ['tier'], 'option allTiers: excludes tier']);
  });

  it('one of three trust options: every other one is related', async () => {
    const e = await optionError(() => runAirgapVerify(tempDir(), { key: 'k.pub', digest: 'a'.repeat(64) }));
    expect(e.option).toBe('key');
    expect(e.related).toEqual(['allowedSigners', 'digest']);
  });

  it('a missing option', async () => {
    expect((await optionError(() => runAirgapBundle({ tier: 'edge' }))).option).toBe('out');
    expect((await optionError(() => runAirgapCollect({ tier: 'edge', out: join(tempDir(), 'b') }))).option).toBe('key');
    const load = await optionError(() => runAirgapLoad(tempDir(), { registry: '127.0.0.1:5000' }));
    expect([load.option, load.related]).toEqual(['key', ['allowedSigners']]);
    expect((await optionError(() => loadObjects({}))).option).toBe('tier');
  });

  it('a malformed option value', async () => {
    expect((await optionError(() => runLint({ tier: 'edge', inputs: [], external: ['db-credentials'] }))).option).toBe('external');
    expect((await optionError(() => runChartPush({ registry: '127.0.0.1:5000/charts', created: 'yesterday' }))).option).toBe('created');
    expect((await optionError(() => parseFailOn(['rbac', 'colour']))).option).toBe('failOn');
    expect((await optionError(() => runDiff(['a', 'b'], { ignore: ['Secret::'] }))).option).toBe('ignore');
    const needs = await optionError(() => loadObjects({ manifests: ['-'], tenantsFile: 't.yaml' }));
    expect([needs.option, needs.related, needs.problem]).toEqual(['tenantsFile', ['tier'], 'needs tier (it is compiled into one)']);
  });

  it('a file named by an option: the diagnostic carries the option, its text no flag', async () => {
    const missing = join(tempDir(), 'no-such-models');
    const err = await thrown(() => runAirgapBundle({ tier: 'edge', out: join(tempDir(), 'b'), modelDir: missing }));
    expect(err).toBeInstanceOf(InputError);
    const d = (err as InputError).diagnostics[0];
    expect(d).toMatchObject({ file: missing, message: 'no such directory', option: 'modelDir' });
    expect((err as InputError).message).toBe(`${missing}: no such directory (option modelDir)`);
  });
});

describe('the CLI words the same errors with its flags', () => {
  it.each([
    [['diff', '--tier', 'edge', '--all-tiers'], 'aipc: --all-tiers: excludes --tier\n'],
    [
      ['airgap', 'verify', '.', '--key', 'k.pub', '--digest', 'a'.repeat(64)],
      'aipc: --key: give one of --key, --allowed-signers and --digest\n',
    ],
    [
      ['airgap', 'load', '.', '--registry', '127.0.0.1:5000'],
      'aipc: --key: missing: load pushes only a signed bundle (give --key or --allowed-signers)\n',
    ],
    [
      ['lint', '--tier', 'edge', '--external', 'db-credentials'],
      'aipc: --external: must be KIND/NAME (Secret/db-credentials), not "db-credentials"\n',
    ],
    [['diff', 'a', 'b', '--fail-on', 'colour'], 'aipc: --fail-on: unknown category colour; use '],
    [['check', 'isolation', '--manifests', 'rendered.yaml', '--tenants', 't.yaml'], 'aipc: --tenants: needs --tier'],
  ])('%j', async (args, stderr) => {
    const r = await runAipc(args);
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith(stderr), r.stderr).toBe(true);
  });

  it('a file named by a flag', async () => {
    const missing = join(tempDir(), 'no-such-models');
    const r = await runAipc(['airgap', 'bundle', '--tier', 'edge', '--out', join(tempDir(), 'b'), '--model-dir', missing]);
    expect([r.code, r.stderr]).toEqual([2, `aipc: ${missing}: no such directory (--model-dir)\n`]);
  });
});
