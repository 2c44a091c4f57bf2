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
