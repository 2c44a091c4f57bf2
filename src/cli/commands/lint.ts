import type { Command } from 'commander';
import { collect, formatOption, helmOption, isFleet, kubeVersionOption, parseChoice, tierFlags, tierInputs } from '../options.js';
import { fleetFormat, fleetInputs } from '../fleet.js';
import type { Io } from '../io.js';

const FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;

/** Registers `aipc lint`. */
export function registerLint(program: Command, io: Io): void {
  const cmd = program
    .command('lint')
    .description(
      "Best-practice and cross-object checks over rendered manifests, in process: kube-linter's checks (by their names) and Polaris' (by their ids), plus references a pod needs to start, PDBs that select their workload, duplicated objects, removed APIs and floating tags on air-gapped tiers. Exit 0 no findings, 1 findings, 2 bad input.",
    )
    .argument('[inputs...]', 'files, directories (searched for *.yaml, *.yml, *.json) or - for stdin');
  tierFlags(cmd, "render this tier (a built-in name or a profile file) and lint it, with the chart's declared exceptions", undefined, {
    fleet: true,
  });
  cmd
    .option('--release <name>', 'Helm release name for --tier (default ai-platform); object names follow it')
    .option(
      '--api-versions <api>',
      'an optional API the cluster serves: rendered by --tier and not reported as removed (repeatable)',
      collect,
      [],
    )
    .option('--include <check>', 'run only this check: kube-linter name or Polaris id (repeatable)', collect, [])
    .option('--exclude <check>', 'skip this check (repeatable)', collect, [])
    .option('--external <kind/name>', 'an object that exists outside the input, e.g. Secret/db-credentials (repeatable)', collect, []);
  kubeVersionOption(cmd, io, 'target Kubernetes release for removed APIs', '1.33');
  cmd
    .option('-n, --namespace <namespace>', 'namespace of objects that set none (default: none for files, the release namespace for --tier)')
    .option('--airgapped', 'files: the target is air-gapped, so images must be pinned to a release or a digest')
    .option('--list', 'list every check (name, Polaris id, on by default, description) and exit');
  formatOption(cmd, FORMATS);
  helmOption(cmd).action(async (inputs: string[], opts) => {
    const fleet = isFleet(opts);
    const format = fleet && !opts.list ? fleetFormat(opts.format) : parseChoice(opts.format, FORMATS);
    const { LINT_CHECKS, formatLintReport, runLint, stdinFor, runFleet, fleetSites, formatFleet } = await import('../../actions/lint.js');
    if (opts.list) {
      const rows = LINT_CHECKS.map(
        (c) => `${c.name.padEnd(48)} ${(c.polaris ?? '-').padEnd(42)} ${c.byDefault ? 'on ' : 'off'} ${c.description}`,
      );
      io.stdout.write(`${'check'.padEnd(48)} ${'polaris id'.padEnd(42)} default\n${rows.join('\n')}\n`);
      return;
    }
    if (fleet) {
      const sites = fleetSites(fleetInputs(opts, { 'manifest inputs (FILE, DIR, -)': inputs.length > 0 }));
      const result = await runFleet(
        sites,
        (site) => runLint({ ...opts, ...tierInputs(opts), tier: site.tier, tenantsFile: site.tenantsFile, inputs: [] }),
        (r) => (r.findings.length ? 1 : 0),
      );
      io.stdout.write(
        formatFleet(result, format as 'text' | 'markdown' | 'json', {
          report: (r, f) => formatLintReport(r, f),
          json: (r) => JSON.parse(formatLintReport(r, 'json')) as unknown,
          summary: (r) => `${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}`,
        }),
      );
      io.exitCode = result.exitCode;
      return;
    }
    const report = await runLint({ ...opts, ...tierInputs(opts), inputs, stdin: await stdinFor(io.stdin, inputs) });
    io.stdout.write(formatLintReport(report, format));
    if (report.findings.length) io.exitCode = 1;
  });
}
