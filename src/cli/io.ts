// The streams a command reads and prints to, and the exit code it asks for. Commands receive one
// Io so the CLI can run in-process (tests) with its output captured and no process state touched.

/** Where a command reads its input, writes its output and diagnostics, and leaves its exit code. */
export interface Io {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Standard input, for commands given `-`. */
  readonly stdin: NodeJS.ReadableStream;
  /** The code the command ends with: 0 unless it sets 1 (findings). Errors are mapped by handleError. */
  exitCode: number;
}

/** The process's own streams. */
export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // read lazily: creating process.stdin makes fd 0 non-blocking (see io/stdin.ts)
    get stdin() {
      return process.stdin;
    },
    exitCode: 0,
  };
}
