// `-o FILE`: a command's result written to a file (atomically) instead of stdout — the one meaning
// of -o in every command.
import { writeFileAtomic } from '../io/atomic-write.js';
import type { Io } from './io.js';

/** Writes `text` to `file` atomically, or to stdout when no file is given. */
export function writeOutput(io: Io, file: string | undefined, text: string): void {
  if (file === undefined) io.stdout.write(text);
  else writeFileAtomic(file, text);
}
