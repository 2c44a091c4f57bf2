// What dist/ was built from: the newest modification time under src/ and the number of files
// there. scripts/build.mjs records it in dist/source-stamp.json; bin/aipc.js compares it with
// src/ before loading dist/, so the CLI never runs a model older than src/. A stat walk of src/
// costs about a millisecond, well inside the cold-start budget.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

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

/**
 * A content hash of the source modules `entry` reaches through relative imports (static, dynamic,
 * type-only: all count), with their paths: what code produced an output. `root` is the package
 * root; `entry` is relative to it (e.g. src/actions/generate.ts).
 */
export function moduleClosureHash(root, entry) {
  const seen = new Set();
  const pending = [entry];
  while (pending.length) {
    const file = pending.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(join(root, file), 'utf8');
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)'(\.{1,2}\/[^']+)'/gm)) {
      let target = posix.normalize(posix.join(posix.dirname(file), m[1]));
      if (target.endsWith('.js') && !existsSync(join(root, target))) target = `${target.slice(0, -3)}.ts`;
      pending.push(target);
    }
  }
  // node:crypto is loaded here, not at the top: bin/aipc.js imports this file on every run to compare
  // stamps, and loading crypto would cost each run more than the stamp walk itself
  const hash = process.getBuiltinModule('node:crypto').createHash('sha256');
  for (const file of [...seen].sort()) hash.update(`${file}\0${readFileSync(join(root, file), 'utf8')}\0`);
  return { hash: hash.digest('hex'), files: seen.size };
}
