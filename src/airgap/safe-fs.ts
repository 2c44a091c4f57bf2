// Reading files of a bundle that may have been tampered with: nothing is opened before lstat or
// fstat says it is a regular file, a FIFO or device is refused rather than read (a FIFO blocks
// forever, /dev/zero never ends), and every read is bounded by a size known before it starts.
import { constants, lstatSync, readdirSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { printable } from '../util/printable.js';

/** What an entry is, as a person would say it. */
export function kindOf(st: Stats): string {
  if (st.isFile()) return 'regular file';
  if (st.isDirectory()) return 'directory';
  if (st.isSymbolicLink()) return 'symbolic link';
  if (st.isFIFO()) return 'FIFO (named pipe)';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  return 'special file';
}

/** FIFOs, sockets and devices: reading one can block forever or never end. */
export const isSpecial = (st: Stats): boolean => st.isFIFO() || st.isSocket() || st.isCharacterDevice() || st.isBlockDevice();

/** A file name made printable: the one escaping of input text (`util/printable`). */
export const escapeName = printable;

/** A file name as bytes made printable: valid UTF-8 is kept, other bytes become `\xNN`. */
export function escapeBytes(name: Buffer): string {
  let out = '';
  for (let i = 0; i < name.length;) {
    const b = name[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    const piece = len ? name.subarray(i, i + len) : undefined;
    const text = piece && piece.length === len ? decodeStrict(piece) : undefined;
    if (text === undefined) {
      out += `\\x${b.toString(16).padStart(2, '0')}`;
      i += 1;
    } else {
      out += escapeName(text);
      i += len;
    }
  }
  return out;
}

function decodeStrict(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** One entry under a walked directory that is not a directory. */
export interface TreeEntry {
  /** `/`-separated path relative to the root. */
  readonly path: string;
  readonly stats: Stats;
}

/**
 * Every non-directory entry under `root` (lstat: links are not followed), sorted by path. Names
 * that are not UTF-8 cannot be named in a manifest: they are an InputError naming each, escaped.
 */
export function walkTree(root: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  const badNames: string[] = [];
  const visit = (rel: string) => {
    for (const raw of readdirSync(rel ? join(root, rel) : root, { encoding: 'buffer' })) {
      const name = decodeStrict(raw);
      if (name === undefined) {
        badNames.push(`${rel ? `${escapeName(rel)}/` : ''}${escapeBytes(raw)}`);
        continue;
      }
      const relPath = rel ? `${rel}/${name}` : name;
      const stats = lstatSync(join(root, relPath));
      if (stats.isDirectory()) visit(relPath);
      else out.push({ path: relPath, stats });
    }
  };
  visit('');
  if (badNames.length)
    throw new InputError(
      badNames.map((n) => ({ file: join(root, n), message: 'file name is not UTF-8; a bundle names every file in UTF-8' })),
    );
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Opens a regular file without following a link and without blocking on a FIFO. */
async function openRegular(path: string) {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ELOOP' ? 'is a symbolic link, expected a regular file' : code === 'ENOENT' ? 'no such file' : `cannot open (${code})`;
    throw new InputError([{ file: path, message: why }]);
  }
  const stats = await handle.stat();
  if (!stats.isFile()) {
    await handle.close();
    throw new InputError([{ file: path, message: `is a ${kindOf(stats)}, expected a regular file` }]);
  }
  return { handle, stats };
}

/** A file's bytes, refused (exit 2) before reading when it is not a regular file or exceeds `max`. */
export async function readBounded(path: string, max: number): Promise<Buffer> {
  const { handle, stats } = await openRegular(path);
  try {
    if (stats.size > max) throw new InputError([{ file: path, message: `is ${stats.size} bytes; the limit is ${max}` }]);
    const buf = Buffer.alloc(stats.size);
    let got = 0;
    while (got < stats.size) {
      const { bytesRead } = await handle.read(buf, got, stats.size - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return buf.subarray(0, got);
  } finally {
    await handle.close();
  }
}

const CHUNK = 4 * 1024 * 1024;

/**
 * sha256 of at most `limit` bytes of a regular file (+1, to see that it is longer): a file that
 * grows while it is read cannot make the hash run on. `onBytes` reports progress.
 */
export async function hashBounded(path: string, limit: number, onBytes?: (n: number) => void): Promise<{ sha256: string; size: number }> {
  const { handle } = await openRegular(path);
  try {
    const hash = createHash('sha256');
    // two buffers: the next chunk is read (libuv's thread pool) while this one is hashed
    const bufs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    let size = 0;
    const readAt = (i: number, pos: number) =>
      pos > limit ? Promise.resolve({ bytesRead: 0 }) : handle.read(bufs[i], 0, Math.min(CHUNK, limit + 1 - pos), pos);
    let pending = readAt(0, 0);
    for (let i = 0; ; i ^= 1) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      pending = readAt(i ^ 1, size + bytesRead);
      hash.update(bufs[i].subarray(0, bytesRead));
      size += bytesRead;
      onBytes?.(bytesRead);
    }
    return { sha256: hash.digest('hex'), size };
  } finally {
    await handle.close();
  }
}
