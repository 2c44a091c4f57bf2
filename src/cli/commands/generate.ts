import type { Command } from 'commander';
import type { Io } from '../io.js';
import { formatOption, parseChoice } from '../options.js';
import { chartDirOption } from '../chart-dir.js';

const FORMATS = ['text', 'json'] as const;

/** Registers `aipc generate`. */
export function registerGenerate(program: Command, io: Io): void {
  const cmd = program
    .command('generate')
    .description(
      'Generate the ai-platform Helm chart (Chart.yaml, values.yaml, values.schema.json, README.md, crds/, templates/ and the tier values files) from the typed model. Output is byte-identical run after run; the directory is replaced atomically.',
    )
    .option('--out <dir>', "chart directory to write (default: the package's own charts/ai-platform, wherever aipc runs from)")
    .option('--check', 'write nothing; exit 1 and name the files that differ if the chart in --out is stale');
  formatOption(cmd, FORMATS).action(async (opts: { out?: string; check?: boolean; format: string }) => {
    const format = parseChoice(opts.format, FORMATS);
    const { runGenerateCheck, runGenerate } = await import('../../actions/generate.js');
    const { dir, shown } = chartDirOption(opts.out);
    if (!opts.check) {
      const written = runGenerate(dir);
      io.stdout.write(
        format === 'json' ? `${JSON.stringify({ dir: shown, files: written }, null, 2)}\n` : `wrote ${written} files to ${shown}\n`,
      );
      return;
    }
    const r = runGenerateCheck(dir);
    if (format === 'json') {
      const upToDate = !r.stale.length && !r.missing.length && !r.extra.length;
      io.stdout.write(`${JSON.stringify({ dir: shown, upToDate, stale: r.stale, missing: r.missing, extra: r.extra }, null, 2)}\n`);
      if (!upToDate) io.exitCode = 1;
      return;
    }
    const lines = [
      ...r.stale.map((p) => `stale:   ${p}`),
      ...r.missing.map((p) => `missing: ${p}`),
      ...r.extra.map((p) => `extra:   ${p}`),
    ];
    if (!lines.length) {
      io.stdout.write(`${shown} is up to date\n`);
      return;
    }
    io.stderr.write(
      `aipc: the chart in ${shown} is not what the model generates:\n${lines.map((l) => `  ${l}`).join('\n')}\nhint: run \`aipc generate\` and commit the result\n`,
    );
    io.exitCode = 1;
  });
}
