#!/usr/bin/env node
// Bundles src/ into dist/ with esbuild: one file per entry plus lazily loaded chunks, so the CLI
// starts by loading only what `--help` needs. Dependencies are bundled too: resolving and loading
// their ~700 small files (TypeBox alone has 200) cost more than the work of most commands. What
// the code loads on demand through createRequire (ajv, a built-in kind's model outside the
// chart's) still comes from node_modules. dist/bundle-inputs.json lists each output's inputs,
// so tests can tell which libraries a command loaded.
import { build } from 'esbuild';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { fileURLToPath } from 'node:url';
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
writeFileSync(join(outdir, 'models', 'chart-models.cjs.cache'), chartModelsCache(join(outdir, 'models', 'chart-models.cjs')));

/** V8's code cache of the models file after every model has loaded (so their functions are in it). */
function chartModelsCache(file) {
  const source = readFileSync(file, 'utf8');
  // the same wrapper as chart-models-load.ts: V8 takes a cache only for the very same source
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n});`, { filename: file });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  for (const load of Object.values(module.exports)) load();
  return script.createCachedData();
}

const inputs = Object.fromEntries(
  [...Object.entries(result.metafile.outputs), ...Object.entries(models.metafile.outputs)]
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
