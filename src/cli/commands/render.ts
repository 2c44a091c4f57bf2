import type { Command } from 'commander';
import {
  formatOption,
  helmOption,
  parseChoice,
  releaseFlags,
  releaseTarget,
  tierFlags,
  tierInputs,
  isFleet,
  type FleetFlags,
  type ReleaseFlags,
  type TierFlags,
} from '../options.js';
import { fleetInputs } from '../fleet.js';
import { AipcError, EXIT_USAGE } from '../../errors.js';
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
  tierFlags(cmd, undefined, undefined, { fleet: true });
  releaseFlags(cmd, io);
  cmd
    .option(
      '--split <dir>',
      'write one file per object into DIR (replaced as a whole) instead of stdout; with several sites, DIR/<site>/ per site',
    )
    .option('--chart <dir>', 'chart directory (default: the bundled charts/ai-platform)');
  formatOption(cmd, FORMATS);
  helmOption(cmd).action(
    async (opts: TierFlags & FleetFlags & ReleaseFlags & { split?: string; chart?: string; helm?: string; format: string }) => {
      const format = parseChoice(opts.format, FORMATS);
      const { runRender, writeSplit, assertSplitDirectory, joinObjects, runFleet, fleetSites, formatFleet, splitFiles, writeSplitSites } =
        await import('../../actions/render.js');
      if (isFleet(opts)) {
        if (opts.split === undefined)
          throw new AipcError('several sites render into --split DIR (one folder per site), not one stream', EXIT_USAGE);
        const dir = opts.split;
        const sites = fleetSites(fleetInputs(opts));
        assertSplitDirectory(dir);
        const options = { ...tierInputs(opts), ...releaseTarget(opts), helm: opts.helm, chart: opts.chart };
        const result = await runFleet(
          sites,
          async (site) => splitFiles(await runRender({ ...options, tier: site.tier, tenantsFile: site.tenantsFile })),
          () => 0,
        );
        writeSplitSites(
          dir,
          result.sites.flatMap((s) => (s.result ? [{ name: s.site.name, files: s.result }] : [])),
        );
        const where = (name: string) => `${dir.replace(/\/+$/, '')}/${name}`;
        io.stdout.write(
          formatFleet(result, format === 'json' ? 'json' : 'text', {
            report: (files, _format, site) => `wrote ${files.length} files to ${where(site.name)}\n`,
            json: (files) => ({ files: files.length }),
            summary: (files) => `${files.length} files`,
          }),
        );
        io.exitCode = result.exitCode;
        return;
      }
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
    },
  );
}
