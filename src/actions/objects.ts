// The objects a check judges: a built-in tier rendered with the pinned Helm, or rendered manifests
// given as files, directories or stdin. One place, so every check reads its input the same way.
import { AipcError, InputError } from '../errors.js';
import { renderTierObjects } from '../render/render.js';
import type { Diagnostic } from '../errors.js';
import { readManifestInputs, type ManifestObject } from '../io/manifests.js';

type Reader = (inputs: readonly string[], stdin?: () => string) => { objects: ManifestObject[]; diagnostics: readonly Diagnostic[] };

export interface ObjectSource {
  readonly tier?: string;
  /** Extra values files for `tier`. */
  readonly values?: readonly string[];
  readonly manifests?: readonly string[];
  readonly helm?: string;
}

/** Renders `tier` or reads `manifests` (exactly one must be given). */
export async function loadObjects(
  source: ObjectSource,
  stdin?: () => string,
  read: Reader = readManifestInputs,
): Promise<ManifestObject[]> {
  const manifests = source.manifests ?? [];
  if (source.tier !== undefined && manifests.length) throw new AipcError('give --tier or --manifests, not both');
  if (source.tier === undefined && !manifests.length) {
    throw new AipcError('give exactly one of --tier X or --manifests FILE|DIR|-', undefined, 'e.g. --manifests rendered/ or --tier edge');
  }
  if (source.values?.length && source.tier === undefined) throw new AipcError('--values needs --tier');
  if (source.tier !== undefined) return renderTierObjects(source.tier, { helm: source.helm, valuesFiles: source.values });
  const result = read(manifests, stdin);
  if (result.diagnostics.length) throw new InputError(result.diagnostics);
  return result.objects;
}
