// The one directory walker. A tree given to aipc may hold symbolic links (a committed render, a
// checkout): a link is followed only when it resolves inside the tree, so a `.yaml` link to a
// kubeconfig never ends up in a diff posted to a pull request; any other link is reported.
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Diagnostic } from '../errors.js';

/** Deepest directory nesting walked (a bound, not a limit real trees reach). */
const MAX_WALK_DEPTH = 64;

export interface WalkResult {
  /** Paths of the files found (as `join(root, …)`), in byte order of their relative paths. */
  readonly files: string[];
  /** Links not followed (leaving the tree, dangling, loops) and unreadable entries. */
  readonly diagnostics: Diagnostic[];
}

const inside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
};

/** Files under `root`, recursively, that `accept` takes (by name); links followed only inside the tree. */
export function walkTree(root: string, accept: (name: string) => boolean = () => true): WalkResult {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const realRoot = realpathSync(root);
  const visited = new Set<string>([realRoot]);
  const walk = (dir: string, depth: number) => {
    if (depth > MAX_WALK_DEPTH) {
      diagnostics.push({ file: dir, message: `directories nested deeper than ${MAX_WALK_DEPTH} levels; not walked further` });
      return;
    }
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      diagnostics.push({ file: dir, message: `cannot read directory (${(err as NodeJS.ErrnoException).code})` });
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(path);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          diagnostics.push({
            file: path,
            message: code === 'ELOOP' ? 'a symbolic link loop; not followed' : 'a dangling symbolic link; not followed',
          });
          continue;
        }
        if (!inside(realRoot, target)) {
          diagnostics.push({
            file: path,
            message: `a symbolic link to ${target}, outside ${root}; links are followed only inside the tree`,
          });
          continue;
        }
        const stat = statSync(target);
        isDir = stat.isDirectory();
        isFile = stat.isFile();
        if (isDir && visited.has(target)) continue; // a link back up the tree: already walked
        if (isDir) visited.add(target);
      } else if (isDir) {
        visited.add(realpathSync(path));
      }
      if (isDir) walk(path, depth + 1);
      else if (isFile && accept(entry.name)) files.push(path);
      else if (!isFile && accept(entry.name)) diagnostics.push({ file: path, message: 'not a regular file; not read' });
    }
  };
  if (!lstatSync(root).isDirectory() && !statSync(root).isDirectory()) return { files, diagnostics };
  walk(root, 0);
  return { files, diagnostics };
}
