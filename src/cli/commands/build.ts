import type { Command } from 'commander';

/** Registers `aipc build`. */
export function registerBuild(program: Command): void {
  program
    .command('build')
    .description(
      'The main job: generate the chart and the three tier values files from the model and profiles, render the edge, datacenter and connected tiers with the pinned Helm (concurrently), validate every object, run the pod-security and deployment checks, and print a summary table. Exit 0 all good, 1 any invalid object or failed check, 2 bad input.',
    )
    .option('--out <dir>', 'chart directory to write', 'charts/ai-platform')
    .option('--tier <name|file>', 'build only this tier: a built-in name or a profile file (e.g. a site tier that extends edge)')
    .option('--tenants <file>', "tenant list for --tier (default: the tier's sample list)")
    .option('--helm <path>', 'helm binary (default: AIPC_HELM, then the pinned Helm 4)')
    .action(async (opts: { out: string; helm?: string; tier?: string; tenants?: string }) => {
      const { runBuildCommand } = await import('../../build-command.js');
      process.exitCode = await runBuildCommand(opts);
    });
}
