// `aipc diff A B` (rendered trees or files) and `aipc diff --base REF [--head REF] [--tier X |
// --all-tiers]` (the chart rendered at a git ref and in the work tree, with the same values).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AipcError, OptionError } from '../errors.js';
import type { InstallTarget } from '../render/render.js';
import type { TierInputs } from './tier.js';
import { renderSide, sideAtRef, sideRenderOptions, workTreeSide, type Side } from './sides.js';
import { TIER_NAMES, TIER_VALUES_FILES, type TierName } from '../schemas/tier-names.js';
import { streamManifestInputs, type ManifestObject } from '../io/manifests.js';
import {
  diffObjectLists,
  diffObjectStreams,
  type DiffOptions,
  type DiffReport,
  type DiffSection,
  type ObjectStream,
} from '../diff/diff.js';
import { gitTopLevel } from '../diff/git.js';
import { ignoreRulesOf } from '../diff/ignore.js';
import { fieldCauses } from '../diff/causes.js';
import { affectsReachability, reachabilityDiffOfObjects, reachabilityLines } from '../checks/isolation/reach-diff.js';

/** What the change opens and closes between namespaces: the lines `aipc diff` leads with. */
const reachability = (before: readonly ManifestObject[], after: readonly ManifestObject[]) =>
  reachabilityLines(reachabilityDiffOfObjects(before, after));

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
  // each side read a document at a time: two large renders are never held whole as objects; what
  // reachability reads (workloads, policies, namespaces, ingress) is kept aside for it
  const kept = { before: [] as ManifestObject[], after: [] as ManifestObject[] };
  const side = (input: string, into: ManifestObject[]): ObjectStream => ({
    read: (each) =>
      streamManifestInputs(
        [input],
        (objects) => {
          for (const m of objects) if (affectsReachability(m.object)) into.push(m);
          each(objects);
        },
        stdin,
      ),
    keepsObjects: false,
  });
  const { objects, ignored } = diffObjectStreams(side(before, kept.before), side(after, kept.after), options);
  return {
    before,
    after,
    sections: [{ objects, reachability: reachability(kept.before, kept.after), ...(ignored ? { ignored } : {}) }],
  };
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
    throw new OptionError('tenantsFile', 'needs {tier} or {allTiers}');
  const missingValues = (opts.extraValuesFiles ?? []).filter((f) => !existsSync(f));
  if (missingValues.length) throw new AipcError(`values file${missingValues.length > 1 ? 's' : ''} not found: ${missingValues.join(', ')}`);

  const top = gitTopLevel(workChart);
  const sides: Side[] = [];
  try {
    sides.push(sideAtRef(top, workChart, opts.base, tiers, opts));
    sides.push(opts.head !== undefined ? sideAtRef(top, workChart, opts.head, tiers, opts) : workTreeSide(top, workChart));
    const [before, after] = sides as [Side, Side];
    const options = sideRenderOptions(opts);
    const sections = await Promise.all(
      tiers.map(async (tier): Promise<DiffSection> => {
        // each side reads its own copy of every file named (a profile, tenants, values files)
        const [old, now] = await Promise.all([renderSide(before, tier, opts, options), renderSide(after, tier, opts, options)]);
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
        const diffed = diffObjectLists(old?.objects ?? [], now?.objects ?? [], diffOptions);
        const { ignored } = diffed;
        // which input change caused each field change, when both sides are tier renders
        const objects = old?.values && now?.values ? fieldCauses(diffed.objects, old.values, now.values) : diffed.objects;
        const rendered = old && now ? { rendered: { before: old.rendered, after: now.rendered } } : {};
        return {
          ...(tier ? { tier } : {}),
          ...(notes.length ? { note: notes.join(' ') } : {}),
          ...rendered,
          objects,
          reachability: reachability(old?.objects ?? [], now?.objects ?? []),
          ...(ignored ? { ignored } : {}),
        };
      }),
    );
    return { before: before.label, after: after.label, sections };
  } finally {
    for (const side of sides) side.remove();
  }
}

/** Diffs what `aipc diff` was given: two rendered inputs, or the chart at `--base` against the work tree or `--head`. */
export async function runDiff(inputs: readonly string[], opts: DiffCommandOptions): Promise<DiffReport> {
  if (opts.tier !== undefined && opts.allTiers) throw new OptionError('allTiers', 'excludes {tier}');
  // a malformed pattern is refused before anything is read or rendered
  const diffOptions: DiffOptions = { ignore: ignoreRulesOf(opts.ignore ?? [], opts.ignoreGenerated) };
  if (opts.base !== undefined) {
    if (inputs.length) throw new OptionError('base', 'excludes {inputs}: give either two inputs or a base ref, not both');
    return diffChartRefs({ ...opts, base: opts.base });
  }
  const renderOnly = (['head', 'tier', 'allTiers', 'chart', 'tenantsFile', 'release', 'namespace', 'kubeVersion'] as const).filter(
    (k) => opts[k] !== undefined && opts[k] !== false,
  );
  const listed = (['extraValuesFiles', 'set', 'setString', 'setFile', 'apiVersions'] as const).filter((k) => opts[k]?.length);
  const given = [...renderOnly, ...listed];
  if (given.length) {
    throw new OptionError(
      given[0],
      `applies only with {base} (rendering the chart)${
        given.length > 1
          ? `, as do ${given
              .slice(1)
              .map((k) => `{${k}}`)
              .join(', ')}`
          : ''
      }; two rendered inputs are compared as they are`,
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
