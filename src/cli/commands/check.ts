import type { Command } from 'commander';
import { registerCheckIsolation } from './check-isolation.js';
import { registerCheckPodSecurity } from './check-pod-security.js';
import { collect } from './validate.js';

/** Registers `aipc check` (the deployment checklist) and its sub-checks. */
export function registerCheck(program: Command): void {
  const check = program
    .command('check')
    .description(
      "Run the SPEC's deployment checklist for a tier: each item PASS or FAIL with its evidence (which object, which field). Reuses the isolation, pod-security, capacity and image checks. Exit 0 all pass, 1 any FAIL, 2 bad input.",
    )
    .option('--tier <name>', 'built-in tier: edge, datacenter or connected')
    .option('-f, --values <file>', 'extra values file applied after the tier file (repeatable)', collect, [])
    .option('--bundle <dir>', 'air-gap bundle: verified (with --key, --allowed-signers or --digest), its tier, registry and packaged chart version compared')
    .option('--key <pub>', 'SSH public key that signed the bundle')
    .option('--allowed-signers <file>', 'OpenSSH allowed_signers file for the bundle')
    .option('--digest <sha256>', 'sha256 of the bundle manifest, received out of band')
    .option('--registry-url <url>', "a live registry (http://HOST:PORT) standing for the tier's registry: every image is looked up there")
    .option('--format <format>', 'text, markdown or json', 'text')
    .option('--helm <path>', 'helm binary (default: AIPC_HELM, then the pinned Helm 4)')
    .action(async (opts: Parameters<typeof import('../../checks/checklist/command.js').runCheckCommand>[0]) => {
      const { runCheckCommand } = await import('../../checks/checklist/command.js');
      process.exitCode = await runCheckCommand(opts);
    });
  registerCheckIsolation(check);
  registerCheckPodSecurity(check);
}
