// `aipc diff A B` (rendered trees or files) and `aipc diff --base REF [--head REF] [--tier X |
// --all-tiers]` (the chart rendered at a git ref and in the work tree, with the same values).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AipcError, InputError } from '../errors.js';
import { renderObjects, renderResolvedTier, type InstallTarget, type RenderOptions } from '../render/render.js';
import { withResolvedTier, type TierInputs } from './tier.js';
import { isBuiltinTier, TIER_NAMES, TIER_VALUES_FILES, type TierName } from '../schemas/tier-names.js';
import { needsCompile } from '../tiers/resolve.js';
import { readManifestInputs, type ManifestObject } from '../io/manifests.js';
import { diffObjectLists, type DiffOptions, type DiffReport, type DiffSection } from '../diff/diff.js';
import { extractChartAtRef, gitTopLevel, type ExtractedChart } from '../diff/git.js';
import { ignoreRulesOf } from '../diff/ignore.js';

export interface DiffCommandOptions extends TierInputs, InstallTarget {
  /** Compare the chart at this git ref (before) with the work tree or `head` (after). */
  readonly base?: string;
  readonly head?: string;
  readonly allTiers?: boolean;
  readonly helm?: string;
  /** The chart directory in the work tree (default: `charts/ai-platform` at the repository top). */
  readonly chart?: string;
  /** Field path patterns whose changes are left out (`[KIND:NAME:]PATH`). */
  readonly ignore?: readonly string[];
  /** Also leave out what Helm regenerates on every render (GENERATED_PATTERNS). */
  readonly ignoreGenerated?: boolean;
  /** The text of stdin, for a `-` input (read by the caller: io/stdin.ts). */
  readonly stdin?: () => string;
}

/** Diffs two sets of rendered manifests (files, directories, `-`). */
export function diffManifestInputs(before: string, after: string, options: DiffOptions = {}, stdin?: () => string): DiffReport {
  if ([before, after].filter((i) => i === '-').length > 1) throw new AipcError('- (stdin) may be given only once');
  const a = readManifestInputs([before], stdin);
  const b = readManifestInputs([after], stdin);
  if (a.diagnostics.length || b.diagnostics.length) throw new InputError([...a.diagnostics, ...b.diagnostics]);
  const { objects, ignored } = diffObjectLists(a.objects, b.objects, options);
  return { before, after, sections: [{ objects, ...(ignored ? { ignored } : {}) }] };
}

/**
 * Renders the chart at `base` and in the work tree (or at `head`) with the same values — the
 * default values, one tier, or all three tiers — and diffs each pair.
 */
export async function diffChartRefs(opts: DiffCommandOptions & { readonly base: string }): Promise<DiffReport> {
  const diffOptions: DiffOptions = { ignore: ignoreRulesOf(opts.ignore ?? [], opts.ignoreGenerated) };
  const workChart = opts.chart ? resolve(opts.chart) : join(gitTopLevel(process.cwd()), 'charts', 'ai-platform');
  if (!existsSync(join(workChart, 'Chart.yaml'))) {
    throw new AipcError(
      `${workChart} is not a chart (no Chart.yaml)`,
      2,
      'run from the repository holding charts/ai-platform, or give --chart DIR',
    );
  }
  const tiers: (string | undefined)[] = opts.allTiers ? [...TIER_NAMES] : [opts.tier];
  if (opts.tier === undefined && !opts.allTiers && opts.tenants !== undefined) throw new AipcError('--tenants needs --tier or --all-tiers');
  const missingValues = (opts.values ?? []).filter((f) => !existsSync(f));
  if (missingValues.length) throw new AipcError(`values file${missingValues.length > 1 ? 's' : ''} not found: ${missingValues.join(', ')}`);

  const extracted: ExtractedChart[] = [];
  try {
    const before = extractChartAtRef(workChart, opts.base);
    extracted.push(before);
    let afterDir = workChart;
    if (opts.head !== undefined) {
      const after = extractChartAtRef(workChart, opts.head);
      extracted.push(after);
      afterDir = after.chartDir;
    }
    const { helm, release, namespace, kubeVersion, apiVersions } = opts;
    const options: RenderOptions = {
      helm,
      release,
      namespace,
      kubeVersion,
      apiVersions,
      valuesFiles: (opts.values ?? []).map((f) => resolve(f)),
      set: opts.set ?? [],
      setString: opts.setString ?? [],
      setFile: opts.setFile ?? [],
    };
    const beforeLabel = opts.base;
    const afterLabel = opts.head ?? 'work tree';
    const sections = await Promise.all(
      tiers.map(async (tier): Promise<DiffSection> => {
        const [old, now] = await Promise.all([renderSide(before.chartDir, tier, opts, options), renderSide(afterDir, tier, opts, options)]);
        const missing = [old === undefined ? beforeLabel : undefined, now === undefined ? afterLabel : undefined].filter(
          (x) => x !== undefined,
        );
        if (missing.length === 2) {
          throw new AipcError(
            `${TIER_VALUES_FILES[tier as TierName]} exists neither at ${beforeLabel} nor in ${afterLabel}`,
            2,
            'compile the tier values files with `aipc values --all`',
          );
        }
        const note = missing.length
          ? `${TIER_VALUES_FILES[tier as TierName]} does not exist at ${missing[0]}: every object of this tier counts as ${old === undefined ? 'added' : 'removed'}.`
          : undefined;
        const { objects, ignored } = diffObjectLists(old ?? [], now ?? [], diffOptions);
        return { ...(tier ? { tier } : {}), ...(note ? { note } : {}), objects, ...(ignored ? { ignored } : {}) };
      }),
    );
    return { before: beforeLabel, after: afterLabel, sections };
  } finally {
    for (const e of extracted) e.remove();
  }
}

