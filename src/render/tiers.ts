// The built-in tiers and their committed values files inside the chart.
import { join } from 'node:path';
import { chartDir } from '../paths.js';

export const BUILTIN_TIERS = ['edge', 'datacenter', 'connected'] as const;
export type BuiltinTier = (typeof BUILTIN_TIERS)[number];

const TIER_FILES: Record<BuiltinTier, string> = {
  edge: 'values-tier1-edge.yaml',
  datacenter: 'values-tier2-datacenter.yaml',
  connected: 'values-tier3-connected.yaml',
};

/** File name of a built-in tier's values file (e.g. `values-tier1-edge.yaml`). */
export const tierValuesFileName = (tier: BuiltinTier): string => TIER_FILES[tier];

/** Path of a built-in tier's values file in a chart directory. */
export const tierValuesFile = (tier: BuiltinTier, dir: string = chartDir()): string => join(dir, TIER_FILES[tier]);

export const isBuiltinTier = (name: string): name is BuiltinTier => (BUILTIN_TIERS as readonly string[]).includes(name);
