// Rendering a tier and collecting its images: the input of `airgap images` and `airgap bundle`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { chartDir as defaultChartDir } from '../paths.js';
import { renderObjects, tierValuesFiles, type InstallTarget } from '../render/render.js';
import { checkImagesInRegistry, listImages, listIndirectImages, type ImageFinding, type ImageUse } from './images.js';
import { readMergedValues, registryOf } from './values.js';

export interface CollectOptions {
  /** A built-in tier (edge, datacenter, connected); without it, the chart's values.yaml alone. */
  readonly tier?: string;
  /** Extra values files, applied after the chart's values.yaml and the tier file. */
  readonly valuesFiles?: readonly string[];
  readonly helm?: string;
  readonly chartDir?: string;
  /** The tier's own values files, already resolved (values.yaml and its tier file), instead of looking `tier` up. */
  readonly baseValuesFiles?: readonly string[];
  /** The documented install's release, namespace and cluster. */
  readonly install?: InstallTarget;
  /** Those values files merged, when the tier was resolved already (not read again). */
  readonly mergedValues?: Record<string, unknown>;
}

export interface CollectedImages {
  /** The tier asked for, or the merged values' global.tier. */
  readonly tier: string;
  /** Every values file, in the order Helm applied them. */
  readonly valuesFiles: readonly string[];
  readonly values: Record<string, unknown>;
  /** The merged global.registry ('' when unset). */
  readonly registry: string;
  readonly images: readonly ImageUse[];
  /** Images not in `registry`. */
  readonly findings: readonly ImageFinding[];
  /** Images containers pass on as arguments or env (not pulled by the chart itself). */
  readonly indirect: readonly ImageUse[];
}

/**
 * Stands in for an empty global.registry while rendering: the chart's schema refuses an empty
 * registry, yet the point is to name every image that would then be pulled with no registry host.
 * Images rendered with it are reported as the template writes them with "" (`/repo:tag`).
 */
const UNSET_REGISTRY = 'registry-unset.aipc.invalid';

/** The values files for a tier (or the chart defaults), checked to exist, then the extra files. */
export function valuesFilesFor(options: CollectOptions): string[] {
  const dir = options.chartDir ?? defaultChartDir();
  const base = options.baseValuesFiles
    ? [...options.baseValuesFiles]
    : options.tier
      ? tierValuesFiles(options.tier, dir)
      : [join(dir, 'values.yaml')];
  for (const file of base) {
    if (!existsSync(file)) {
      throw new InputError(
        [{ file, message: 'no such file' }],
        options.tier ? 'generate the tier values files with `aipc values --all`' : undefined,
      );
    }
  }
  return [...base, ...(options.valuesFiles ?? [])];
}

/** Renders the tier with its values and lists every image it pulls, checked against its registry. */
export async function collectImages(options: CollectOptions): Promise<CollectedImages> {
  const dir = options.chartDir ?? defaultChartDir();
  const valuesFiles = valuesFilesFor(options);
  const values = options.mergedValues ?? readMergedValues(valuesFiles);
  const registry = registryOf(values).trim();
  const set: string[] = [];
  if (!registry) set.push(`global.registry=${UNSET_REGISTRY}`);
  const objects = await renderObjects(
    { ...options.install, chartDir: dir, helm: options.helm, valuesFiles, set },
    options.tier ? `${options.tier} render` : 'helm template',
  );
  let images = listImages(objects);
  if (!registry) images = unplaceholder(images);
  const global = (values.global ?? {}) as Record<string, unknown>;
  const tier = options.tier ?? (typeof global.tier === 'string' ? global.tier : 'default');
  return {
    tier,
    valuesFiles,
    values,
    registry,
    images,
    findings: checkImagesInRegistry(images, registry),
    indirect: listIndirectImages(objects),
  };
}

function unplaceholder(images: readonly ImageUse[]): ImageUse[] {
  const merged = new Map<string, ImageUse['users'][number][]>();
  for (const use of images) {
    const image = use.image.startsWith(`${UNSET_REGISTRY}/`) ? use.image.slice(UNSET_REGISTRY.length) : use.image;
    merged.set(image, [...(merged.get(image) ?? []), ...use.users]);
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([image, users]) => ({ image, users }));
}
