// Verifying a bundle on the far side of the air gap: every file's sha256 recomputed and compared
// with the manifest; files missing, extra (not in the manifest) or changed are each named.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { MANIFEST_FILE, hashFile, listBundleEntries, readManifest, type BundleManifest } from './manifest.js';

export interface ChangedFile {
  readonly path: string;
  readonly expected: string;
  /** The sha256 found, or why none could be computed (`not a regular file`). */
  readonly actual: string;
}

export interface VerifyResult {
  readonly manifest: BundleManifest;
  /** Listed in the manifest, absent from the bundle. */
  readonly missing: readonly string[];
  /** Present in the bundle, not listed in the manifest. */
  readonly extra: readonly string[];
  /** Present and listed, with a different sha256 (or not a regular file). */
  readonly changed: readonly ChangedFile[];
  /** Files whose hash matched. */
  readonly verified: number;
}

/** True when nothing is missing, extra or changed. */
export const bundleIsIntact = (r: VerifyResult): boolean => !r.missing.length && !r.extra.length && !r.changed.length;

/**
 * Recomputes the hash of every file in `dir` and compares with its manifest.yaml. An unreadable
 * directory or manifest is an InputError (exit 2); differences are returned, not thrown.
 */
export async function verifyBundle(dir: string): Promise<VerifyResult> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError([
      { file: dir, message: existsSync(dir) ? 'not a directory; expected an air-gap bundle directory' : 'no such directory' },
    ]);
  }
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) throw new InputError([{ file: manifestPath, message: 'no manifest.yaml: not an aipc air-gap bundle' }]);
  const manifest = readManifest(manifestPath);
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  const present = new Map(
    listBundleEntries(dir)
      .filter((e) => e.path !== MANIFEST_FILE)
      .map((e) => [e.path, e]),
  );

  const missing: string[] = [];
  const changed: ChangedFile[] = [];
  let verified = 0;
  for (const file of manifest.files) {
    const entry = present.get(file.path);
    if (!entry) {
      missing.push(file.path);
      continue;
    }
    if (!entry.regular) {
      changed.push({ path: file.path, expected: file.sha256, actual: 'not a regular file' });
      continue;
    }
    const { sha256 } = await hashFile(join(dir, file.path));
    if (sha256 !== file.sha256) changed.push({ path: file.path, expected: file.sha256, actual: sha256 });
    else verified++;
  }
  const extra = [...present.keys()].filter((p) => !listed.has(p));
  return { manifest, missing, extra, changed, verified };
}

/** The report `aipc airgap verify` prints: one line per problem, then a summary. */
export function formatVerifyReport(dir: string, r: VerifyResult): string {
  const lines: string[] = [];
  for (const p of r.missing) lines.push(`missing: ${p} (listed in the manifest, not in the bundle)`);
  for (const c of r.changed)
    lines.push(
      `changed: ${c.path} (sha256 ${c.actual === 'not a regular file' ? 'not computed: not a regular file' : c.actual}, manifest says ${c.expected})`,
    );
  for (const p of r.extra) lines.push(`extra: ${p} (in the bundle, not listed in the manifest)`);
  const total = r.manifest.files.length;
  lines.push(
    bundleIsIntact(r)
      ? `${dir}: ok: ${r.verified} of ${total} files match manifest.yaml (chart ${r.manifest.chart.name} ${r.manifest.chart.version}, tier ${r.manifest.tier})`
      : `${dir}: FAILED: ${r.missing.length} missing, ${r.changed.length} changed, ${r.extra.length} extra; ${r.verified} of ${total} files match`,
  );
  return `${lines.join('\n')}\n`;
}
