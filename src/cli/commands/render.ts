import type { Command } from 'commander';
import { helmOption, setOption, valuesOption } from '../options.js';
import { processIo, type Io } from '../io.js';

/** Registers `aipc render`. */
export function registerRender(program: Command, io: Io = processIo()): void {
  const cmd = program
    .command('render')
    .description(
      'Render the chart with the pinned Helm: a built-in tier as deployed (--tier), or the default values. Prints the manifests, or with --split writes one file per object (<namespace>/<kind>-<name>.yaml) into DIR, replacing it.',
    )
    .option('--tier <tier>', "edge, datacenter or connected (uses the chart's values-tier*.yaml)");
  valuesOption(cmd, "values file applied after the tier's (repeatable)");
  setOption(cmd);
  cmd
    .option('--split <dir>', 'write one file per object into DIR (replaced as a whole) instead of stdout')
    .option('--chart <dir>', 'chart directory (default: the bundled charts/ai-platform)');
  helmOption(cmd).action(
    async (opts: { tier?: string; values: string[]; set: string[]; split?: string; chart?: string; helm?: string }) => {
      const { renderForCommand, writeSplit } = await import('../../actions/render.js');
      const { assertSplitDirectory, joinObjects } = await import('../../render/split.js');
      // refuse a bad --split before spending a render on it
      if (opts.split !== undefined) assertSplitDirectory(opts.split);
      const objects = await renderForCommand(opts);
      if (opts.split === undefined) io.stdout.write(joinObjects(objects));
      else io.stderr.write(`wrote ${writeSplit(opts.split, objects)} files to ${opts.split}\n`);
    },
  );
}
