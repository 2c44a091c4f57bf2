// The one stdin reader, for every command that takes `-`. Looking at `process.stdin.isTTY` makes
// Node open fd 0 as a non-blocking stream, after which a synchronous read of a pipe whose writer
// is slow fails with EAGAIN; so the terminal test is `tty.isatty(0)` and the read is the stream's
// own asynchronous one, bounded like every other input. A terminal, /dev/null (character devices)
// or an empty pipe is "no input".
import { fstatSync } from 'node:fs';
import { isatty } from 'node:tty';
import { AipcError, InputError } from '../errors.js';
import { decodeUtf8 } from './yaml-read.js';

/** Standard input larger than this is refused (the limit of a manifest stream). */
export const MAX_STDIN_BYTES = 256 * 1024 * 1024;

const NO_INPUT = 'no input: give manifest files or directories, or pipe manifests to stdin';
const HINT = 'e.g. aipc validate out.yaml, or helm template ... | aipc validate -';

/** The whole of stdin as UTF-8 text, at most `limit` bytes; exit 2 "no input" for a terminal, a character device or nothing at all. */
export async function readStdinText(stream: NodeJS.ReadableStream = process.stdin, limit = MAX_STDIN_BYTES): Promise<string> {
  // only the process's own fd 0 can be a terminal; a stream handed in (an in-process run) is a pipe
  if (stream === process.stdin && fd0IsDevice()) throw new AipcError(NO_INPUT, undefined, HINT);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += bytes.length;
    if (total > limit) throw new InputError([{ file: '<stdin>', message: `input is more than ${limit} bytes; the limit is ${limit}` }]);
    chunks.push(bytes);
  }
  const bytes = Buffer.concat(chunks);
  if (bytes.length === 0) throw new AipcError(`${NO_INPUT} (stdin was empty)`, undefined, HINT);
  return decodeUtf8(bytes, '<stdin>');
}

/**
 * For a command's inputs: stdin read once when one of them is `-` (two are refused), as the
 * provider readManifestInputs takes; undefined when none is.
 */
export async function stdinFor(
  stream: NodeJS.ReadableStream,
  inputs: readonly (string | undefined)[],
): Promise<(() => string) | undefined> {
  const dashes = inputs.filter((i) => i === '-').length;
  if (dashes > 1) throw new AipcError('- (stdin) may be given only once');
  if (!dashes) return undefined;
  const text = await readStdinText(stream);
  return () => text;
}

/** Whether fd 0 is a terminal, a character device (/dev/null) or closed. */
function fd0IsDevice(): boolean {
  if (isatty(0)) return true;
  try {
    return fstatSync(0).isCharacterDevice();
  } catch {
    return true; // fd 0 closed
  }
}
