// Fleet mode: one command over many sites in one process. Every site is started at once and its
// render waits for a slot of the one render limiter (src/render/render.ts, as many Helm processes
// as cores), so renders overlap while finished ones are checked on the main thread. A site that
// fails — a bad profile, a Helm error — is that site's result; it never stops or hides the others.
import { AipcError, OptionError } from '../errors.js';
import type { Site } from '../tiers/sites.js';
import { sitesInFolder, sitesOfTiers } from '../tiers/sites.js';

export type { Site };

/** Where a fleet comes from: `--tier` given more than once, or `--sites DIR`. */
export interface FleetInputs {
  readonly tiers?: readonly string[];
  readonly sitesDir?: string;
  /** With `tiers`: the tenant list every site is compiled with. */
  readonly tenantsFile?: string;
}

/** What one site came to: its result and exit code, or the error that stopped it (exit 2, or 1 for Helm's). */
export interface SiteOutcome<T> {
  readonly site: Site;
  readonly result?: T;
  readonly error?: AipcError;
  readonly exitCode: number;
}

export interface FleetResult<T> {
  readonly sites: readonly SiteOutcome<T>[];
  /** The worst site's exit code. */
  readonly exitCode: number;
}

/** The sites the inputs name, in the order given (`--tier`) or by name (`--sites`). */
export function fleetSites(inputs: FleetInputs): Site[] {
  if (inputs.sitesDir !== undefined) {
    if (inputs.tiers?.length) throw new OptionError('sitesDir', 'excludes {tiers}: give one or the other');
    if (inputs.tenantsFile !== undefined)
      throw new OptionError(
        'tenantsFile',
        'goes with {tiers}; each site in {sitesDir} names its own (<site>.tenants.yaml beside its profile)',
      );
    return sitesInFolder(inputs.sitesDir);
  }
  if (!inputs.tiers?.length) throw new AipcError('a fleet needs --tier (repeated) or --sites DIR');
  return sitesOfTiers(inputs.tiers, inputs.tenantsFile);
}

/**
 * Runs `run` for every site, all in flight together (each one's Helm render bounded by the render
 * limiter), and collects each site's outcome; `exitCodeOf` says what a finished site's result means.
 * A user-facing error (AipcError) is the site's outcome; anything else is a bug and is rethrown
 * once every site has finished (no temporary left behind).
 */
export async function runFleet<T>(
  sites: readonly Site[],
  run: (site: Site) => Promise<T>,
  exitCodeOf: (result: T) => number,
): Promise<FleetResult<T>> {
  const started: Promise<SiteOutcome<T>>[] = [];
  for (const site of sites) {
    started.push(
      (async (): Promise<SiteOutcome<T>> => {
        try {
          const result = await run(site);
          return { site, result, exitCode: exitCodeOf(result) };
        } catch (err) {
          if (err instanceof AipcError) return { site, error: err, exitCode: err.exitCode };
          throw err;
        }
      })(),
    );
    // a site's tier is resolved on the main thread before its render is queued: let finished
    // renders hand their slot on (and be checked) between two sites' resolutions
    await new Promise((resolve) => setImmediate(resolve));
  }
  const settled = await Promise.allSettled(started);
  const bug = settled.find((s) => s.status === 'rejected');
  if (bug) throw (bug as PromiseRejectedResult).reason;
  const outcomes = settled.map((s) => (s as PromiseFulfilledResult<SiteOutcome<T>>).value);
  return { sites: outcomes, exitCode: Math.max(0, ...outcomes.map((o) => o.exitCode)) };
}

export { formatFleet, type FleetFormat, type FleetPrinter } from '../report/fleet.js';
