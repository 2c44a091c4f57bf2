// Reading an input with its size known before a byte is read: a regular file's size comes from
// fstat, so a 1 TiB sparse file is refused at once; FIFOs, devices and sockets are refused outright
// (a FIFO blocks forever, /dev/zero never ends). Stdin is read by io/stdin.ts, asynchronously.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { InputError } from '../errors.js';

function what(stat: Stats): string {
  if (stat.isDirectory()) return 'is a directory, expected a file';
  if (stat.isFIFO()) return 'is a FIFO (named pipe), expected a regular file';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'is a device, expected a regular file';
  if (stat.isSocket()) return 'is a socket, expected a regular file';
  return 'is not a regular file';
}

const tooBig = (file: string, size: number, limit: number) =>
  new InputError([{ file, message: `file is ${size} bytes; the limit is ${limit}` }]);

/** The bytes of a regular file of at most `limit` bytes; anything else is an InputError naming `file`. */
export function readBoundedFile(file: string, limit: number): Buffer {
  let fd: number;
  try {
    // non-blocking, so opening a FIFO with no writer returns instead of hanging
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'ENOTDIR'
          ? 'no such file (a parent of this path is a file)'
          : code === 'ELOOP'
            ? 'a symbolic link loop'
            : `cannot read (${code})`;
    throw new InputError([{ file, message: why }]);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new InputError([{ file, message: what(stat) }]);
    if (stat.size > limit) throw tooBig(file, stat.size, limit);
    return readUpTo(fd, file, limit, stat.size);
  } finally {
    closeSync(fd);
  }
}

function readUpTo(fd: number, file: string, limit: number, hint: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.allocUnsafe(Math.min(Math.max(hint, 4096), 1024 * 1024));
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EOF') break;
      throw new InputError([{ file, message: `cannot read (${(err as NodeJS.ErrnoException).code})` }]);
    }
    if (n === 0) break;
    total += n;
    if (total > limit) throw new InputError([{ file, message: `input is more than ${limit} bytes; the limit is ${limit}` }]);
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks, total);
}
