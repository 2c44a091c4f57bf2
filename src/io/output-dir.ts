// Output directories aipc replaces as a whole (`generate --out`, `render --split`). Replacing a
// directory deletes what is in it, so aipc replaces only a directory that is new, empty, or holds
// the marker file it wrote there last time — never one that merely looks like its output, and
// never the working directory or one of its parents.
import { existsSync, lstatSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';
import { replaceDirectory } from './atomic-write.js';
import type { OutputFile } from './output-file.js';

/** The marker file aipc writes into every directory it replaces as a whole. */
export const OUTPUT_MARKER = '.aipc-output';

/** The marker's content: which command wrote the directory. */
export const markerFile = (producer: string): OutputFile => ({
  path: OUTPUT_MARKER,
  content: `# Written by \`aipc ${producer}\`, which replaces this directory as a whole. Keep other work elsewhere.\nproducer: ${producer}\n`,
});

/** The real path of `path`, or of its nearest existing ancestor joined with the rest. */
function realish(path: string): string {
  let p = resolve(path);
  const rest: string[] = [];
  while (!existsSync(p) && dirname(p) !== p) {
    rest.unshift(p.slice(dirname(p).length + 1));
    p = dirname(p);
  }
  return resolve(realpathSync(p), ...rest);
}

/**
 * Throws (exit 2) unless `target` may be replaced by `producer`'s output: `flag` names the option
 * in messages (`--out`, `--split`).
 */
export function assertReplaceable(target: string, producer: string, flag: string): void {
  const real = realish(target);
  const rel = relative(real, realish(process.cwd()));
  if (rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep))) {
    throw new InputError([
      {
        file: target,
        message: `${flag}: refusing to replace the working directory or one of its parents (it would delete the directory you are in)`,
      },
    ]);
  }
  if (!existsSync(target)) return;
  if (!lstatSync(target).isDirectory()) throw new InputError([{ file: target, message: `${flag}: exists and is not a directory` }]);
  const entries = readdirSync(target);
  if (entries.length === 0) return;
  const marker = resolve(target, OUTPUT_MARKER);
  const ours = existsSync(marker) && lstatSync(marker).isFile() && readFileSync(marker, 'utf8').includes(`\nproducer: ${producer}\n`);
  if (!ours) {
    const shown = entries.sort().slice(0, 3).join(', ') + (entries.length > 3 ? ` and ${entries.length - 3} more` : '');
    throw new InputError(
      [
        {
          file: target,
          message: `${flag}: the directory holds ${shown} but no ${OUTPUT_MARKER} marker from an earlier \`aipc ${producer}\`; refusing to replace it`,
        },
      ],
      `give a new or empty directory, or one an earlier \`aipc ${producer}\` wrote`,
    );
  }
}

/** Throws (exit 2) for a path that is not a plain relative path staying inside its root. */
export function assertInsideRoot(root: string, path: string): void {
  const parts = path.split('/');
  if (
    path === '' ||
    path.startsWith('/') ||
    path.includes('\\') ||
    path.includes('\0') ||
    parts.some((p) => p === '' || p === '.' || p === '..')
  ) {
    throw new InputError([{ file: root, message: `refusing to write ${JSON.stringify(path)}: not a plain relative path inside ${root}` }]);
  }
}

/** Replaces `target` with `files` plus the marker, after `assertReplaceable`. */
export function replaceOutputDirectory(target: string, files: readonly OutputFile[], producer: string, flag: string): void {
  for (const f of files) assertInsideRoot(target, f.path);
  assertReplaceable(target, producer, flag);
  replaceDirectory(resolve(target), [...files.filter((f) => f.path !== OUTPUT_MARKER), markerFile(producer)]);
}
