import type { Command } from 'commander';
import { collect, kubeVersionOption, outputOption, parseChoice } from '../options.js';
import type { Io } from '../io.js';
import { AipcError, EXIT_FINDINGS } from '../../errors.js';

const FORMATS = ['text', 'markdown', 'json', 'sarif'] as const;

/** Registers `aipc validate`. */
export function registerValidate(program: Command, io: Io): void {
  const cmd = program
    .command('validate')
    .description(
      'Validate rendered Kubernetes manifests offline against the Kubernetes 1.33 schemas and the openAPIV3Schema of CRDs (found in the input or given with --crd). Exit 0 all valid, 1 invalid objects found, 2 usage error or unreadable input.',
    )
    .argument('[inputs...]', 'files, directories (searched for *.yaml, *.yml, *.json) or - for stdin', ['-'])
    .option('--crd <file>', 'read CustomResourceDefinitions from this file as well (repeatable)', collect, [])
    .option('--strict', 'reject fields the schema does not define (default)', true)
    .option('--no-strict', 'allow fields the schema does not define')
    .option('--ignore-missing-schemas', 'skip objects whose kind has no known schema instead of failing them');
  kubeVersionOption(cmd, io, 'the release the objects target, 1.29 to 1.33 (APIs removed by then are errors; schemas are 1.33)');
  cmd.option('--format <format>', 'text, markdown or json');
  // `-o json` was once the format: a format name given to -o still works, with a deprecation note
  outputOption(cmd, 'write the report to FILE (atomically) instead of stdout').action(
    async (
      inputs: string[],
      opts: {
        crd: string[];
        strict: boolean;
        ignoreMissingSchemas?: boolean;
        kubeVersion?: string;
        format?: string;
        output?: string;
      },
    ) => {
      let output = opts.output;
      if (output !== undefined && (FORMATS as readonly string[]).includes(output)) {
        io.stderr.write(`aipc: -o/--output ${output} as a format is deprecated; use --format ${output} (-o names an output file)\n`);
        opts.format ??= output;
        output = undefined;
      }
      const format = parseChoice(opts.format ?? 'text', FORMATS);
      const stdinInputs = inputs.filter((i) => i === '-').length;
      if (stdinInputs > 1) throw new AipcError('- (stdin) may be given only once');
      const { targetRelease, runValidate, readStdinText, formatValidation, writeFileAtomic } = await import('../../actions/validate.js');
      targetRelease(opts.kubeVersion); // a bad flag is reported before stdin is waited for
      // read first (a pipe's writer may still be running), asynchronously: never through
      // process.stdin.isTTY, which makes the pipe non-blocking (EAGAIN); see io/stdin.ts
      const stdinText = stdinInputs ? await readStdinText(io.stdin) : '';
      const report = runValidate(inputs, opts, stdinText);
      // -o FILE: the one meaning of -o in every command, written atomically
      const text = formatValidation(report, format);
      if (output === undefined) io.stdout.write(text);
      else writeFileAtomic(output, text);
      io.exitCode = report.invalid > 0 ? EXIT_FINDINGS : 0;
    },
  );
}
