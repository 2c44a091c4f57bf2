import type { Command } from 'commander';

/** Registers `aipc build`. */
export function registerBuild(program: Command): void {
  program
    .command('build')
    .description(
      'The main job: generate the chart and the three tier values files from the model and profiles, render the edge, datacenter and connected tiers with the pinned Helm (concurrently), validate every object, run the pod-security and deployment checks, and print a summary table. Exit 0 all good, 1 any invalid object or failed check, 2 bad input.',
    )
    .option('--out <dir>', 'chart directory to write', 'charts/ai-platform')
    .option('--helm <path>', 'helm binary (default: AIPC_HELM, then the pinned Helm 4)')
    .action(async (opts: { out: string; helm?: string }) => {
      const { runBuildCommand } = await import('../../build-command.js');
      process.exitCode = await runBuildCommand(opts);
    });
}
