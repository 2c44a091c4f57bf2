import type { Command } from 'commander';
import { collect, parseChoice } from '../options.js';
import type { Io } from '../io.js';

const FORMATS = ['text', 'markdown', 'json', 'sarif'] as const;

/** Registers `aipc validate`. */
export function registerValidate(program: Command, io: Io): void {
  program
    .command('validate')
    .description(
      'Validate rendered Kubernetes manifests offline against the Kubernetes 1.33 schemas and the openAPIV3Schema of CRDs (found in the input or given with --crd). Exit 0 all valid, 1 invalid objects found, 2 usage error or unreadable input.',
    )
    .argument('[inputs...]', 'files, directories (searched for *.yaml, *.yml, *.json) or - for stdin', ['-'])
    .option('--crd <file>', 'read CustomResourceDefinitions from this file as well (repeatable)', collect, [])
    .option('--strict', 'reject fields the schema does not define (default)', true)
    .option('--no-strict', 'allow fields the schema does not define')
    .option('--ignore-missing-schemas', 'skip objects whose kind has no known schema instead of failing them')
    .option(
      '--kubernetes-version <version>',
      'the release the objects target, 1.29 to 1.33 (APIs removed by then are errors; schemas are 1.33)',
    )
    .option('--format <format>', 'text, markdown or json')
    .option('-o, --output <format>', 'same as --format (text, markdown or json)')
    .action(
      async (
        inputs: string[],
        opts: {
          crd: string[];
          strict: boolean;
          ignoreMissingSchemas?: boolean;
          kubernetesVersion?: string;
          format?: string;
          output?: string;
        },
      ) => {
        const { AipcError, EXIT_FINDINGS } = await import('../../errors.js');
        const format = parseChoice(
          opts.format ?? opts.output ?? 'text',
          FORMATS,
          opts.format === undefined && opts.output ? '--output' : '--format',
        );
        const stdinInputs = inputs.filter((i) => i === '-').length;
        if (stdinInputs > 1) throw new AipcError('- (stdin) may be given only once');
        const { targetRelease, validateInputs } = await import('../../actions/validate.js');
        targetRelease(opts.kubernetesVersion); // a bad flag is reported before stdin is waited for
        // read first (a pipe's writer may still be running), asynchronously: never through
        // process.stdin.isTTY, which makes the pipe non-blocking (EAGAIN); see io/stdin.ts
        const { readStdinText } = await import('../../io/stdin.js');
        const stdinText = stdinInputs ? await readStdinText(io.stdin) : '';
        const { formatValidation } = await import('../../validate/format.js');
        const report = validateInputs(inputs, opts, stdinText);
        io.stdout.write(formatValidation(report, format));
        io.exitCode = report.invalid > 0 ? EXIT_FINDINGS : 0;
      },
    );
}
