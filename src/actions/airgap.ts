// `aipc airgap images | bundle | verify`: render a tier and list its images, write a hashed
// bundle, verify one. Results only; the CLI prints them.
import { AipcError } from '../errors.js';
import { writeBundle, type BundleResult } from '../airgap/bundle.js';
import { collectImages, type CollectedImages, type CollectOptions } from '../airgap/collect.js';
import type { InstallTarget } from '../render/render.js';
import { withResolvedTier, type TierInputs } from './tier.js';
import { verifyBundle, type VerifyResult } from '../airgap/verify.js';

export interface AirgapImagesOptions extends TierInputs, InstallTarget {
  readonly helm?: string;
}

/**
 * Runs `use` with the collect options of the tier the inputs name (resolved once, compiled on the
 * fly when needed) or, without a tier, of the chart's values.yaml and the values files.
 */
function withTierSource<T>(opts: AirgapImagesOptions, use: (source: CollectOptions) => Promise<T>): Promise<T> {
  const { release, namespace, kubeVersion, apiVersions } = opts;
  const install = { release, namespace, kubeVersion, apiVersions };
  if (opts.tier === undefined) {
    const tierOnly = opts.tenants !== undefined || !!opts.set?.length || !!opts.setString?.length || !!opts.setFile?.length;
    if (tierOnly) throw new AipcError('--tenants, --set, --set-string and --set-file need --tier (they are compiled into a tier)');
    return use({ valuesFiles: opts.values, helm: opts.helm, install });
  }
  return withResolvedTier({ ...opts, tier: opts.tier }, (resolved) =>
    use({
      tier: resolved.tier,
      chartDir: resolved.chartDir,
      // values.yaml and the tier file keep their names in a bundle; files after them are the -f files
      baseValuesFiles: resolved.valuesFiles.slice(0, 2),
      valuesFiles: resolved.valuesFiles.slice(2),
      helm: opts.helm,
      install,
    }),
  );
}

/** Every image the tier pulls, checked against the tier's registry. */
export function airgapImages(opts: AirgapImagesOptions): Promise<CollectedImages> {
  return withTierSource(opts, (source) => collectImages(source));
}

export interface AirgapBundleOptions extends AirgapImagesOptions {
  readonly out?: string;
  readonly created?: string;
  readonly registry?: string;
  readonly modelDir?: string;
  readonly helm?: string;
}

/** Writes the bundle to `out`. */
export function airgapBundle(opts: AirgapBundleOptions): Promise<BundleResult> {
  if (!opts.out) throw new AipcError('--out DIR is required');
  const out = opts.out;
  return withTierSource(opts, (source) =>
    writeBundle({ ...source, out, created: opts.created, registry: opts.registry, modelDir: opts.modelDir }),
  );
}

/** Verifies the bundle in `dir` against its manifest. */
export function airgapVerify(dir: string): Promise<VerifyResult> {
  return verifyBundle(dir);
}
