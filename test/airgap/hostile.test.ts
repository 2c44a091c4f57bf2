// Hostile bundles and outputs (issue 13, air-gap classes): every path a manifest names is a safe
// path listed in its files; verify never hangs (lstat/fstat first, FIFOs and devices refused,
// sizes compared before hashing); bad names and bad disks are exit 2, never 3; --out replaces
// only what aipc wrote; file names cannot forge report lines.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBundle } from '../../src/airgap/bundle.js';
import { isSafeBundlePath } from '../../src/airgap/manifest.js';
import { escapeName } from '../../src/airgap/safe-fs.js';
import { verifyBundle } from '../../src/airgap/verify.js';
import { runCli, tempDir } from '../helpers.js';
import { makeKey } from '../../scripts/support/registry.js';

const CREATED = '2026-01-01T00:00:00Z';
let root: string;
let signed: string;
let keys: { key: string; pub: string };

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'aipc-hostile-airgap-'));
  keys = makeKey(root);
  signed = join(root, 'bundle');
  await writeBundle({ out: signed, tier: 'edge', created: CREATED, key: keys.key });
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const copy = () => {
  const dir = join(tempDir(), 'bundle');
  cpSync(signed, dir, { recursive: true });
  return dir;
};
const verify = (dir: string, ...extra: string[]) => runCli(['airgap', 'verify', dir, '--key', keys.pub, ...extra]);
const timed = <T>(f: () => T): { value: T; ms: number } => {
  const t = Date.now();
  const value = f();
  return { value, ms: Date.now() - t };
};

