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

/** Registers `aipc explain`. */
export function registerExplain(program: Command, io: Io): void {
  const cmd = program
    .command('explain')
    .description(
      'Why a field of a rendered object has its value: the values paths its template line reads (the chart\'s source map) and, for each, the input that set it — chart default (values.yaml), release.yaml, the profile, the tenant list, a -f file (each file:line), a --set, or a compiler rule (which rule, from which inputs). OBJECT is KIND/NAME or KIND/NAMESPACE/NAME; PATH as output prints it, e.g. spec.template.spec.containers[0].resources.limits["nvidia.com/gpu"].',
    )
    .argument('<object>', 'KIND/NAME or KIND/NAMESPACE/NAME of a rendered object')
    .argument('<path>', 'field path in the object: a.b[0]["key.with.dots"], [name=x] for a named list item');
  tierFlags(cmd);
  releaseFlags(cmd, io);
  formatOption(cmd, FORMATS);
  helmOption(cmd).action(
    async (object: string, path: string, opts: TierFlags & ReleaseFlags & { helm?: string; format: string; allowOvercommit?: boolean }) => {
      const format = parseChoice(opts.format, FORMATS);
      const { runExplain, formatExplain } = await import('../../actions/explain.js');
      const explanation = await runExplain({ ...tierInputs(opts), ...releaseTarget(opts), helm: opts.helm, object, path });
      io.stdout.write(formatExplain(explanation, format));
    },
  );
  cmd.option('--allow-overcommit', 'accept tenant quotas that over-commit the hardware (as aipc values)');
}
