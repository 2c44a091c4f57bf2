// `aipc diff A B` (rendered trees or files) and `aipc diff --base REF [--head REF] [--tier X |
// --all-tiers]` (the chart rendered at a git ref and in the work tree, with the same values).
import { existsSync, realpathSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { AipcError, InputError } from '../errors.js';
import { renderObjects, renderResolvedTier, type InstallTarget, type RenderOptions } from '../render/render.js';
import { withResolvedTier, type TierInputs } from './tier.js';
import { isBuiltinTier, TIER_NAMES, TIER_VALUES_FILES, type TierName } from '../schemas/tier-names.js';
import { needsCompile } from '../tiers/resolve.js';
import { readManifestInputs, type ManifestObject } from '../io/manifests.js';
import { diffObjectLists, type DiffOptions, type DiffReport, type DiffSection, type RenderedInputs } from '../diff/diff.js';
import { extractPathsAtRef, gitTopLevel, repoRelative } from '../diff/git.js';
import { releaseFile } from '../model/release.js';
import { packageRoot } from '../paths.js';
import { ALL_TIERS_TENANTS } from '../tiers/compile.js';
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

/** One side of `diff --base`: the chart and the tier's input files as they are at a ref, or in the work tree. */
interface DiffSide {
  readonly label: string;
  readonly chartDir: string;
  readonly inputs: TierInputs;
  /** The ref's release data (aipc's own repository), for compiling this side. */
  readonly releaseFile?: string;
  /** How this side names a file it read. */
  readonly show: (path: string) => string;
  readonly remove: () => void;
}

/**
 * The side at `ref`: the chart, and each file the tier inputs name (profile, tenants, values
 * files, and in aipc's own repository the release data and the built-in tiers' tenant lists) taken
 * from that ref, so a commit that changes only one of them shows in the diff. A named file that
 * does not exist at the ref is an error; a file outside the repository is the same on both sides.
 */
function sideAtRef(top: string, workChart: string, ref: string, opts: DiffCommandOptions): DiffSide {
  const chartRel = repoRelative(top, workChart);
  if (chartRel === undefined) throw new AipcError(`${workChart} is outside the git work tree ${top}`);
  const ownRepo = realpathSync(top) === realpathSync(packageRoot());
  const tierFile = opts.tier !== undefined && !isBuiltinTier(opts.tier) ? opts.tier : undefined;
  const named = [tierFile, opts.tenantsFile, ...(opts.extraValuesFiles ?? [])].filter((f): f is string => f !== undefined);
  const rels = new Map(named.map((f) => [f, existsSync(f) ? repoRelative(top, resolve(f)) : undefined]));
  // the release data in use, when the repository holds it (aipc's own, or AIPC_RELEASE_FILE inside it)
  const releaseRel = existsSync(releaseFile()) ? repoRelative(top, releaseFile()) : undefined;
  const tenantLists = ownRepo ? Object.values(ALL_TIERS_TENANTS) : [];
  const wanted = [chartRel, ...[...rels.values()].filter((r): r is string => r !== undefined), ...tenantLists];
  if (releaseRel) wanted.push(releaseRel);
  const tree = extractPathsAtRef(top, ref, [...new Set(wanted)]);
  try {
    if (!tree.present.has(chartRel)) throw new AipcError(`${chartRel} does not exist at ${ref}`);
    const atRef = (f: string): string => {
      const rel = rels.get(f);
      if (rel === undefined) return f;
      if (!tree.present.has(rel)) throw new AipcError(`${f} does not exist at ${ref}`, 2, `commit it, or compare without it`);
      return join(tree.root, rel);
    };
    // a built-in tier compiled on the fly takes that ref's tenant list, as the work tree takes its own
    const builtinTenants =
      opts.tier !== undefined &&
      isBuiltinTier(opts.tier) &&
      opts.tenantsFile === undefined &&
      tree.present.has(ALL_TIERS_TENANTS[opts.tier])
        ? join(tree.root, ALL_TIERS_TENANTS[opts.tier])
        : undefined;
    const inputs: TierInputs = {
      ...opts,
      tier: tierFile !== undefined ? atRef(tierFile) : opts.tier,
      tenantsFile: opts.tenantsFile !== undefined ? atRef(opts.tenantsFile) : builtinTenants,
      extraValuesFiles: opts.extraValuesFiles?.map(atRef),
    };
    return {
      label: ref,
      chartDir: join(tree.root, chartRel),
      inputs,
      ...(releaseRel && tree.present.has(releaseRel) ? { releaseFile: join(tree.root, releaseRel) } : {}),
      show: (path) => {
        const rel = relative(tree.root, path).split(sep).join('/');
        return rel.startsWith('..') ? displayPath(top, path) : `${rel}@${ref}`;
      },
      remove: tree.remove,
    };
  } catch (err) {
    tree.remove();
    throw err;
  }
}

/** The work tree's side: its chart and the files as they are now. */
function workTreeSide(top: string, workChart: string, opts: DiffCommandOptions): DiffSide {
  // the release data in use is read afresh when the repository holds it, as the side at the ref reads its own
  const release = existsSync(releaseFile()) && repoRelative(top, releaseFile()) !== undefined ? { releaseFile: releaseFile() } : {};
  return { label: 'work tree', chartDir: workChart, inputs: opts, ...release, show: (path) => displayPath(top, path), remove: () => {} };
}

/** A path as a reviewer reads it: relative to the repository when inside it. */
function displayPath(top: string, path: string): string {
  const rel = relative(top, resolve(path)).split(sep).join('/');
  return rel.startsWith('..') ? path : rel;
}

/**
 * Renders the chart at `base` and in the work tree (or at `head`), each side with its own files —
 * the default values, one tier, or all three tiers — and diffs each pair, saying what each side
 * rendered.
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
  if (opts.tier === undefined && !opts.allTiers && opts.tenantsFile !== undefined)
    throw new AipcError('--tenants needs --tier or --all-tiers');
  const missingValues = (opts.extraValuesFiles ?? []).filter((f) => !existsSync(f));
  if (missingValues.length) throw new AipcError(`values file${missingValues.length > 1 ? 's' : ''} not found: ${missingValues.join(', ')}`);

  const top = gitTopLevel(workChart);
  const sides: DiffSide[] = [];
  try {
    sides.push(sideAtRef(top, workChart, opts.base, opts));
    sides.push(opts.head !== undefined ? sideAtRef(top, workChart, opts.head, opts) : workTreeSide(top, workChart, opts));
    const [before, after] = sides as [DiffSide, DiffSide];
    const { helm, release, namespace, kubeVersion, apiVersions } = opts;
    const options = (side: DiffSide): RenderOptions => ({
      helm,
      release,
      namespace,
      kubeVersion,
      apiVersions,
      valuesFiles: (side.inputs.extraValuesFiles ?? []).map((f) => resolve(f)),
      set: opts.set ?? [],
      setString: opts.setString ?? [],
      setFile: opts.setFile ?? [],
    });
    const sections = await Promise.all(
      tiers.map(async (tier): Promise<DiffSection> => {
        // a profile file given with --tier is read from each side's own copy of it
        const sideTier = (side: DiffSide) => (tier !== undefined && tier === opts.tier ? side.inputs.tier : tier);
        const [old, now] = await Promise.all([
          renderSide(before, sideTier(before), options(before)),
          renderSide(after, sideTier(after), options(after)),
        ]);
        const missing = [old === undefined ? before.label : undefined, now === undefined ? after.label : undefined].filter(
          (x) => x !== undefined,
        );
        if (missing.length === 2) {
          throw new AipcError(
            `${TIER_VALUES_FILES[tier as TierName]} exists neither at ${before.label} nor in ${after.label}`,
            2,
            'compile the tier values files with `aipc values --all`',
          );
        }
        const notes = [
          missing.length
            ? `${TIER_VALUES_FILES[tier as TierName]} does not exist at ${missing[0]}: every object of this tier counts as ${old === undefined ? 'added' : 'removed'}.`
            : undefined,
          tier === undefined
            ? "no --tier: both sides are rendered with the chart's default values (values.yaml); give --tier or --all-tiers to compare a tier"
            : undefined,
        ].filter((n) => n !== undefined);
        const { objects, ignored } = diffObjectLists(old?.objects ?? [], now?.objects ?? [], diffOptions);
        const rendered = old && now ? { rendered: { before: old.rendered, after: now.rendered } } : {};
        return {
          ...(tier ? { tier } : {}),
          ...(notes.length ? { note: notes.join(' ') } : {}),
          ...rendered,
          objects,
          ...(ignored ? { ignored } : {}),
        };
      }),
    );
    return { before: before.label, after: after.label, sections };
  } finally {
    for (const side of sides) side.remove();
  }
}

/**
 * One side's render: the default values (-f and --set as Helm applies them), or the tier resolved
 * against that side's chart and files as every command resolves it (a profile file, --tenants or
 * --set compile it on the fly); undefined when a built-in tier's values file does not exist there.
 */
async function renderSide(
  side: DiffSide,
  tier: string | undefined,
  options: RenderOptions,
): Promise<{ objects: ManifestObject[]; rendered: RenderedInputs } | undefined> {
  const chartDir = side.chartDir;
  const inputs = side.inputs;
  const valuesShown = (inputs.extraValuesFiles ?? []).map(side.show);
  if (tier === undefined) {
    const objects = await renderObjects({ ...options, chartDir });
    return { objects, rendered: { tier: null, files: [side.show(join(chartDir, 'values.yaml')), ...valuesShown] } };
  }
  const sideTier = tier;
  const compiles = needsCompile({ ...inputs, tier: sideTier });
  if (!compiles && isBuiltinTier(sideTier) && !existsSync(join(chartDir, TIER_VALUES_FILES[sideTier]))) return undefined;
  return withResolvedTier({ ...inputs, tier: sideTier, chartDir, releaseFile: side.releaseFile }, async (resolved) => {
    const objects = await renderResolvedTier(resolved, options);
    const files = [
      ...(isBuiltinTier(sideTier) ? [] : [side.show(sideTier)]),
      ...(inputs.tenantsFile !== undefined ? [side.show(inputs.tenantsFile)] : []),
      ...(!compiles && isBuiltinTier(sideTier) ? [side.show(join(chartDir, TIER_VALUES_FILES[sideTier]))] : []),
      ...valuesShown,
      ...(side.releaseFile && compiles ? [side.show(side.releaseFile)] : []),
    ];
    return {
      objects,
      rendered: {
        tier: resolved.tier,
        profile: resolved.profile.name,
        tenants: resolved.tenants.map((t) => t.name),
        files,
      },
    };
  });
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
  const renderOnly = (['head', 'tier', 'allTiers', 'chart', 'tenantsFile', 'release', 'namespace', 'kubeVersion'] as const).filter(
    (k) => opts[k] !== undefined && opts[k] !== false,
  );
  if (
    renderOnly.length ||
    opts.extraValuesFiles?.length ||
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

// what `aipc diff` prints with: its command imports this module alone
export { parseFailOn, trippedGates } from '../diff/rank.js';
export { formatDiff } from '../diff/format.js';
export { isEmptyReport } from '../diff/diff.js';
export { stdinFor } from '../io/stdin.js';