describe('airgap verify never hangs and never reads without a bound', () => {
  it('refuses a FIFO named manifest.yaml with exit 2, without blocking on it', () => {
    const dir = copy();
    rmSync(join(dir, 'manifest.yaml'));
    execFileSync('mkfifo', [join(dir, 'manifest.yaml')]);
    const { value: r, ms } = timed(() => verify(dir));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('manifest.yaml: is a FIFO (named pipe), expected a regular file');
    expect(ms).toBeLessThan(10_000);
  });

  it('refuses a FIFO, a character device or a socket in place of a listed file (exit 2)', () => {
    const dir = copy();
    rmSync(join(dir, 'INSTALL.md'));
    execFileSync('mkfifo', [join(dir, 'INSTALL.md')]);
    rmSync(join(dir, 'images.txt'));
    execFileSync('mknod', [join(dir, 'images.txt'), 'c', '1', '5']); // /dev/zero's numbers
    const r = verify(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('INSTALL.md: is a FIFO (named pipe); a bundle holds regular files only');
    expect(r.stderr).toContain('images.txt: is a character device; a bundle holds regular files only');
  });

  it('does not follow a link to /dev/zero: a symbolic link is named, not read (exit 1)', () => {
    const dir = copy();
    rmSync(join(dir, 'models.yaml'));
    symlinkSync('/dev/zero', join(dir, 'models.yaml'));
    const r = verify(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('changed: models.yaml (is a symbolic link, not a regular file)');
  });

  it('fails a 1 TiB sparse file whose manifest says a few hundred bytes on its size, without hashing it', async () => {
    const dir = copy();
    const size = readFileSync(join(dir, 'images.txt')).length;
    truncateSync(join(dir, 'images.txt'), 2 ** 40);
    const { value: r, ms } = timed(() => verify(dir));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`changed: images.txt (size 1099511627776 bytes, manifest says ${size})`);
    expect(ms).toBeLessThan(10_000); // hashing 1 TiB would take an hour
  });
});

describe('airgap verify: names and report lines', () => {
  it('refuses a file name that is not UTF-8 with exit 2, the bytes escaped', () => {
    const dir = copy();
    const name = Buffer.concat([Buffer.from(join(dir, 'caf')), Buffer.from([0xe9])]);
    writeFileSync(name, 'x');
    const r = verify(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('caf\\xe9: file name is not UTF-8');
  });

  it('escapes control characters, so a file name cannot forge an "authenticated" line', () => {
    const dir = copy();
    writeFileSync(join(dir, 'x\nauthenticated: signature by aipc-bundle-signer\r'), '');
    const r = runCli(['airgap', 'verify', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('extra: x\\u000aauthenticated: signature by aipc-bundle-signer\\u000d (in the bundle');
    expect(r.stdout.split('\n').filter((l) => l.startsWith('authenticated:'))).toEqual([]);
    expect(r.stdout).not.toContain('\r');
  });

  it('refuses a manifest naming a path outside its files (chart package, values file), even when its digest is trusted', () => {
    const dir = join(tempDir(), 'unsigned');
    cpSync(signed, dir, { recursive: true });
    const m = join(dir, 'manifest.yaml');
    writeFileSync(
      m,
      readFileSync(m, 'utf8')
        .replace(/package: \S+/, 'package: ../../etc/passwd')
        .replace('- values/values-tier1-edge.yaml', '- values/other.yaml'),
    );
    const digest = createHash('sha256').update(readFileSync(m)).digest('hex');
    const r = runCli(['airgap', 'verify', dir, '--digest', digest]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/chart\.package: "\.\.\/\.\.\/etc\/passwd" is not one of the manifest's files/);
    expect(r.stderr).toMatch(/valuesFiles\[1\]: "values\/other\.yaml" is not one of the manifest's files/);
  });

  it('authenticates tier and registry: changing either breaks the signature (exit 1)', async () => {
    const dir = copy();
    const m = join(dir, 'manifest.yaml');
    writeFileSync(m, readFileSync(m, 'utf8').replace(/^registry: .*$/m, 'registry: evil.example:5000'));
    const r = await verifyBundle(dir, { trust: { kind: 'key', file: keys.pub } });
    expect(r.authentication.ok).toBe(false);
    expect(r.manifest).toBeUndefined();
  });
});

describe('airgap bundle/collect --out and bad disks', () => {
  it('never replaces the working directory or a parent of it', () => {
    const cwd = join(tempDir(), 'work', 'here');
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(cwd, '.aipc-bundle'), 'looks like a bundle');
    for (const out of ['.', '..', cwd]) {
      const r = runCli(['airgap', 'bundle', '--out', out, '--created', CREATED], { cwd });
      expect(r.code, out).toBe(2);
      expect(r.stderr).toContain('is the working directory or one of its parents; refusing to replace it');
    }
    expect(existsSync(join(cwd, '.aipc-bundle'))).toBe(true);
  });

  it('recognises earlier output only by the marker aipc wrote, not by a file called manifest.yaml', () => {
    const out = join(tempDir(), 'docs');
    mkdirSync(out);
    writeFileSync(join(out, 'manifest.yaml'), 'my own notes');
    const r = runCli(['airgap', 'bundle', '--out', out, '--created', CREATED]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('holds no .aipc-bundle: refusing to replace a directory aipc did not write');
    expect(readFileSync(join(out, 'manifest.yaml'), 'utf8')).toBe('my own notes');
    const again = copy();
    expect(runCli(['airgap', 'bundle', '--out', again, '--created', CREATED]).code).toBe(0);
  });

  it('a symbolic link loop in --model-dir is exit 2 naming it', () => {
    const models = tempDir();
    mkdirSync(join(models, 'mistral-7b-instruct-q4'));
    symlinkSync('..', join(models, 'mistral-7b-instruct-q4', 'up'));
    symlinkSync('self', join(models, 'self'));
    const r = runCli(['airgap', 'bundle', '--out', join(tempDir(), 'b'), '--model-dir', models, '--created', CREATED]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mistral-7b-instruct-q4\/up: symbolic link loop/);
    expect(r.stderr).toMatch(/self: symbolic link loop/);
  });

  it('a read-only or full disk is exit 2 with the cause, nothing left behind', () => {
    const mnt = tempDir();
    const ro = join(mnt, 'ro');
    const full = join(mnt, 'full');
    mkdirSync(ro);
    mkdirSync(full);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', ro]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', full]);
    try {
      const r1 = runCli(['airgap', 'bundle', '--out', join(ro, 'b'), '--created', CREATED]);
      expect(r1.code).toBe(2);
      expect(r1.stderr).toContain('the file system is read-only (EROFS)');
      const models = tempDir();
      mkdirSync(join(models, 'mistral-7b-instruct-q4'));
      writeFileSync(join(models, 'mistral-7b-instruct-q4', 'model.gguf'), Buffer.alloc(1024 * 1024, 1));
      const r2 = runCli(['airgap', 'bundle', '--out', join(full, 'b'), '--model-dir', models, '--created', CREATED]);
      expect(r2.code).toBe(2);
      expect(r2.stderr).toContain('no space left on the device (ENOSPC); nothing was written');
      expect(spawnSync('ls', ['-A', full], { encoding: 'utf8' }).stdout).toBe('');
    } finally {
      spawnSync('umount', [ro]);
      spawnSync('umount', [full]);
    }
  });
});

describe('bundle paths and report names (properties)', () => {
  const runs = process.env.AIPC_PROPERTY_RUNS ? Number(process.env.AIPC_PROPERTY_RUNS) : 500;
  const seed = process.env.AIPC_PROPERTY_SEED ? Number(process.env.AIPC_PROPERTY_SEED) : 20261201;
  const segment = fc.oneof(
    fc.constantFrom('..', '.', '', 'a', 'values', '\n', '\u001b[2K', '\\', 'C:', '\u2028'),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
    fc.string({ unit: 'binary', maxLength: 6 }),
  );
  const path = fc
    .array(fc.tuple(segment, fc.constantFrom('/', '//')), { minLength: 1, maxLength: 5 })
    .map((parts) => parts.map(([part, sep], i) => (i ? sep : '') + part).join(''));

  it('a path isSafeBundlePath accepts resolves inside the bundle and holds no control character', () => {
    fc.assert(
      fc.property(fc.oneof(path, fc.string({ unit: 'binary' })), (p) => {
        if (!isSafeBundlePath(p)) return;
        const root = '/bundle';
        const abs = resolve(root, p);
        expect(abs.startsWith(`${root}/`)).toBe(true);
        expect(abs.slice(root.length + 1)).toBe(p);
        expect(escapeName(p)).toBe(p);
      }),
      { seed, numRuns: runs },
    );
  });

  it('an escaped name is one line of printable text that names the original unambiguously', () => {
    fc.assert(
      fc.property(fc.oneof(path, fc.string({ unit: 'binary' })), fc.string({ unit: 'binary' }), (a, b) => {
        const e = escapeName(a);
        // eslint-disable-next-line no-control-regex
        expect(e).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
        if (a !== b) expect(escapeName(b)).not.toBe(e);
      }),
      { seed, numRuns: runs },
    );
  });
});
