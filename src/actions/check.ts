// `aipc check --tier X`: the tier resolved once, rendered once, and every checklist item judged on
// that: capacity against the tier's own profile, images against its registry, an optional bundle.
import { join } from 'node:path';
import { registryOf } from '../airgap/values.js';
import { checkImagesInRegistry, formatImageUser, listImages } from '../airgap/images.js';
import { MANIFEST_FILE, readManifest } from '../airgap/manifest.js';
import { chartMeta } from '../model/chart-meta.js';
import { renderResolvedTier } from '../render/render.js';
import { checkCapacity } from '../tiers/capacity.js';
import { resolveTier, type ResolvedTier } from '../tiers/resolve.js';
import type { ManifestObject } from '../io/manifests.js';
import { runChecklist, type ChecklistResult } from '../checks/checklist/checklist.js';

export interface TierChecklistOptions {
  readonly valuesFiles?: readonly string[];
  readonly helm?: string;
  readonly chartDir?: string;
  /** An air-gap bundle directory whose manifest.yaml the chart version must match. */
  readonly bundleDir?: string;
  /** Objects already rendered (aipc build renders once and shares them). */
  readonly objects?: readonly ManifestObject[];
  /** The compiled tier values file, for a tier that is a profile file rather than a built-in name. */
  readonly tierFile?: string;
  /** The profile the tier values were compiled from (name or file; default: the tier name). */
  readonly profile?: string;
  /** The tier already resolved (aipc build resolves once and shares it). */
  readonly resolved?: ResolvedTier;
}

/** Runs the deployment checklist for a tier, resolved once and handed to every item. */
export async function checklistForTier(tier: string, options: TierChecklistOptions = {}): Promise<ChecklistResult> {
  const resolved =
    options.resolved ??
    resolveTier({
      tier,
      chartDir: options.chartDir,
      valuesFiles: options.valuesFiles,
      tierFile: options.tierFile,
      profile: options.profile,
    });
  const objects = options.objects ?? (await renderResolvedTier(resolved, { helm: options.helm }));
  const values = resolved.values as Record<string, any>;
  const capacity = checkCapacity(resolved.profile, resolved.tenants);
  const images = listImages(objects);
  const imageFindings = checkImagesInRegistry(images, registryOf(values)).map(
    (f) => `${f.message} (${f.users.map(formatImageUser).join('; ')})`,
  );
  const bundle = options.bundleDir ? readManifest(join(options.bundleDir, MANIFEST_FILE)) : undefined;
  return runChecklist({
    tier,
    objects,
    values,
    valuesFiles: resolved.valuesFiles,
    chartVersion: chartMeta.version,
    bundle: bundle ? { file: join(options.bundleDir!, MANIFEST_FILE), chartVersion: bundle.chart.version, tier: bundle.tier } : undefined,
    capacityFindings: capacity.findings.map((f) => f.message),
    imageFindings,
    imageCount: images.length,
  });
}
