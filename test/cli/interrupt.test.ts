// SIGINT and SIGTERM end a run cleanly: `aipc build` and `aipc airgap collect` (against a real
// registry on 127.0.0.1) are spawned and signalled at several points of their run, and each time
// the run stops the tools it started, removes its temporary directories and partial outputs, says
// so on one stderr line and exits 130 or 143. The points are events of the run (a temporary
// directory appearing, a progress line), some with a delay after them, so the signals land in the
// same phases however loaded the machine is; wall-clock time decides nothing.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { pinnedHelmPath } from '../../src/helm/binary.js';
import { runCli, tempDir } from '../helpers.js';
import { makeKey, pushImage, startRegistry, writeImage, type Registry } from '../../scripts/support/registry.js';
import { collectArgs } from '../support/airgap.js';
import { runAipc } from '../support/cli.js';

type Signal = 'SIGINT' | 'SIGTERM';
const EXIT: Record<Signal, number> = { SIGINT: 130, SIGTERM: 143 };

/** When to signal: once `ready` holds (checked on every output chunk and every 20 ms), after `delayMs`. */
interface Trigger {
  readonly name: string;
  readonly ready: (run: { output: string; tmp: string }) => boolean;
  readonly delayMs?: number;
}

interface Interrupted {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Whether the trigger fired while the run was still going (the signal was sent). */
  readonly sent: boolean;
}

/** Spawns `aipc args` with its own TMPDIR and sends `signal` when `trigger` says so. */
function interrupt(args: readonly string[], tmp: string, trigger: Trigger, signal: Signal): Promise<Interrupted> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(packageRoot(), 'bin/aipc.js'), ...args], {
      cwd: packageRoot(),
      env: { ...process.env, TMPDIR: tmp, AIPC_DEBUG: '', AIPC_NO_REBUILD: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let sent = false;
    let armed = false;
    const check = () => {
      if (armed || child.exitCode !== null) return;
      let ready = false;
      try {
        ready = trigger.ready({ output: stdout + stderr, tmp });
      } catch {
        // the directory changed while it was read: look again on the next tick
      }
      if (!ready) return;
      armed = true;
      clearInterval(poll);
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) sent = child.kill(signal);
      }, trigger.delayMs ?? 0);
    };
    const poll = setInterval(check, 20);
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString('utf8');
      check();
    });
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString('utf8');
      check();
    });
    child.on('error', reject);
    child.on('close', (code, sig) => {
      clearInterval(poll);
      resolve({ code, signal: sig, stdout, stderr, sent });
    });
  });
}

/** A temporary directory of aipc's own has appeared in the run's TMPDIR (the run is under way). */
const tempDirAppeared = (prefix: string) => (run: { tmp: string }) => readdirSync(run.tmp).some((n) => n.startsWith(prefix));
const printed = (pattern: RegExp) => (run: { output: string }) => pattern.test(run.output);

