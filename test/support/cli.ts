// Runs the CLI in-process: the commander program over a captured Io, with the cwd, environment and
// stdin a test asks for. Much cheaper than spawning bin/aipc.js (one Node start and one module load
// per call); keep spawning for start-up, bin and crash tests only.
import { Readable, Writable } from 'node:stream';
import { run } from '../../src/cli/index.js';
import { packageRoot } from '../../src/paths.js';
import type { CliResult } from '../helpers.js';

export interface InProcessOptions {
  /** Standard input (default: an empty pipe, as runCli gives). */
  readonly input?: string | Buffer;
  /** Environment entries set for the run and restored after it. */
  readonly env?: Record<string, string | undefined>;
  /** Working directory for the run (default: the package root, as runCli). */
  readonly cwd?: string;
}

/** A writable stream that keeps what is written to it. */
class Capture extends Writable {
  private readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    done();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

// the cwd and the environment are the process's: runs are serialized so concurrent tests cannot mix them
let queue: Promise<unknown> = Promise.resolve();

/** Runs `aipc ...args` in this process; resolves to its exit code, stdout and stderr. */
export function runAipc(args: readonly string[], options: InProcessOptions = {}): Promise<CliResult> {
  const next = queue.then(() => runNow(args, options));
  queue = next.catch(() => undefined);
  return next;
}

async function runNow(args: readonly string[], options: InProcessOptions): Promise<CliResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const input = options.input ?? '';
  const stdin = Readable.from(input.length ? [typeof input === 'string' ? Buffer.from(input) : input] : []);
  const env: Record<string, string | undefined> = { AIPC_DEBUG: '', ...options.env };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const cwd = process.cwd();
  try {
    for (const [k, v] of Object.entries(env)) setEnv(k, v);
    process.chdir(options.cwd ?? packageRoot());
    const code = await run(args, { stdout, stderr, stdin, exitCode: 0 });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    process.chdir(cwd);
    for (const [k, v] of Object.entries(saved)) setEnv(k, v);
  }
}

function setEnv(key: string, value: string | undefined): void {
  if (value === undefined) delete process.env[key];
  else process.env[key] = value;
}
