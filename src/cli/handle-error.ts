// The one place errors become output and exit codes. User errors print without a stack trace
// (set AIPC_DEBUG=1 to see one); anything else is a bug and says so.
import { AipcError, EXIT_USAGE, InputError, OptionError, formatDiagnostic, optionFlag, wordOptionError } from '../errors.js';

/** Prints `err` to stderr and returns the exit code to use. */
export function handleError(err: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  const debug = process.env.AIPC_DEBUG === '1';
  if (err instanceof AipcError) {
    // the library names its option; a CLI user knows the flag
    const message =
      err instanceof OptionError
        ? wordOptionError(err, optionFlag)
        : err instanceof InputError
          ? err.diagnostics.map((d) => formatDiagnostic(d, optionFlag)).join('\n')
          : err.message;
    stderr.write(`aipc: ${message}\n`);
    if (err.suggestion) stderr.write(`hint: ${err.suggestion}\n`);
    if (debug && err.stack) stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  const code = (err as { code?: string })?.code;
  // commander's own usage errors (unknown option, missing argument) have already been printed
  if (typeof code === 'string' && code.startsWith('commander.')) {
    const exitCode = (err as { exitCode?: number }).exitCode ?? EXIT_USAGE;
    return code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help'
      ? 0
      : exitCode === 0
        ? 0
        : EXIT_USAGE;
  }
  if (code === 'EPIPE') return 0;
  const message = err instanceof Error ? err.message : String(err);
  stderr.write(`aipc: internal error: ${message}\n`);
  stderr.write(
    debug && err instanceof Error && err.stack
      ? `${err.stack}\n`
      : 'hint: this is a bug in aipc; rerun with AIPC_DEBUG=1 for a stack trace and report it\n',
  );
  return 3;
}
