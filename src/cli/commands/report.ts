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

const FORMATS = ['text', 'json'] as const;

type ReportOpts = TierFlags &
  ReleaseFlags & {
    out?: string;
    bundle?: string;
    key?: string;
    allowedSigners?: string;
    digest?: string;
    notBefore?: string;
    registryUrl?: string;
    created?: string;
    signKey?: string;
    allowOvercommit?: boolean;
    format: string;
    helm?: string;
  };

/** Registers `aipc report` (one site's evidence pack). */
export function registerReport(program: Command, io: Io): void {
  const cmd = program
    .command('report')
    .description(
      "Write one site's evidence pack to DIR/<site>/: report.html (one self-contained file, readable offline: inline CSS and SVG, no script, font or link), report.md and report.json (valid against schemas/report.schema.json), and report.json.sig with --sign-key (verify: ssh-keygen -Y verify -n aipc-report). It holds the identity of what produced it (aipc and chart versions, the packaged chart's sha256, a sha256 of every input file, the Kubernetes version, the --created time), the checklist with its evidence as `aipc check` finds it, pod security per workload, lint with every accepted exception and its reason, images with digests (and the bundle's verification with --bundle), capacity, the namespace reachability graph with every boundary's verdict and the policies allowing each connection, and the NIST SP 800-53 controls each item evidences. No absolute path of this machine appears in it; same inputs and --created give the same bytes. Exit 0 the checklist has no FAIL, 1 it has one (the pack is written either way), 2 bad input.",
    );
  tierFlags(cmd);
  releaseFlags(cmd, io);
  cmd
    .option('--out <dir>', 'directory to write <site>/ into (that directory is replaced as a whole)')
    .option('--bundle <dir>', 'air-gap bundle: verified (--key, --allowed-signers or --digest) and compared, its digests in the pack')
    .option('--key <pub>', 'SSH public key that signed the bundle')
    .option('--allowed-signers <file>', 'OpenSSH allowed_signers file for the bundle')
    .option('--digest <sha256>', 'sha256 of the bundle manifest, received out of band')
    .option('--not-before <time>', 'the bundle must be created at or after this time (ISO 8601 or Unix seconds)')
    .option('--registry-url <url>', "a live registry (http://HOST:PORT) standing for the tier's registry: every image is looked up there")
    .option('--created <time>', 'the time the pack states, ISO 8601 or Unix seconds (default: SOURCE_DATE_EPOCH, else now)')
    .option('--sign-key <key>', 'ed25519 private key (OpenSSH): report.json is signed with it into report.json.sig')
    .option('--allow-overcommit', "accept quotas that exceed the tier's GPUs, CPU or memory (as aipc values)");
  formatOption(cmd, FORMATS);
  helmOption(cmd).action(async (opts: ReportOpts) => {
    const format = parseChoice(opts.format, FORMATS);
    const { runReport, trustFrom, isoSeconds, parseTime } = await import('../../actions/report.js');
    const result = await runReport({
      ...releaseTarget(opts),
      ...tierInputs(opts),
      out: opts.out,
      bundleDir: opts.bundle,
      trust: trustFrom(opts),
      notBefore: opts.notBefore !== undefined ? isoSeconds(parseTime(opts.notBefore, '--not-before')) : undefined,
      registryUrl: opts.registryUrl,
      created: opts.created,
      signKey: opts.signKey,
      helm: opts.helm,
    });
    const items = result.report.checklist.items;
    const count = (s: string) => items.filter((i) => i.status === s).length;
    if (format === 'json')
      io.stdout.write(`${JSON.stringify({ site: result.site, dir: result.dir, files: result.files, ok: result.ok }, null, 2)}\n`);
    else
      io.stdout.write(
        `wrote ${result.files.map((f) => `${result.dir}/${f}`).join(', ')}\nchecklist: ${count('PASS')} PASS, ${count('FAIL')} FAIL, ${count('SKIP')} SKIP\n`,
      );
    if (!result.ok) io.exitCode = 1;
  });
}
