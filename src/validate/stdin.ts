// Reading manifests from standard input without breaking pipes. Looking at `process.stdin.isTTY`
// makes Node open fd 0 as a non-blocking stream, after which a synchronous read of a pipe whose
// writer is slow fails with EAGAIN; so the terminal test is `tty.isatty(0)` and the read is the
// stream's own asynchronous one. A terminal, /dev/null (character devices) or an empty pipe is "no input".
import { fstatSync } from 'node:fs';
import { isatty } from 'node:tty';
import { AipcError } from '../errors.js';
import { decodeUtf8 } from '../io/yaml-read.js';

const NO_INPUT = 'no input: give manifest files or directories, or pipe manifests to stdin';
const HINT = 'aipc validate out.yaml, or helm template ... | aipc validate -';

/** The whole of stdin as UTF-8 text; exit 2 "no input" for a terminal, a character device or nothing at all. */
export async function readStdinText(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  // only the process's own fd 0 can be a terminal; a stream handed in (an in-process run) is a pipe
  if (stream === process.stdin && fd0IsDevice()) throw new AipcError(NO_INPUT, undefined, HINT);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  const bytes = Buffer.concat(chunks);
  if (bytes.length === 0) throw new AipcError(`${NO_INPUT} (stdin was empty)`, undefined, HINT);
  return decodeUtf8(bytes, '<stdin>');
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
