// Indexes that narrow which objects a label selector can match (LabelIndex: objects by their labels)
// and which selectors can match an object (SelectorIndex: selectors by one requirement each), so a
// specific selector costs time in proportion to what it selects, not to the cluster. Every answer is
// still decided by LabelSelector.matches (kube/selectors.ts); the index only skips sure misses.
// Answers come in the order the items were added, whatever the postings they came from.
import type { LabelSelector, Labels } from './selectors.js';

/** Counts the selector evaluations an index made, so tests can assert that work grows linearly with the input. */
export interface SelectorCounter {
  selectorEvaluations: number;
}

const pairKey = (k: string, v: string): string => `${k}\u0000${v}`;

/** Items indexed by label `key=value` and by key; `select` evaluates a selector on candidates only. */
export class LabelIndex<T> {
  readonly all: T[] = [];
  private readonly byPair = new Map<string, number[]>();
  private readonly byKey = new Map<string, number[]>();

  add(item: T, labels: Labels): void {
    const seq = this.all.push(item) - 1;
    for (const [k, v] of Object.entries(labels)) {
      push(this.byPair, pairKey(k, v), seq);
      push(this.byKey, k, seq);
    }
  }

  /** The smallest list that surely holds every match (the whole index when nothing narrows it), in the order added. */
  candidates(selector: LabelSelector): readonly T[] {
    let best: readonly number[] | undefined;
    const consider = (list: readonly number[]) => {
      if (best === undefined || list.length < best.length) best = list;
    };
    for (const [k, v] of selector.matchLabels) consider(this.byPair.get(pairKey(k, v)) ?? []);
    for (const r of selector.requirements) {
      if (r.operator === 'Exists') consider(this.byKey.get(r.key) ?? []);
      else if (r.operator === 'In') {
        const lists = r.values.map((v) => this.byPair.get(pairKey(r.key, v)) ?? []);
        if (best === undefined || lists.reduce((n, l) => n + l.length, 0) < best.length) best = merged(lists);
      }
    }
    return best === undefined ? this.all : best.map((i) => this.all[i]);
  }

  /** Whether some item's labels match the selector (stops at the first). */
  some(selector: LabelSelector, labelsOf: (item: T) => Labels, counter?: SelectorCounter): boolean {
    if (selector.isEverything()) return this.all.length > 0;
    for (const item of this.candidates(selector)) {
      if (counter) counter.selectorEvaluations++;
      if (selector.matches(labelsOf(item))) return true;
    }
    return false;
  }

  /** Every item whose labels (as given by `labelsOf`) match the selector, in the order added. */
  select(selector: LabelSelector, labelsOf: (item: T) => Labels, counter?: SelectorCounter): T[] {
    if (selector.isEverything()) return this.all;
    const out: T[] = [];
    for (const item of this.candidates(selector)) {
      if (counter) counter.selectorEvaluations++;
      if (selector.matches(labelsOf(item))) out.push(item);
    }
    return out;
  }
}

/**
 * Selectors indexed by one requirement each (a `key=value` of matchLabels, else the values of an
 * `In`, else the key of an `Exists`; selectors with none of these are checked against everything),
 * so `matching` evaluates only the selectors that can select a given label set.
 */
export class SelectorIndex<T> {
  private readonly entries: { readonly item: T; readonly selector: LabelSelector }[] = [];
  private readonly byPair = new Map<string, number[]>();
  private readonly byKey = new Map<string, number[]>();
  private readonly unanchored: number[] = [];

  get size(): number {
    return this.entries.length;
  }

  add(item: T, selector: LabelSelector): void {
    const seq = this.entries.push({ item, selector }) - 1;
    const [pair] = selector.matchLabels;
    if (pair) return push(this.byPair, pairKey(pair[0], pair[1]), seq);
    const inReq = selector.requirements.find((r) => r.operator === 'In');
    // an In of no values selects nothing: posted nowhere, it is never a candidate
    if (inReq) return new Set(inReq.values).forEach((v) => push(this.byPair, pairKey(inReq.key, v), seq));
    const exists = selector.requirements.find((r) => r.operator === 'Exists');
    if (exists) return push(this.byKey, exists.key, seq);
    this.unanchored.push(seq);
  }

  /** The items whose selector selects these labels, in the order added. */
  matching(labels: Labels, counter?: SelectorCounter): T[] {
    const lists: (readonly number[])[] = [this.unanchored];
    for (const [k, v] of Object.entries(labels)) {
      const byPair = this.byPair.get(pairKey(k, v));
      if (byPair) lists.push(byPair);
      const byKey = this.byKey.get(k);
      if (byKey) lists.push(byKey);
    }
    const out: T[] = [];
    for (const seq of merged(lists)) {
      const { item, selector } = this.entries[seq];
      if (counter) counter.selectorEvaluations++;
      if (selector.matches(labels)) out.push(item);
    }
    return out;
  }
}

/** Sorted, distinct union of ascending lists. */
function merged(lists: readonly (readonly number[])[]): readonly number[] {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length === 0) return [];
  if (nonEmpty.length === 1) return nonEmpty[0];
  const all = nonEmpty.flat().sort((a, b) => a - b);
  return all.filter((x, i) => i === 0 || x !== all[i - 1]);
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
