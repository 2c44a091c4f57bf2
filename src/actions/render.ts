// `aipc render [--tier X] [--values FILE]... [--set k=v]... [--split DIR]`: the chart rendered
// with the pinned Helm, as objects to print or one file per object in DIR.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AipcError } from '../errors.js';
import { replaceOutputDirectory } from '../io/output-dir.js';
import { chartDir as defaultChartDir } from '../paths.js';
import type { ManifestObject } from '../io/manifests.js';
import { renderObjects, renderTierObjects, type RenderOptions } from '../render/render.js';
import { splitObjects, SPLIT_PRODUCER } from '../render/split.js';
import { builtinTierValuesFile } from '../tiers/resolve.js';

export interface RenderCommandOptions {
  /** A built-in tier (edge, datacenter, connected); without it, the chart's default values. */
  readonly tier?: string;
  readonly values?: readonly string[];
  readonly set?: readonly string[];
  /** Write one file per object into this directory (replaced as a whole) instead of stdout. */
  readonly split?: string;
  readonly helm?: string;
  readonly chart?: string;
}

/**
 * Renders what `aipc render` prints: a built-in tier as deployed (values.yaml, the tier file, then
 * `values`), or without a tier the chart with its default values (then `values`).
 */
export function renderForCommand(opts: RenderCommandOptions): Promise<ManifestObject[]> {
  const chartDir = opts.chart ? resolve(opts.chart) : defaultChartDir();
  if (!existsSync(join(chartDir, 'Chart.yaml'))) throw new AipcError(`${chartDir} is not a chart (no Chart.yaml)`);
  const options: RenderOptions = {
    helm: opts.helm,
    chartDir,
    valuesFiles: (opts.values ?? []).map((f) => resolve(f)),
    set: opts.set ?? [],
  };
  if (opts.tier === undefined) return renderObjects(options);
  builtinTierValuesFile(opts.tier, chartDir);
  return renderTierObjects(opts.tier, options);
}

/** Writes one file per object into `dir`, replacing it as a whole; returns how many were written. */
export function writeSplit(dir: string, objects: readonly ManifestObject[]): number {
  const files = splitObjects(objects);
  replaceOutputDirectory(dir, files, SPLIT_PRODUCER, '--split');
  return files.length;
}
