// What dist/ was built from: the newest modification time under src/ and the number of files
// there. scripts/build.mjs records it in dist/source-stamp.json; bin/aipc.js compares it with
// src/ before loading dist/, so the CLI never runs a model older than src/. A stat walk of src/
// costs about a millisecond, well inside the cold-start budget.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const STAMP_FILE = 'source-stamp.json';

/** `{ newest, files }` of the tree at `dir`, or undefined when there is none (an install without src/). */
export function sourceStamp(dir) {
  if (!existsSync(dir)) return undefined;
  let newest = 0;
  let files = 0;
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else {
        files++;
        newest = Math.max(newest, statSync(p).mtimeMs);
      }
    }
  };
  walk(dir);
  return { newest, files };
}

/** Whether dist/, built from `built`, is older than src/ as it is now (`now`). */
export const isStale = (built, now) => !built || now.newest > built.newest || now.files !== built.files;
