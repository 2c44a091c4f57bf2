import type { Command } from 'commander';
import { formatOption, isFleet, parseChoice, tierFlags, tierInputs, type FleetFlags, type TierFlags } from '../options.js';
import { fleetFormat, fleetInputs } from '../fleet.js';
import type { Io } from '../io.js';
import { resolve, join } from 'node:path';
import { AipcError } from '../../errors.js';
import { chartDir } from '../../paths.js';

interface ValuesCliOptions extends TierFlags, FleetFlags {
  output?: string;
  all?: boolean;
  outDir?: string;
  allowOvercommit?: boolean;
  format: string;
}

const FORMATS = ['text', 'json'] as const;

/** Registers `aipc values`. */
export function registerValues(program: Command, io: Io): void {
  const cmd = program
    .command('values')
    .description(
      'Compile the values file of one deployment tier: the chart defaults, then the tier profile, then the tenants, then each -f file, then each --set, ' +
        "merged deeply (mappings merged; lists are REPLACED, not concatenated). The file holds the tier's overrides, for " +
        "`helm install -f values.yaml -f <file>`; the fully merged values are checked against the chart schema, the tier's " +
        'invariants and the hardware (model fit, tenant quotas). Any problem: exit 2, nothing written.',
    );
  tierFlags(cmd, undefined, undefined, { fleet: true });
  cmd
    .option('-o, --output <file>', 'write the values here (atomically) instead of stdout')
    .option(
      '--all',
      'write values-tier1-edge.yaml, values-tier2-datacenter.yaml and values-tier3-connected.yaml (built-in tiers; tenants: profiles/tenants.yaml, and for edge profiles/tenants-edge.yaml, the subset that fits)',
    )
    .option(
      '--out-dir <dir>',
      'with --all: directory to write into (default: the chart directory); with several sites: write DIR/values-<site>.yaml for each (without it, each is compiled and checked only)',
    )
    .option('--allow-overcommit', "accept tenant quotas that exceed the tier's GPUs, CPU or memory (stated in the output header)");
  formatOption(cmd, FORMATS).action(async (opts: ValuesCliOptions) => {
    // json: one document describing what was compiled (the values as data, the files written)
    const fleet = isFleet(opts);
    const format = fleet ? fleetFormat(opts.format) : parseChoice(opts.format, FORMATS);
    const { runValues, runValuesAll, runFleet, fleetSites, formatFleet } = await import('../../actions/values.js');
    if (fleet) {
      const sites = fleetSites(fleetInputs(opts, { '--all': opts.all === true, '-o/--output': opts.output !== undefined }));
      const outDir = opts.outDir;
      const result = await runFleet(
        sites,
        async (site) => {
          const output = outDir === undefined ? undefined : join(outDir, `values-${site.name}.yaml`);
          return { output, compiled: runValues({ ...tierInputs(opts), tier: site.tier, tenantsFile: site.tenantsFile, output }) };
        },
        () => 0,
      );
      const tenantsOf = (r: { compiled: { tenants: readonly unknown[] } }) =>
        `${r.compiled.tenants.length} tenant${r.compiled.tenants.length === 1 ? '' : 's'}`;
      io.stdout.write(
        formatFleet(result, format as 'text' | 'markdown' | 'json', {
          report: (r) =>
            `${r.compiled.profile.profile.name} (${r.compiled.profile.profile.tier}): ${tenantsOf(r)}, ${r.output ? `wrote ${r.output}` : 'compiled and checked (--out-dir DIR writes it)'}\n`,
          json: (r) => ({
            tier: r.compiled.profile.profile.tier,
            profile: r.compiled.profile.profile.name,
            tenants: r.compiled.tenants.map((t) => t.name),
            overcommit: r.compiled.overcommit,
            output: r.output ?? null,
            values: r.compiled.overrides,
          }),
          summary: (r) => `${r.compiled.profile.profile.tier}, ${tenantsOf(r)}${r.output ? `, ${r.output}` : ''}`,
        }),
      );
      io.exitCode = result.exitCode;
      return;
    }
    if (opts.all) {
      if (
        opts.tier ||
        opts.tenants ||
        opts.set.length ||
        opts.setString.length ||
        opts.setFile.length ||
        opts.values.length ||
        opts.output
      ) {
        throw new AipcError(
          '--all compiles the built-in tiers with their own tenant lists; it takes no --tier, --tenants, -f, --set or --output',
          2,
          'use --out-dir to choose where the files go',
        );
      }
      const dir = opts.outDir ? resolve(opts.outDir) : chartDir();
      const written = runValuesAll(dir, { allowOvercommit: opts.allowOvercommit }).map((f) =>
        join(opts.outDir ?? 'charts/ai-platform', f.path),
      );
      io.stdout.write(format === 'json' ? `${JSON.stringify({ files: written }, null, 2)}\n` : written.map((f) => `wrote ${f}\n`).join(''));
      return;
    }
    if (opts.outDir && opts.tier) throw new AipcError('--out-dir goes with --all; for one tier use -o FILE', 2);
    const compiled = runValues({ ...tierInputs(opts), output: opts.output });
    if (format === 'json') {
      const { profile } = compiled.profile;
      io.stdout.write(
        `${JSON.stringify(
          {
            tier: profile.tier,
            profile: profile.name,
            tenants: compiled.tenants.map((t) => t.name),
            overcommit: compiled.overcommit,
            output: opts.output ?? null,
            values: compiled.overrides,
          },
          null,
          2,
        )}\n`,
      );
    } else if (!opts.output) io.stdout.write(compiled.text);
  });
}