/**
 * One side's render: the default values (-f and --set as Helm applies them), or the tier resolved
 * against that side's chart as every command resolves it (a profile file, --tenants or --set
 * compile it on the fly); undefined when a built-in tier's values file does not exist there.
 */
async function renderSide(
  chartDir: string,
  tier: string | undefined,
  inputs: TierInputs,
  options: RenderOptions,
): Promise<ManifestObject[] | undefined> {
  if (tier === undefined) return renderObjects({ ...options, chartDir });
  const compiles = needsCompile({
    tier,
    tenantsFile: inputs.tenants,
    sets: inputs.set,
    setStrings: inputs.setString,
    setFiles: inputs.setFile,
  });
  if (!compiles && isBuiltinTier(tier) && !existsSync(join(chartDir, TIER_VALUES_FILES[tier]))) return undefined;
  return withResolvedTier({ ...inputs, tier, chartDir }, (resolved) => renderResolvedTier(resolved, options));
}

/** Diffs what `aipc diff` was given: two rendered inputs, or the chart at `--base` against the work tree or `--head`. */
export async function runDiff(inputs: readonly string[], opts: DiffCommandOptions): Promise<DiffReport> {
  if (opts.tier !== undefined && opts.allTiers) throw new AipcError('--tier and --all-tiers exclude each other');
  // a malformed pattern is refused before anything is read or rendered
  const diffOptions: DiffOptions = { ignore: ignoreRulesOf(opts.ignore ?? [], opts.ignoreGenerated) };
  if (opts.base !== undefined) {
    if (inputs.length) throw new AipcError('give either two inputs (aipc diff OLD NEW) or --base REF, not both');
    return diffChartRefs({ ...opts, base: opts.base });
  }
  const renderOnly = (['head', 'tier', 'allTiers', 'chart', 'tenants', 'release', 'namespace', 'kubeVersion'] as const).filter(
    (k) => opts[k] !== undefined && opts[k] !== false,
  );
  if (
    renderOnly.length ||
    opts.values?.length ||
    opts.set?.length ||
    opts.setString?.length ||
    opts.setFile?.length ||
    opts.apiVersions?.length
  ) {
    throw new AipcError(
      '--head, --tier, --all-tiers, --chart, --tenants, --values, --set*, --release, --namespace, --kube-version and --api-versions apply only with --base REF (rendering the chart); OLD and NEW are already rendered',
    );
  }
  if (inputs.length !== 2) {
    throw new AipcError(
      `expected two inputs (OLD NEW), got ${inputs.length}`,
      2,
      'aipc diff old/ new/ (rendered trees or files), or aipc diff --base main (the chart at main against the work tree)',
    );
  }
  return diffManifestInputs(inputs[0], inputs[1], diffOptions, opts.stdin);
}
