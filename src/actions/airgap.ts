// `aipc airgap images | collect | bundle | verify | load | export`: each composes the air-gap
// area's parts and returns results; the CLI prints them.
import { InputError, OptionError } from '../errors.js';
import { isoSeconds, parseTime, writeBundle, type BundleResult } from '../airgap/bundle.js';
import { collectImages, type CollectedImages, type CollectOptions } from '../airgap/collect.js';
import type { InstallTarget } from '../render/render.js';
import { withResolvedTier, type TierInputs } from './tier.js';
import { diffBundles, type BundleDiffReport } from '../airgap/bundle-diff.js';
import { exportHandOff, EXPORT_FORMATS, type ExportFormat, type ExportResult } from '../airgap/export.js';
import { checkImagesInRegistry, listImages, listIndirectImages, type ImageFinding, type ImageUse } from '../airgap/images.js';
import { loadBundle, type LoadResult } from '../airgap/load.js';
import { sourcesFor, type ImageSource } from '../airgap/release.js';
import { parseDigest, type Trust } from '../airgap/sign.js';
import { checkPlatform } from '../airgap/skopeo.js';
import { REGISTRY_HOST } from '../airgap/values.js';
import { verifyBundle, type VerifyResult } from '../airgap/verify.js';
import { readManifestInputs } from '../io/manifests.js';

/** Tier inputs and the documented install's target, as every command takes them. */
type TierSource = TierInputs & InstallTarget & { readonly helm?: string };

/**
 * Runs `use` with the collect options of the tier the inputs name (resolved once, compiled on the
 * fly for a profile file, --tenants or --set) or, without a tier, the chart's values.yaml and -f files.
 */
function withTierSource<T>(opts: TierSource, use: (source: CollectOptions) => Promise<T>): Promise<T> {
  const { release, namespace, kubeVersion, apiVersions } = opts;
  const install = { release, namespace, kubeVersion, apiVersions };
  if (opts.tier === undefined) {
    const given = (['tenantsFile', 'set', 'setString', 'setFile'] as const).filter((k) =>
      k === 'tenantsFile' ? opts[k] !== undefined : (opts[k]?.length ?? 0) > 0,
    );
    if (given.length) throw new OptionError(given[0], 'needs {tier} (tenants and set values are compiled into a tier)');
    return use({ valuesFiles: opts.extraValuesFiles, helm: opts.helm, install });
  }
  return withResolvedTier({ ...opts, tier: opts.tier }, (resolved) =>
    use({
      tier: resolved.tier,
      chartDir: resolved.chartDir,
      // values.yaml and the tier file keep their names in a bundle; files after them are the -f files
      baseValuesFiles: resolved.valuesFiles.slice(0, 2),
      valuesFiles: resolved.valuesFiles.slice(2),
      mergedValues: resolved.mergedValues,
      helm: opts.helm,
      install,
    }),
  );
}

export interface AirgapImagesOptions extends TierSource {
  /** A rendered stream (any chart) instead of rendering the tier. */
  readonly manifests?: string;
  /** The text of stdin, for `--manifests -` (read by the caller: io/stdin.ts). */
  readonly stdin?: () => string;
  /** Also resolve each image's upstream source (release data). */
  readonly sources?: boolean;
  readonly sourceRegistry?: string;
  readonly extraImage?: readonly string[];
  readonly helm?: string;
}

export interface AirgapImagesResult {
  readonly tier: string;
  readonly registry: string;
  readonly valuesFiles: readonly string[];
  readonly images: readonly ImageUse[];
  readonly findings: readonly ImageFinding[];
  readonly indirect: readonly ImageUse[];
  /** With `sources`: the reference to pull and the one deployed, per image, sorted. */
  readonly sources?: readonly ImageSource[];
}

const checkHost = (option: string, host: string | undefined): void => {
  if (host !== undefined && (!REGISTRY_HOST.test(host) || host.includes('/')))
    throw new OptionError(option, `${JSON.stringify(host)} is not HOST[:PORT]`);
};

