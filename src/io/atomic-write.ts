// The one writer. Files are written to a temporary sibling and renamed into place, so a reader
// (or a run killed midway) sees the old file or the new one, never half of one. A whole directory
// is built beside its target and swapped in with two renames under a lock (two runs writing the
// same directory at once take turns); a backup left by a run killed between the renames is
// restored, and temporaries of dead runs are removed, by the next run.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AipcError, InputError } from '../errors.js';
import type { OutputFile } from './output-file.js';

/** How long a writer waits for another run holding the same directory's lock. */
const LOCK_TIMEOUT_MS = 60_000;

function tempSibling(target: string, tag: string): string {
  return join(dirname(target), `.${basename(target)}.aipc-${tag}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

// --- test hook -------------------------------------------------------------------------------
// AIPC_TEST_CRASH_AT makes the writer kill itself (SIGKILL: no cleanup, no finally) at a chosen
// point, so tests can show that a run killed anywhere leaves the old output or the new one:
//   file:<n>  after the n-th file of a directory is written to its staging directory
//   backup    after the old directory was renamed aside, before the new one is renamed in
//   swapped   after the new directory is in place, before the backup is removed
//   tmp       after a single file's temporary is written, before its rename
function crashPoint(point: string): void {
  if (process.env.AIPC_TEST_CRASH_AT === point) process.kill(process.pid, 'SIGKILL');
}

/** Turns a file-system failure into a user-facing error naming the path (exit 2). */
function writeError(err: unknown, target: string): never {
  if (err instanceof AipcError) throw err;
  const e = err as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    EISDIR: 'is a directory, expected a file path',
    ENOTDIR: 'a parent of this path is a file, not a directory',
    EEXIST: 'a parent of this path is a file, not a directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on device',
  };
  throw new InputError([{ file: target, message: `cannot write: ${(e.code && why[e.code]) ?? e.message}` }]);
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
  if (existsSync(target) && lstatSync(target).isDirectory()) writeError({ code: 'EISDIR' }, target);
  let tmp: string | undefined;
  try {
    mkdirSync(dirname(target), { recursive: true });
    tmp = tempSibling(target, 'tmp');
    writeDurably(tmp, content);
    crashPoint('tmp');
    renameSync(tmp, target);
  } catch (err) {
    if (tmp) rmSync(tmp, { force: true });
    writeError(err, target);
  }
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The pid embedded in a temporary's name (`.<name>.aipc-<tag>-<pid>-<hex>`). */
function pidOf(name: string): number {
  const m = /-(\d+)-[0-9a-f]{8}$/.exec(name);
  return m ? Number(m[1]) : NaN;
}

/**
 * Takes the lock of directory `target` (a file created exclusively beside it, holding the pid),
 * waiting while a live process holds it; a lock whose process is dead is broken.
 */
function acquireLock(target: string): () => void {
  const lock = join(dirname(target), `.${basename(target)}.aipc-lock`);
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    try {
      const fd = openSync(lock, 'wx', 0o644);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') writeError(err, lock);
    }
    let holder: number;
    try {
      holder = Number(readFileSync(lock, 'utf8'));
    } catch {
      continue; // released between our attempt and the read
    }
    // an empty lock file is one being written this instant; only a named dead holder is stale
    if (!Number.isNaN(holder) && holder !== 0 && !pidAlive(holder)) {
      rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new AipcError(
        `${target} is being written by another aipc run (pid ${holder}); gave up after ${LOCK_TIMEOUT_MS / 1000} s`,
        2,
        `if no such run exists, remove ${lock}`,
      );
    }
    sleepSync(wait);
  }
}

/**
 * Restores `target` from a backup left by a run that was killed between its two renames, and
 * removes what dead runs left behind (staging directories, backups already superseded).
 */
export function recoverDirectory(target: string): void {
  const parent = dirname(target);
  if (!existsSync(parent)) return;
  const name = basename(target);
  const entries = readdirSync(parent);
  // a live run's backup is its own business (it is between its renames, holding the lock)
  const backups = entries.filter((n) => n.startsWith(`.${name}.aipc-old-`) && !pidAlive(pidOf(n))).sort();
  if (!existsSync(target) && backups.length) renameSync(join(parent, backups.shift()!), target);
  for (const n of backups) rmSync(join(parent, n), { recursive: true, force: true });
  const lock = join(parent, `.${name}.aipc-lock`);
  if (entries.includes(`.${name}.aipc-lock`)) {
    let holder = NaN;
    try {
      holder = Number(readFileSync(lock, 'utf8'));
    } catch {
      // released meanwhile
    }
    if (holder > 0 && !pidAlive(holder)) rmSync(lock, { force: true });
  }
  for (const n of entries.filter((e) => e.startsWith(`.${name}.aipc-tmp-`))) {
    if (!pidAlive(pidOf(n))) rmSync(join(parent, n), { recursive: true, force: true });
  }
}

/**
 * Moves a fully written `staging` directory to `target`, replacing what is there: under the
 * target's lock, the old directory is renamed aside, the new one renamed in, the old one removed.
 */
export function swapDirectoryInto(staging: string, target: string): void {
  const release = acquireLock(target);
  try {
    recoverDirectory(target);
    if (existsSync(target)) {
      if (!lstatSync(target).isDirectory())
        throw new InputError([{ file: target, message: 'exists and is not a directory; refusing to replace it' }]);
      const backup = tempSibling(target, 'old');
      renameSync(target, backup);
      crashPoint('backup');
      renameSync(staging, target);
      crashPoint('swapped');
      rmSync(backup, { recursive: true, force: true });
    } else {
      renameSync(staging, target);
    }
  } catch (err) {
    writeError(err, target);
  } finally {
    release();
  }
}

/** Replaces directory `target` with exactly `files`, built beside it and swapped in by rename. */
export function replaceDirectory(target: string, files: readonly OutputFile[]): void {
  if (existsSync(target) && !lstatSync(target).isDirectory()) {
    throw new InputError([{ file: target, message: 'exists and is not a directory; refusing to replace it' }]);
  }
  let staging: string | undefined;
  try {
    mkdirSync(dirname(target), { recursive: true });
    staging = tempSibling(target, 'tmp');
    mkdirSync(staging);
    let written = 0;
    for (const file of files) {
      const path = join(staging, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeDurably(path, file.content);
      crashPoint(`file:${++written}`);
    }
    swapDirectoryInto(staging, target);
  } catch (err) {
    writeError(err, target);
  } finally {
    if (staging) rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Writes several files as one change: every target is checked and every temporary written (and
 * fsynced) before the first rename, so a bad path or a full disk leaves all files as they were;
 * a rename failing midway puts back the files already replaced.
 */
export function writeFilesAtomic(files: readonly { path: string; content: string | Uint8Array }[]): void {
  const problems = files
    .filter((f) => existsSync(f.path) && !lstatSync(f.path).isFile())
    .map((f) => ({ file: f.path, message: 'cannot write: exists and is not a regular file' }));
  if (problems.length) throw new InputError(problems);
  const staged: { target: string; tmp: string; backup?: string }[] = [];
  try {
    for (const f of files) {
      mkdirSync(dirname(f.path), { recursive: true });
      const tmp = tempSibling(f.path, 'tmp');
      staged.push({ target: f.path, tmp });
      writeDurably(tmp, f.content);
    }
  } catch (err) {
    for (const s of staged) rmSync(s.tmp, { force: true });
    writeError(err, staged.at(-1)?.target ?? '');
  }
  const done: typeof staged = [];
  for (const s of staged) {
    try {
      if (existsSync(s.target)) {
        s.backup = tempSibling(s.target, 'old');
        renameSync(s.target, s.backup);
      }
      renameSync(s.tmp, s.target);
      done.push(s);
    } catch (err) {
      // undo: the replaced files get their old content back, nothing new stays
      if (s.backup && !existsSync(s.target)) renameSync(s.backup, s.target);
      for (const d of done.reverse()) {
        if (d.backup) renameSync(d.backup, d.target);
        else rmSync(d.target, { force: true });
      }
      for (const x of staged) rmSync(x.tmp, { force: true });
      writeError(err, s.target);
    }
  }
  for (const s of done) if (s.backup) rmSync(s.backup, { force: true });
}
