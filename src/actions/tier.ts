// The tier a command works on, from the flags every such command shares (src/cli/options.ts):
// resolved once — compiled on the fly when it is a profile file or has tenants or --set — and
// handed to render, checks, airgap and build. The compiled file lives only as long as the job.
import { withReleaseFile } from '../model/release.js';
import type { ValuesInput } from '../model/values-input.js';
import { resolveTier, type ResolvedTier } from '../tiers/resolve.js';
import { makeTempDir, removeTempDir } from '../io/cleanup.js';

/** `--tier`, `--tenants`, and the values input (`-f`, `--set`, `--set-string`, `--set-file`). */
export interface TierInputs extends ValuesInput {
  readonly tier?: string;
  /** The tenant list compiled into the tier (default: a built-in tier's shipped list). */
  readonly tenantsFile?: string;
  readonly allowOvercommit?: boolean;
}

/** Resolves `inputs` (their `tier` given) and runs `use` while a tier compiled on the fly exists. */
export async function withResolvedTier<T>(
  inputs: TierInputs & {
    readonly tier: string;
    readonly chartDir?: string;
    readonly namespace?: string;
    readonly releaseFile?: string;
    readonly compile?: boolean;
  },
  use: (tier: ResolvedTier) => Promise<T>,
): Promise<T> {
  const workDir = makeTempDir('aipc-tier-');
  try {
    const resolve = () =>
      resolveTier({
        tier: inputs.tier,
        chartDir: inputs.chartDir,
        tenantsFile: inputs.tenantsFile,
        extraValuesFiles: inputs.extraValuesFiles,
        set: inputs.set,
        setString: inputs.setString,
        setFile: inputs.setFile,
        allowOvercommit: inputs.allowOvercommit,
        namespace: inputs.namespace,
        compile: inputs.compile,
        workDir,
      });
    // a side of `diff --base` at a git ref compiles with that ref's release data
    const tier = inputs.releaseFile ? withReleaseFile(inputs.releaseFile, resolve) : resolve();
    return await use(tier);
  } finally {
    removeTempDir(workDir);
  }
}
