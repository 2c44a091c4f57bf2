// Quantities Kubernetes refuses when negative. The API server's validation of a ResourceQuota
// (and of a LimitRange, and of container requests and limits) requires every quantity to be
// non-negative; the OpenAPI schemas only say "a quantity", so this rule says the rest.
import { parseQuantity } from '../kube/quantity.js';
import type { KubeObject } from '../io/manifests.js';
import { isRecord } from '../util/data.js';
import type { Problem } from '../report/index.js';

/** A negative quantity, at its field path. */
export type QuantityProblem = Problem<'quantity'>;

function negatives(map: unknown, path: (string | number)[], out: QuantityProblem[]): void {
  if (!isRecord(map)) return;
  for (const [resource, q] of Object.entries(map)) {
    if (typeof q !== 'string' && typeof q !== 'number') continue;
    let value: number;
    try {
      value = parseQuantity(q);
    } catch {
      continue; // not a quantity: the schema check reports it
    }
    if (value < 0)
      out.push({
        path: [...path, resource],
        message: `${JSON.stringify(q)}: must be greater than or equal to 0`,
        rule: 'quantity' as const,
      });
  }
}

/** Negative quantities in a ResourceQuota's hard limits or a LimitRange's limits. */
export function negativeQuantities(o: KubeObject): QuantityProblem[] {
  const out: QuantityProblem[] = [];
  const spec = isRecord(o.spec) ? o.spec : undefined;
  if (!spec) return out;
  if (o.kind === 'ResourceQuota') negatives(spec.hard, ['spec', 'hard'], out);
  if (o.kind === 'LimitRange' && Array.isArray(spec.limits))
    spec.limits.forEach((l, i) => {
      for (const field of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'])
        if (isRecord(l)) negatives(l[field], ['spec', 'limits', i, field], out);
    });
  return out;
}
