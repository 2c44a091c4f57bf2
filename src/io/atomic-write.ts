// The one writer. Files are written to a temporary sibling and renamed into place, so a reader
// (or a run killed midway) sees the old file or the new one, never half of one. A whole directory
// is built beside its target and swapped in with two renames; a backup left by a run killed
// between them is restored by the next run.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { OutputFile } from './output-file.js';

function tempSibling(target: string, tag: string): string {
  return join(dirname(target), `.${basename(target)}.aipc-${tag}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

function writeDurably(path: string, content: string | Uint8Array): void {
  const fd = openSync(path, 'w', 0o644);
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes one file atomically (temp file in the same directory, fsync, rename). */
export function writeFileAtomic(target: string, content: string | Uint8Array): void {
  mkdirSync(dirname(target), { recursive: true });
  const tmp = tempSibling(target, 'tmp');
  try {
    writeDurably(tmp, content);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Restores `target` from a backup left by a run that was killed between its two renames. */
export function recoverDirectory(target: string): void {
  if (existsSync(target)) return;
  const parent = dirname(target);
  if (!existsSync(parent)) return;
  const prefix = `.${basename(target)}.aipc-old-`;
  const backup = readdirSync(parent).filter((n) => n.startsWith(prefix)).sort()[0];
  if (backup) renameSync(join(parent, backup), target);
}

/** Replaces directory `target` with exactly `files`, built beside it and swapped in by rename. */
export function replaceDirectory(target: string, files: readonly OutputFile[]): void {
  recoverDirectory(target);
  mkdirSync(dirname(target), { recursive: true });
  const staging = tempSibling(target, 'tmp');
  try {
    for (const file of files) {
      const path = join(staging, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeDurably(path, file.content);
    }
    if (existsSync(target)) {
      const backup = tempSibling(target, 'old');
      renameSync(target, backup);
      renameSync(staging, target);
      rmSync(backup, { recursive: true, force: true });
    } else {
      renameSync(staging, target);
    }
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}