/** Every image the tier (or a given stream) deploys, checked against the tier's registry; sources on request. */
export async function runAirgapImages(opts: AirgapImagesOptions): Promise<AirgapImagesResult> {
  checkHost('sourceRegistry', opts.sourceRegistry);
  let c: Pick<CollectedImages, 'tier' | 'registry' | 'valuesFiles' | 'images' | 'findings' | 'indirect'>;
  if (opts.manifests) {
    const read = readManifestInputs([opts.manifests], opts.stdin);
    if (read.diagnostics.length) throw new InputError(read.diagnostics);
    const images = listImages(read.objects);
    // a third-party stream has no tier registry: its images name their upstream themselves
    c = { tier: opts.tier ?? '', registry: '', valuesFiles: [], images, findings: [], indirect: listIndirectImages(read.objects) };
  } else c = await withTierSource(opts, (source) => collectImages(source));
  const extra = (opts.extraImage ?? []).map((image) => ({ image, users: [] }));
  const images = [...c.images, ...extra.filter((e) => !c.images.some((i) => i.image === e.image))].sort((a, b) =>
    a.image < b.image ? -1 : a.image > b.image ? 1 : 0,
  );
  const findings = opts.manifests ? [] : [...c.findings, ...checkImagesInRegistry(extra, c.registry)];
  const sources =
    opts.sources || opts.sourceRegistry
      ? sourcesFor(
          images.map((i) => i.image),
          c.registry,
          { mirror: opts.sourceRegistry },
        )
      : undefined;
  return { ...c, images, findings, ...(sources ? { sources } : {}) };
}

/** The trust options of verify, load and check: at most one of --key, --allowed-signers, --digest. */
export function trustFrom(opts: { key?: string; allowedSigners?: string; digest?: string }): Trust | undefined {
  const given = [opts.key, opts.allowedSigners, opts.digest].filter((x) => x !== undefined).length;
  if (given > 1) throw new OptionError('key', 'give one of {key}, {allowedSigners} and {digest}');
  if (opts.key !== undefined) return { kind: 'key', file: opts.key };
  if (opts.allowedSigners !== undefined) return { kind: 'allowed-signers', file: opts.allowedSigners };
  if (opts.digest !== undefined) return { kind: 'digest', sha256: parseDigest(opts.digest) };
  return undefined;
}

export interface AirgapBundleOptions extends TierSource {
  readonly out?: string;
  readonly created?: string;
  readonly registry?: string;
  readonly modelDir?: string;
  readonly key?: string;
  readonly helm?: string;
  readonly progress?: (line: string) => void;
}

/** Writes a bundle without images to `out` (chart, values, models, install steps), signed with --key. */
export function runAirgapBundle(opts: AirgapBundleOptions): Promise<BundleResult> {
  if (!opts.out) throw new OptionError('out', 'missing: name the bundle directory');
  const out = opts.out;
  return withTierSource(opts, (source) =>
    writeBundle({
      ...source,
      out,
      created: opts.created,
      registry: opts.registry,
      modelDir: opts.modelDir,
      key: opts.key,
      progress: opts.progress,
    }),
  );
}

export interface AirgapCollectOptions extends AirgapBundleOptions {
  readonly sourceRegistry?: string;
  readonly insecureRegistry?: boolean;
  readonly platform?: string;
  readonly extraImage?: readonly string[];
  /** commander's `--no-models`: false when given. */
  readonly models?: boolean;
}

/** Collects everything the tier needs, images included, into a signed bundle. */
export function runAirgapCollect(opts: AirgapCollectOptions): Promise<BundleResult> {
  if (!opts.out) throw new OptionError('out', 'missing: name the bundle directory');
  if (!opts.key) throw new OptionError('key', 'missing: collect signs the manifest (name an ed25519 private key)');
  checkHost('sourceRegistry', opts.sourceRegistry);
  const out = opts.out;
  return withTierSource(opts, (source) =>
    writeBundle({
      ...source,
      out,
      created: opts.created,
      modelDir: opts.modelDir,
      key: opts.key,
      progress: opts.progress,
      requireModels: opts.models !== false,
      images: {
        sourceRegistry: opts.sourceRegistry,
        insecure: opts.insecureRegistry,
        platform: checkPlatform(opts.platform ?? 'linux/amd64'),
        extraImages: opts.extraImage,
      },
    }),
  );
}

