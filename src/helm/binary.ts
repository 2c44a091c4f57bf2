// Locating Helm. Users: --helm PATH, then AIPC_HELM, then the pinned Helm 4 that `npm ci`
// extracted and checksummed. Tests and golden files always name a pinned binary explicitly.
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { AipcError } from '../errors.js';
import { packageRoot } from '../paths.js';
import pins from './pins.json' with { type: 'json' };

export type PinnedHelm = keyof typeof pins;

/** The pinned Helm versions, e.g. `{ helm4: 'v4.1.4', helm3: 'v3.17.3' }`. */
export const pinnedHelmVersions: Record<PinnedHelm, string> = {
  helm4: pins.helm4.version,
  helm3: pins.helm3.version,
};

/** Path of a pinned Helm binary in the install cache (checked to exist and be executable). */
export function pinnedHelmPath(which: PinnedHelm = 'helm4'): string {
  const path = join(packageRoot(), 'node_modules/.cache/aipc/helm', pins[which].version, 'helm');
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new AipcError(
      `pinned Helm ${pins[which].version} is not installed at ${path}`,
      2,
      'run `npm ci` (its postinstall step extracts and verifies Helm), or pass --helm PATH',
    );
  }
  return path;
}

/** Resolves the Helm binary for a command: explicit path, then AIPC_HELM, then pinned Helm 4. */
export function resolveHelm(explicit?: string): string {
  const chosen = explicit ?? process.env.AIPC_HELM;
  if (chosen) {
    try {
      accessSync(chosen, constants.X_OK);
    } catch {
      throw new AipcError(`helm binary ${chosen} does not exist or is not executable`, 2, 'check --helm or AIPC_HELM');
    }
    return chosen;
  }
  return pinnedHelmPath('helm4');
}
