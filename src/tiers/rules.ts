// The one table of what each built-in tier promises about its network: the invariants checked when
// values are compiled and the deployment checklist both read it, so they cannot disagree.
import type { TierName } from '../schemas/tier-names.js';

export interface TierNetworkRule {
  /** What `global.connectivity` must say. */
  readonly connectivity: 'none' | 'internal' | 'external';
  /** The egress modes the tier allows: its own first, then stricter ones (which keep every promise). */
  readonly egress: readonly ('deny-all' | 'internal-only' | 'allow-approved')[];
}

export const TIER_RULES: Readonly<Record<TierName, TierNetworkRule>> = {
  edge: { connectivity: 'none', egress: ['deny-all'] },
  datacenter: { connectivity: 'internal', egress: ['internal-only', 'deny-all'] },
  connected: { connectivity: 'external', egress: ['allow-approved', 'internal-only', 'deny-all'] },
};

/** `internal-only or deny-all`: the allowed egress modes as a phrase. */
export const allowedEgress = (tier: TierName): string => TIER_RULES[tier].egress.join(' or ');
