// `--out` of generate and build, loaded only by those two commands.
import { relative, resolve } from 'node:path';
import { chartDir } from '../paths.js';

/** The directory given, or the package's own chart (never the current directory's `charts/ai-platform`). */
export function chartDirOption(out: string | undefined): { dir: string; shown: string } {
  if (out !== undefined) return { dir: resolve(out), shown: out };
  const dir = chartDir();
  const rel = relative(process.cwd(), dir);
  return { dir, shown: rel && !rel.startsWith('..') ? rel : dir };
}
