// Sets of integers as sorted, disjoint, non-adjacent closed intervals. Used for port sets (1-65535)
// and IPv4 address sets (0 .. 2^32-1; JavaScript numbers hold those exactly).

/** A closed interval [low, high]. */
export type Interval = readonly [low: number, high: number];

/** An immutable set of integers kept as normalized intervals. */
export class IntervalSet {
  static readonly EMPTY = new IntervalSet([]);

  private constructor(readonly intervals: readonly Interval[]) {}

  static range(low: number, high: number): IntervalSet {
    return low > high ? IntervalSet.EMPTY : new IntervalSet([[low, high]]);
  }

  /** Normalizes any list of intervals (unsorted, overlapping, adjacent). */
  static fromIntervals(list: readonly Interval[]): IntervalSet {
    const sorted = list.filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0]);
    const out: [number, number][] = [];
    for (const [lo, hi] of sorted) {
      const last = out[out.length - 1];
      if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
      else out.push([lo, hi]);
    }
    return out.length ? new IntervalSet(out) : IntervalSet.EMPTY;
  }

  isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  union(other: IntervalSet): IntervalSet {
    if (other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    return IntervalSet.fromIntervals([...this.intervals, ...other.intervals]);
  }

  intersect(other: IntervalSet): IntervalSet {
    const out: Interval[] = [];
    let i = 0;
    let j = 0;
    const a = this.intervals;
    const b = other.intervals;
    while (i < a.length && j < b.length) {
      const lo = Math.max(a[i][0], b[j][0]);
      const hi = Math.min(a[i][1], b[j][1]);
      if (lo <= hi) out.push([lo, hi]);
      if (a[i][1] < b[j][1]) i++;
      else j++;
    }
    return out.length ? new IntervalSet(out) : IntervalSet.EMPTY;
  }

  subtract(other: IntervalSet): IntervalSet {
    if (other.isEmpty() || this.isEmpty()) return this;
    const out: Interval[] = [];
    let j = 0;
    const b = other.intervals;
    for (const [lo0, hi] of this.intervals) {
      let lo = lo0;
      while (j < b.length && b[j][1] < lo) j++;
      let k = j;
      while (k < b.length && b[k][0] <= hi) {
        if (b[k][0] > lo) out.push([lo, b[k][0] - 1]);
        lo = Math.max(lo, b[k][1] + 1);
        k++;
      }
      if (lo <= hi) out.push([lo, hi]);
    }
    return out.length ? new IntervalSet(out) : IntervalSet.EMPTY;
  }

  /** Every member of `other` is in this set. */
  covers(other: IntervalSet): boolean {
    return other.subtract(this).isEmpty();
  }

  equals(other: IntervalSet): boolean {
    if (this.intervals.length !== other.intervals.length) return false;
    return this.intervals.every(([lo, hi], i) => lo === other.intervals[i][0] && hi === other.intervals[i][1]);
  }

  /** `80,443,8000-8080` */
  toString(): string {
    return this.intervals.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(',');
  }
}
