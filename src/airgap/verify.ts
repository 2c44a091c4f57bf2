// Verifying a bundle on the far side of the air gap: the manifest is authenticated first (its SSH
// signature, or a digest given out of band), then every file is checked against it — size before
// hash, never following a link, never opening a FIFO or device — and every difference is named.
import { createHash } from 'node:crypto';
import { lstatSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { MANIFEST_FILE, MAX_MANIFEST_BYTES, SUMS_FILE, formatSums, parseManifest, type BundleManifest } from './manifest.js';
import { escapeName, hashBounded, isSpecial, kindOf, readBounded, walkTree } from './safe-fs.js';
import { SIGNATURE_FILE, SUMS_SIGNATURE_FILE, authenticate, type Authentication, type Trust } from './sign.js';

export interface ChangedFile {
  readonly path: string;
  /** What differs: `sha256 X, manifest says Y`, `size X, manifest says Y`, `is a symbolic link`. */
  readonly problem: string;
}

export interface VerifyResult {
  readonly authentication: Authentication;
  /** Undefined when a signature or digest check failed: an unauthenticated manifest is not read. */
  readonly manifest?: BundleManifest;
  /** Listed in the manifest, absent from the bundle. */
  readonly missing: readonly string[];
  /** Present in the bundle, not listed in the manifest. */
  readonly extra: readonly string[];
  /** Present and listed, but different (or not a regular file). */
  readonly changed: readonly ChangedFile[];
  /** Files whose size and hash matched. */
  readonly verified: number;
}

export interface VerifyOptions {
  /** What authenticates the manifest; without it the result is never ok. */
  readonly trust?: Trust;
  /** Progress for long work (a line per GB hashed). */
  readonly progress?: (line: string) => void;
}

/** True when nothing is missing, extra or changed. */
export const bundleIsIntact = (r: VerifyResult): boolean => !!r.manifest && !r.missing.length && !r.extra.length && !r.changed.length;
/** True when the manifest is authenticated and every file matches it. */
export const bundleIsVerified = (r: VerifyResult): boolean => r.authentication.ok && bundleIsIntact(r);

const MAX_SIGNATURE_BYTES = 64 * 1024;
const GB = 1024 ** 3;

/**
 * Authenticates `dir`'s manifest.yaml, then checks every file against it. An unreadable directory
 * or manifest, a FIFO, device or socket, a non-UTF-8 name is an InputError (exit 2); differences
 * and a failed authentication are returned, not thrown.
 */
export async function verifyBundle(dir: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new InputError([{ file: dir, message: 'no such directory' }]);
  }
  if (!st.isDirectory())
    throw new InputError([{ file: dir, message: `not a directory; expected an air-gap bundle directory (found a ${kindOf(st)})` }]);
  const manifestPath = join(dir, MANIFEST_FILE);
  const exists = (p: string) => {
    try {
      lstatSync(p);
      return true;
    } catch {
      return false;
    }
  };
  if (!exists(manifestPath)) throw new InputError([{ file: manifestPath, message: 'no manifest.yaml: not an aipc air-gap bundle' }]);
  const manifestBytes = await readBounded(manifestPath, MAX_MANIFEST_BYTES);
  const sigPath = join(dir, SIGNATURE_FILE);
  const signature = exists(sigPath) ? await readBounded(sigPath, MAX_SIGNATURE_BYTES) : undefined;
  const authentication = await authenticate(manifestBytes, signature, options.trust);
  const empty = { missing: [], extra: [], changed: [], verified: 0 };
  if (!authentication.ok && options.trust) return { authentication, ...empty };
  const manifest = parseManifest(manifestBytes, manifestPath);

  const entries = walkTree(dir);
  const special = entries.filter((e) => isSpecial(e.stats));
  if (special.length)
    throw new InputError(
      special.map((e) => ({ file: join(dir, escapeName(e.path)), message: `is a ${kindOf(e.stats)}; a bundle holds regular files only` })),
    );
  const present = new Map(entries.map((e) => [e.path, e.stats]));
  const missing: string[] = [];
  const changed: ChangedFile[] = [];
  let verified = 0;
  let hashed = 0;
  let reported = 0;
  for (const file of manifest.files) {
    const stats = present.get(file.path);
    if (!stats) {
      missing.push(file.path);
      continue;
    }
    if (!stats.isFile()) {
      changed.push({ path: file.path, problem: `is a ${kindOf(stats)}, not a regular file` });
      continue;
    }
    if (stats.size !== file.size) {
      changed.push({ path: file.path, problem: `size ${stats.size} bytes, manifest says ${file.size}` });
      continue;
    }
    const actual = await hashBounded(join(dir, file.path), file.size, (n) => {
      hashed += n;
      if (options.progress && hashed - reported >= GB) {
        reported = hashed - (hashed % GB);
        options.progress(`verify: ${Math.floor(hashed / GB)} GiB hashed`);
      }
    });
    if (actual.size !== file.size) changed.push({ path: file.path, problem: `size ${actual.size} bytes, manifest says ${file.size}` });
    else if (actual.sha256 !== file.sha256)
      changed.push({ path: file.path, problem: `sha256 ${actual.sha256}, manifest says ${file.sha256}` });
    else verified++;
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  const own = new Set([MANIFEST_FILE, SIGNATURE_FILE, SUMS_FILE, SUMS_SIGNATURE_FILE]);
  const extra = [...present.keys()].filter((p) => !listed.has(p) && !own.has(p));
  const sums = present.get(SUMS_FILE);
  if (sums) {
    const expected = formatSums(manifest.files, createHash('sha256').update(manifestBytes).digest('hex'));
    if (
      !sums.isFile() ||
      sums.size !== Buffer.byteLength(expected) ||
      (await readBounded(join(dir, SUMS_FILE), sums.size)).toString('utf8') !== expected
    )
      changed.push({ path: SUMS_FILE, problem: 'does not list exactly the manifest’s files and hashes' });
  }
  // the stock recipe authenticates SHA256SUMS by its own signature: a signed bundle carries one that verifies
  if (signature && options.trust && options.trust.kind !== 'digest') {
    const sumsSig = present.get(SUMS_SIGNATURE_FILE);
    if (!sumsSig) missing.push(SUMS_SIGNATURE_FILE);
    else if (!sumsSig.isFile() || !sums?.isFile())
      changed.push({ path: SUMS_SIGNATURE_FILE, problem: 'is not a regular file beside a regular SHA256SUMS' });
    else {
      const a = await authenticate(
        await readBounded(join(dir, SUMS_FILE), MAX_MANIFEST_BYTES),
        await readBounded(join(dir, SUMS_SIGNATURE_FILE), MAX_SIGNATURE_BYTES),
        options.trust,
      );
      if (!a.ok) changed.push({ path: SUMS_SIGNATURE_FILE, problem: `does not verify SHA256SUMS: ${a.message}` });
    }
  }
  return { authentication, manifest, missing, extra, changed, verified };
}

/** The report `aipc airgap verify` prints: authentication, one line per problem, then a summary. File names are escaped. */
export function formatVerifyReport(dir: string, r: VerifyResult): string {
  const lines: string[] = [
    r.authentication.ok ? `authenticated: ${r.authentication.message}` : `NOT AUTHENTICATED: ${r.authentication.message}`,
  ];
  for (const p of r.missing) lines.push(`missing: ${escapeName(p)} (listed in the manifest, not in the bundle)`);
  for (const c of r.changed) lines.push(`changed: ${escapeName(c.path)} (${c.problem})`);
  for (const p of r.extra) lines.push(`extra: ${escapeName(p)} (in the bundle, not listed in the manifest)`);
  const name = escapeName(dir);
  const m = r.manifest;
  if (!m) lines.push(`${name}: FAILED: the manifest is not authentic; no file was checked against it`);
  else {
    const total = m.files.length;
    const counts = `${r.missing.length} missing, ${r.changed.length} changed, ${r.extra.length} extra; ${r.verified} of ${total} files match`;
    lines.push(
      bundleIsVerified(r)
        ? `${name}: ok: ${r.verified} of ${total} files match the authenticated manifest.yaml (chart ${escapeName(m.chart.name)} ${escapeName(m.chart.version)}, tier ${escapeName(m.tier)}, ${m.images.length} images)`
        : bundleIsIntact(r)
          ? `${name}: FAILED: manifest not authenticated (${r.verified} of ${total} files match it, which proves nothing about who wrote it)`
          : `${name}: FAILED: ${counts}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