/** What every interrupted run must show: the exit code of its signal, the one line, nothing left behind. */
function expectCleanInterrupt(r: Interrupted, signal: Signal, tmp: string, outParent: string, outName: string): void {
  expect(r.sent, `the run ended before the signal:\n${r.stdout}${r.stderr}`).toBe(true);
  expect([r.code, r.signal], r.stderr).toEqual([EXIT[signal], null]);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('aipc: interrupted'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^aipc: interrupted \\(${signal}\\); (removed \\d+ temporary|nothing temporary)`));
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(r.stderr).not.toContain('internal error');
  // no temporary file or directory left in the run's TMPDIR; beside the output no staging directory,
  // nothing at all but the output itself (checked whole by the caller)
  expect(readdirSync(tmp)).toEqual([]);
  if (existsSync(outParent)) expect(readdirSync(outParent).filter((n) => n !== outName)).toEqual([]);
}

/**
 * The pinned Helm behind a two-second pause: every point below then lands while the run still
 * goes, on an idle machine as on a loaded one (a render there can take less than the last delay).
 */
function slowHelm(): string {
  const shim = join(tempDir('aipc-slow-helm-'), 'helm');
  writeFileSync(shim, `#!/bin/sh\nsleep 2\nexec '${pinnedHelmPath()}' "$@"\n`, { mode: 0o755 });
  return shim;
}

describe('aipc build, interrupted', () => {
  // generate, then the three tiers rendered (Helm runs at once), validated, linted and checked
  // before the step lines after generate are printed together at the end: so the later points
  // are delays after generate, each far shorter than the seconds those steps take
  const triggers: Trigger[] = [
    { name: 'as its temporary directory appears', ready: tempDirAppeared('aipc-build-') },
    { name: 'right after generate', ready: printed(/^generate /m) },
    { name: 'while Helm renders (200 ms after generate)', ready: printed(/^generate /m), delayMs: 200 },
    { name: '600 ms after generate', ready: printed(/^generate /m), delayMs: 600 },
    { name: '1200 ms after generate', ready: printed(/^generate /m), delayMs: 1200 },
  ];

  it.each(triggers.map((t, i) => [t.name, t, (i % 2 ? 'SIGTERM' : 'SIGINT') as Signal] as const))(
    '%s: exits by the signal, leaves no temporary directory, and the chart is whole or absent',
    async (_name, trigger, signal) => {
      const dir = tempDir('aipc-interrupt-build-');
      const tmp = join(dir, 'tmp');
      mkdirSync(tmp);
      const out = join(dir, 'out', 'chart');
      const r = await interrupt(['build', '--out', out, '--helm', slowHelm()], tmp, trigger, signal);
      expectCleanInterrupt(r, signal, tmp, dirname(out), basename(out));
      // the chart is written in one atomic swap: either not yet there, or complete and current
      if (existsSync(out)) {
        const check = await runAipc(['generate', '--check', '--out', out]);
        expect(check.code, check.stdout + check.stderr).toBe(0);
      }
    },
  );
});

describe('render --split and airgap export of a site profile, interrupted while Helm renders', () => {
  // the site's compiled values live in a temporary directory while Helm runs; the output is written
  // after, in one atomic swap (render --split) or from a staging directory (export)
  const commands: readonly [string, (out: string, site: string) => string[]][] = [
    ['render --split', (out, site) => ['render', '--tier', site, '--split', out]],
    ['airgap export --format zarf', (out, site) => ['airgap', 'export', '--format', 'zarf', '--tier', site, '--out', out]],
  ];
  const cases = commands.flatMap(([name, args]) =>
    ([0, 150] as const).map((delayMs, i) => [name, delayMs, args, (i ? 'SIGTERM' : 'SIGINT') as Signal] as const),
  );

  it.each(cases)('%s, %d ms after the compiled tier appears', async (_name, delayMs, args, signal) => {
    const dir = tempDir('aipc-interrupt-site-');
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    const site = join(dir, 'site.yaml');
    writeFileSync(site, 'name: site-c\nextends: edge\nhardware:\n  gpuNodes: 2\n');
    const out = join(dir, 'out', 'result');
    const r = await interrupt(args(out, site), tmp, { name: 'compiled tier', ready: tempDirAppeared('aipc-tier-'), delayMs }, signal);
    expectCleanInterrupt(r, signal, tmp, dirname(out), basename(out));
    expect(existsSync(out), 'no output: the signal came before it was written').toBe(false);
  });
});

describe('aipc airgap collect, interrupted (a real registry on 127.0.0.1)', () => {
  let source: Registry;
  let work: string;
  let keys: { key: string; pub: string };
  let images = 0;

  beforeAll(async () => {
    source = await startRegistry();
    // the registry's images and the key live for the whole describe (removed in afterAll)
    work = mkdtempSync(join(tmpdir(), 'aipc-interrupt-work-'));
    keys = makeKey(work);
    const listed = runCli(['airgap', 'images', '--tier', 'edge', '--source-registry', source.host]);
    expect(listed.code, listed.stderr).toBe(0);
    const pairs = listed.stdout.trim().split('\n');
    images = pairs.length;
    pairs.forEach((line, i) => {
      const [src] = line.split(' ');
      const layout = join(work, `layout-${i}`);
      writeImage(layout, 'img', `image ${src}`);
      pushImage(layout, 'img', src!);
    });
    mkdirSync(join(work, 'models', 'mistral-7b-instruct-q4'), { recursive: true });
    writeFileSync(join(work, 'models', 'mistral-7b-instruct-q4', 'model.gguf'), Buffer.alloc(4096, 7));
  }, 120_000);

  afterAll(async () => {
    await source?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  // the tier resolved, then one skopeo pull per image into the staging directory, then the chart
  // packaged, files hashed, manifest and sums signed, and the staging directory swapped in
  const triggers = (): Trigger[] => [
    { name: 'as its first temporary directory appears', ready: tempDirAppeared('aipc-') },
    { name: 'right after the first pull starts', ready: printed(/^collect: \[1\//m) },
    { name: 'mid-pulls (the third)', ready: printed(/^collect: \[3\//m) },
    { name: 'at the last pull', ready: printed(new RegExp(`^collect: \\[${images}/${images}\\]`, 'm')) },
    { name: '200 ms into the second pull', ready: printed(/^collect: \[2\//m), delayMs: 200 },
  ];

  it('signals at five points: each exits by the signal and leaves neither temporary directories nor a partial bundle', async () => {
    expect(images).toBeGreaterThan(3);
    for (const [i, trigger] of triggers().entries()) {
      const signal: Signal = i % 2 ? 'SIGTERM' : 'SIGINT';
      const dir = tempDir('aipc-interrupt-collect-');
      const tmp = join(dir, 'tmp');
      mkdirSync(tmp);
      const out = join(dir, 'out', 'bundle');
      const r = await interrupt(
        collectArgs(out, keys.key, source.host, ['--model-dir', join(work, 'models'), '--created', '2026-01-01T00:00:00Z']),
        tmp,
        trigger,
        signal,
      );
      expectCleanInterrupt(r, signal, tmp, dirname(out), basename(out));
      // the bundle is swapped in whole after it is signed: no bundle, or one that verifies
      if (existsSync(out)) {
        const verified = await runAipc(['airgap', 'verify', out, '--key', keys.pub]);
        expect(verified.code, `${trigger.name}: ${verified.stdout}${verified.stderr}`).toBe(0);
      }
    }
  }, 600_000);
});
