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
import { fleetFormat, fleetInputs } from '../fleet.js';
import type { Io } from '../io.js';
import { AipcError } from '../../errors.js';
import { registerCheckIsolation } from './check-isolation.js';
import { registerCheckPodSecurity } from './check-pod-security.js';

const FORMATS = ['text', 'markdown', 'json', 'sarif'] as const;

type CheckOpts = TierFlags &
  FleetFlags &
  ReleaseFlags & {
    bundle?: string;
    notBefore?: string;
    format: string;
    helm?: string;
    registryUrl?: string;
    allowOvercommit?: boolean;
    key?: string;
    allowedSigners?: string;
    digest?: string;
  };

/** Registers `aipc check` (the deployment checklist) and its sub-checks. */
export function registerCheck(program: Command, io: Io): void {
  const check = program
    .command('check')
    .description(
      "Run the SPEC's deployment checklist for a tier, rendered as the chart README's install does (--release, -n): each item PASS or FAIL with its evidence (which object, which field), or SKIP with the reason when it cannot be verified (no --registry-url, no --bundle), judged on the tier's own hardware (a profile file's, not the tier it extends). Reuses the isolation, pod-security, capacity and image checks. Exit 0 all pass, 1 any FAIL, 2 bad input (a tier compiled on the fly is checked as aipc values checks it).",
    );
  tierFlags(check, undefined, undefined, { fleet: true });
  releaseFlags(check, io);
  check
    .option(
      '--bundle <dir>',
      'air-gap bundle: verified (--key, --allowed-signers or --digest), its tier, registry and packaged chart version compared',
    )
    .option('--key <pub>', 'SSH public key that signed the bundle')
    .option('--allowed-signers <file>', 'OpenSSH allowed_signers file for the bundle')
    .option('--digest <sha256>', 'sha256 of the bundle manifest, received out of band')
    .option('--not-before <time>', 'the bundle must be created at or after this time (ISO 8601 or Unix seconds)')
    .option('--registry-url <url>', "a live registry (http://HOST:PORT) standing for the tier's registry: every image is looked up there")
    .option('--allow-overcommit', "accept quotas that exceed the tier's GPUs, CPU or memory (as aipc values)");
  formatOption(check, FORMATS);
  helmOption(check).action(async (opts: CheckOpts) => {
    if (!opts.tier && !isFleet(opts)) {
      throw new AipcError(
        'aipc check needs --tier NAME|FILE (edge, datacenter, connected, or a profile file), or a sub-check: isolation, pod-security',
        undefined,
        'run `aipc check --help`',
      );
    }
    const fleet = isFleet(opts);
    const format = fleet ? fleetFormat(opts.format) : parseChoice(opts.format, FORMATS);
    const { runCheck, formatChecklist, trustFrom, isoSeconds, parseTime, runFleet, fleetSites, formatFleet } =
      await import('../../actions/check.js');
    const options = {
      ...releaseTarget(opts),
      ...tierInputs(opts),
      bundleDir: opts.bundle,
      trust: trustFrom(opts),
      notBefore: opts.notBefore !== undefined ? isoSeconds(parseTime(opts.notBefore, 'notBefore')) : undefined,
      registryUrl: opts.registryUrl,
      helm: opts.helm,
    };
    if (fleet) {
      const result = await runFleet(
        fleetSites(fleetInputs(opts)),
        (site) => runCheck(site.tier, { ...options, tenantsFile: site.tenantsFile }),
        (r) => (r.ok ? 0 : 1),
      );
      io.stdout.write(
        formatFleet(result, format as 'text' | 'markdown' | 'json', {
          report: (r, f) => formatChecklist(r, f),
          json: (r) => JSON.parse(formatChecklist(r, 'json')) as unknown,
          summary: (r) =>
            (['PASS', 'FAIL', 'SKIP'] as const)
              .map((status) => [status, r.items.filter((i) => i.status === status).length] as const)
              .filter(([status, n]) => n > 0 || status === 'PASS')
              .map(([status, n]) => `${n} ${status}`)
              .join(', '),
        }),
      );
      io.exitCode = result.exitCode;
      return;
    }
    const result = await runCheck(opts.tier!, options);
    io.stdout.write(formatChecklist(result, format));
    if (!result.ok) io.exitCode = 1;
  });
  registerCheckIsolation(check, io);
  registerCheckPodSecurity(check, io);
}
