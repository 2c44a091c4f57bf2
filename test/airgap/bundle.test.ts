// `aipc airgap bundle` and `aipc airgap verify`: every file hashed (never a glob), nothing
// half-written, reproducible for a given creation time, and every tampering named.
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageChart, writeBundle } from '../../src/airgap/bundle.js';
import { listBundleEntries } from '../../src/airgap/manifest.js';
import { bundleIsIntact, verifyBundle } from '../../src/airgap/verify.js';
import { chartDir, packageRoot } from '../../src/paths.js';
import { runCli, tempDir } from '../helpers.js';
import { makeKey } from '../../scripts/support/registry.js';
import { chartPackage, chartVersion, image } from '../support/release.js';

const FIXTURES = join(packageRoot(), 'test/fixtures/airgap');
const CREATED = '2025-01-31T12:00:00Z';

let pristine: string;
let pristineRoot: string;
let keys: { key: string; pub: string };

beforeAll(async () => {
  // built once and copied for each test that tampers with it (tempDir() is per test)
  pristineRoot = mkdtempSync(join(tmpdir(), 'aipc-airgap-'));
  pristine = join(pristineRoot, 'bundle');
  keys = makeKey(pristineRoot);
  await writeBundle({ out: pristine, created: CREATED, key: keys.key });
  return () => rmSync(pristineRoot, { recursive: true, force: true });
});

function copyOfBundle(): string {
  const dir = join(tempDir(), 'bundle');
  cpSync(pristine, dir, { recursive: true });
  return dir;
}

