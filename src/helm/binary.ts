// Locating Helm. Users: an explicit path (the CLI's --helm), then AIPC_HELM, then the pinned
// Helm 4, extracted and checksummed on first use (provision.ts). Tests and golden files always
// name a pinned binary explicitly.
import { accessSync, constants } from 'node:fs';
import { AipcError, OptionError } from '../errors.js';
import pins from './pins.json' with { type: 'json' };
import { provisionTool } from './provision.js';

/** The pinned Helm majors: Helm 4 ships with aipc, Helm 3 (a dev dependency) serves the tests. */
export type PinnedHelm = 'helm4' | 'helm3';

/** The pinned Helm versions, e.g. `{ helm4: 'v4.1.4', helm3: 'v3.17.3' }`. */
export const pinnedHelmVersions: Record<PinnedHelm, string> = {
  helm4: pins.helm4.version,
  helm3: pins.helm3.version,
};

/** Path of a pinned Helm binary, provisioned (extracted and checksummed) on first use. */
export function pinnedHelmPath(which: PinnedHelm = 'helm4'): string {
  return provisionTool(pins[which]);
}

/** Resolves the Helm binary for a command: explicit path, then AIPC_HELM, then pinned Helm 4. */
export function resolveHelm(explicit?: string): string {
  const chosen = explicit ?? process.env.AIPC_HELM;
  if (chosen) {
    try {
      accessSync(chosen, constants.X_OK);
    } catch {
      if (explicit) throw new OptionError('helm', `${chosen} does not exist or is not executable`);
      throw new AipcError(`AIPC_HELM=${chosen} does not exist or is not executable`);
    }
    return chosen;
  }
  return pinnedHelmPath('helm4');
}
