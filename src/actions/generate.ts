// `aipc generate`: write the chart, or check that the committed one is current.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { InputError } from '../errors.js';
import { markerFile, replaceOutputDirectory } from '../io/output-dir.js';
import type { OutputFile } from '../io/output-file.js';
import { composeOutputs } from '../io/output-file.js';
import { walkTree } from '../io/walk.js';
import { generateChart } from '../generators/chart.js';
import { defaultsOf } from '../model/values-tree.js';
import { valuesTree } from '../model/values.js';
import { compileAllTierFiles } from '../tiers/compile.js';
import { inputsFile } from './chart-inputs.js';

/**
 * The chart and the three built-in tier values files, compiled against the chart's own defaults
 * and schema in memory, so one `aipc generate` leaves a consistent, complete chart directory.
 */
export function generateFullChart(): OutputFile[] {
  const chart = generateChart();
  const schemaFile = chart.find((f) => f.path === 'values.schema.json')!;
  const tiers = compileAllTierFiles({
    chart: {
      defaults: defaultsOf(valuesTree) as Record<string, unknown>,
      schema: JSON.parse(schemaFile.content) as object,
      schemaName: 'values.schema.json',
    },
  });
  // the marker lets the next `aipc generate` know the directory is its own to replace
  const files = composeOutputs(chart, tiers, [markerFile('generate')]);
  return composeOutputs(files, [inputsFile(files)]);
}

export interface ChartCheckResult {
  readonly stale: readonly string[];
  readonly missing: readonly string[];
  readonly extra: readonly string[];
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) throw new InputError([{ file: dir, message: 'exists and is not a directory', option: 'out' }]);
  const walked = walkTree(dir);
  if (walked.diagnostics.length) throw new InputError(walked.diagnostics);
  return walked.files.map((p) => relative(dir, p)).sort();
}

/** A file's text, or undefined when it is not there (or went away: another run may be replacing the directory). */
function readIfThere(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Compares `dir` with freshly generated files: which differ, are missing, or should not be there. */
export function runGenerateCheck(dir: string, files: readonly OutputFile[] = generateFullChart()): ChartCheckResult {
  const expected = new Map(files.map((f) => [f.path, f.content]));
  const present = listFiles(dir);
  const stale: string[] = [];
  const missing: string[] = [];
  for (const [path, content] of expected) {
    const full = join(dir, path);
    const text = readIfThere(full);
    if (text === undefined) missing.push(path);
    else if (text !== content) stale.push(path);
  }
  const extra = present.filter((p) => !expected.has(p));
  return { stale, missing, extra };
}

/**
 * Writes the generated chart to `dir`, replacing it whole (atomically) — unless it already holds
 * exactly these files, in which case nothing is touched (no rewrite, no fsync, same mtimes).
 */
export function runGenerate(dir: string, files: readonly OutputFile[] = generateFullChart()): number {
  const current = runGenerateCheck(dir, files);
  if (current.stale.length || current.missing.length || current.extra.length) replaceOutputDirectory(dir, files, 'generate', '--out');
  return files.length;
}
