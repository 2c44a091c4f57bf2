// `aipc render [--tier X] [--values FILE]... [--set k=v]... [--split DIR]`: the chart rendered
// with the pinned Helm, as one stream on stdout or one file per object in DIR.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AipcError } from '../errors.js';
import { assertReplaceable, replaceOutputDirectory } from '../io/output-dir.js';
import { checkValuesFiles } from '../io/yaml-read.js';
import { chartDir as defaultChartDir } from '../paths.js';
import type { ManifestObject } from '../io/manifests.js';
import { renderObjects, renderTierObjects, type RenderOptions } from './render.js';
import { joinObjects, splitObjects } from './split.js';
import { isBuiltinTier, tierValuesFile } from './tiers.js';

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
  checkValuesFiles(opts.values ?? []);
  const options: RenderOptions = {
    helm: opts.helm,
    chartDir,
    valuesFiles: (opts.values ?? []).map((f) => resolve(f)),
    set: opts.set ?? [],
  };
  if (opts.tier === undefined) return renderObjects(options);
  requireTierValuesFile(opts.tier, chartDir);
  return renderTierObjects(opts.tier, options);
}

/** Fails (exit 2) with a hint when a built-in tier's values file has not been compiled into the chart. */
export function requireTierValuesFile(tier: string, chartDir: string): void {
  if (!isBuiltinTier(tier)) {
    throw new AipcError(`unknown tier "${tier}"`, 2, 'use edge, datacenter or connected, or pass a compiled values file with --values');
  }
  const file = tierValuesFile(tier, chartDir);
  if (!existsSync(file)) throw new AipcError(`${file} does not exist`, 2, 'compile the tier values files with `aipc values --all`');
}

/** Runs `aipc render`; returns the exit code. */
export async function runRenderCommand(
  opts: RenderCommandOptions,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  if (opts.split !== undefined) assertSplitDirectory(opts.split);
  const objects = await renderForCommand(opts);
  if (opts.split === undefined) {
    out.write(joinObjects(objects));
    return 0;
  }
  const files = splitObjects(objects);
  replaceOutputDirectory(opts.split, files, SPLIT_PRODUCER, '--split');
  err.write(`wrote ${files.length} files to ${opts.split}\n`);
  return 0;
}

const SPLIT_PRODUCER = 'render --split';

/**
 * `--split DIR` replaces DIR as a whole, so DIR must be new, empty, or a tree an earlier
 * `render --split` wrote (it holds that run's marker file) — never a directory holding other work.
 */
export function assertSplitDirectory(dir: string): void {
  assertReplaceable(dir, SPLIT_PRODUCER, '--split');
}
