// What the chart was generated from, hashed, in a file beside the chart's other files
// (.aipc-inputs.json): the generator's own code, its pinned libraries, the release data and the
// tier profiles — and a hash of every file generated from them. `aipc build` regenerates only when
// an input or a file differs; `aipc generate --check` compares the file byte for byte like the rest.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { moduleClosureHash, STAMP_FILE } from '../util/src-stamp.mjs';
import type { OutputFile } from '../io/output-file.js';
import { walkTree } from '../io/walk.js';
import { packageRoot, profilesDir, releaseFile } from '../paths.js';

/** The file's name in the chart directory. */
export const INPUTS_FILE = '.aipc-inputs.json';
/** The module whose import closure is the generator's code. */
const GENERATOR_ENTRY = 'src/actions/generate.ts';

// set by scripts/build.mjs: the bundle's generator hash is in dist/'s stamp, taken from the src/ it was built from
declare const __AIPC_BUNDLE__: boolean | undefined;

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** The hash of the generator's code that is running: the bundle's, or src/'s when run from source. */
function generatorHash(): string {
  if (typeof __AIPC_BUNDLE__ !== 'undefined') {
    const stamp = JSON.parse(readFileSync(join(packageRoot(), 'dist', STAMP_FILE), 'utf8')) as { generator?: string };
    if (stamp.generator) return stamp.generator;
  }
  return moduleClosureHash(packageRoot(), GENERATOR_ENTRY).hash;
}

/** The inputs, each hashed (sha256), by role: the same on every machine. */
export function chartInputHashes(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const inputs: Record<string, string> = {
    generator: generatorHash(),
    dependencies: sha256(JSON.stringify(pkg.dependencies ?? {})),
    release: sha256(readFileSync(releaseFile())),
  };
  for (const name of readdirSync(profilesDir()).sort()) inputs[`profiles/${name}`] = sha256(readFileSync(join(profilesDir(), name)));
  return inputs;
}

/** The inputs file for `files` (every other file of the chart directory). */
export function inputsFile(files: readonly OutputFile[]): OutputFile {
  const outputs = Object.fromEntries(files.map((f) => [f.path, sha256(f.content)] as const).sort(([a], [b]) => (a < b ? -1 : 1)));
  const content = {
    comment: 'Written by aipc generate: the inputs of this chart and its files, hashed (sha256). aipc build regenerates when one differs.',
    inputs: chartInputHashes(),
    outputs,
  };
  return { path: INPUTS_FILE, content: `${JSON.stringify(content, null, 2)}\n` };
}

/**
 * How many files `dir` holds (its inputs file included) when it holds exactly what generating now
 * would write, known without generating: its inputs file names today's inputs, and every file in
 * it is listed there with its hash. Undefined when it does not.
 */
export function currentChartFiles(dir: string): number | undefined {
  const file = join(dir, INPUTS_FILE);
  if (!existsSync(file)) return undefined;
  let recorded: { inputs?: unknown; outputs?: Record<string, string> };
  try {
    recorded = JSON.parse(readFileSync(file, 'utf8')) as typeof recorded;
  } catch {
    return undefined;
  }
  if (JSON.stringify(recorded.inputs) !== JSON.stringify(chartInputHashes()) || !recorded.outputs) return undefined;
  const outputs = recorded.outputs;
  const walked = walkTree(dir);
  if (walked.diagnostics.length) return undefined;
  const present = walked.files.map((p) => relative(dir, p)).filter((p) => p !== INPUTS_FILE);
  if (present.length !== Object.keys(outputs).length) return undefined;
  try {
    return present.every((p) => outputs[p] !== undefined && sha256(readFileSync(join(dir, p))) === outputs[p])
      ? present.length + 1
      : undefined;
  } catch {
    return undefined; // a file went away meanwhile (another run replacing the directory): not current
  }
}

/** Whether `dir` holds exactly what generating now would write (see currentChartFiles). */
export const chartIsCurrent = (dir: string): boolean => currentChartFiles(dir) !== undefined;
