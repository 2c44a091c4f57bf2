// `aipc render [--tier X] [--values FILE]... [--set k=v]... [--split DIR]`: the chart rendered
// with the pinned Helm, as objects to print or one file per object in DIR.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AipcError, OptionError } from '../errors.js';
import { replaceOutputDirectory } from '../io/output-dir.js';
import { chartDir as defaultChartDir } from '../paths.js';
import type { ManifestObject } from '../io/manifests.js';
import { renderObjects, renderResolvedTier, type InstallTarget } from '../render/render.js';
import { withResolvedTier, type TierInputs } from './tier.js';
import { splitObjects, SPLIT_PRODUCER } from '../render/split.js';
import type { OutputFile } from '../io/output-file.js';

export interface RenderCommandOptions extends TierInputs, InstallTarget {
  /** Write one file per object into this directory (replaced as a whole) instead of stdout. */
  readonly split?: string;
  readonly helm?: string;
  readonly chart?: string;
}

/**
 * Renders what `aipc render` prints: a tier as the documented install deploys it (values.yaml,
 * the tier file — compiled on the fly for a profile file, tenants or --set — then the values
 * files), or without a tier the chart with its default values, the values files and --set as Helm
 * applies them.
 */
export function runRender(opts: RenderCommandOptions = {}): Promise<ManifestObject[]> {
  const chartDir = opts.chart ? resolve(opts.chart) : defaultChartDir();
  if (!existsSync(join(chartDir, 'Chart.yaml'))) throw new AipcError(`${chartDir} is not a chart (no Chart.yaml)`);
  const { helm, release, namespace, kubeVersion, apiVersions } = opts;
  const target = { helm, release, namespace, kubeVersion, apiVersions };
  if (opts.tier === undefined) {
    if (opts.tenantsFile !== undefined) throw new OptionError('tenantsFile', 'needs a tier (the tenants are compiled into one)');
    return renderObjects({
      ...target,
      chartDir,
      valuesFiles: (opts.extraValuesFiles ?? []).map((f) => resolve(f)),
      set: opts.set ?? [],
      setString: opts.setString ?? [],
      setFile: opts.setFile ?? [],
    });
  }
  return withResolvedTier({ ...opts, tier: opts.tier, chartDir }, (tier) => renderResolvedTier(tier, target));
}

/** One file per object (`<namespace>/<kind>-<name>.yaml`), as `--split` writes them; a name that cannot be a path is an input error. */
export const splitFiles = (objects: readonly ManifestObject[]): OutputFile[] => splitObjects(objects);

/**
 * A fleet's split renders: `dir/<site>/…` for every site given, `dir` replaced as a whole (so a
 * folder of a site no longer rendered does not linger); returns how many files were written.
 */
export function writeSplitSites(dir: string, sites: readonly { readonly name: string; readonly files: readonly OutputFile[] }[]): number {
  const files = sites.flatMap((s) => s.files.map((f) => ({ path: `${s.name}/${f.path}`, content: f.content })));
  replaceOutputDirectory(dir, files, SPLIT_PRODUCER, '--split');
  return files.length;
}

/** Writes one file per object into `dir`, replacing it as a whole; returns how many were written. */
export function writeSplit(dir: string, objects: readonly ManifestObject[]): number {
  const files = splitObjects(objects);
  replaceOutputDirectory(dir, files, SPLIT_PRODUCER, '--split');
  return files.length;
}

// what `aipc render` prints with: its command imports this module alone
export { assertSplitDirectory, joinObjects } from '../render/split.js';
export { runFleet, fleetSites, formatFleet } from './fleet.js';
