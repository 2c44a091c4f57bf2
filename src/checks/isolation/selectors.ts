// The work counter of the isolation engine. The label index it narrows selectors with is Kubernetes
// vocabulary every area shares (kube/label-index.ts).
import type { SelectorCounter } from '../../kube/label-index.js';

export { LabelIndex } from '../../kube/label-index.js';

/** Counts the work done, so tests can assert that it grows linearly with the input. */
export interface OperationCounter extends SelectorCounter {
  /** Label-selector evaluations against one namespace or pod class. */
  selectorEvaluations: number;
  /** (source, destination) pairs whose connections were computed. */
  pairEvaluations: number;
  /** Entries written into the per-class allow maps. */
  ruleApplications: number;
}
