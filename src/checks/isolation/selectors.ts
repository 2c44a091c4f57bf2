// A label index that narrows the candidates a selector can match, so that specific selectors cost
// time in proportion to what they select, not to the cluster. The selectors themselves are
// Kubernetes vocabulary (kube/selectors.ts).
import type { LabelSelector, Labels } from '../../kube/selectors.js';

/** Counts the work done, so tests can assert that it grows linearly with the input. */
export interface OperationCounter {
  /** Label-selector evaluations against one namespace or pod class. */
  selectorEvaluations: number;
  /** (source, destination) pairs whose connections were computed. */
  pairEvaluations: number;
  /** Entries written into the per-class allow maps. */
  ruleApplications: number;
}

/** Items indexed by label `key=value` and by key; `select` evaluates a selector on candidates only. */
export class LabelIndex<T> {
  readonly all: T[] = [];
  private readonly byPair = new Map<string, T[]>();
  private readonly byKey = new Map<string, T[]>();

  add(item: T, labels: Labels): void {
    this.all.push(item);
    for (const [k, v] of Object.entries(labels)) {
      push(this.byPair, `${k}=${v}`, item);
      push(this.byKey, k, item);
    }
  }

  /** The smallest list that surely holds every match (the whole index when nothing narrows it). */
  candidates(selector: LabelSelector): readonly T[] {
    let best: readonly T[] = this.all;
    for (const [k, v] of selector.matchLabels) {
      const list = this.byPair.get(`${k}=${v}`) ?? [];
      if (list.length < best.length) best = list;
    }
    for (const r of selector.requirements) {
      if (r.operator === 'Exists') {
        const list = this.byKey.get(r.key) ?? [];
        if (list.length < best.length) best = list;
      } else if (r.operator === 'In') {
        const lists = r.values.map((v) => this.byPair.get(`${r.key}=${v}`) ?? []);
        const size = lists.reduce((n, l) => n + l.length, 0);
        if (size < best.length) best = [...new Set(lists.flat())];
      }
    }
    return best;
  }

  /** Every item whose labels (as given by `labelsOf`) match the selector. */
  select(selector: LabelSelector, labelsOf: (item: T) => Labels, counter: OperationCounter): T[] {
    if (selector.isEverything()) return this.all;
    const out: T[] = [];
    for (const item of this.candidates(selector)) {
      counter.selectorEvaluations++;
      if (selector.matches(labelsOf(item))) out.push(item);
    }
    return out;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
