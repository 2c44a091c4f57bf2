// CLI glue for `aipc build`.
import { resolve } from 'node:path';
import { build, formatBuildSummary } from './build.js';
import { EXIT_FINDINGS } from './errors.js';

/** Runs `aipc build`, printing a progress line per step and the summary; returns the exit code. */
export async function runBuildCommand(opts: { out: string; helm?: string }): Promise<number> {
  const result = await build({ chartDir: resolve(opts.out), helm: opts.helm, progress: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(formatBuildSummary(result));
  return result.ok ? 0 : EXIT_FINDINGS;
}
