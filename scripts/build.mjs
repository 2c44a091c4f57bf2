#!/usr/bin/env node
// Bundles src/ into dist/ with esbuild: one file per entry plus lazily loaded chunks, so the CLI
// starts by loading only what `--version` or `--help` needs. Dependencies stay external.
import { build } from 'esbuild';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceStamp, STAMP_FILE } from '../bin/src-stamp.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'dist');
// build beside dist/ and swap it in, so a CLI run never sees a half-built tree
const outdir = join(root, `.dist-tmp-${process.pid}`);
rmSync(outdir, { recursive: true, force: true });
// taken before bundling: a source edited during the build leaves dist/ stale, not falsely current
const stamp = sourceStamp(join(root, 'src'));
await build({
  absWorkingDir: root,
  entryPoints: { 'cli/index': 'src/cli/index.ts', index: 'src/index.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: false,
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
});
writeFileSync(join(outdir, STAMP_FILE), `${JSON.stringify(stamp)}\n`);
const old = join(root, `.dist-old-${process.pid}`);
try {
  renameSync(target, old);
} catch {
  // no previous build
}
renameSync(outdir, target);
rmSync(old, { recursive: true, force: true });
