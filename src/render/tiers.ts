// The built-in tiers' committed values files inside the chart.
import { join } from 'node:path';
import { builtinTierValuesFile } from '../tiers/resolve.js';
import { chartDir } from '../paths.js';
import { TIER_NAMES, TIER_VALUES_FILES as TIER_FILES, type TierName } from '../schemas/tier-names.js';

import { isBuiltinTier } from '../schemas/tier-names.js';

export { isBuiltinTier };
export const BUILTIN_TIERS = TIER_NAMES;
export type BuiltinTier = TierName;

/** File name of a built-in tier's values file (e.g. `values-tier1-edge.yaml`). */
export const tierValuesFileName = (tier: BuiltinTier): string => TIER_FILES[tier];

/** Path of a built-in tier's values file in a chart directory. */
export const tierValuesFile = (tier: BuiltinTier, dir: string = chartDir()): string => join(dir, TIER_FILES[tier]);

/** Fails (exit 2) with a hint when a built-in tier's values file has not been compiled into the chart. */
export const requireTierValuesFile = (tier: string, chartDir: string): void => void builtinTierValuesFile(tier, chartDir);
