import type { Command } from 'commander';

/** Registers `aipc validate`. */
export function registerValidate(program: Command): void {
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
    .option('-o, --output <format>', 'text or json', 'text')
    .action(
      async (
        inputs: string[],
        opts: { crd: string[]; strict: boolean; ignoreMissingSchemas?: boolean; output: string; kubernetesVersion?: string },
      ) => {
        const { runValidateCommand } = await import('../../validate/command.js');
        process.exitCode = await runValidateCommand(inputs, opts);
      },
    );
}

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
