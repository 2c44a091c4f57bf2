import type { Command } from 'commander';
import { collect, formatOption, helmOption, parseChoice, valuesOption } from '../options.js';
import type { Io } from '../io.js';

const FORMATS = ['text', 'markdown', 'json', 'sarif'] as const;

/** Registers `aipc compat`. */
export function registerCompat(program: Command, io: Io): void {
  const cmd = program
    .command('compat')
    .description(
      'Say whether a release of the chart can be upgraded to: compares OLD_CHART and NEW_CHART (chart directories), or the chart at git ref --base with the work tree (or --head), per tier — values-API changes (keys removed or renamed, types, enums and bounds narrowed, keys newly required; the old tier files against the new values.schema.json), upgrade blockers in the rendered objects (immutable fields such as StatefulSet serviceName, selector and volumeClaimTemplates, Deployment selector, Job template; renamed or removed StatefulSets and PVCs; CRD versions dropped while still stored) and whether the chart version was bumped by SemVer for what changed. Each finding has a migration note. Exit 0 compatible, 1 breaking findings or a version bump short of the change, 2 bad input.',
    )
    .argument('[charts...]', 'OLD_CHART NEW_CHART: two chart directories')
    .option('--base <ref>', 'the old chart: charts/ai-platform at this git ref')
    .option('--head <ref>', 'with --base: the new chart at this git ref instead of the work tree')
    .option('--tier <tier>', 'built-in tier to compare (edge, datacenter, connected; repeatable; default: all three)', collect, []);
  valuesOption(cmd, "an operator's values file: checked against the new schema and applied to both renders (repeatable)");
  cmd.option('--chart <dir>', 'with --base: the chart in the work tree (default: charts/ai-platform at the repository top)');
  helmOption(cmd);
  formatOption(cmd, FORMATS).action(
    async (
      charts: string[],
      opts: { base?: string; head?: string; tier: string[]; values: string[]; chart?: string; helm?: string; format: string },
    ) => {
      const format = parseChoice(opts.format, FORMATS);
      const { runCompat, formatCompat } = await import('../../actions/compat.js');
      const report = await runCompat(charts, { ...opts, tiers: opts.tier, extraValuesFiles: opts.values });
      io.stdout.write(formatCompat(report, format));
      if (report.failed) io.exitCode = 1;
    },
  );
}
