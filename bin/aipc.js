#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm ci` via the prepare script, and by the test setup).
import('../dist/cli/index.js').then((m) => m.main(process.argv)).catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli')) {
    process.stderr.write('aipc: the CLI is not built; run `npm run build` (npm ci does this)\n');
    process.exit(2);
  }
  throw err;
});
