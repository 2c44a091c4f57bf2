import type { Command } from 'commander';

/** Registers `aipc generate`. */
export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description(
      'Generate the ai-platform Helm chart (Chart.yaml, values.yaml, values.schema.json, README.md, crds/, templates/ and the tier values files) from the typed model. Output is byte-identical run after run; the directory is replaced atomically.',
    )
    .option('--out <dir>', 'chart directory to write', 'charts/ai-platform')
    .option('--check', 'write nothing; exit 1 and name the files that differ if the chart in --out is stale')
    .action(async (opts: { out: string; check?: boolean }) => {
      const { runGenerateCommand } = await import('../../generate-command.js');
      process.exitCode = await runGenerateCommand(opts);
    });
}
