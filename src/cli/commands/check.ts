import type { Command } from 'commander';
import { formatOption, helmOption, parseChoice, valuesOption } from '../options.js';
import { processIo, type Io } from '../io.js';
import { registerCheckIsolation } from './check-isolation.js';
import { registerCheckPodSecurity } from './check-pod-security.js';

const FORMATS = ['text', 'markdown', 'json'] as const;

/** Registers `aipc check` (the deployment checklist) and its sub-checks. */
export function registerCheck(program: Command, io: Io = processIo()): void {
  const check = program
    .command('check')
    .description(
      "Run the SPEC's deployment checklist for a tier: each item PASS or FAIL with its evidence (which object, which field), or SKIP with the reason when it cannot be verified (no --registry-url, no --bundle). Reuses the isolation, pod-security, capacity and image checks. Exit 0 all pass, 1 any FAIL, 2 bad input.",
    )
    .option('--tier <name>', 'built-in tier: edge, datacenter or connected');
  valuesOption(check, 'extra values file applied after the tier file (repeatable)');
  check
    .option(
      '--bundle <dir>',
      'air-gap bundle: verified (--key, --allowed-signers or --digest), its tier, registry and packaged chart version compared',
    )
    .option('--key <pub>', 'SSH public key that signed the bundle')
    .option('--allowed-signers <file>', 'OpenSSH allowed_signers file for the bundle')
    .option('--digest <sha256>', 'sha256 of the bundle manifest, received out of band')
    .option('--registry-url <url>', "a live registry (http://HOST:PORT) standing for the tier's registry: every image is looked up there");
  formatOption(check, FORMATS);
  type CheckOpts = { tier?: string; values: string[]; bundle?: string; format: string; helm?: string; registryUrl?: string };
  helmOption(check).action(async (opts: CheckOpts & { key?: string; allowedSigners?: string; digest?: string }) => {
    const { AipcError } = await import('../../errors.js');
    if (!opts.tier) {
      throw new AipcError(
        'aipc check needs --tier edge|datacenter|connected (or a sub-check: isolation, pod-security)',
        undefined,
        'run `aipc check --help`',
      );
    }
    const format = parseChoice(opts.format, FORMATS);
    const { checklistForTier } = await import('../../actions/check.js');
    const { formatChecklist } = await import('../../checks/checklist/format.js');
    const { trustFrom } = await import('../../actions/airgap.js');
    const result = await checklistForTier(opts.tier, {
      valuesFiles: opts.values,
      bundleDir: opts.bundle,
      trust: trustFrom(opts),
      registryUrl: opts.registryUrl,
      helm: opts.helm,
    });
    io.stdout.write(formatChecklist(result, format));
    if (!result.ok) process.exitCode = 1;
  });
  registerCheckIsolation(check, io);
  registerCheckPodSecurity(check, io);
}
