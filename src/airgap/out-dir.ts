// Where `airgap bundle|collect --out` may write: a new or empty directory, or one aipc wrote
// earlier (it holds aipc's marker file). Never the working directory or one of its parents, never
// a directory that merely holds a file called manifest.yaml.
import { existsSync, lstatSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { AipcError, EXIT_USAGE, InputError } from '../errors.js';
import { recoverDirectory } from '../io/atomic-write.js';
import { MARKER_FILE } from './manifest.js';

/** Throws unless `out` can be written (absent, empty, or an earlier aipc bundle). */
export function checkOutDir(out: string, cwd: string = process.cwd()): void {
  const target = realOrResolved(out);
  const here = realOrResolved(cwd);
  const rel = relative(target, here);
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel)))
    throw new InputError(
      [{ file: out, message: 'is the working directory or one of its parents; refusing to replace it', option: 'out' }],
      'choose a new output directory, e.g. ./bundle',
    );
  recoverDirectory(out);
  if (!existsSync(out)) return;
  if (!lstatSync(out).isDirectory()) throw new InputError([{ file: out, message: 'exists and is not a directory', option: 'out' }]);
  const names = readdirSync(out);
  if (names.length && !names.includes(MARKER_FILE))
    throw new InputError(
      [
        {
          file: out,
          message: `exists, is not empty and holds no ${MARKER_FILE}: refusing to replace a directory aipc did not write`,
          option: 'out',
        },
      ],
      'choose a new output directory',
    );
}

/** The real path of `p`, or of its nearest existing parent joined with the rest. */
function realOrResolved(p: string): string {
  const abs = resolve(p);
  let dir = abs;
  let rest = '';
  for (;;) {
    try {
      return join(realpathSync(dir), rest);
    } catch {
      const parent = dirname(dir);
      if (parent === dir) return abs;
      rest = rest ? join(dir.slice(parent.length + 1), rest) : dir.slice(parent.length + 1);
      dir = parent;
    }
  }
}

const WRITE_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EFBIG: 'file too large for the file system',
};

/** Turns a failed write beside `out` (full or read-only disk) into exit 2 naming the cause. */
export function asWriteError(err: unknown, out: string): unknown {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (typeof code === 'string' && code in WRITE_ERRORS)
    return new AipcError(`cannot write the bundle ${out}: ${WRITE_ERRORS[code]} (${code}); nothing was written`, EXIT_USAGE);
  return err;
}
