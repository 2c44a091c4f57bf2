// Shared test helpers: running the built CLI, temporary directories.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { packageRoot } from '../src/paths.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `aipc ...args` as a user would (the built bin), with optional stdin and env. */
export function runCli(args: readonly string[], options: { input?: string; env?: Record<string, string>; cwd?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [join(packageRoot(), 'bin/aipc.js'), ...args], {
    input: options.input ?? '',
    cwd: options.cwd ?? packageRoot(),
    env: { ...process.env, AIPC_DEBUG: '', ...options.env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const tempDirs: string[] = [];
afterEach(() => {
  while (tempDirs.length) rmSync(tempDirs.pop()!, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the current test. */
export function tempDir(prefix = 'aipc-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
