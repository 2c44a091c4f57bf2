// Gathers what the checklist needs for one tier: the render, the merged values, the capacity and
// image findings (from the tier compiler and the air-gap image scan), and an optional bundle.
import { join } from 'node:path';
import { readMergedValues, registryOf } from '../../airgap/values.js';
import { checkImagesInRegistry, formatImageUser, listImages } from '../../airgap/images.js';
import { MANIFEST_FILE, readManifest } from '../../airgap/manifest.js';
import { chartMeta } from '../../model/chart-meta.js';
import { chartDir } from '../../paths.js';
import { renderObjects, renderTierObjects, tierValuesFiles } from '../../render/render.js';
import type { Tenant } from '../../schemas/tenants.js';
import { checkCapacity } from '../../tiers/capacity.js';
import { loadTierProfile } from '../../tiers/profile.js';
import type { ManifestObject } from '../../io/manifests.js';
import { runChecklist, type ChecklistResult } from './checklist.js';

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
}

/** Runs the deployment checklist for a built-in tier. */
export async function checklistForTier(tier: string, options: TierChecklistOptions = {}): Promise<ChecklistResult> {
  const dir = options.chartDir ?? chartDir();
  const tierFiles = options.tierFile ? [join(dir, 'values.yaml'), options.tierFile] : tierValuesFiles(tier, dir);
  const valuesFiles = [...tierFiles, ...(options.valuesFiles ?? [])];
  const objects =
    options.objects ??
    (options.tierFile
      ? await renderObjects({ helm: options.helm, chartDir: dir, valuesFiles, set: ['namespace.create=true'] }, `${tier} render`)
      : await renderTierObjects(tier, { helm: options.helm, chartDir: dir, valuesFiles: options.valuesFiles }));
  const values = readMergedValues(valuesFiles) as Record<string, any>;
  const { profile } = loadTierProfile(options.profile ?? tier);
  // the tenants actually deployed are the ones in the values, whatever list the tier was compiled with
  const tenants = (values.tenants ?? []) as Tenant[];
  const capacity = checkCapacity(profile, tenants);
  const images = listImages(objects);
  const imageFindings = checkImagesInRegistry(images, registryOf(values)).map(
    (f) => `${f.message} (${f.users.map(formatImageUser).join('; ')})`,
  );
  const bundle = options.bundleDir ? readManifest(join(options.bundleDir, MANIFEST_FILE)) : undefined;
  return runChecklist({
    tier,
    objects,
    values,
    valuesFiles,
    chartVersion: chartMeta.version,
    bundle: bundle ? { file: join(options.bundleDir!, MANIFEST_FILE), chartVersion: bundle.chart.version, tier: bundle.tier } : undefined,
    capacityFindings: capacity.findings.map((f) => f.message),
    imageFindings,
    imageCount: images.length,
  });
}
