// What an interrupted run must undo, in one registry. Temporary directories and partial outputs
// (a bundle's staging directory) register themselves while they exist, and the tools aipc runs
// (Helm, skopeo, ssh-keygen) while they run; the CLI's one SIGINT/SIGTERM handler calls
// `interruptCleanup`. Synchronous writes need no entry: a signal is handled between event-loop
// turns, so it never lands inside one (and atomic-write.ts leaves old or new, never half).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What an interrupt must undo: the paths to remove and the tools to stop. */
interface Registry {
  readonly paths: Set<string>;
  readonly children: Set<ChildProcess>;
  interrupting: boolean;
}
// kept on the process, not the module: the built CLI and its actions bundle each carry a copy of
// this module, and the CLI's handler must see what the actions registered
const REGISTRY = Symbol.for('aipc.cleanup.registry');
const registry = ((globalThis as Record<symbol, unknown>)[REGISTRY] ??= {
  paths: new Set<string>(),
  children: new Set<ChildProcess>(),
  interrupting: false,
}) as Registry;
const { paths, children } = registry;

/** Registers `path` (a file or directory) to be removed if the run is interrupted; returns it. */
export function trackPath(path: string): string {
  paths.add(path);
  return path;
}

/** Forgets `path` (it was removed, or renamed into place as a complete output). */
export function untrackPath(path: string): void {
  paths.delete(path);
}

/** A new directory under the system's temporary directory, removed if the run is interrupted. */
export function makeTempDir(prefix: string): string {
  return trackPath(mkdtempSync(join(tmpdir(), prefix)));
}

/** Removes a directory from `makeTempDir` (or any tracked path) and forgets it. */
export function removeTempDir(path: string): void {
  rmSync(path, { recursive: true, force: true });
  paths.delete(path);
}

/** Registers a running child process: an interrupt stops it before removing what it may be writing. */
export function trackChild(child: ChildProcess): void {
  // started while an interrupt is handled: it has nothing left to do
  if (registry.interrupting) child.kill('SIGTERM');
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.once('error', () => children.delete(child));
}

/** Whether an interrupt is being handled: a tool's exit is then not a result to act on. */
export const isInterrupting = (): boolean => registry.interrupting;

/** How long stopped tools get to exit before they are killed outright. */
const GRACE_MS = 3_000;

/**
 * Stops every running tool (SIGTERM, then SIGKILL after a grace period), waits for each to exit so
 * none writes after the removal, then removes every registered path, newest first, and calls
 * `done` with how many in the same turn (so nothing else runs between the removal and the exit).
 */
export async function interruptCleanup(done: (removed: number) => void): Promise<void> {
  registry.interrupting = true;
  const running = [...children];
  await Promise.all(
    running.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const kill = setTimeout(() => child.kill('SIGKILL'), GRACE_MS);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  const all = [...paths].reverse();
  for (const path of all) rmSync(path, { recursive: true, force: true });
  paths.clear();
  done(all.length);
}
