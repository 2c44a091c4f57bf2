// CLI glue for `aipc generate`.
import { resolve } from 'node:path';
import { EXIT_FINDINGS } from './errors.js';
import { checkChartDir, writeChartDir } from './generate.js';

/** Runs `aipc generate` and returns the exit code. */
export async function runGenerateCommand(opts: { out: string; check?: boolean }): Promise<number> {
  const dir = resolve(opts.out);
  if (opts.check) {
    const r = checkChartDir(dir);
    const lines = [
      ...r.stale.map((p) => `stale:   ${p}`),
      ...r.missing.map((p) => `missing: ${p}`),
      ...r.extra.map((p) => `extra:   ${p}`),
    ];
    if (lines.length) {
      process.stderr.write(
        `aipc: the chart in ${opts.out} is not what the model generates:\n${lines.map((l) => `  ${l}`).join('\n')}\nhint: run \`aipc generate\` and commit the result\n`,
      );
      return EXIT_FINDINGS;
    }
    process.stdout.write(`${opts.out} is up to date\n`);
    return 0;
  }
  const n = writeChartDir(dir);
  process.stdout.write(`wrote ${n} files to ${opts.out}\n`);
  return 0;
}
