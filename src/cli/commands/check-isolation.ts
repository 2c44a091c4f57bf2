import type { Command } from 'commander';
import { AipcError, EXIT_USAGE } from '../../errors.js';
import {
  collect,
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
import { fleetFormat, fleetInputs } from '../fleet.js';
import type { Io } from '../io.js';

const FORMATS = ['text', 'markdown', 'json', 'mermaid', 'sarif'] as const;

/** Registers `aipc check isolation`. */
export function registerCheckIsolation(check: Command, io: Io): void {
  const cmd = check
    .command('isolation')
    .description(
      'Compute NetworkPolicy and AdminNetworkPolicy reachability: which namespaces reach which and outside the cluster, and every path across a tenant or classification boundary, for the pods in the input and (--exposure) pods that could exist. Exit 0 none, 1 violations found, 2 bad input.',
    );
  tierFlags(
    cmd,
    "render this tier (a built-in name or a profile file) and check it (edge forbids egress outside the cluster); with --manifests, apply the tier's rules to the given stream",
    undefined,
    { fleet: true },
  );
  releaseFlags(cmd, io);
  cmd
    .option('--manifests <path>', 'rendered manifests: file, directory or - for stdin (repeatable)', collect, [])
    .option('--connections', 'print every allowed workload connection (netpol-analyzer format), sorted')
    .option(
      '--diff <old-and-new...>',
      "compare two sets of manifests (OLD NEW: files, directories or -) by their connections: what is added, removed and changed, in netpol-analyzer's diff format",
    )
    .option(
      '--explain',
      "print, for every pair of workloads and address ranges, the policies and rules that allow or deny each connection (netpol-analyzer's list --explain layout)",
    )
    .option(
      '--exposure',
      "also judge pods that could exist (on by default with --tier); with --connections, add netpol-analyzer's exposure sections",
    )
    .option('--no-exposure', 'with --tier: judge only the pods in the stream')
    .option('--forbid-external', 'treat any egress outside the cluster as a violation (implied by --tier edge)')
    .option(
      '--acknowledge-unmodelled <kind>',
      'a kind the analysis does not model (VirtualMachine, NetworkAttachmentDefinition, UserDefinedNetwork, …; Kind or Kind.group) that you have reviewed: listed, not a failure (repeatable)',
      collect,
      [],
    );
  formatOption(cmd, FORMATS);
  helmOption(cmd).action(
    async (
      opts: TierFlags &
        FleetFlags &
        ReleaseFlags & {
          manifests: string[];
          connections?: boolean;
          explain?: boolean;
          diff?: string[];
          exposure?: boolean;
          forbidExternal?: boolean;
          acknowledgeUnmodelled: string[];
          format: string;
          helm?: string;
        },
    ) => {
      const fleet = isFleet(opts);
      const format = fleet ? fleetFormat(opts.format) : parseChoice(opts.format, FORMATS);
      const {
        runFleet,
        fleetSites,
        formatFleet,
        runCheckIsolation,
        stdinFor,
        formatIsolationReport,
        isolationFails,
        printable,
        connectionLines,
        exposureText,
        analyzeExposure,
        explainAll,
        explainText,
        runIsolationDiff,
        netpolDiffText,
      } = await import('../../actions/check-isolation.js');
      if (opts.diff) {
        if (opts.diff.length !== 2)
          throw new AipcError(
            `--diff takes two inputs (OLD NEW), got ${opts.diff.length}`,
            EXIT_USAGE,
            'aipc check isolation --diff old/ new/',
          );
        if (fleet || opts.manifests.length || opts.tier !== undefined || opts.connections || opts.explain)
          throw new AipcError(
            '--diff OLD NEW reads its own two inputs: it takes no --manifests, --tier, --connections or --explain',
            EXIT_USAGE,
          );
        const { diff, findings } = runIsolationDiff(opts.diff[0], opts.diff[1], opts, await stdinFor(io.stdin, opts.diff));
        for (const f of findings)
          io.stderr.write(
            `aipc: ${f.acknowledged ? 'note' : 'warning'}: ${printable(`${f.file}${f.line ? `:${f.line}` : ''}: ${f.message}`)}\n`,
          );
        if (findings.some((f) => !f.acknowledged)) io.exitCode = 1;
        io.stdout.write(netpolDiffText(diff));
        return;
      }
      if (fleet) {
        const sites = fleetSites(
          fleetInputs(opts, { '--manifests': opts.manifests.length > 0, '--connections': opts.connections === true }),
        );
        const options = { ...opts, ...tierInputs(opts), ...releaseTarget(opts) };
        const result = await runFleet(
          sites,
          (site) => runCheckIsolation({ ...options, tier: site.tier, tenantsFile: site.tenantsFile }),
          (r) => (isolationFails(r) ? 1 : 0),
        );
        io.stdout.write(
          formatFleet(result, format as 'text' | 'markdown' | 'json', {
            report: (r, f) => formatIsolationReport(r, f),
            json: (r) => JSON.parse(formatIsolationReport(r, 'json')) as unknown,
            summary: (r) =>
              `${r.namespaces.length} namespaces, ${r.violations.length} boundary crossings, ${r.findings.filter((f) => !f.acknowledged).length} unsound findings`,
          }),
        );
        io.exitCode = result.exitCode;
        return;
      }
      const report = await runCheckIsolation({
        ...opts,
        ...tierInputs(opts),
        ...releaseTarget(opts),
        stdin: await stdinFor(io.stdin, opts.manifests),
      });
      if (opts.connections && opts.explain) throw new AipcError('--connections and --explain are two listings: give one', EXIT_USAGE);
      if (opts.connections || opts.explain) {
        // the connection list is netpol-analyzer's format: what makes it incomplete goes to stderr, and fails
        for (const f of report.findings)
          io.stderr.write(
            `aipc: ${f.acknowledged ? 'note' : 'warning'}: ${printable(`${f.file}${f.line ? `:${f.line}` : ''}: ${f.message}`)}\n`,
          );
        if (report.findings.some((f) => !f.acknowledged)) io.exitCode = 1;
        if (opts.explain) {
          io.stdout.write(explainText(explainAll(report.reachability)));
          return;
        }
        const lines = connectionLines(report.reachability);
        if (opts.exposure) {
          lines.push('', ...exposureText(analyzeExposure(report.reachability)));
        }
        io.stdout.write(lines.length ? `${lines.join('\n')}\n` : '');
        return;
      }
      io.stdout.write(formatIsolationReport(report, format));
      if (isolationFails(report)) io.exitCode = 1;
    },
  );
}