export interface AirgapVerifyOptions {
  readonly key?: string;
  readonly allowedSigners?: string;
  readonly digest?: string;
  readonly progress?: (line: string) => void;
}

/** Verifies the bundle in `dir`: its manifest's authenticity, then every file. */
export function runAirgapVerify(dir: string, opts: AirgapVerifyOptions = {}): Promise<VerifyResult> {
  return verifyBundle(dir, { trust: trustFrom(opts), progress: opts.progress });
}

export interface AirgapLoadOptions extends AirgapVerifyOptions {
  readonly registry?: string;
  readonly insecureRegistry?: boolean;
  readonly valuesOut?: string;
  readonly tier?: string;
  readonly notBefore?: string;
  readonly allowOtherBundle?: boolean;
  readonly helm?: string;
}

/** Verifies the bundle, then pushes its images and its chart to --registry and reads each back by digest. */
export function runAirgapLoad(dir: string, opts: AirgapLoadOptions): Promise<LoadResult> {
  const trust = trustFrom(opts);
  if (!trust || trust.kind === 'digest')
    throw new OptionError('key', 'missing: load pushes only a signed bundle (give {key} or {allowedSigners})');
  if (!opts.registry) throw new OptionError('registry', 'missing: name the site registry as HOST[:PORT]');
  return loadBundle({
    dir,
    trust,
    registry: opts.registry,
    insecure: opts.insecureRegistry,
    valuesOut: opts.valuesOut,
    tier: opts.tier,
    notBefore: opts.notBefore !== undefined ? isoSeconds(parseTime(opts.notBefore, 'notBefore')) : undefined,
    allowOtherBundle: opts.allowOtherBundle,
    progress: opts.progress,
    helm: opts.helm,
  });
}

export interface AirgapExportOptions extends TierSource {
  readonly format?: string;
  readonly out?: string;
  readonly sourceRegistry?: string;
  readonly platform?: string;
}

/** Writes the tier's hand-off for Zarf or Hauler. */
export function runAirgapExport(opts: AirgapExportOptions): Promise<ExportResult> {
  if (!EXPORT_FORMATS.includes(opts.format as ExportFormat))
    throw new OptionError('format', `must be one of ${EXPORT_FORMATS.join(', ')}; got ${JSON.stringify(opts.format)}`);
  if (!opts.out) throw new OptionError('out', 'missing: name the directory to write');
  checkHost('sourceRegistry', opts.sourceRegistry);
  const out = opts.out;
  const platform = opts.platform ? checkPlatform(opts.platform) : undefined;
  // a built-in tier or a profile file (a site's tier), resolved as collect resolves it
  return withTierSource(opts, (source) =>
    exportHandOff({ ...source, format: opts.format as ExportFormat, out, sourceRegistry: opts.sourceRegistry, platform }),
  );
}

export interface AirgapDiffOptions {
  readonly key?: string;
  readonly allowedSigners?: string;
}

/** What differs between two bundles (images, chart, values, CRDs, weights), both verified first when a key is given. */
export function runAirgapDiff(oldDir: string, newDir: string, opts: AirgapDiffOptions = {}): Promise<BundleDiffReport> {
  return diffBundles(oldDir, newDir, trustFrom(opts));
}

// what `aipc airgap` prints with: its command imports this module alone
export { formatImageFindings, formatImageList, type BundleResult } from '../airgap/bundle.js';
export { formatImageUser } from '../airgap/images.js';
export { bundleIsVerified, formatVerifyReport } from '../airgap/verify.js';
export { formatBundleDiff } from '../airgap/bundle-diff.js';
export { stdinFor } from '../io/stdin.js';
export { runFleet, fleetSites, formatFleet } from './fleet.js';
