// CLI glue for `aipc build`.
import { resolve } from 'node:path';
import { build, formatBuildSummary } from './build.js';
import { AipcError, EXIT_FINDINGS, EXIT_USAGE } from './errors.js';

/** Runs `aipc build`, printing a progress line per step and the summary; returns the exit code. */
export async function runBuildCommand(opts: { out: string; helm?: string; tier?: string; tenants?: string }): Promise<number> {
  if (opts.tenants && !opts.tier)
    throw new AipcError('--tenants needs --tier (the three built-in tiers use their own sample tenant lists)', EXIT_USAGE);
  const result = await build({
    chartDir: resolve(opts.out),
    helm: opts.helm,
    tier: opts.tier,
    tenantsFile: opts.tenants,
    progress: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(formatBuildSummary(result));
  return result.ok ? 0 : EXIT_FINDINGS;
}
