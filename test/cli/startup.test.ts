// Start-up guards that do not depend on timing: which modules a command loads (recorded by a
// loader hook, test/support/module-log.mjs) and which libraries the bundle's chunks carry
// (dist/bundle-inputs.json, from esbuild's metafile). A heavy import creeping into `--help` or
// `--version` fails here, on any machine, however fast.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { readManifestText } from '../../src/io/manifests.js';
import { chartKinds } from '../../src/validate/validator.js';
import { chartModels } from '../../src/validate/chart-models-load.js';
import { runCommonJs } from '../../src/util/commonjs.js';
import { tempDir } from '../helpers.js';
import { runAipc } from '../support/cli.js';

const root = packageRoot();
/** Libraries of schemas, YAML and rules: none is needed to print a version or a help text. */
const HEAVY =
  /node_modules\/(ajv|ajv-[\w-]+|kubernetes-models|@kubernetes-models\/[\w-]+|yaml|js-yaml|@sinclair\/typebox|handlebars|@marcbachmann\/cel-js|re2js)\//;

/** The files `aipc <args>` loads, relative to the package root (bundle chunks expanded to their inputs). */
function loaded(args: string[]): { files: string[]; inputs: string[] } {
  const log = join(tempDir(), 'modules.txt');
  const r = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(join(root, 'test/support/module-log.mjs')).href, join(root, 'bin/aipc.js'), ...args],
    {
      env: { ...process.env, AIPC_MODULE_LOG: log },
      encoding: 'utf8',
    },
  );
  expect(r.status, r.stderr).toBe(0);
  const files = [
    ...new Set(
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('node:'))
        .map((l) => (l.startsWith('file:') ? fileURLToPath(l) : l))
        .map((p) => p.slice(root.length + 1))
        .filter((p) => !p.startsWith('test/support/')),
    ),
  ].sort();
  const bundle = bundleInputs();
  const inputs = files.flatMap((f) => (f.startsWith('dist/') ? (bundle[f.slice('dist/'.length)] ?? []) : [f]));
  return { files, inputs };
}

/** Each output of the build and the source files it holds (esbuild's metafile). */
const bundleInputs = (): Record<string, string[]> =>
  JSON.parse(readFileSync(join(root, 'dist/bundle-inputs.json'), 'utf8')) as Record<string, string[]>;

describe('start-up loads only what the command needs', () => {
  it('`aipc --version` loads the launcher and nothing of the CLI or any library', () => {
    expect(loaded(['--version']).files).toEqual(['bin/aipc.js']);
  });

  it('`aipc --help` to a pipe loads nothing of the CLI: it prints the help the build rendered, the very text commander prints', async () => {
    // the launcher, and in a source checkout the stamp it compares with dist/'s
    expect(loaded(['--help']).files.filter((f) => f !== 'src/util/src-stamp.mjs')).toEqual(['bin/aipc.js']);
    const fast = spawnSync(process.execPath, [join(root, 'bin/aipc.js'), '--help'], { encoding: 'utf8' });
    expect(fast.status).toBe(0);
    expect(fast.stdout).toContain('Usage: aipc');
    expect(fast.stdout).toBe((await runAipc(['--help'])).stdout);
  });

  it('`aipc validate --help` and `aipc build --help` load no schema, YAML or rule library, and not the actions', () => {
    for (const args of [
      ['validate', '--help'],
      ['build', '--help'],
    ]) {
      const { files, inputs } = loaded(args);
      expect(files.filter((f) => f.startsWith('dist/')).length, args.join(' ')).toBeGreaterThan(0);
      expect(files, args.join(' ')).not.toContain('dist/actions/actions.cjs');
      expect(
        inputs.filter((f) => HEAVY.test(f)),
        args.join(' '),
      ).toEqual([]);
    }
  });

  it('`aipc lint` runs its action from the one actions bundle, not from ESM chunks of the action', () => {
    const { files, inputs } = loaded(['lint', '--list']);
    expect(files).toContain('dist/actions/actions.cjs');
    // the lint rules are in the bundle; no ESM chunk of the CLI carries them
    const esmInputs = files
      .filter((f) => f.startsWith('dist/') && f.endsWith('.js'))
      .flatMap((f) => bundleInputs()[f.slice('dist/'.length)] ?? []);
    expect(esmInputs.filter((f) => f.startsWith('src/checks/'))).toEqual([]);
    expect(inputs.some((f) => f.startsWith('src/checks/lint/'))).toBe(true);
  });

  it('`aipc build` loads no library from node_modules: no ajv compiler (the CRDs are precompiled), the models bundled', () => {
    const { files } = loaded(['build', '--out', join(tempDir(), 'chart')]);
    // ajv's run-time helpers (string length by code points) are what precompiled validators call
    const outside = files.filter((f) => f.startsWith('node_modules/') && !/^node_modules\/ajv\/dist\/runtime\//.test(f));
    expect(outside).toEqual([]);
  });

  it('every built-in kind the chart renders is one of the bundled models', () => {
    const bundled = new Set(chartKinds().map((k) => `${k.apiVersion} ${k.kind}`));
    const kinds = new Set<string>();
    for (const tier of ['edge', 'datacenter', 'connected']) {
      const dir = join(root, 'test/golden', tier);
      for (const ns of readdirSync(dir))
        for (const f of readdirSync(join(dir, ns)))
          for (const m of readManifestText(readFileSync(join(dir, ns, f), 'utf8'), f).objects)
            if (!String(m.object.apiVersion).includes('fractal.ai')) kinds.add(`${m.object.apiVersion} ${m.object.kind}`);
    }
    expect(kinds.size).toBeGreaterThan(10);
    expect([...kinds].filter((k) => !bundled.has(k))).toEqual([]);
  });

  it('dist/ carries the actions as one CommonJS file with a code cache V8 accepts, holding every action a command imports', () => {
    const file = join(root, 'dist/actions/actions.cjs');
    const { exports, cached } = runCommonJs(file, `${file}.cache`);
    expect(cached).toBe(true);
    const commands = join(root, 'src/cli/commands');
    const imported = new Set(
      readdirSync(commands).flatMap((f) =>
        [...readFileSync(join(commands, f), 'utf8').matchAll(/import\('\.\.\/\.\.\/actions\/([\w-]+)\.js'\)/g)].map((m) => m[1]),
      ),
    );
    expect(imported.size).toBeGreaterThan(5);
    expect(Object.keys((exports as { modules: object }).modules).sort()).toEqual([...imported].sort());
    // a cache made by another V8 is not offered: the file still runs, compiled from source
    const elsewhere = join(tempDir(), 'actions.cjs.cache');
    writeFileSync(elsewhere, readFileSync(`${file}.cache`));
    writeFileSync(`${elsewhere}.json`, JSON.stringify({ v8: '0.0.0', arch: process.arch }));
    expect(runCommonJs(file, elsewhere).cached).toBe(false);
  });

  it("dist/ carries the chart's models as one CommonJS file with a code cache V8 accepts", () => {
    const file = join(root, 'dist/models/chart-models.cjs');
    const { exports, cached } = runCommonJs(file, `${file}.cache`);
    expect(cached).toBe(true);
    expect(Object.keys(exports as object)).toEqual(Object.keys(chartModels()));
    // without the cache the same file still loads (a Node the cache was not made for)
    expect(runCommonJs(file, join(tempDir(), 'none')).cached).toBe(false);
  });
});
