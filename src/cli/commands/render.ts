import type { Command } from 'commander';
import { collect } from './validate.js';

/** Registers `aipc render`. */
export function registerRender(program: Command): void {
  program
    .command('render')
    .description(
      'Render the chart with the pinned Helm: a built-in tier as deployed (--tier), or the default values. Prints the manifests, or with --split writes one file per object (<namespace>/<kind>-<name>.yaml) into DIR, replacing it.',
    )
    .option('--tier <tier>', "edge, datacenter or connected (uses the chart's values-tier*.yaml)")
    .option('-f, --values <file>', "values file applied after the tier's (repeatable)", collect, [])
    .option('--set <key=value>', 'value applied last, as helm --set (repeatable)', collect, [])
    .option('--split <dir>', 'write one file per object into DIR (replaced as a whole) instead of stdout')
    .option('--chart <dir>', 'chart directory (default: the bundled charts/ai-platform)')
    .option('--helm <path>', 'Helm binary (default: AIPC_HELM or the pinned Helm)')
    .action(async (opts: { tier?: string; values: string[]; set: string[]; split?: string; chart?: string; helm?: string }) => {
      const { runRenderCommand } = await import('../../render/command.js');
      process.exitCode = await runRenderCommand(opts);
    });
}
