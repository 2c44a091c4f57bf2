// Runs a CommonJS file as require would, compiled from a V8 code cache made at build time when the
// running V8 accepts it (scripts/build.mjs makes one for the chart's models and one for the
// actions). The cache is offered only to the V8 version and architecture it was made by (its
// `.json` sidecar says which); V8 itself refuses one made under other flags. Either way the file
// still runs, compiled from source: a cache that does not match costs time, never correctness.
import { existsSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** What a code cache was made by: it is offered to V8 only when the running process matches. */
export interface CodeCacheStamp {
  readonly v8: string;
  readonly arch: string;
}

/** The running process's stamp. */
export const codeCacheStamp = (): CodeCacheStamp => ({ v8: process.versions.v8, arch: process.arch });

/** Node's own module wrapper (Module.wrap): a cache is taken only for the very same source. */
export const wrapCommonJs = (source: string): string => `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;

/**
 * Runs `file` (and lists it in require's cache, as require would), compiled from `cacheFile` when
 * V8 accepts it (`cached`). Callers keep the exports: each call runs the file again.
 */
export function runCommonJs(file: string, cacheFile: string): { exports: unknown; cached: boolean } {
  const require = createRequire(file);
  const source = readFileSync(file, 'utf8');
  const cachedData = cacheMatches(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new Script(wrapCommonJs(source), { filename: file, cachedData });
  const module = new Module(file);
  module.filename = file;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  (script.runInThisContext() as (...a: unknown[]) => void)(module.exports, require, module, file, dirname(file));
  module.loaded = true;
  require.cache[file] = module;
  return { exports: module.exports, cached: cachedData !== undefined && !script.cachedDataRejected };
}

/** Whether the cache file exists and was made by this V8 on this architecture (its `.json` sidecar). */
function cacheMatches(cacheFile: string): boolean {
  if (!existsSync(cacheFile) || !existsSync(`${cacheFile}.json`)) return false;
  try {
    const made = JSON.parse(readFileSync(`${cacheFile}.json`, 'utf8')) as CodeCacheStamp;
    const now = codeCacheStamp();
    return made.v8 === now.v8 && made.arch === now.arch;
  } catch {
    return false;
  }
}
