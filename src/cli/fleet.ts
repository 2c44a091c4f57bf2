// Fleet mode at the edge: which sites the flags name and which formats a fleet prints in. The
// scheduling and the printing are the actions' (src/actions/fleet.ts, src/report/fleet.ts).
import type { FleetInputs } from '../actions/fleet.js';
import type { FleetFlags, TierFlags } from './options.js';
import { parseChoice } from './options.js';
import { AipcError, EXIT_USAGE } from '../errors.js';

/** A fleet prints each site's report and a summary table (text, markdown) or one JSON document. */
export const FLEET_FORMATS = ['text', 'markdown', 'json'] as const;

/** The fleet's format: one report per site does not fit SARIF's one run or a YAML stream. */
export const fleetFormat = (format: string | undefined) => parseChoice(format, FLEET_FORMATS, '--format (with several sites)');

/** The fleet the flags name, for fleetSites(); `without` names flags a fleet cannot take (given when true). */
export function fleetInputs(flags: TierFlags & FleetFlags, without: Record<string, boolean> = {}): FleetInputs {
  const refused = Object.keys(without).filter((flag) => without[flag]);
  if (refused.length) throw new AipcError(`${refused.join(', ')} cannot be combined with several --tier or --sites`, EXIT_USAGE);
  return { tiers: flags.tiers ?? (flags.tier !== undefined ? [flags.tier] : undefined), sitesDir: flags.sites, tenantsFile: flags.tenants };
}
