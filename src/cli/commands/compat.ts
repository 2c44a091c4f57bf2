import type { Command } from 'commander';
import {
  collect,
  formatOption,
  helmOption,
  parseChoice,
  releaseFlags,
  releaseTarget,
  tierInputs,
  valuesOption,
  type ReleaseFlags,
  type TierFlags,
} from '../options.js';
import type { Io } from '../io.js';

const FORMATS = ['text', 'markdown', 'json', 'sarif'] as const;

/** Registers `aipc compat`. */
export function registerCompat(program: Command, io: Io): void {
  const cmd = program
    .command('compat')
    .description(
      'Say whether a release of the chart can be upgraded to: compares OLD_CHART and NEW_CHART (chart directories), or the chart at git ref --base with the work tree (or --head), each side with its own copy of every file named (profile, tenants, values files, release data), per tier — values-API changes (keys removed or renamed, types, enums and bounds narrowed, keys newly required; the old tier values against the new values.schema.json), CRD changes in crds/ (fields added, removed or retyped, constraints, versions: helm upgrade never applies them), upgrade blockers in the rendered objects (immutable fields such as StatefulSet serviceName, selector and volumeClaimTemplates, Deployment selector, Job template; renamed or removed StatefulSets and PVCs; CRD versions dropped while still stored; a Namespace adopted or removed) and whether the chart version was bumped by SemVer for what changed. Each finding has a migration note, and each tier says what each side rendered. Exit 0 compatible, 1 breaking findings or a version bump short of the change, 2 bad input.',
    )
    .argument('[charts...]', 'OLD_CHART NEW_CHART: two chart directories')
    .option('--base <ref>', 'the old chart: charts/ai-platform at this git ref')
    .option('--head <ref>', 'with --base: the new chart at this git ref instead of the work tree')
    .option(
      '--tier <name|file>',
      'tier to compare: a built-in tier (edge, datacenter, connected) or a site profile file (repeatable; default: the three built-in tiers)',
      collect,
      [],
    )
    .option('--tenants <file>', "tenant list compiled into each tier (default: a built-in tier's shipped list; a profile file: none)");
  valuesOption(cmd, "an operator's values file: checked against the new schema and applied to both renders (repeatable)");
  cmd
    .option('--set <key=value>', 'value applied last to both renders, as in render (repeatable)', collect, [])
    .option('--set-string <key=value>', 'as --set, the value kept as a string (repeatable)', collect, [])
    .option('--set-file <key=path>', "as --set, the value the file's text (repeatable)", collect, []);
  releaseFlags(cmd, io);
  cmd.option('--chart <dir>', 'with --base: the chart in the work tree (default: charts/ai-platform at the repository top)');
  helmOption(cmd);
  formatOption(cmd, FORMATS).action(
    async (
      charts: string[],
      opts: Omit<TierFlags, 'tier'> &
        ReleaseFlags & { base?: string; head?: string; tier: string[]; chart?: string; helm?: string; format: string },
    ) => {
      const format = parseChoice(opts.format, FORMATS);
      const { runCompat, formatCompat } = await import('../../actions/compat.js');
      const report = await runCompat(charts, {
        ...tierInputs({ ...opts, tier: undefined }),
        ...releaseTarget(opts),
        base: opts.base,
        head: opts.head,
        chart: opts.chart,
        helm: opts.helm,
        tiers: opts.tier,
      });
      io.stdout.write(formatCompat(report, format));
      if (report.failed) io.exitCode = 1;
    },
  );
}
