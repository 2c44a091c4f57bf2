// Preloaded with `node --import` by the start-up tests: records every module the process loads,
// ESM (through a resolve hook, which runs on Node's loader thread) and CommonJS (require's cache at
// exit), one path or URL per line, in the file AIPC_MODULE_LOG names.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const log = process.env.AIPC_MODULE_LOG;
if (log) {
  register('./module-log-hooks.mjs', import.meta.url, { data: { log } });
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    const cjs = Object.keys(require('node:module')._cache ?? require.cache);
    if (cjs.length) appendFileSync(log, `${cjs.join('\n')}\n`);
  });
}