describe('airgap bundle', () => {
  it('holds the chart package, the values used, the image list, the model list and a manifest', () => {
    expect(listBundleEntries(pristine).map((e) => e.path)).toEqual([
      '.aipc-bundle',
      'INSTALL.md',
      'README.md',
      'SHA256SUMS',
      'SHA256SUMS.sig',
      chartPackage,
      'images.txt',
      'manifest.yaml',
      'manifest.yaml.sig',
      'models.yaml',
      'values/values.yaml',
    ]);
    expect(readFileSync(join(pristine, 'images.txt'), 'utf8')).toContain(`registry.local:5000/${image('postgres')}\n`);
    const models = readFileSync(join(pristine, 'models.yaml'), 'utf8');
    expect(models).toContain('name: mistral-7b-instruct-q4');
    expect(models).toContain('status: required-not-included');
  });

  it('hashes every file but the manifest, one entry per file, sorted by path', () => {
    const manifest = readFileSync(join(pristine, 'manifest.yaml'), 'utf8');
    const listed = [...manifest.matchAll(/^ {2}- path: (.+)$/gm)].map((m) => m[1]);
    expect(listed).toEqual(
      listBundleEntries(pristine)
        .map((e) => e.path)
        .filter((p) => !['manifest.yaml', 'manifest.yaml.sig', 'SHA256SUMS', 'SHA256SUMS.sig'].includes(p)),
    );
    expect(manifest).toContain(`version: ${chartVersion}`);
    expect(manifest).toContain(`created: "${CREATED}"`);
    expect(manifest).toMatch(/^tier: edge$/m);
  });

  it('is byte-identical when built twice with the same --created (chart package included)', () => {
    const out = tempDir();
    const a = runCli(['airgap', 'bundle', '--out', join(out, 'a'), '--created', CREATED, '--key', keys.key]);
    expect(a.code).toBe(0);
    // SOURCE_DATE_EPOCH is the same instant, given the other way
    const b = runCli(['airgap', 'bundle', '--out', join(out, 'b'), '--key', keys.key], {
      env: { SOURCE_DATE_EPOCH: String(Date.parse(CREATED) / 1000) },
    });
    expect(b.code).toBe(0);
    for (const e of listBundleEntries(pristine)) {
      expect(readFileSync(join(out, 'a', e.path)).equals(readFileSync(join(pristine, e.path))), e.path).toBe(true);
      expect(readFileSync(join(out, 'b', e.path)).equals(readFileSync(join(pristine, e.path))), e.path).toBe(true);
    }
  });

  it('packages the chart reproducibly whatever the mtimes of the chart files', async () => {
    const chart = join(tempDir(), 'ai-platform');
    cpSync(chartDir(), chart, { recursive: true });
    utimesSync(join(chart, 'Chart.yaml'), new Date('2001-01-01T00:00:00Z'), new Date('2001-01-01T00:00:00Z'));
    const created = new Date(CREATED);
    const a = await packageChart(chartDir(), created, tempDir());
    const b = await packageChart(chart, created, tempDir());
    expect(readFileSync(a.file).equals(readFileSync(b.file))).toBe(true);
    const later = await packageChart(chartDir(), new Date('2025-02-01T00:00:00Z'), tempDir());
    expect(readFileSync(a.file).equals(readFileSync(later.file))).toBe(false);
  });

  it('with --registry writes values-airgap.yaml, lists the images there and maps each source image to its target', async () => {
    const dir = join(tempDir(), 'b');
    const r = await writeBundle({ out: dir, created: CREATED, registry: 'harbor.far.side:443/platform' });
    expect(r.manifest.valuesFiles).toEqual(['values/values.yaml', 'values/values-airgap.yaml']);
    expect(readFileSync(join(dir, 'values/values-airgap.yaml'), 'utf8')).toContain('global:\n  registry: harbor.far.side:443/platform\n');
    expect(
      readFileSync(join(dir, 'images.txt'), 'utf8')
        .trim()
        .split('\n')
        .every((l) => l.startsWith('harbor.far.side:443/platform/')),
    ).toBe(true);
    expect(readFileSync(join(dir, 'image-map.txt'), 'utf8')).toContain(
      `registry.local:5000/${image('redis')} harbor.far.side:443/platform/${image('redis')}\n`,
    );
    expect(bundleIsIntact(await verifyBundle(dir))).toBe(true);
  });

  it('copies and hashes model weights given with --model-dir', async () => {
    const weights = tempDir();
    mkdirSync(join(weights, 'mistral-7b-instruct-q4'));
    writeFileSync(join(weights, 'mistral-7b-instruct-q4', 'model.gguf'), 'not really weights');
    const dir = join(tempDir(), 'b');
    const r = await writeBundle({ out: dir, created: CREATED, modelDir: weights, valuesFiles: [join(FIXTURES, 'harbor-registry.yaml')] });
    expect(r.manifest.files.map((f) => f.path)).toContain('models/mistral-7b-instruct-q4/model.gguf');
    expect(r.manifest.valuesFiles).toEqual(['values/values.yaml', 'values/override-1-harbor-registry.yaml']);
    const models = readFileSync(join(dir, 'models.yaml'), 'utf8');
    expect(models).toContain('status: included');
    expect(models).toContain('- models/mistral-7b-instruct-q4/model.gguf');
  });

  it('bundles a tier with its values file, in the order Helm applies them', async () => {
    const dir = join(tempDir(), 'b');
    const r = await writeBundle({ out: dir, tier: 'datacenter', created: CREATED });
    expect(r.manifest.tier).toBe('datacenter');
    expect(r.manifest.registry).toBe('harbor.internal.mil:443');
    expect(r.manifest.valuesFiles).toEqual(['values/values.yaml', 'values/values-tier2-datacenter.yaml']);
    expect(bundleIsIntact(await verifyBundle(dir))).toBe(true);
  });

  it('writes nothing and exits 1 naming the images when an image is outside the registry', () => {
    const out = join(tempDir(), 'b');
    const r = runCli(['airgap', 'bundle', '--out', out, '--values', join(FIXTURES, 'empty-registry.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('image /postgres:15.13 has an empty registry host');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to replace a directory that is not a bundle (exit 2)', () => {
    const out = tempDir();
    writeFileSync(join(out, 'precious.txt'), 'keep me');
    const r = runCli(['airgap', 'bundle', '--out', out]);
    expect(r.code).toBe(2);
    expect(readFileSync(join(out, 'precious.txt'), 'utf8')).toBe('keep me');
  });
});

describe('airgap verify', () => {
  it('passes an intact signed bundle with the key (exit 0), and exits 1 without one', async () => {
    const result = await verifyBundle(pristine, { trust: { kind: 'key', file: keys.pub } });
    expect({ missing: result.missing, extra: result.extra, changed: result.changed }).toEqual({ missing: [], extra: [], changed: [] });
    const r = runCli(['airgap', 'verify', pristine, '--key', keys.pub]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ok: 7 of 7 files match the authenticated manifest.yaml');
    const unkeyed = runCli(['airgap', 'verify', pristine]);
    expect(unkeyed.code).toBe(1);
    expect(unkeyed.stdout).toMatch(/^NOT AUTHENTICATED: manifest not authenticated/m);
    expect(unkeyed.stdout).toMatch(/FAILED: manifest not authenticated \(7 of 7 files match it, which proves nothing/);
  });

  it('names a file with one changed byte (exit 1)', () => {
    const dir = copyOfBundle();
    const file = join(dir, 'values/values.yaml');
    const bytes = readFileSync(file);
    bytes[100] ^= 1;
    writeFileSync(file, bytes);
    const r = runCli(['airgap', 'verify', dir, '--key', keys.pub]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^changed: values\/values\.yaml \(sha256 [0-9a-f]{64}, manifest says [0-9a-f]{64}\)$/m);
  });

  it('names a deleted file (exit 1)', () => {
    const dir = copyOfBundle();
    rmSync(join(dir, chartPackage));
    const r = runCli(['airgap', 'verify', dir, '--key', keys.pub]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`missing: ${chartPackage}`);
  });

  it('names an added file, even a hidden one in a subdirectory (exit 1)', async () => {
    const dir = copyOfBundle();
    writeFileSync(join(dir, 'values/.extra-values.yaml'), 'global: {registry: docker.io}\n');
    const r = runCli(['airgap', 'verify', dir, '--key', keys.pub]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('extra: values/.extra-values.yaml');
    expect((await verifyBundle(dir)).extra).toEqual(['values/.extra-values.yaml']);
  });

  it('exits 2 with file:line when the manifest is invalid, and when the directory is missing', () => {
    const dir = copyOfBundle();
    const manifest = join(dir, 'manifest.yaml');
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8')
        .replace(/(path: SHA256SUMS|path: INSTALL\.md\n {4}sha256: )[0-9a-f]{64}/, '$1xyz')
        .replace('path: models.yaml', 'path: ../models.yaml'),
    );
    const r = runCli(['airgap', 'verify', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/manifest\.yaml:\d+:\d+: files\[1\]\.sha256: sha256: expected 64 lowercase hex digits/);
    expect(r.stderr).toMatch(/manifest\.yaml:\d+:\d+: files\[5\]\.path: path: expected a relative path inside the bundle/);
    const gone = runCli(['airgap', 'verify', join(dir, 'nope')]);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('no such directory');
  });

  it('exits 2 when manifest.yaml is not YAML', () => {
    const dir = copyOfBundle();
    appendFileSync(join(dir, 'manifest.yaml'), 'files: [\n');
    const r = runCli(['airgap', 'verify', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/manifest\.yaml:\d+/);
  });
});
