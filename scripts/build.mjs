#!/usr/bin/env node
// Bundles src/ into dist/ with esbuild: one file per entry plus lazily loaded chunks, so the CLI
// starts by loading only what `--version` or `--help` needs. Dependencies stay external.
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'dist');
// build beside dist/ and swap it in, so a CLI run never sees a half-built tree
const outdir = join(root, `.dist-tmp-${process.pid}`);
rmSync(outdir, { recursive: true, force: true });
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
const old = join(root, `.dist-old-${process.pid}`);
try {
  renameSync(target, old);
} catch {
  // no previous build
}
renameSync(outdir, target);
rmSync(old, { recursive: true, force: true });
