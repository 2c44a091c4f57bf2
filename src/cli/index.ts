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
import { AIPC_VERSION } from '../version.js';

/** Builds the commander program (exported for tests of CLI behaviour). */
export function createProgram(): Command {
  const program = new Command('aipc')
    .description(
      'The AI-platform chart compiler: generates the ai-platform Helm chart, compiles tier values files, and renders, validates, checks and diffs them.',
    )
    .version(AIPC_VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    // options after a subcommand belong to it (`check pod-security --version v1.33`)
    .enablePositionalOptions()
    .exitOverride();
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
  ]) {
    register(program);
  }
  program.commands.forEach(function exitOverrideAll(cmd: Command) {
    cmd.exitOverride();
    cmd.commands.forEach(exitOverrideAll);
  });
  return program;
}

/** Runs the CLI with `argv` and exits with the command's exit code. */
export async function main(argv: string[]): Promise<void> {
  let code = 0;
  try {
    await createProgram().parseAsync(argv);
    code = process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    code = handleError(err);
  }
  // let stdout drain before exiting (large manifests piped to another program)
  process.stdout.write('', () => process.exit(code));
}
