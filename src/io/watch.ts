// Watching input files for `build --watch`: fs.watch on the folders that hold them (editors save
// by writing a new file and renaming it over the old one, which a watch on the file itself would
// lose), events debounced into one batch of changed paths.
import { watch, type FSWatcher } from 'node:fs';
import { resolve } from 'node:path';

export interface FolderWatch {
  readonly dir: string;
  /** Also every folder below (src/). */
  readonly recursive?: boolean;
}

/** Stops watching. */
export type StopWatching = () => void;

/**
 * Calls `onBatch` with the paths changed in `folders` once no event has come for `debounceMs`
 * (an editor's save is several events; a `git checkout` many). `accept` filters the paths.
 */
export function watchFolders(
  folders: readonly FolderWatch[],
  accept: (path: string) => boolean,
  onBatch: (paths: string[]) => void,
  debounceMs = 150,
): StopWatching {
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = [];
  for (const folder of folders) {
    let watcher: FSWatcher;
    try {
      watcher = watch(folder.dir, { recursive: folder.recursive ?? false, persistent: true }, (_event, name) => {
        if (name === null) return;
        const path = resolve(folder.dir, name.toString());
        if (!accept(path)) return;
        pending.add(path);
        clearTimeout(timer);
        timer = setTimeout(() => {
          const batch = [...pending].sort();
          pending = new Set();
          onBatch(batch);
        }, debounceMs);
      });
    } catch {
      // a folder that does not exist (yet) has nothing to report
      continue;
    }
    // a watched folder removed under us ends that watch, not the process
    watcher.on('error', () => watcher.close());
    watchers.push(watcher);
  }
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
