// `aipc explain --tier X [tier flags] KIND/NAME PATH`: a tier compiled (always, so every value
// knows the input that set it), rendered with the pinned Helm, and one field of one object
// explained: the values paths its template line reads and, for each, the layer that set it.
import { AipcError } from '../errors.js';
import { renderResolvedTier, type InstallTarget } from '../render/render.js';
import { explainField, findObject, type FieldExplanation } from '../explain/explain.js';
import { withResolvedTier, type TierInputs } from './tier.js';

export interface ExplainOptions extends TierInputs, InstallTarget {
  readonly helm?: string;
  /** `KIND/NAME` or `KIND/NAMESPACE/NAME` of a rendered object. */
  readonly object: string;
  /** The field in the object, as output prints paths (`spec.template.spec.containers[0].image`). */
  readonly path: string;
}

/** Explains one field of one object of a tier's render. */
export function runExplain(opts: ExplainOptions): Promise<FieldExplanation> {
  if (opts.tier === undefined)
    throw new AipcError(
      '--tier is required: explain answers for one tier',
      2,
      'aipc explain --tier edge Deployment/ai-platform-inference spec.replicas',
    );
  const { helm, release, namespace, kubeVersion, apiVersions } = opts;
  return withResolvedTier({ ...opts, tier: opts.tier, namespace, compile: true }, async (tier) => {
    const objects = await renderResolvedTier(tier, { helm, release, namespace, kubeVersion, apiVersions });
    return explainField(findObject(objects, opts.object), opts.path, { mergedValues: tier.mergedValues, provenance: tier.provenance() });
  });
}

// what `aipc explain` prints with: its command imports this module alone
export { formatExplain, EXPLAIN_FORMATS } from '../explain/format.js';
