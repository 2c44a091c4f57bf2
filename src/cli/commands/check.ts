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
      "Run the SPEC's deployment checklist for a tier: each item PASS or FAIL with its evidence (which object, which field). Reuses the isolation, pod-security, capacity and image checks. Exit 0 all pass, 1 any FAIL, 2 bad input.",
    )
    .option('--tier <name>', 'built-in tier: edge, datacenter or connected');
  valuesOption(check, 'extra values file applied after the tier file (repeatable)');
  check.option('--bundle <dir>', 'air-gap bundle whose manifest.yaml must carry this chart version');
  formatOption(check, FORMATS);
  helmOption(check).action(async (opts: { tier?: string; values: string[]; bundle?: string; format: string; helm?: string }) => {
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
    const result = await checklistForTier(opts.tier, { valuesFiles: opts.values, bundleDir: opts.bundle, helm: opts.helm });
    io.stdout.write(formatChecklist(result, format));
    if (!result.ok) process.exitCode = 1;
  });
  registerCheckIsolation(check, io);
  registerCheckPodSecurity(check, io);
}
