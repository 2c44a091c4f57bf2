// Wires the commands. Each command file only declares its options and lazily imports the library
// code it needs, so `aipc --version` and `aipc --help` load commander and nothing heavy.
import { Command } from 'commander';
import { handleError } from './handle-error.js';
import { registerValidate } from './commands/validate.js';
import { registerGenerate } from './commands/generate.js';
import { registerValues } from './commands/values.js';
import { registerRender } from './commands/render.js';
import { registerDiff } from './commands/diff.js';
import { registerAirgap } from './commands/airgap.js';
import { registerCheck } from './commands/check.js';
import { registerBuild } from './commands/build.js';
import { registerLint } from './commands/lint.js';
import { registerCompat } from './commands/compat.js';
import { registerChart } from './commands/chart.js';
import { registerGitops } from './commands/gitops.js';
import { registerCompletion } from './commands/completion.js';
import { AIPC_VERSION } from '../version.js';
import { processIo, type Io } from './io.js';

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
    registerCompat,
    registerAirgap,
    registerChart,
    registerGitops,
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

/** Runs the CLI with `argv` (node, script, args...) and exits with the command's exit code. */
export async function main(argv: string[]): Promise<void> {
  const code = await run(argv.slice(2), processIo());
  // let stdout drain before exiting (large manifests piped to another program)
  process.stdout.write('', () => process.exit(code));
}
