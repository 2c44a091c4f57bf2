// The objects a check judges: a tier (built-in or a profile file, with its inputs) rendered as the
// documented install renders it, or rendered manifests given as files, directories or stdin. One
// place, so every check reads its input the same way.
import { AipcError, InputError } from '../errors.js';
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
const FLAG: Record<(typeof TIER_ONLY)[number], string> = {
  tenantsFile: '--tenants',
  extraValuesFiles: '--values',
  set: '--set',
  setString: '--set-string',
  setFile: '--set-file',
};

/** Renders the tier or reads `manifests` (exactly one must be given). */
export async function loadObjects(source: ObjectSource, stdin?: () => string, read: Reader = readManifestInputs): Promise<LoadedObjects> {
  const manifests = source.manifests ?? [];
  if (source.tier !== undefined && manifests.length) throw new AipcError('give --tier or --manifests, not both');
  if (source.tier === undefined && !manifests.length) {
    throw new AipcError('give exactly one of --tier X or --manifests FILE|DIR|-', undefined, 'e.g. --manifests rendered/ or --tier edge');
  }
  const given = TIER_ONLY.filter((k) => {
    const v = source[k];
    return Array.isArray(v) ? v.length > 0 : v !== undefined;
  });
  if (given.length && source.tier === undefined) throw new AipcError(`${given.map((k) => FLAG[k]).join(', ')} need --tier`);
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
