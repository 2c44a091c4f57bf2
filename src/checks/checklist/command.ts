// CLI glue for `aipc check --tier X`.
import { AipcError, EXIT_FINDINGS, EXIT_USAGE } from '../../errors.js';
import { formatChecklist, type ChecklistFormat } from './format.js';
import { checklistForTier } from './run.js';

export interface CheckCommandOptions {
  readonly tier?: string;
  readonly values: string[];
  readonly bundle?: string;
  readonly key?: string;
  readonly allowedSigners?: string;
  readonly digest?: string;
  readonly registryUrl?: string;
  readonly format: string;
  readonly helm?: string;
}

const FORMATS: readonly ChecklistFormat[] = ['text', 'markdown', 'json'];

/** Runs the checklist and prints it; returns the exit code. */
export async function runCheckCommand(opts: CheckCommandOptions): Promise<number> {
  if (!opts.tier)
    throw new AipcError(
      'aipc check needs --tier edge|datacenter|connected (or a sub-check: isolation, pod-security)',
      EXIT_USAGE,
      'run `aipc check --help`',
    );
  if (!FORMATS.includes(opts.format as ChecklistFormat))
    throw new AipcError(`--format must be one of ${FORMATS.join(', ')}, not "${opts.format}"`, EXIT_USAGE);
  const { trustFrom } = await import('../../actions/airgap.js');
  const result = await checklistForTier(opts.tier, {
    valuesFiles: opts.values,
    bundleDir: opts.bundle,
    trust: trustFrom(opts),
    registryUrl: opts.registryUrl,
    helm: opts.helm,
  });
  process.stdout.write(formatChecklist(result, opts.format as ChecklistFormat));
  return result.ok ? 0 : EXIT_FINDINGS;
}
