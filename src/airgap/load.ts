// `airgap load`: on the far side, a verified bundle's images pushed into the local registry,
// each read back by digest and compared with the digest collected. Idempotent: an image the
// registry already holds with that digest is not pushed again.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  formatLoadedRecord,
  identityError,
  identityOf,
  identityProblems,
  isInside,
  loadedRecordFor,
  readLoadedRecord,
} from './identity.js';
import { MANIFEST_FILE } from './manifest.js';
import { AipcError, EXIT_FINDINGS, InputError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { parseImageRef, rewriteImageRef } from './images.js';
import { Skopeo } from './skopeo.js';
import type { Trust } from './sign.js';
import { AIRGAP_VALUES_FILE, REGISTRY_HOST, airgapValuesOverride } from './values.js';
import { bundleIsVerified, formatVerifyReport, verifyBundle, type VerifyResult } from './verify.js';
import { trimTrailingSlashes } from '../util/text.js';

export interface LoadOptions {
  readonly dir: string;
  readonly trust: Trust;
  /** The far side's registry, HOST[:PORT]: the tier's registry host is replaced by it. */
  readonly registry: string;
  readonly insecure?: boolean;
  /** Where values-airgap.yaml goes (default ./values-airgap.yaml, or beside the bundle when run inside it); never inside the bundle. */
  readonly valuesOut?: string;
  /** The tier the operator expects the bundle to be of. */
  readonly tier?: string;
  /** ISO 8601: refuse a bundle created before it. */
  readonly notBefore?: string;
  /** Load a bundle older than the one loaded last, of another tier, or older than --not-before. */
  readonly allowOtherBundle?: boolean;
  readonly progress?: (line: string) => void;
}

export interface LoadedImage {
  readonly name: string;
  readonly target: string;
  readonly digest: string;
  /** False when the registry already held it with this digest. */
  readonly pushed: boolean;
}

export interface LoadResult {
  readonly verify: VerifyResult;
  readonly images: readonly LoadedImage[];
  /** The values-airgap.yaml written (global.registry for the registry loaded into). */
  readonly valuesFile: string;
  /** Beside it: the record of this bundle, which the next load compares with. */
  readonly recordFile: string;
  /** Identity differences accepted with --allow-other-bundle. */
  readonly accepted: readonly string[];
}

/** Verifies the bundle, pushes its images, reads each back by digest. Exit 1 on any mismatch. */
export async function loadBundle(options: LoadOptions): Promise<LoadResult> {
  if (!REGISTRY_HOST.test(options.registry) || options.registry.includes('://'))
    throw new AipcError(`--registry ${JSON.stringify(options.registry)} is not HOST[:PORT]`, 2);
  const dir = resolve(options.dir);
  if (dir.includes(':')) throw new InputError([{ file: dir, message: 'the bundle path contains ":", which skopeo cannot name' }]);
  // the values file never goes inside the bundle: an extra file there would fail every later verify
  const valuesFile =
    options.valuesOut !== undefined
      ? resolve(options.valuesOut)
      : isInside(AIRGAP_VALUES_FILE, dir)
        ? join(dirname(dir), AIRGAP_VALUES_FILE)
        : resolve(AIRGAP_VALUES_FILE);
  if (isInside(valuesFile, dir))
    throw new AipcError(`--values-out ${valuesFile} is inside the bundle ${dir}; write it outside, the bundle stays as signed`, 2);
  const last = readLoadedRecord(valuesFile);
  const verify = await verifyBundle(dir, { trust: options.trust, progress: options.progress });
  if (!bundleIsVerified(verify))
    throw new AipcError(`the bundle does not verify; nothing loaded:\n${formatVerifyReport(dir, verify).trimEnd()}`, EXIT_FINDINGS);
  const m = verify.manifest!;
  if (!m.images.length) throw new AipcError(`${dir} carries no images (made by \`airgap bundle\`; use \`airgap collect\`)`, EXIT_FINDINGS);
  const problems = identityProblems(m, { tier: options.tier, notBefore: options.notBefore, last });
  if (problems.length && !options.allowOtherBundle) throw identityError(dir, problems, 'nothing loaded');
  const registry = trimTrailingSlashes(options.registry);
  const skopeo = new Skopeo({ insecure: options.insecure });
  const images: LoadedImage[] = [];
  const mismatched: string[] = [];
  try {
    let n = 0;
    for (const image of m.images) {
      const target = m.registry ? rewriteImageRef(image.name, m.registry, registry) : `${registry}/${image.name}`;
      const ref = parseImageRef(target);
      const byDigest = `${ref.registry}/${ref.repository}@${image.digest}`;
      const before = await skopeo.digestOf(target);
      const pushed = before !== image.digest;
      options.progress?.(`load: [${++n}/${m.images.length}] ${target} ${pushed ? 'pushing' : 'already there'}`);
      if (pushed) await skopeo.push(join(dir, 'images'), image.name, target);
      const after = await skopeo.digestOf(byDigest);
      const tagged = await skopeo.digestOf(target);
      if (after !== image.digest || tagged !== image.digest)
        mismatched.push(
          `${target}: the registry serves ${tagged ?? 'nothing'} (by digest: ${after ?? 'nothing'}), collected ${image.digest}`,
        );
      images.push({ name: image.name, target, digest: image.digest, pushed });
    }
  } finally {
    skopeo.close();
  }
  if (mismatched.length)
    throw new AipcError(`images read back differ from the bundle:\n${mismatched.map((l) => `  ${l}`).join('\n')}`, EXIT_FINDINGS);
  writeFileAtomic(valuesFile, airgapValuesOverride(registry));
  const recordFile = loadedRecordFor(valuesFile);
  const manifestSha256 = createHash('sha256')
    .update(readFileSync(join(dir, MANIFEST_FILE)))
    .digest('hex');
  writeFileAtomic(recordFile, formatLoadedRecord(identityOf(m), manifestSha256));
  return { verify, images, valuesFile, recordFile, accepted: problems };
}
