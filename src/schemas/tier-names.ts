// The three built-in tiers and the file names of their values files, as the SPEC names them.
// Plain data with no dependencies, so renders can use it without loading the profile schemas.

export const TIER_NAMES = ['edge', 'datacenter', 'connected'] as const;
export type TierName = (typeof TIER_NAMES)[number];

/** Values file name of each built-in tier (inside the chart directory). */
export const TIER_VALUES_FILES: Readonly<Record<TierName, string>> = {
  edge: 'values-tier1-edge.yaml',
  datacenter: 'values-tier2-datacenter.yaml',
  connected: 'values-tier3-connected.yaml',
};

/** Whether `name` is one of the built-in tiers. */
export const isBuiltinTier = (name: string): name is TierName => (TIER_NAMES as readonly string[]).includes(name);

/** The built-in tier a mistyped name most likely meant (edit distance at most 2), e.g. `egde` → edge. */
export function closestTier(name: string): TierName | undefined {
  const distance = (a: string, b: string): number => {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++) {
        const swap = i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1] ? row[j - 2] + 1 : Infinity;
        next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1), swap);
      }
      row = next;
    }
    return row[b.length];
  };
  // a transposition counts as one edit (egde → edge); names far longer than a tier are not compared
  if (name.length > 16) return undefined;
  const best = TIER_NAMES.map((t) => ({ t, d: distance(name.toLowerCase(), t) })).sort((x, y) => x.d - y.d)[0];
  return best.d <= 2 ? best.t : undefined;
}
