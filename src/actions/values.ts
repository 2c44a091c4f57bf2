// `aipc values`: compile one tier's values file, or the three built-in tier files into a chart.
import { OptionError } from '../errors.js';
import { writeFileAtomic, writeFilesAtomic } from '../io/atomic-write.js';
import type { OutputFile } from '../io/output-file.js';
import { join } from 'node:path';
import { compileAllTierFiles, compileValues, displayPath, type ChartInputs, type CompiledValues } from '../tiers/compile.js';
import { defaultTenantsFile } from '../tiers/resolve.js';
import type { TierInputs } from './tier.js';

/** What to compile: `tier` is required, everything else optional. */
export interface TierValuesOptions extends TierInputs {
  /** Write the compiled file here (atomically) instead of returning it only; its header installs this file. */
  readonly output?: string;
}

/** Compiles one tier (and writes it to `output` when given). */
export function runValues(opts: TierValuesOptions = {}): CompiledValues {
  if (!opts.tier) {
    throw new OptionError('tier', 'missing: name a built-in tier (edge, datacenter, connected) or a profile file');
  }
  // a built-in tier is compiled with its shipped tenant list, as every other command renders it
  const shipped = defaultTenantsFile(opts.tier);
  const compiled = compileValues({
    tier: opts.tier,
    tenantsFile: opts.tenantsFile ?? (shipped === undefined ? undefined : displayPath(shipped)),
    extraValuesFiles: opts.extraValuesFiles,
    set: opts.set,
    setString: opts.setString,
    setFile: opts.setFile,
    allowOvercommit: opts.allowOvercommit,
    outputFile: opts.output,
  });
  if (opts.output) writeFileAtomic(opts.output, compiled.text);
  return compiled;
}

/** Writes the three built-in tier files into `dir`; returns the files written. */
export function runValuesAll(dir: string, opts: { chart?: ChartInputs; allowOvercommit?: boolean } = {}): readonly OutputFile[] {
  // every tier is compiled and checked before the first file is written
  const files = compileAllTierFiles({ ...opts, outDir: dir });
  // all three or none: a bad target (a directory, a read-only file system) leaves every file as it was
  writeFilesAtomic(files.map((f) => ({ path: join(dir, f.path), content: f.content })));
  return files;
}
export { runFleet, fleetSites, formatFleet } from './fleet.js';
