// The streams a command prints to. Commands receive one Io so tests can capture output.

/** Where a command writes its output and diagnostics. */
export interface Io {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** The process's own streams. */
export const processIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr });
