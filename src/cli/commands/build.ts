import type { Command } from 'commander';
import { helmOption } from '../options.js';
import { processIo, type Io } from '../io.js';

/** Registers `aipc build`. */
export function registerBuild(program: Command, io: Io = processIo()): void {
  const cmd = program
    .command('build')
    .description(
      'The main job: generate the chart and the three tier values files from the model and profiles, render the edge, datacenter and connected tiers with the pinned Helm (concurrently), validate every object, run the pod-security and deployment checks, and print a summary table. Exit 0 all good, 1 any invalid object or failed check, 2 bad input.',
    )
    .option('--out <dir>', 'chart directory to write', 'charts/ai-platform')
    .option('--tier <name|file>', 'build only this tier: a built-in name or a profile file (e.g. a site tier that extends edge)')
    .option('--tenants <file>', "tenant list for --tier (default: the tier's sample list)");
  helmOption(cmd).action(async (opts: { out: string; helm?: string; tier?: string; tenants?: string }) => {
    const { AipcError } = await import('../../errors.js');
    if (opts.tenants && !opts.tier)
      throw new AipcError('--tenants needs --tier (the three built-in tiers use their own sample tenant lists)');
    const { resolve } = await import('node:path');
    const { build, formatBuildSummary } = await import('../../actions/build.js');
    const result = await build({
      chartDir: resolve(opts.out),
      helm: opts.helm,
      tier: opts.tier,
      tenantsFile: opts.tenants,
      progress: (line) => io.stdout.write(`${line}\n`),
    });
    io.stdout.write(formatBuildSummary(result));
    if (!result.ok) process.exitCode = 1;
  });
}
