#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm ci` via the prepare script, `npm run build` and
// the test setup). A dist/ older than src/ would run an old model, so it is rebuilt first (or,
// with AIPC_NO_REBUILD=1 or without the build tools, refused). `aipc --version` is answered from
// dist/'s stamp, which records the version dist/ was built with: no CLI module is loaded for it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStale, sourceStamp, STAMP_FILE } from './src-stamp.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = join(root, 'dist', STAMP_FILE);

function refuse(why) {
  process.stderr.write(`aipc: ${why}; run \`npm run build\` (npm ci does this)\n`);
  process.exit(2);
}

const readStamp = () => (existsSync(stampFile) ? JSON.parse(readFileSync(stampFile, 'utf8')) : undefined);

/** dist/'s stamp once dist/ is current with src/ (rebuilt when it is not). */
async function ensureBuilt() {
  const built = readStamp();
  const now = sourceStamp(join(root, 'src'));
  if (!now || !isStale(built, now)) return built; // no src/ (an installed package): dist/ is all there is
  if (process.env.AIPC_NO_REBUILD === '1') refuse(built ? 'dist/ is older than src/' : 'the CLI is not built');
  process.stderr.write('aipc: src/ changed since dist/ was built; rebuilding (npm run build)\n');
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  // a concurrent run may have rebuilt it meanwhile: what matters is a current dist/
  const rebuilt = readStamp();
  if (isStale(rebuilt, sourceStamp(join(root, 'src'))) && r.status !== 0) refuse('dist/ is older than src/ and the rebuild failed');
  return rebuilt;
}

const stamp = await ensureBuilt();
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V') && typeof stamp?.version === 'string') {
  process.stdout.write(`${stamp.version}\n`);
} else {
  import('../dist/cli/index.js')
    .then((m) => m.main(process.argv))
    .catch((err) => {
      if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli')) refuse('the CLI is not built');
      throw err;
    });
}
