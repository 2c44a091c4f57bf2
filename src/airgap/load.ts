// `airgap load`: on the far side, a verified bundle's images pushed into the local registry,
// each read back by digest and compared with the digest collected. Idempotent: an image the
// registry already holds with that digest is not pushed again.
import { join, resolve } from 'node:path';
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
  /** Where values-airgap.yaml goes when the registry differs from the tier's (default ./values-airgap.yaml). */
  readonly valuesOut?: string;
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
  /** The values-airgap.yaml written, when the registry is not the tier's. */
  readonly valuesFile?: string;
}

/** Verifies the bundle, pushes its images, reads each back by digest. Exit 1 on any mismatch. */
export async function loadBundle(options: LoadOptions): Promise<LoadResult> {
  if (!REGISTRY_HOST.test(options.registry) || options.registry.includes('://'))
    throw new AipcError(`--registry ${JSON.stringify(options.registry)} is not HOST[:PORT]`, 2);
  const dir = resolve(options.dir);
  if (dir.includes(':')) throw new InputError([{ file: dir, message: 'the bundle path contains ":", which skopeo cannot name' }]);
  const verify = await verifyBundle(dir, { trust: options.trust, progress: options.progress });
  if (!bundleIsVerified(verify))
    throw new AipcError(`the bundle does not verify; nothing loaded:\n${formatVerifyReport(dir, verify).trimEnd()}`, EXIT_FINDINGS);
  const m = verify.manifest!;
  if (!m.images.length) throw new AipcError(`${dir} carries no images (made by \`airgap bundle\`; use \`airgap collect\`)`, EXIT_FINDINGS);
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
  let valuesFile: string | undefined;
  if (registry !== m.registry) {
    valuesFile = resolve(options.valuesOut ?? AIRGAP_VALUES_FILE);
    writeFileAtomic(valuesFile, airgapValuesOverride(registry));
  }
  return { verify, images, valuesFile };
}
