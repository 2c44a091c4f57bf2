// The tier a command works on, from the flags every such command shares (src/cli/options.ts):
// resolved once — compiled on the fly when it is a profile file or has tenants or --set — and
// handed to render, checks, airgap and build. The compiled file lives only as long as the job.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withReleaseFile } from '../model/release.js';
import { resolveTier, type ResolvedTier } from '../tiers/resolve.js';

/** `--tier`, `--tenants`, `-f`, `--set`, `--set-string`, `--set-file`. */
export interface TierInputs {
  readonly tier?: string;
  readonly tenants?: string;
  readonly values?: readonly string[];
  readonly set?: readonly string[];
  readonly setString?: readonly string[];
  readonly setFile?: readonly string[];
  readonly allowOvercommit?: boolean;
}

/** Resolves `inputs` (their `tier` given) and runs `use` while a tier compiled on the fly exists. */
export async function withResolvedTier<T>(
  inputs: TierInputs & { readonly tier: string; readonly chartDir?: string; readonly releaseFile?: string },
  use: (tier: ResolvedTier) => Promise<T>,
): Promise<T> {
  const workDir = mkdtempSync(join(tmpdir(), 'aipc-tier-'));
  try {
    const resolve = () =>
      resolveTier({
        tier: inputs.tier,
        chartDir: inputs.chartDir,
        tenantsFile: inputs.tenants,
        valuesFiles: inputs.values,
        sets: inputs.set,
        setStrings: inputs.setString,
        setFiles: inputs.setFile,
        allowOvercommit: inputs.allowOvercommit,
        workDir,
      });
    // a side of `diff --base` at a git ref compiles with that ref's release data
    const tier = inputs.releaseFile ? withReleaseFile(inputs.releaseFile, resolve) : resolve();
    return await use(tier);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
