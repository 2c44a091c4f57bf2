#!/usr/bin/env node
// Bundles src/ into dist/ with esbuild: one file per entry plus lazily loaded chunks, so the CLI
// starts by loading only what `--help` needs. Dependencies are bundled too: resolving and loading
// their ~700 small files (TypeBox alone has 200) cost more than the work of most commands. What
// the code loads on demand through createRequire (ajv, a built-in kind's model outside the
// chart's) still comes from node_modules. dist/bundle-inputs.json lists each output's inputs,
// so tests can tell which libraries a command loaded.
import { build } from 'esbuild';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { moduleClosureHash, sourceStamp, STAMP_FILE } from '../src/util/src-stamp.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'dist');
// build beside dist/ and swap it in, so a CLI run never sees a half-built tree
const outdir = join(root, `.dist-tmp-${process.pid}`);
rmSync(outdir, { recursive: true, force: true });
// taken before bundling: a source edited during the build leaves dist/ stale, not falsely current
const stamp = sourceStamp(join(root, 'src'));
// the generator's code as it is bundled now (src/actions/chart-inputs.ts reads it from the stamp)
const generator = moduleClosureHash(root, 'src/actions/generate.ts').hash;
// the action modules the commands import lazily (`await import('../../actions/<x>.js')`): in the
// built CLI they come from one CommonJS bundle with a code cache (src/cli/actions-bundle.ts)
const commandsDir = join(root, 'src', 'cli', 'commands');
const actionNames = [
  ...new Set(
    readdirSync(commandsDir).flatMap((f) =>
      [...readFileSync(join(commandsDir, f), 'utf8').matchAll(/import\('\.\.\/\.\.\/actions\/([\w-]+)\.js'\)/g)].map((m) => m[1]),
    ),
  ),
].sort();
/** Points each command's `import('../../actions/<x>.js')` at the actions bundle's module `<x>`. */
const actionsFromBundle = {
  name: 'actions-from-bundle',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/\.\.\/actions\/[\w-]+\.js$/ }, (args) =>
      args.importer.startsWith(commandsDir) && args.kind === 'dynamic-import'
        ? { path: /([\w-]+)\.js$/.exec(args.path)[1], namespace: 'aipc-action' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'aipc-action' }, (args) => {
      const names = actionExports[args.path];
      if (!names) throw new Error(`the actions bundle has no module ${args.path}`);
      return {
        contents: [
          `import { actionModule } from ${JSON.stringify(join(root, 'src', 'cli', 'actions-bundle.ts'))};`,
          `const m = actionModule(${JSON.stringify(args.path)});`,
          ...names.map((n) => (n === 'default' ? 'export default m.default;' : `export const ${n} = m.${n};`)),
        ].join('\n'),
        loader: 'js',
        resolveDir: root,
      };
    });
  },
};
// the actions: one CommonJS file holding every action module the commands import (and all they
// import, libraries included), run through vm.Script with a code cache (src/cli/actions-bundle.ts)
const actionsFile = join(outdir, 'actions', 'actions.cjs');
const actions = await build({
  absWorkingDir: root,
  stdin: {
    // each module is initialised when a command first asks for it, not when the bundle loads
    contents: `export const modules = { ${actionNames.map((n) => `${JSON.stringify(n)}: () => require('./src/actions/${n}.ts')`).join(', ')} };\n`,
    resolveDir: root,
    sourcefile: 'actions-bundle-entry.ts',
    loader: 'ts',
  },
  outfile: actionsFile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // the code finds its own files (package root, models, ajv's run-time) from its module URL
  banner: { js: 'var __aipcModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { __AIPC_BUNDLE__: 'true', 'import.meta.url': '__aipcModuleUrl' },
  metafile: true,
  sourcemap: false,
  logLevel: 'warning',
});
// each action module's export names, for the ESM modules that stand for them in the CLI's bundle
const actionExports = {};
writeCodeCache(actionsFile, (exports) => {
  for (const [name, load] of Object.entries(exports.modules)) actionExports[name] = Object.keys(load()).sort();
});
const result = await build({
  absWorkingDir: root,
  entryPoints: { 'cli/index': 'src/cli/index.ts', index: 'src/index.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // the bundled CommonJS dependencies require Node's built-ins
  banner: {
    js: "import { createRequire as __aipcCreateRequire } from 'node:module'; const require = __aipcCreateRequire(import.meta.url);",
  },
  metafile: true,
  define: { __AIPC_BUNDLE__: 'true' },
  sourcemap: false,
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [actionsFromBundle],
});

// the version the bundle reports, so bin/aipc.js answers `--version` without loading the CLI
const version = /AIPC_VERSION = '([^']+)'/.exec(readFileSync(join(root, 'src', 'version.ts'), 'utf8'))?.[1];
if (!version) throw new Error('src/version.ts: no AIPC_VERSION');
writeFileSync(join(outdir, STAMP_FILE), `${JSON.stringify({ ...stamp, version, generator })}\n`);
// the chart's built-in models: one CommonJS file with a V8 code cache beside it
// (src/validate/chart-models-load.ts reads both), so their 1.7 MB are not parsed on every run
const models = await build({
  absWorkingDir: root,
  entryPoints: ['src/validate/chart-models.cjs'],
  outfile: join(outdir, 'models', 'chart-models.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  metafile: true,
});
// the models' cache is taken after every model has loaded, so their functions are in it
writeCodeCache(join(outdir, 'models', 'chart-models.cjs'), (exports) => {
  for (const load of Object.values(exports)) load();
});

/**
 * Writes V8's code cache of a CommonJS file after running it (and `warm` on its exports), with
 * the V8 version and architecture it is good for (src/util/commonjs.ts offers it only to them).
 */
function writeCodeCache(file, warm) {
  const source = readFileSync(file, 'utf8');
  // the same wrapper as src/util/commonjs.ts: V8 takes a cache only for the very same source
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n});`, { filename: file });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  warm(module.exports);
  writeFileSync(`${file}.cache`, script.createCachedData());
  writeFileSync(`${file}.cache.json`, `${JSON.stringify({ v8: process.versions.v8, arch: process.arch })}\n`);
}

// `aipc --help` as commander prints it to a pipe (no colours, the default width): bin/aipc.js prints
// this file instead of loading the CLI to make the same text again
{
  const { createProgram } = await import(pathToFileURL(join(outdir, 'cli', 'index.js')).href);
  let help = '';
  const sink = { write: (s) => ((help += s), true) };
  const program = createProgram({ stdout: sink, stderr: sink, stdin: undefined, exitCode: 0 });
  program.configureOutput({ getOutHelpWidth: () => undefined, getOutHasColors: () => false });
  program.outputHelp();
  writeFileSync(join(outdir, 'help.txt'), help);
}

const inputs = Object.fromEntries(
  [...Object.entries(result.metafile.outputs), ...Object.entries(models.metafile.outputs), ...Object.entries(actions.metafile.outputs)]
    .map(([out, o]) => [out.slice(out.indexOf('/') + 1), Object.keys(o.inputs).sort()])
    .sort(([a], [b]) => (a < b ? -1 : 1)),
);
writeFileSync(join(outdir, 'bundle-inputs.json'), `${JSON.stringify(inputs, null, 1)}\n`);
const old = join(root, `.dist-old-${process.pid}`);
try {
  renameSync(target, old);
} catch {
  // no previous build
}
renameSync(outdir, target);
rmSync(old, { recursive: true, force: true });
