// Wires the commands. Each command file only declares its options and lazily imports the library
// code it needs, so `aipc --version` and `aipc --help` load commander and nothing heavy.
import { Command } from 'commander';
import { handleError } from './handle-error.js';
import { registerValidate } from './commands/validate.js';
import { registerGenerate } from './commands/generate.js';
import { registerValues } from './commands/values.js';
import { registerRender } from './commands/render.js';
import { registerDiff } from './commands/diff.js';
import { registerExplain } from './commands/explain.js';
import { registerAirgap } from './commands/airgap.js';
import { registerCheck } from './commands/check.js';
import { registerBuild } from './commands/build.js';
import { registerLint } from './commands/lint.js';
import { registerCompat } from './commands/compat.js';
import { registerChart } from './commands/chart.js';
import { registerGitops } from './commands/gitops.js';
import { registerReport } from './commands/report.js';
import { registerCompletion } from './commands/completion.js';
import { AIPC_VERSION } from '../version.js';
import { processIo, type Io } from './io.js';
import { interruptCleanup } from '../io/cleanup.js';

/** Builds the commander program over `io` (its own help and usage errors print there too). */
export function createProgram(io: Io = processIo()): Command {
  const program = new Command('aipc')
    .description(
      'The AI-platform chart compiler: generates the ai-platform Helm chart, compiles tier values files, and renders, validates, checks and diffs them.',
    )
    .version(AIPC_VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    // options after a subcommand belong to it (`check pod-security --version v1.33`)
    .enablePositionalOptions()
    .exitOverride()
    // set before the commands are added: subcommands copy the output settings when created
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  for (const register of [
    registerBuild,
    registerGenerate,
    registerValues,
    registerRender,
    registerValidate,
    registerCheck,
    registerLint,
    registerDiff,
    registerExplain,
    registerCompat,
    registerAirgap,
    registerChart,
    registerGitops,
    registerReport,
    registerCompletion,
  ]) {
    register(program, io);
  }
  program.commands.forEach(function exitOverrideAll(cmd: Command) {
    cmd.exitOverride();
    cmd.commands.forEach(exitOverrideAll);
  });
  return program;
}

/** Runs `aipc ...args` over `io` and resolves to the exit code (it never exits the process). */
export async function run(args: readonly string[], io: Io): Promise<number> {
  try {
    await createProgram(io).parseAsync([...args], { from: 'user' });
    return io.exitCode;
  } catch (err) {
    return handleError(err, io.stderr);
  }
}

/** The exit code of a run ended by each signal: 128 + its number, as a shell reports it. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * The one interrupt handler: stops the tools running, removes every temporary directory and
 * partial output registered (io/cleanup.ts), says so on one stderr line and exits 130 or 143.
 * A second signal while cleaning up is ignored, so the cleanup is never cut short.
 */
function handleInterrupts(): void {
  let handling = false;
  for (const signal of Object.keys(SIGNAL_EXIT) as (keyof typeof SIGNAL_EXIT)[]) {
    process.on(signal, () => {
      if (handling) return;
      handling = true;
      void interruptCleanup((removed) => {
        process.stderr.write(
          `aipc: interrupted (${signal}); ${removed ? `removed ${removed} temporary director${removed === 1 ? 'y or partial output' : 'ies and partial outputs'}` : 'nothing temporary or partial to remove'}\n`,
        );
        process.exit(SIGNAL_EXIT[signal]);
      });
    });
  }
}

/** Runs the CLI with `argv` (node, script, args...) and exits with the command's exit code. */
export async function main(argv: string[]): Promise<void> {
  handleInterrupts();
  const code = await run(argv.slice(2), processIo());
  // let stdout drain before exiting (large manifests piped to another program), then one more turn
  // of the event loop, so a signal that arrived meanwhile is handled (and exits 130/143) rather than lost
  process.stdout.write('', () => setImmediate(() => process.exit(code)));
}
