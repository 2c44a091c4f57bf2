// `aipc values`: compile one tier's values file, or the three built-in tier files into a chart.
import { OptionError } from '../errors.js';
import { writeFileAtomic, writeFilesAtomic } from '../io/atomic-write.js';
import type { OutputFile } from '../io/output-file.js';
import { join } from 'node:path';
import { compileAllTierFiles, compileValues, type ChartInputs, type CompiledValues } from '../tiers/compile.js';

/** What to compile: `tier` is required, everything else optional. */
export interface ValuesOptions {
  /** A built-in tier (`edge`, `datacenter`, `connected`) or a profile file. */
  readonly tier?: string;
  /** A tenants file (default: none). */
  readonly tenants?: string;
  /** `key=value` overrides, applied last (default: none). */
  readonly set?: readonly string[];
  readonly setString?: readonly string[];
  readonly setFile?: readonly string[];
  /** Values files merged after the tenants, before --set. */
  readonly values?: readonly string[];
  /** Write the compiled file here (atomically) instead of returning it only. */
  readonly output?: string;
  readonly allowOvercommit?: boolean;
}

/** Compiles one tier (and writes it to `output` when given). */
export function compileTierValues(opts: ValuesOptions = {}): CompiledValues {
  if (!opts.tier) {
    throw new OptionError('tier', 'missing: name a built-in tier (edge, datacenter, connected) or a profile file');
  }
  const compiled = compileValues({
    tier: opts.tier,
    tenantsFile: opts.tenants,
    valuesFiles: opts.values,
    sets: [...(opts.set ?? [])],
    setStrings: opts.setString,
    setFiles: opts.setFile,
    allowOvercommit: opts.allowOvercommit,
  });
  if (opts.output) writeFileAtomic(opts.output, compiled.text);
  return compiled;
}

/** Writes the three built-in tier files into `dir`; returns the files written. */
export function compileBuiltinTiers(dir: string, opts: { chart?: ChartInputs; allowOvercommit?: boolean } = {}): readonly OutputFile[] {
  // every tier is compiled and checked before the first file is written
  const files = compileAllTierFiles(opts);
  // all three or none: a bad target (a directory, a read-only file system) leaves every file as it was
  writeFilesAtomic(files.map((f) => ({ path: join(dir, f.path), content: f.content })));
  return files;
}
