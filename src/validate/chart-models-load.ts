// The models of the built-in kinds the chart renders (chart-models.cjs). In dist/ they are one
// CommonJS bundle, dist/models/chart-models.cjs, with a V8 code cache made by scripts/build.mjs:
// read with the cache they are ready in ~15 ms instead of ~55 ms of parsing and compiling on
// every build and validate. Run from source, the table is required as it is.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

declare const __AIPC_BUNDLE__: boolean | undefined;

type ModelTable = Readonly<Record<string, () => unknown>>;
let table: ModelTable | undefined;

/** Loaders of the chart's built-in kinds' models, by module name. */
export function chartModels(): ModelTable {
  if (table) return table;
  if (typeof __AIPC_BUNDLE__ === 'undefined') {
    table = createRequire(import.meta.url)('./chart-models.cjs') as ModelTable;
    return table;
  }
  // dist/chunks/<chunk>.js → dist/models/chart-models.cjs
  const file = fileURLToPath(new URL('../models/chart-models.cjs', import.meta.url));
  table = runCommonJs(file, `${file}.cache`).exports as ModelTable;
  return table;
}

/** Runs a CommonJS file as require would, compiled from `cacheFile` when V8 accepts it (`cached`). */
export function runCommonJs(file: string, cacheFile: string): { exports: unknown; cached: boolean } {
  const source = readFileSync(file, 'utf8');
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  // the wrapper is Node's own (Module.wrap), so the file sees exports, require, module as usual
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n});`, {
    filename: file,
    cachedData,
  });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...a: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, cached: cachedData !== undefined && !script.cachedDataRejected };
}
