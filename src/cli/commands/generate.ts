import type { Command } from 'commander';
import type { Io } from '../io.js';
import { formatOption, parseChoice } from '../options.js';

const FORMATS = ['text', 'json'] as const;

/** Registers `aipc generate`. */
export function registerGenerate(program: Command, io: Io): void {
  const cmd = program
    .command('generate')
    .description(
      'Generate the ai-platform Helm chart (Chart.yaml, values.yaml, values.schema.json, README.md, crds/, templates/ and the tier values files) from the typed model. Output is byte-identical run after run; the directory is replaced atomically.',
    )
    .option('--out <dir>', 'chart directory to write', 'charts/ai-platform')
    .option('--check', 'write nothing; exit 1 and name the files that differ if the chart in --out is stale');
  formatOption(cmd, FORMATS).action(async (opts: { out: string; check?: boolean; format: string }) => {
    const format = parseChoice(opts.format, FORMATS);
    const { resolve } = await import('node:path');
    const { checkChartDir, writeChartDir } = await import('../../actions/generate.js');
    const dir = resolve(opts.out);
    if (!opts.check) {
      const written = writeChartDir(dir);
      io.stdout.write(
        format === 'json' ? `${JSON.stringify({ dir: opts.out, files: written }, null, 2)}\n` : `wrote ${written} files to ${opts.out}\n`,
      );
      return;
    }
    const r = checkChartDir(dir);
    if (format === 'json') {
      const upToDate = !r.stale.length && !r.missing.length && !r.extra.length;
      io.stdout.write(`${JSON.stringify({ dir: opts.out, upToDate, stale: r.stale, missing: r.missing, extra: r.extra }, null, 2)}\n`);
      if (!upToDate) io.exitCode = 1;
      return;
    }
    const lines = [
      ...r.stale.map((p) => `stale:   ${p}`),
      ...r.missing.map((p) => `missing: ${p}`),
      ...r.extra.map((p) => `extra:   ${p}`),
    ];
    if (!lines.length) {
      io.stdout.write(`${opts.out} is up to date\n`);
      return;
    }
    io.stderr.write(
      `aipc: the chart in ${opts.out} is not what the model generates:\n${lines.map((l) => `  ${l}`).join('\n')}\nhint: run \`aipc generate\` and commit the result\n`,
    );
    io.exitCode = 1;
  });
}
