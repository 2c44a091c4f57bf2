// The models of the built-in kinds the chart renders (chart-models.cjs). In dist/ they are one
// CommonJS bundle, dist/models/chart-models.cjs, with a V8 code cache made by scripts/build.mjs:
// read with the cache they are ready in ~15 ms instead of ~55 ms of parsing and compiling on
// every build and validate. Run from source, the table is required as it is.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runCommonJs } from '../util/commonjs.js';

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
