#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm ci` via the prepare script, `npm run build` and
// the test setup). A dist/ older than src/ would run an old model, so it is rebuilt first (or,
// with AIPC_NO_REBUILD=1 or without the build tools, refused). `aipc --version` needs neither:
// it is read from src/version.ts (or, in a package without src/, from dist/'s stamp), so it costs
// no more than node's own start. `aipc --help` to a pipe prints the text the build rendered.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

function refuse(why) {
  process.stderr.write(`aipc: ${why}; run \`npm run build\` (npm ci does this)\n`);
  process.exit(2);
}

/** The version `aipc --version` prints: src/'s when there is one, else the one dist/ was built with. */
function version() {
  const src = join(root, 'src', 'version.ts');
  if (existsSync(src)) return /AIPC_VERSION = '([^']+)'/.exec(readFileSync(src, 'utf8'))?.[1];
  const stamp = join(root, 'dist', 'source-stamp.json');
  return existsSync(stamp) ? JSON.parse(readFileSync(stamp, 'utf8')).version : undefined;
}

/** Makes dist/ current with src/ (rebuilt when it is not). */
async function ensureBuilt() {
  // an installed package ships no build script and npm does not keep src/'s modification times:
  // its dist/ is the one it was packed with
  if (!existsSync(join(root, 'scripts', 'build.mjs'))) return;
  const { isStale, sourceStamp, STAMP_FILE } = await import('../src/util/src-stamp.mjs');
  const stampFile = join(root, 'dist', STAMP_FILE);
  const readStamp = () => (existsSync(stampFile) ? JSON.parse(readFileSync(stampFile, 'utf8')) : undefined);
  const built = readStamp();
  const now = sourceStamp(join(root, 'src'));
  if (!now || !isStale(built, now)) return; // no src/ (an installed package): dist/ is all there is
  if (process.env.AIPC_NO_REBUILD === '1') refuse(built ? 'dist/ is older than src/' : 'the CLI is not built');
  process.stderr.write('aipc: src/ changed since dist/ was built; rebuilding (npm run build)\n');
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  // a concurrent run may have rebuilt it meanwhile: what matters is a current dist/
  if (isStale(readStamp(), sourceStamp(join(root, 'src'))) && r.status !== 0) refuse('dist/ is older than src/ and the rebuild failed');
}

/**
 * `aipc --help` to a pipe: the text commander prints there, made by the build (dist/help.txt), so
 * no CLI code loads; a terminal (its width, colours) gets commander's own.
 */
function prerenderedHelp() {
  const forcedColour = ['FORCE_COLOR', 'CLICOLOR_FORCE'].some((v) => process.env[v] !== undefined);
  if (process.stdout.isTTY || forcedColour) return undefined;
  const file = join(root, 'dist', 'help.txt');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

const fast = args.length === 1 && (args[0] === '--version' || args[0] === '-V') ? version() : undefined;
if (typeof fast === 'string') {
  process.stdout.write(`${fast}\n`);
} else {
  await ensureBuilt();
  const help = args.length === 1 && (args[0] === '--help' || args[0] === '-h') ? prerenderedHelp() : undefined;
  if (help !== undefined) process.stdout.write(help);
  else
    import('../dist/cli/index.js')
      .then((m) => m.main(process.argv))
      .catch((err) => {
        if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli')) refuse('the CLI is not built');
        throw err;
      });
}
