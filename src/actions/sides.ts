// The two sides a `--base REF [--head REF]` command compares (`aipc diff`, `aipc compat`): the
// chart and every file the tier inputs name, each side taken from its own ref (or the work tree),
// so a commit that changes only a site profile, a tenant list, a values file or the release data
// shows. Each side renders a tier exactly as every command resolves one (actions/tier.ts).
import type { CausesSide } from '../diff/causes.js';
import { existsSync, realpathSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { AipcError } from '../errors.js';
import { renderObjects, renderResolvedTier, type RenderOptions } from '../render/render.js';
import { withResolvedTier, type TierInputs } from './tier.js';
import { isBuiltinTier, TIER_VALUES_FILES } from '../schemas/tier-names.js';
import { needsCompile } from '../tiers/resolve.js';
import type { ManifestObject } from '../io/manifests.js';
import { readYamlFile, type SourceDocument } from '../io/yaml-read.js';
import type { RenderedInputs } from '../diff/diff.js';
import { extractPathsAtRef, repoRelative } from '../diff/git.js';
import { releaseFile } from '../model/release.js';
import { packageRoot } from '../paths.js';
import { ALL_TIERS_TENANTS } from '../tiers/compile.js';

/** One side: the chart and the tier's input files as they are at a ref, in the work tree, or in a chart directory. */
export interface Side {
  readonly label: string;
  readonly chartDir: string;
  /** A file the user named, as this side has it (its copy at the ref; itself in the work tree). */
  readonly at: (file: string) => string;
  /** The tenant list a built-in tier compiled on the fly takes on this side (that ref's shipped list), if any. */
  readonly builtinTenants: (tier: string) => string | undefined;
  /** The ref's release data (aipc's own repository), for compiling this side. */
  readonly releaseFile?: string;
  /** How this side names a file it read. */
  readonly show: (path: string) => string;
  readonly remove: () => void;
}

/** The tier inputs of one render on `side`: `tier` and the shared inputs, each file taken from that side. */
export function sideInputs(side: Side, tier: string, opts: TierInputs): TierInputs & { readonly tier: string } {
  return {
    ...opts,
    tier: isBuiltinTier(tier) ? tier : side.at(tier),
    tenantsFile: opts.tenantsFile !== undefined ? side.at(opts.tenantsFile) : side.builtinTenants(tier),
    extraValuesFiles: opts.extraValuesFiles?.map(side.at),
  };
}

/**
 * The side at `ref`: the chart, and each file the tier inputs name (profile files, tenants, values
 * files, and in aipc's own repository the release data and the built-in tiers' tenant lists) taken
 * from that ref. A named file that does not exist at the ref is an error; a file outside the
 * repository is the same on both sides.
 */
export function sideAtRef(top: string, workChart: string, ref: string, tiers: readonly (string | undefined)[], opts: TierInputs): Side {
  const chartRel = repoRelative(top, workChart);
  if (chartRel === undefined) throw new AipcError(`${workChart} is outside the git work tree ${top}`);
  const ownRepo = realpathSync(top) === realpathSync(packageRoot());
  const tierFiles = tiers.filter((t): t is string => t !== undefined && !isBuiltinTier(t));
  const named = [...tierFiles, opts.tenantsFile, ...(opts.extraValuesFiles ?? [])].filter((f): f is string => f !== undefined);
  const rels = new Map(named.map((f) => [f, existsSync(f) ? repoRelative(top, resolve(f)) : undefined]));
  // the release data in use, when the repository holds it (aipc's own, or AIPC_RELEASE_FILE inside it)
  const releaseRel = existsSync(releaseFile()) ? repoRelative(top, releaseFile()) : undefined;
  const tenantLists = ownRepo ? Object.values(ALL_TIERS_TENANTS) : [];
  const wanted = [chartRel, ...[...rels.values()].filter((r): r is string => r !== undefined), ...tenantLists];
  if (releaseRel) wanted.push(releaseRel);
  const tree = extractPathsAtRef(top, ref, [...new Set(wanted)]);
  try {
    if (!tree.present.has(chartRel)) throw new AipcError(`${chartRel} does not exist at ${ref}`);
    // every named file is checked now, before anything renders
    for (const [f, rel] of rels)
      if (rel !== undefined && !tree.present.has(rel))
        throw new AipcError(`${f} does not exist at ${ref}`, 2, `commit it, or compare without it`);
    return {
      label: ref,
      chartDir: join(tree.root, chartRel),
      at: (f) => {
        const rel = rels.get(f);
        return rel === undefined ? f : join(tree.root, rel);
      },
      // a built-in tier compiled on the fly takes that ref's tenant list, as the work tree takes its own
      builtinTenants: (tier) =>
        isBuiltinTier(tier) && tree.present.has(ALL_TIERS_TENANTS[tier]) ? join(tree.root, ALL_TIERS_TENANTS[tier]) : undefined,
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
export function workTreeSide(top: string, workChart: string): Side {
  // the release data in use is read afresh when the repository holds it, as the side at the ref reads its own
  const release = existsSync(releaseFile()) && repoRelative(top, releaseFile()) !== undefined ? { releaseFile: releaseFile() } : {};
  return {
    label: 'work tree',
    chartDir: workChart,
    at: (f) => f,
    builtinTenants: () => undefined,
    ...release,
    show: (path) => displayPath(top, path),
    remove: () => {},
  };
}

/** A chart directory given by path (`aipc compat OLD NEW`): the files named are the user's own, read as they are. */
export function chartDirSide(label: string, chartDir: string): Side {
  return {
    label,
    chartDir,
    at: (f) => f,
    builtinTenants: () => undefined,
    show: (path) => displayPath(process.cwd(), path),
    remove: () => {},
  };
}

/** A path as a reviewer reads it: relative to `top` when inside it. */
function displayPath(top: string, path: string): string {
  const rel = relative(top, resolve(path)).split(sep).join('/');
  return rel.startsWith('..') ? path : rel;
}

/** One side's render of one tier: the objects, what it was rendered from, and the tier's values file as Helm read it. */
export interface SideRender {
  readonly objects: ManifestObject[];
  readonly rendered: RenderedInputs;
  /** The tier's values file (the chart's built-in tier file, or the tier compiled on the fly) and how to name it. */
  readonly tierValues?: { readonly name: string; readonly doc: SourceDocument };
  /** The tier's merged values and which input set each (a tier render only): what `caused by` reads. */
  readonly values?: CausesSide;
}

/** How both sides of a comparison render: the same release target and --set flags on each. */
export function sideRenderOptions(
  opts: Pick<RenderOptions, 'helm' | 'release' | 'namespace' | 'kubeVersion' | 'apiVersions' | 'set' | 'setString' | 'setFile'>,
): RenderOptions {
  const { helm, release, namespace, kubeVersion, apiVersions } = opts;
  return {
    helm,
    release,
    namespace,
    kubeVersion,
    apiVersions,
    set: opts.set ?? [],
    setString: opts.setString ?? [],
    setFile: opts.setFile ?? [],
  };
}

/**
 * One side's render: the default values (-f and --set as Helm applies them), or the tier resolved
 * against that side's chart and files as every command resolves it (a profile file, --tenants or
 * --set compile it on the fly); undefined when a built-in tier's values file does not exist there.
 */
export async function renderSide(
  side: Side,
  tier: string | undefined,
  opts: TierInputs,
  options: RenderOptions,
): Promise<SideRender | undefined> {
  const chartDir = side.chartDir;
  const valuesShown = (opts.extraValuesFiles ?? []).map((f) => side.show(side.at(f)));
  if (tier === undefined) {
    const objects = await renderObjects({
      ...options,
      chartDir,
      valuesFiles: (opts.extraValuesFiles ?? []).map((f) => resolve(side.at(f))),
    });
    return { objects, rendered: { tier: null, files: [side.show(join(chartDir, 'values.yaml')), ...valuesShown] } };
  }
  const inputs = sideInputs(side, tier, opts);
  const compiles = needsCompile(inputs);
  if (!compiles && isBuiltinTier(tier) && !existsSync(join(chartDir, TIER_VALUES_FILES[tier]))) return undefined;
  return withResolvedTier({ ...inputs, chartDir, releaseFile: side.releaseFile, namespace: options.namespace }, async (resolved) => {
    const objects = await renderResolvedTier(resolved, options);
    const files = [
      ...(isBuiltinTier(tier) ? [] : [side.show(inputs.tier)]),
      ...(inputs.tenantsFile !== undefined ? [side.show(inputs.tenantsFile)] : []),
      ...(!compiles && isBuiltinTier(tier) ? [side.show(join(chartDir, TIER_VALUES_FILES[tier]))] : []),
      ...valuesShown,
      ...(side.releaseFile && compiles ? [side.show(side.releaseFile)] : []),
    ];
    const tierFile = resolved.valuesFiles[1];
    return {
      objects,
      rendered: { tier: resolved.tier, profile: resolved.name, tenants: resolved.tenants.map((t) => t.name), files },
      values: { objects, mergedValues: resolved.mergedValues, provenance: resolved.provenance },
      ...(tierFile !== undefined
        ? { tierValues: { name: compiles ? `${resolved.name} (compiled)` : side.show(tierFile), doc: readYamlFile(tierFile) } }
        : {}),
    };
  });
}
