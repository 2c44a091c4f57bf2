// `aipc airgap images | bundle | verify`: render a tier and list its images, write a hashed
// bundle, verify one. Results only; the CLI prints them.
import { AipcError } from '../errors.js';
import { writeBundle, type BundleResult } from '../airgap/bundle.js';
import { collectImages, type CollectedImages } from '../airgap/collect.js';
import { verifyBundle, type VerifyResult } from '../airgap/verify.js';

export interface AirgapImagesOptions {
  readonly tier?: string;
  readonly values?: readonly string[];
  readonly helm?: string;
}

/** Every image the tier pulls, checked against the tier's registry. */
export function airgapImages(opts: AirgapImagesOptions): Promise<CollectedImages> {
  return collectImages({ tier: opts.tier, valuesFiles: opts.values, helm: opts.helm });
}

export interface AirgapBundleOptions {
  readonly tier?: string;
  readonly out?: string;
  readonly values?: readonly string[];
  readonly created?: string;
  readonly registry?: string;
  readonly modelDir?: string;
  readonly helm?: string;
}

/** Writes the bundle to `out`. */
export function airgapBundle(opts: AirgapBundleOptions): Promise<BundleResult> {
  if (!opts.out) throw new AipcError('--out DIR is required');
  return writeBundle({
    out: opts.out,
    tier: opts.tier,
    valuesFiles: opts.values,
    created: opts.created,
    registry: opts.registry,
    modelDir: opts.modelDir,
    helm: opts.helm,
  });
}

/** Verifies the bundle in `dir` against its manifest. */
export function airgapVerify(dir: string): Promise<VerifyResult> {
  return verifyBundle(dir);
}
