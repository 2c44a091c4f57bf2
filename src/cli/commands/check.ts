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
    .option('--bundle <dir>', 'air-gap bundle whose manifest.yaml must carry this chart version')
    .option('--format <format>', 'text, markdown or json', 'text')
    .option('--helm <path>', 'helm binary (default: AIPC_HELM, then the pinned Helm 4)')
    .action(async (opts: { tier?: string; values: string[]; bundle?: string; format: string; helm?: string }) => {
      const { runCheckCommand } = await import('../../checks/checklist/command.js');
      process.exitCode = await runCheckCommand(opts);
    });
  registerCheckIsolation(check);
  registerCheckPodSecurity(check);
}
