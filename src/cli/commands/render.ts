import type { Command } from 'commander';
import { helmOption, releaseFlags, releaseTarget, tierFlags, type ReleaseFlags, type TierFlags } from '../options.js';
import type { Io } from '../io.js';

/** Registers `aipc render`. */
export function registerRender(program: Command, io: Io): void {
  const cmd = program
    .command('render')
    .description(
      "Render the chart with the pinned Helm exactly as the chart README's install does (release --release in namespace -n): a tier (built-in, or a profile file compiled on the fly with --tenants, -f and --set), or the default values. Prints the manifests, or with --split writes one file per object (<namespace>/<kind>-<name>.yaml) into DIR, replacing it.",
    );
  tierFlags(cmd);
  releaseFlags(cmd);
  cmd
    .option('--split <dir>', 'write one file per object into DIR (replaced as a whole) instead of stdout')
    .option('--chart <dir>', 'chart directory (default: the bundled charts/ai-platform)');
  helmOption(cmd).action(async (opts: TierFlags & ReleaseFlags & { split?: string; chart?: string; helm?: string }) => {
    const { renderForCommand, writeSplit } = await import('../../actions/render.js');
    const { assertSplitDirectory, joinObjects } = await import('../../render/split.js');
    // refuse a bad --split before spending a render on it
    if (opts.split !== undefined) assertSplitDirectory(opts.split);
    const objects = await renderForCommand({ ...opts, ...releaseTarget(opts) });
    if (opts.split === undefined) io.stdout.write(joinObjects(objects));
    else io.stderr.write(`wrote ${writeSplit(opts.split, objects)} files to ${opts.split}\n`);
  });
}
