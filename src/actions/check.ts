// `aipc check --tier X`: the tier resolved once, rendered once, and every checklist item judged on
// that: capacity against the tier's own profile, images against its registry, an optional bundle.
// `aipc build` judges the tiers it renders through the same checklistForRender.
import { registryOf } from '../airgap/values.js';
import { checkImagesInRegistry, listImages } from '../airgap/images.js';
import { bundleEvidence } from '../airgap/bundle-check.js';
import { missingFromRegistry } from '../airgap/registry-check.js';
import { release } from '../model/release.js';
import type { Trust } from '../airgap/sign.js';
import { chartMeta } from '../model/chart-meta.js';
import { renderResolvedTier, type InstallTarget } from '../render/render.js';
import { effectiveProfile } from '../tiers/compile.js';
import { withResolvedTier, type TierInputs } from './tier.js';
import { checkCapacity } from '../tiers/capacity.js';
import type { ResolvedTier } from '../tiers/resolve.js';
import type { ManifestObject } from '../io/manifests.js';
import { runChecklist, type ChecklistFindings, type ChecklistResult } from '../checks/checklist/checklist.js';
import { lintChartRender } from '../checks/lint/tier.js';
import { checkRenderStability } from '../render/stability.js';
import type { LintReport } from '../checks/lint/run.js';

/** What the checklist may look at beyond the render: an air-gap bundle, a live registry. */
export interface ChecklistEvidenceOptions extends InstallTarget {
  /** Helm for the second render of a site that declares GitOps delivery (default: the pinned Helm 4). */
  readonly helm?: string;
  /** Accept quotas that exceed the tier's GPUs, CPU or memory (as aipc values). */
  readonly allowOvercommit?: boolean;
  /** An air-gap bundle directory: verified with `trust`, then its tier, registry and packaged chart compared. */
  readonly bundleDir?: string;
  /** What authenticates the bundle's manifest (--key, --allowed-signers, --digest). */
  readonly trust?: Trust;
  /** ISO 8601: a bundle created before it FAILs the bundle identity item. */
  readonly notBefore?: string;
  /** A live registry (http://HOST:PORT) the tier's registry host is mapped to: every image is looked up there. */
  readonly registryUrl?: string;
}

export interface TierChecklistOptions extends Omit<TierInputs, 'tier'>, InstallTarget, ChecklistEvidenceOptions {
  readonly helm?: string;
  readonly chartDir?: string;
}

/** Runs the deployment checklist for a tier: resolved once, rendered, linted and judged. */
export async function runCheck(tier: string, options: TierChecklistOptions = {}): Promise<ChecklistResult> {
  return withResolvedTier({ ...options, tier }, async (resolved) => {
    const objects = await renderResolvedTier(resolved, options);
    return checklistForRender(resolved, objects, lintChartRender(objects, resolved.mergedValues), options);
  });
}

/**
 * The checklist of a rendered tier: gathers what the other areas find (capacity, images, the
 * bundle, the registry) and judges. `aipc check` and `aipc build` both end here.
 */
export async function checklistForRender(
  resolved: ResolvedTier,
  objects: readonly ManifestObject[],
  lint: LintReport,
  options: ChecklistEvidenceOptions = {},
): Promise<ChecklistResult> {
  const findings = await checklistFindings(resolved, objects, lint, options);
  return runChecklist({ resolved, objects, chartVersion: chartMeta.version, findings });
}

/** The digests the release data pins, by the reference the tier deploys (`<registry>/<repository>:<tag>`). */
export function pinnedDigests(registry: string): Map<string, string> {
  return new Map(
    release()
      .images.filter((i) => i.digest)
      .map((i) => [`${registry}/${i.image}`, i.digest!]),
  );
}

/** What the other areas find about a rendered tier, typed, for the checklist to judge. */
export async function checklistFindings(
  resolved: ResolvedTier,
  objects: readonly ManifestObject[],
  lint: LintReport,
  options: ChecklistEvidenceOptions = {},
): Promise<ChecklistFindings> {
  // judged on the tier's own hardware as the merged values leave it, the platform's pods included
  const capacity = checkCapacity(effectiveProfile(resolved.profile, resolved.mergedValues), resolved.tenants, {
    values: resolved.mergedValues,
    allowOvercommit: options.allowOvercommit,
  });
  const registry = registryOf(resolved.mergedValues as Record<string, unknown>);
  const images = listImages(objects);
  const bundle = options.bundleDir
    ? await bundleEvidence(options.bundleDir, options.trust, {
        tier: resolved.tier,
        registry,
        chartVersion: chartMeta.version,
        notBefore: options.notBefore,
        valuesFiles: resolved.valuesFiles,
      })
    : undefined;
  // digests pinned by the release data (or collected into a verified bundle) are asked for by digest
  const pinned = pinnedDigests(registry);
  for (const i of bundle?.images ?? []) pinned.set(i.name, i.digest);
  const imageRefs = images.map((i) => i.image);
  const live = options.registryUrl
    ? {
        url: options.registryUrl,
        missing: await missingFromRegistry(
          options.registryUrl,
          registry,
          imageRefs.map((ref) => ({ ref, digest: pinned.get(ref) })),
        ),
      }
    : undefined;
  // a GitOps site's tier is rendered twice, raw, as its GitOps tool would: the honest stability test
  const renderStability =
    resolved.profile.delivery?.method === 'gitops'
      ? await checkRenderStability(resolved, {
          helm: options.helm,
          release: options.release,
          namespace: options.namespace,
          kubeVersion: options.kubeVersion,
          apiVersions: options.apiVersions,
        })
      : undefined;
  return {
    capacity: capacity.findings,
    images: checkImagesInRegistry(images, registry),
    imageRefs,
    lint,
    bundle,
    registry: live,
    renderStability,
  };
}

// what `aipc check` prints with: its command imports this module alone
export { formatChecklist } from '../checks/checklist/format.js';
export { trustFrom } from './airgap.js';
export { isoSeconds, parseTime } from '../airgap/bundle.js';
export { runFleet, fleetSites, formatFleet } from './fleet.js';
