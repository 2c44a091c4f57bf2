// Kubernetes label selectors (metav1.LabelSelector): matchLabels and matchExpressions, parsed and
// evaluated as k8s.io/apimachinery pkg/labels does. The one implementation every area uses.

/** A set of labels, key → value. */
export type Labels = Readonly<Record<string, string>>;

interface Requirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

/** A parsed `metav1.LabelSelector`. An empty selector matches everything. */
export class LabelSelector {
  private constructor(
    readonly matchLabels: readonly (readonly [string, string])[],
    readonly requirements: readonly Requirement[],
  ) {}

  static readonly EVERYTHING = new LabelSelector([], []);

  /** Parses a selector; returns an error message for malformed input. */
  static parse(raw: unknown): LabelSelector | string {
    if (raw === null || raw === undefined) return LabelSelector.EVERYTHING;
    if (typeof raw !== 'object' || Array.isArray(raw)) return 'a label selector must be a mapping';
    const { matchLabels, matchExpressions } = raw as { matchLabels?: unknown; matchExpressions?: unknown };
    const pairs: [string, string][] = [];
    if (matchLabels !== undefined && matchLabels !== null) {
      if (typeof matchLabels !== 'object' || Array.isArray(matchLabels)) return 'matchLabels must be a mapping';
      for (const [k, v] of Object.entries(matchLabels)) pairs.push([k, String(v)]);
    }
    const reqs: Requirement[] = [];
    if (matchExpressions !== undefined && matchExpressions !== null) {
      if (!Array.isArray(matchExpressions)) return 'matchExpressions must be a list';
      for (const e of matchExpressions as { key?: unknown; operator?: unknown; values?: unknown }[]) {
        if (typeof e?.key !== 'string') return 'a matchExpressions entry needs a key';
        if (e.operator !== 'In' && e.operator !== 'NotIn' && e.operator !== 'Exists' && e.operator !== 'DoesNotExist') {
          return `unknown matchExpressions operator ${JSON.stringify(e.operator)}`;
        }
        const values = Array.isArray(e.values) ? e.values.map(String) : [];
        reqs.push({ key: e.key, operator: e.operator, values });
      }
    }
    return pairs.length || reqs.length ? new LabelSelector(pairs, reqs) : LabelSelector.EVERYTHING;
  }

  /** A selector of exactly these labels (matchLabels). */
  static ofLabels(labels: Labels): LabelSelector {
    const pairs = Object.entries(labels);
    return pairs.length ? new LabelSelector(pairs, []) : LabelSelector.EVERYTHING;
  }

  /**
   * A key equal for selectors with the same requirements, whatever their order (and `k In [v]`
   * equal to `k=v`), as Kubernetes' `labels.Selector` string orders them.
   */
  canonical(): string {
    const reqs = [
      ...this.matchLabels.map(([k, v]) => [k, `${k}=${v}`] as const),
      ...this.requirements.map((r) => {
        const vals = [...r.values].sort().join(',');
        const text =
          r.operator === 'In' && r.values.length === 1
            ? `${r.key}=${r.values[0]}`
            : r.operator === 'In'
              ? `${r.key} in (${vals})`
              : r.operator === 'NotIn'
                ? `${r.key} notin (${vals})`
                : r.operator === 'Exists'
                  ? r.key
                  : `!${r.key}`;
        return [r.key, text] as const;
      }),
    ];
    return reqs
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
      .map((r) => r[1])
      .join(',');
  }

  /** netpol-analyzer's rendering: `k=v` pairs, then `{Key:k,Operator:Op,Values:[a b],}` per expression, keys sorted. */
  format(): string {
    const byKey = <T extends { key: string }>(a: T, b: T) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    const labels = this.matchLabels.map(([key, value]) => ({ key, value })).sort(byKey);
    const exprs = [...this.requirements].sort(byKey);
    return [
      ...labels.map((l) => `${l.key}=${l.value}`),
      ...exprs.map((r) => `{Key:${r.key},Operator:${r.operator},Values:[${r.values.join(' ')}],}`),
    ].join(',');
  }

  /** Labels of an object this selector selects (`In` takes its first value, `Exists` an empty one); undefined when none can be built so. */
  sampleLabels(): Labels | undefined {
    const labels: Record<string, string> = Object.fromEntries(this.matchLabels);
    for (const r of this.requirements) {
      if (r.operator === 'In' && !(r.key in labels)) labels[r.key] = r.values[0] ?? '';
      else if (r.operator === 'Exists' && !(r.key in labels)) labels[r.key] = '';
    }
    return this.matches(labels) ? labels : undefined;
  }

  /** Whether the selector is empty (selects every object). */
  isEverything(): boolean {
    return this.matchLabels.length === 0 && this.requirements.length === 0;
  }

  /** Whether the selector selects an object with these labels. */
  matches(labels: Labels): boolean {
    for (const [k, v] of this.matchLabels) if (labels[k] !== v) return false;
    for (const r of this.requirements) {
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      switch (r.operator) {
        case 'In':
          if (!has || !r.values.includes(labels[r.key])) return false;
          break;
        case 'NotIn':
          if (has && r.values.includes(labels[r.key])) return false;
          break;
        case 'Exists':
          if (!has) return false;
          break;
        case 'DoesNotExist':
          if (has) return false;
          break;
      }
    }
    return true;
  }

  /**
   * Whether no set of labels can match both selectors: some key one selector requires among
   * values the other excludes (different `k=v`, disjoint `In` sets, `NotIn` covering the other's
   * values), or one requires and the other forbids. False means they may select the same object.
   */
  disjointFrom(other: LabelSelector): boolean {
    const a = this.constraints();
    const b = other.constraints();
    for (const [key, x] of a) {
      const y = b.get(key);
      if (!y) continue;
      if ((x.present === true && y.present === false) || (x.present === false && y.present === true)) return true;
      const allowed = (c: KeyConstraint, v: string) => (c.in === undefined || c.in.has(v)) && !c.notIn.has(v);
      if (x.in && ![...x.in].some((v) => allowed(y, v))) return true;
      if (y.in && ![...y.in].some((v) => allowed(x, v))) return true;
    }
    return false;
  }

  /** Per key: the values it may take (undefined: any), the values it may not, and whether it must (or must not) be present. */
  private constraints(): Map<string, KeyConstraint> {
    const out = new Map<string, KeyConstraint>();
    const get = (key: string) => {
      let c = out.get(key);
      if (!c) out.set(key, (c = { notIn: new Set() }));
      return c;
    };
    const restrict = (c: KeyConstraint, values: readonly string[]) => {
      c.in = new Set(c.in === undefined ? values : values.filter((v) => c.in!.has(v)));
      c.present = true;
    };
    for (const [k, v] of this.matchLabels) restrict(get(k), [v]);
    for (const r of this.requirements) {
      const c = get(r.key);
      if (r.operator === 'In') restrict(c, r.values);
      else if (r.operator === 'NotIn') r.values.forEach((v) => c.notIn.add(v));
      else if (r.operator === 'Exists') c.present = c.present === false ? c.present : true;
      else c.present = false;
    }
    return out;
  }
}

interface KeyConstraint {
  in?: Set<string>;
  readonly notIn: Set<string>;
  present?: boolean;
}
