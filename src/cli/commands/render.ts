import type { Command } from 'commander';
import {
  formatOption,
  helmOption,
  parseChoice,
  releaseFlags,
  releaseTarget,
  tierFlags,
  tierInputs,
  type ReleaseFlags,
  type TierFlags,
} from '../options.js';
import type { Io } from '../io.js';

// json: the objects as one `v1` List, as `kubectl get -o json` prints several
const FORMATS = ['yaml', 'json'] as const;

/** Registers `aipc render`. */
export function registerRender(program: Command, io: Io): void {
  const cmd = program
    .command('render')
    .description(
      "Render the chart with the pinned Helm exactly as the chart README's install does (release --release in namespace -n): a tier (built-in, or a profile file compiled on the fly with --tenants, -f and --set), or the default values. Prints the manifests, or with --split writes one file per object (<namespace>/<kind>-<name>.yaml) into DIR, replacing it.",
    );
  tierFlags(cmd);
  releaseFlags(cmd, io);
  cmd
    .option('--split <dir>', 'write one file per object into DIR (replaced as a whole) instead of stdout')
    .option('--chart <dir>', 'chart directory (default: the bundled charts/ai-platform)');
  formatOption(cmd, FORMATS);
  helmOption(cmd).action(async (opts: TierFlags & ReleaseFlags & { split?: string; chart?: string; helm?: string; format: string }) => {
    const format = parseChoice(opts.format, FORMATS);
    const { runRender, writeSplit, assertSplitDirectory, joinObjects } = await import('../../actions/render.js');
    // refuse a bad --split before spending a render on it
    if (opts.split !== undefined) assertSplitDirectory(opts.split);
    const objects = await runRender({ ...tierInputs(opts), ...releaseTarget(opts), helm: opts.helm, chart: opts.chart });
    if (opts.split !== undefined) {
      const written = writeSplit(opts.split, objects);
      if (format === 'json') io.stdout.write(`${JSON.stringify({ dir: opts.split, files: written }, null, 2)}\n`);
      else io.stderr.write(`wrote ${written} files to ${opts.split}\n`);
    } else if (format === 'json')
      io.stdout.write(`${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects.map((m) => m.object) }, null, 2)}\n`);
    else io.stdout.write(joinObjects(objects));
  });
}
