// `aipc compat OLD_CHART NEW_CHART` / `aipc compat --base REF [--head REF]`: whether the new chart
// can be upgraded to from the old one, per tier. Git refs are extracted as `aipc diff` does.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AipcError } from '../errors.js';
import { compareCharts, type ChartSide } from '../compat/compat.js';
import type { CompatReport } from '../compat/report.js';
import { extractChartAtRef, gitTopLevel, type ExtractedChart } from '../diff/git.js';
import { closestTier, isBuiltinTier, TIER_NAMES, TIER_VALUES_FILES, type TierName } from '../schemas/tier-names.js';
import { resolveTier } from '../tiers/resolve.js';

export interface CompatOptions {
  readonly base?: string;
  readonly head?: string;
  /** Built-in tiers to compare (default: all three). */
  readonly tiers?: readonly string[];
  /** The operator's `-f` files, applied to both renders of each tier (and held to the tier's rules). */
  readonly extraValuesFiles?: readonly string[];
  readonly helm?: string;
  /** The chart directory in the work tree, for --base (default: charts/ai-platform at the repository top). */
  readonly chart?: string;
}

function chartDirectory(dir: string, what: string): string {
  const full = resolve(dir);
  if (!existsSync(full)) throw new AipcError(`${what} ${dir} does not exist`);
  if (!statSync(full).isDirectory()) throw new AipcError(`${what} ${dir} is not a directory (expected a chart directory)`);
  if (!existsSync(join(full, 'Chart.yaml'))) throw new AipcError(`${what} ${dir} is not a chart (no Chart.yaml)`);
  return full;
}

/** The tiers asked for: built-in names, each once; all three when none is given. */
function tiersOf(given: readonly string[] | undefined): TierName[] {
  if (!given?.length) return [...TIER_NAMES];
  const unknown = given.filter((t) => !isBuiltinTier(t));
  if (unknown.length)
    throw new AipcError(
      `unknown tier ${unknown.map((t) => `${JSON.stringify(t)}${closestTier(t) ? ` (did you mean ${closestTier(t)}?)` : ''}`).join(', ')}`,
      2,
      `use ${TIER_NAMES.join(', ')}`,
    );
  return [...new Set(given as TierName[])];
}

/** Compares two charts (directories, or the chart at git refs) and returns the report; never prints. */
export async function runCompat(inputs: readonly string[], opts: CompatOptions): Promise<CompatReport> {
  const tiers = tiersOf(opts.tiers);
  const missing = (opts.extraValuesFiles ?? []).filter((f) => !existsSync(f));
  if (missing.length) throw new AipcError(`values file${missing.length > 1 ? 's' : ''} not found: ${missing.join(', ')}`);
  const extraValuesFiles = (opts.extraValuesFiles ?? []).map((f) => resolve(f));
  const compare = (before: ChartSide, after: ChartSide) => {
    // the operator's files over each tier are held to the tier's rules (on the new chart) before anything renders
    if (extraValuesFiles.length)
      for (const tier of tiers)
        if (existsSync(join(after.dir, TIER_VALUES_FILES[tier]))) resolveTier({ tier, chartDir: after.dir, extraValuesFiles });
    return compareCharts(before, after, { tiers, extraValuesFiles, helm: opts.helm });
  };
  if (opts.base === undefined) {
    if (opts.head !== undefined || opts.chart !== undefined) throw new AipcError('--head and --chart apply only with --base REF');
    if (inputs.length !== 2)
      throw new AipcError(
        `expected two charts (OLD_CHART NEW_CHART), got ${inputs.length}`,
        2,
        'aipc compat old/ai-platform charts/ai-platform, or aipc compat --base v1.2.0 (the chart at a git ref against the work tree)',
      );
    return compare(
      { dir: chartDirectory(inputs[0], 'OLD_CHART'), label: inputs[0] },
      { dir: chartDirectory(inputs[1], 'NEW_CHART'), label: inputs[1] },
    );
  }
  if (inputs.length) throw new AipcError('give either two charts (aipc compat OLD NEW) or --base REF, not both');
  const workChart = chartDirectory(opts.chart ?? join(gitTopLevel(process.cwd()), 'charts', 'ai-platform'), 'the chart');
  const extracted: ExtractedChart[] = [];
  try {
    const before = extractChartAtRef(workChart, opts.base);
    extracted.push(before);
    let after: ChartSide = { dir: workChart, label: 'work tree' };
    if (opts.head !== undefined) {
      const head = extractChartAtRef(workChart, opts.head);
      extracted.push(head);
      after = { dir: head.chartDir, label: opts.head };
    }
    return await compare({ dir: before.chartDir, label: opts.base }, after);
  } finally {
    for (const e of extracted) e.remove();
  }
}

// what `aipc compat` prints with: its command imports this module alone
export { formatCompat } from '../compat/format.js';
