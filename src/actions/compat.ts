// `aipc compat OLD_CHART NEW_CHART` / `aipc compat --base REF [--head REF]`: whether the new chart
// can be upgraded to from the old one, per tier. Git refs are extracted as `aipc diff` does.
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { AipcError, OptionError } from '../errors.js';
import { compareCharts, type TierRenders } from '../compat/compat.js';
import type { CompatReport } from '../compat/report.js';
import { gitTopLevel } from '../diff/git.js';
import type { InstallTarget } from '../render/render.js';
import { isBuiltinTier, TIER_NAMES, TIER_VALUES_FILES } from '../schemas/tier-names.js';
import { chartDirSide, renderSide, sideAtRef, sideRenderOptions, workTreeSide, type Side } from './sides.js';
import type { TierInputs } from './tier.js';
import { builtinTierValuesFile } from '../tiers/resolve.js';
export interface CompatOptions extends TierInputs, InstallTarget {
  readonly base?: string;
  readonly head?: string;
  /** Tiers to compare: built-in names or site profile files (default: the three built-in tiers). */
  readonly tiers?: readonly string[];
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

/** The tiers asked for, each once: built-in names and site profile files (checked as every --tier is); all three when none is given. */
function tiersOf(given: readonly string[] | undefined, tier: string | undefined): string[] {
  const all = [...(given ?? []), ...(tier !== undefined ? [tier] : [])];
  if (!all.length) return [...TIER_NAMES];
  for (const t of all) {
    if (isBuiltinTier(t) || existsSync(t)) continue;
    // a name is a mistyped tier (the one hint: did you mean), a path a missing profile file
    if (!/[\\/.]/.test(t)) builtinTierValuesFile(t);
    throw new AipcError(`tier profile ${t} not found`, 2, 'give a built-in tier (edge, datacenter, connected) or a site profile file');
  }
  return [...new Set(all)];
}

/** Compares two charts (directories, or the chart at git refs) and returns the report; never prints. */
export async function runCompat(inputs: readonly string[], opts: CompatOptions): Promise<CompatReport> {
  const tiers = tiersOf(opts.tiers, opts.tier);
  const missing = (opts.extraValuesFiles ?? []).filter((f) => !existsSync(f));
  if (missing.length) throw new AipcError(`values file${missing.length > 1 ? 's' : ''} not found: ${missing.join(', ')}`);
  if (opts.tenantsFile !== undefined && !existsSync(opts.tenantsFile)) throw new AipcError(`tenant list not found: ${opts.tenantsFile}`);
  const sides: Side[] = [];
  try {
    let chartPath: string;
    if (opts.base === undefined) {
      if (opts.head !== undefined || opts.chart !== undefined)
        throw new OptionError(opts.head !== undefined ? 'head' : 'chart', 'applies only with {base}');
      if (inputs.length !== 2)
        throw new AipcError(
          `expected two charts (OLD_CHART NEW_CHART), got ${inputs.length}`,
          2,
          'aipc compat old/ai-platform charts/ai-platform, or aipc compat --base v1.2.0 (the chart at a git ref against the work tree)',
        );
      sides.push(chartDirSide(inputs[0], chartDirectory(inputs[0], 'OLD_CHART')));
      sides.push(chartDirSide(inputs[1], chartDirectory(inputs[1], 'NEW_CHART')));
      chartPath = inputs[1];
    } else {
      if (inputs.length) throw new OptionError('base', 'excludes {charts}: give either two charts or a base ref, not both');
      const workChart = chartDirectory(opts.chart ?? join(gitTopLevel(process.cwd()), 'charts', 'ai-platform'), 'the chart');
      const top = gitTopLevel(workChart);
      // each side reads its own copy of every file named: profiles, tenants, values files, release data
      sides.push(sideAtRef(top, workChart, opts.base, tiers, opts));
      sides.push(opts.head !== undefined ? sideAtRef(top, workChart, opts.head, tiers, opts) : workTreeSide(top, workChart));
      chartPath = relativeChart(workChart);
    }
    const [before, after] = sides as [Side, Side];
    const options = sideRenderOptions(opts);
    // the new side first: the operator's files are held to the tier's rules there before the old side renders
    const renders = await Promise.all(
      tiers.map(async (tier): Promise<TierRenders> => {
        const now = await renderSide(after, tier, opts, options);
        const old = await renderSide(before, tier, opts, options);
        return {
          tier: now?.rendered.profile ?? old?.rendered.profile ?? tier,
          valuesFile: isBuiltinTier(tier) ? TIER_VALUES_FILES[tier] : tier,
          ...(old ? { before: old } : {}),
          ...(now ? { after: now } : {}),
        };
      }),
    );
    return compareCharts(
      { dir: before.chartDir, label: before.label },
      { dir: after.chartDir, label: after.label },
      {
        tiers: renders,
        // the file an operator used with the old chart: the old side's copy of it
        extraValuesFiles: (opts.extraValuesFiles ?? []).map((f) => ({ name: f, file: resolve(before.at(f)) })),
        chartPath,
      },
    );
  } finally {
    for (const side of sides) side.remove();
  }
}

/** The work tree's chart as an operator names it in a command: relative to the current directory when inside it. */
function relativeChart(dir: string): string {
  const rel = relative(process.cwd(), dir).split(sep).join('/');
  return rel === '' ? '.' : rel.startsWith('..') ? dir : rel;
}

// what `aipc compat` prints with: its command imports this module alone
export { formatCompat } from '../compat/format.js';
