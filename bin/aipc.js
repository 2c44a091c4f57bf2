#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm ci` via the prepare script, `npm run build` and
// the test setup). A dist/ older than src/ would run an old model, so it is rebuilt first (or,
// with AIPC_NO_REBUILD=1 or without the build tools, refused).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStale, sourceStamp, STAMP_FILE } from './src-stamp.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function refuse(why) {
  process.stderr.write(`aipc: ${why}; run \`npm run build\` (npm ci does this)\n`);
  process.exit(2);
}

function ensureBuilt() {
  const now = sourceStamp(join(root, 'src'));
  if (!now) return; // an installed package without src/: dist/ is all there is
  const stampFile = join(root, 'dist', STAMP_FILE);
  const read = () => (existsSync(stampFile) ? JSON.parse(readFileSync(stampFile, 'utf8')) : undefined);
  if (!isStale(read(), now)) return;
  if (process.env.AIPC_NO_REBUILD === '1') refuse(existsSync(stampFile) ? 'dist/ is older than src/' : 'the CLI is not built');
  process.stderr.write('aipc: src/ changed since dist/ was built; rebuilding (npm run build)\n');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  // a concurrent run may have rebuilt it meanwhile: what matters is a current dist/
  if (isStale(read(), sourceStamp(join(root, 'src'))) && r.status !== 0) refuse('dist/ is older than src/ and the rebuild failed');
}

ensureBuilt();
import('../dist/cli/index.js')
  .then((m) => m.main(process.argv))
  .catch((err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli')) refuse('the CLI is not built');
    throw err;
  });
