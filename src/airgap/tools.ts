// The external programs the air gap uses, found on PATH, run without a shell, their output bounded.
// skopeo moves images (containers/image, the library Podman and CRI-O use: every registry quirk,
// auth file and OCI layout detail handled by the people who maintain them); ssh-keygen signs.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { AipcError, EXIT_USAGE } from '../errors.js';
import { isInterrupting, trackChild } from '../io/cleanup.js';

const INSTALL: Record<string, string> = {
  skopeo: 'install it: apt-get install -y skopeo (Debian/Ubuntu), dnf install -y skopeo (Fedora/RHEL)',
  'ssh-keygen': 'install OpenSSH: apt-get install -y openssh-client (8.2 or later signs with -Y)',
};

/** The absolute path of `name` on PATH; a clear exit 2 naming how to install it when absent. */
export function findTool(name: string, env: NodeJS.ProcessEnv = process.env): string {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new AipcError(`${name} not found on PATH`, EXIT_USAGE, INSTALL[name]);
}

export interface ToolResult {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

const MAX_OUTPUT = 16 * 1024 * 1024;

/** Runs a tool with arguments (no shell), optional stdin and environment; stdout and stderr capped at 16 MiB. */
export function runTool(path: string, args: readonly string[], input?: Buffer | string, env: NodeJS.ProcessEnv = {}): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env, LC_ALL: 'C' } });
    trackChild(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outSize = 0;
    let errSize = 0;
    child.stdout.on('data', (b: Buffer) => {
      if ((outSize += b.length) <= MAX_OUTPUT) out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      if ((errSize += b.length) <= MAX_OUTPUT) err.push(b);
    });
    child.on('error', reject);
    // a tool stopped by an interrupt has no result: the run ends with the interrupt's cleanup
    child.on(
      'close',
      (code) => !isInterrupting() && resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }),
    );
    child.stdin.on('error', () => {
      // the tool may exit before reading stdin; its exit code says what happened
    });
    child.stdin.end(input ?? '');
  });
}
