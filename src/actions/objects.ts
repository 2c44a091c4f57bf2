// The objects a check judges: a tier (built-in or a profile file, with its inputs) rendered as the
// documented install renders it, or rendered manifests given as files, directories or stdin. One
// place, so every check reads its input the same way.
import { InputError, OptionError } from '../errors.js';
import { renderResolvedTier, type InstallTarget } from '../render/render.js';
import type { Diagnostic } from '../errors.js';
import { readManifestInputs, type ManifestObject } from '../io/manifests.js';
import { withResolvedTier, type TierInputs } from './tier.js';

type Reader = (inputs: readonly string[], stdin?: () => string) => { objects: ManifestObject[]; diagnostics: readonly Diagnostic[] };

export interface ObjectSource extends TierInputs, InstallTarget {
  readonly manifests?: readonly string[];
  readonly helm?: string;
  /** The text of stdin, for a `-` manifest input (read by the caller: io/stdin.ts). */
  readonly stdin?: () => string;
}

/** What a check reads: the objects, and the tier they were rendered for (its profile's tier). */
export interface LoadedObjects {
  readonly objects: ManifestObject[];
  /** The tier's kind (edge, datacenter, connected) when a tier was rendered. */
  readonly tier?: string;
}

const TIER_ONLY = ['tenantsFile', 'extraValuesFiles', 'set', 'setString', 'setFile'] as const;

/** Renders the tier or reads `manifests` (exactly one must be given). */
export async function loadObjects(source: ObjectSource, stdin?: () => string, read: Reader = readManifestInputs): Promise<LoadedObjects> {
  const manifests = source.manifests ?? [];
  if (source.tier !== undefined && manifests.length) throw new OptionError('manifests', 'excludes {tier}: give one, not both');
  if (source.tier === undefined && !manifests.length) {
    throw new OptionError(
      'tier',
      'missing: give a tier or {manifests} (files, directories or - for stdin)',
      'e.g. --manifests rendered/ or --tier edge',
    );
  }
  const given = TIER_ONLY.filter((k) => {
    const v = source[k];
    return Array.isArray(v) ? v.length > 0 : v !== undefined;
  });
  if (given.length && source.tier === undefined)
    throw new OptionError(
      given[0],
      `needs {tier} (it is compiled into one)${
        given.length > 1
          ? `, as do ${given
              .slice(1)
              .map((k) => `{${k}}`)
              .join(', ')}`
          : ''
      }`,
    );
  if (source.tier !== undefined) {
    const tier = source.tier;
    return withResolvedTier({ ...source, tier }, async (resolved) => ({
      objects: await renderResolvedTier(resolved, source),
      tier: resolved.tier,
    }));
  }
  const result = read(manifests, stdin ?? source.stdin);
  if (result.diagnostics.length) throw new InputError(result.diagnostics);
  return { objects: result.objects };
}
