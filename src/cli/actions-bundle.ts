// The built CLI's way to its actions: one CommonJS bundle of every action module a command imports
// (dist/actions/actions.cjs) with a V8 code cache made by scripts/build.mjs, run on the first
// action a command needs. Loading ~100 ESM chunks cost each run a module graph to resolve, link and
// compile; one script compiled from its cache costs a file read. `--help` and `--version` never
// come here. scripts/build.mjs points each command's `import('../../actions/<x>.js')` at
// `actionModule('<x>')`; run from source (tests, tsx) the imports are the modules themselves.
import { fileURLToPath } from 'node:url';
import { runCommonJs } from '../util/commonjs.js';

let actions: Readonly<Record<string, () => unknown>> | undefined;

/** The exports of the action module `name` (`lint`, `check-isolation`, …) from the actions bundle. */
export function actionModule(name: string): unknown {
  if (!actions) {
    // dist/cli/index.js or dist/chunks/<chunk>.js → dist/actions/actions.cjs
    const file = fileURLToPath(new URL('../actions/actions.cjs', import.meta.url));
    actions = (runCommonJs(file, `${file}.cache`).exports as { modules: Readonly<Record<string, () => unknown>> }).modules;
  }
  const load = actions[name];
  if (load === undefined) throw new Error(`the actions bundle has no module ${name}`);
  // the module and what it imports are initialised on first use (esbuild's lazy CommonJS wrappers)
  return load();
}
