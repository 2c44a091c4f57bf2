import type { Command } from 'commander';
import { collect, formatOption, helmOption, isFleet, parseChoice, releaseFlags, releaseTarget, tierFlags, tierInputs } from '../options.js';
import { fleetFormat, fleetInputs } from '../fleet.js';
import type { Io } from '../io.js';

const FORMATS = ['text', 'markdown', 'json', 'sarif'] as const;

/** Registers `aipc check pod-security`. */
export function registerCheckPodSecurity(check: Command, io: Io): void {
  const cmd = check
    .command('pod-security')
    .description(
      "Check every pod template against the Pod Security Standards as Kubernetes' pod-security-admission would, and that each Namespace's enforce label admits its workloads. Exit 0 all at --level (or declared exceptions), 1 findings, 2 usage error or unreadable input.",
    )
    .option('--level <level>', 'the level every workload must satisfy: baseline or restricted', 'restricted')
    // `--version` reaches this command only when the root program enables positional options;
    // until then the root's own --version takes it, so `--policy-version` is the spelling that works
    .option(
      '--version <version>',
      'Pod Security Standards policy version, v1.0 to v1.37 or latest (default: that of --kube-version, else v1.35, the current release)',
    )
    .option('--policy-version <version>', 'same as --version');
  tierFlags(cmd, 'render this tier (a built-in name or a profile file) and check it', undefined, { fleet: true });
  // -n is the release namespace: where a render puts objects, and where manifests without one are
  releaseFlags(cmd, io);
  cmd
    .option(
      '--manifests <path>',
      'rendered manifests: a file, a directory (searched for *.yaml, *.yml, *.json) or - for stdin (repeatable)',
      collect,
      [],
    )
    .option('--exceptions <file>', 'YAML list of declared exceptions: {workload, level: baseline|privileged, reason}');
  formatOption(cmd, FORMATS);
  helmOption(cmd).action(async (opts) => {
    const fleet = isFleet(opts);
    const format = fleet ? fleetFormat(opts.format) : parseChoice(opts.format, FORMATS);
    const { runCheckPodSecurity, formatPodSecurityReport, stdinFor, runFleet, fleetSites, formatFleet } =
      await import('../../actions/check-pod-security.js');
    const options = { ...opts, ...tierInputs(opts), ...releaseTarget(opts), version: opts.version ?? opts.policyVersion };
    if (fleet) {
      const sites = fleetSites(fleetInputs(opts, { '--manifests': opts.manifests.length > 0 }));
      const result = await runFleet(
        sites,
        (site) => runCheckPodSecurity({ ...options, tier: site.tier, tenantsFile: site.tenantsFile }),
        (r) => (r.ok ? 0 : 1),
      );
      io.stdout.write(
        formatFleet(result, format as 'text' | 'markdown' | 'json', {
          report: (r, f) => formatPodSecurityReport(r, f),
          json: (r) => JSON.parse(formatPodSecurityReport(r, 'json')) as unknown,
          summary: (r) =>
            `${r.workloads.filter((w) => w.verdict === 'fail').length} of ${r.workloads.length} workloads below ${r.requiredLevel}, ${r.namespaceFindings.length} namespace findings`,
        }),
      );
      io.exitCode = result.exitCode;
      return;
    }
    const stdin = await stdinFor(io.stdin, opts.manifests);
    const report = await runCheckPodSecurity({ ...options, stdin });
    io.stdout.write(formatPodSecurityReport(report, format));
    if (!report.ok) io.exitCode = 1;
  });
}
