// Real parts for the air-gap tests: CNCF Distribution registries (Debian's docker-registry) on
// 127.0.0.1 random free ports, and tiny real OCI images written as an OCI layout and pushed
// with skopeo. A missing binary fails the test that needs it: nothing is skipped.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const REGISTRY_BIN = '/usr/bin/docker-registry';

/** Which binary is missing, with how to install it (the message a failing test shows). */
export function requireTools(): void {
  const missing = [REGISTRY_BIN, 'skopeo', 'ssh-keygen'].filter((t) =>
    t.startsWith('/') ? !existsSync(t) : spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0,
  );
  if (missing.length)
    throw new Error(`missing ${missing.join(', ')}: apt-get update && apt-get install -y docker-registry skopeo umoci openssh-client`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Registry {
  /** `127.0.0.1:PORT` */
  readonly host: string;
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts a registry with its own storage; resolves once `/v2/` answers. */
export async function startRegistry(): Promise<Registry> {
  requireTools();
  const dir = mkdtempSync(join(tmpdir(), 'aipc-registry-'));
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const config = join(dir, 'config.yml');
    writeFileSync(
      config,
      `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n`,
    );
    const child: ChildProcess = spawn(REGISTRY_BIN, ['serve', config], { stdio: 'ignore' });
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 10_000;
    let up = false;
    while (Date.now() < deadline && child.exitCode === null) {
      try {
        if ((await fetch(`${url}/v2/`)).ok) {
          up = true;
          break;
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const stop = () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    if (up) {
      return {
        host: `127.0.0.1:${port}`,
        url,
        stop: async () => {
          await stop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    await stop();
    if (attempt >= 2) throw new Error(`docker-registry did not start on 127.0.0.1:${port}`);
  }
}

/** One-file tar archive (ustar), the smallest real layer. */
function tarOf(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  const sum = header.reduce((a, b) => a + b, 0);
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const pad = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, pad, Buffer.alloc(1024)]);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Writes a tiny OCI image into the layout `dir` under `refName`: one layer holding a file that
 * says `text`. With several platforms, an image index of one image per platform.
 */
export function writeImage(dir: string, refName: string, text: string, platforms: readonly string[] = ['linux/amd64']): string {
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  const blob = (b: Buffer) => {
    const h = sha(b);
    writeFileSync(join(dir, 'blobs', 'sha256', h), b);
    return { digest: `sha256:${h}`, size: b.length };
  };
  const manifests = platforms.map((p) => {
    const [os, architecture] = p.split('/');
    const tar = tarOf('hello.txt', Buffer.from(`${text} ${p}\n`));
    const layer = blob(gzipSync(tar));
    const config = blob(
      Buffer.from(JSON.stringify({ architecture, os, rootfs: { type: 'layers', diff_ids: [`sha256:${sha(tar)}`] }, config: {} })),
    );
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
      }),
    );
    return { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...blob(manifest), platform: { os, architecture } };
  });
  let top = manifests[0];
  if (platforms.length > 1) {
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }));
    top = { mediaType: 'application/vnd.oci.image.index.v1+json', ...blob(index), platform: undefined as never };
  }
  const { platform: _p, ...entry } = top;
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({ schemaVersion: 2, manifests: [{ ...entry, annotations: { 'org.opencontainers.image.ref.name': refName } }] }),
  );
  return top.digest;
}

/** Pushes `refName` of layout `dir` to `target` (all platforms) with skopeo. */
export function pushImage(dir: string, refName: string, target: string): void {
  // a policy of its own: the machine's /etc/containers/policy.json may be stricter or absent
  const policy = join(dir, '..', `${refName}-policy.json`);
  writeFileSync(policy, '{"default":[{"type":"insecureAcceptAnything"}]}');
  const r = spawnSync(
    'skopeo',
    [
      'copy',
      '--quiet',
      '--all',
      '--preserve-digests',
      '--policy',
      policy,
      '--dest-tls-verify=false',
      `oci:${dir}:${refName}`,
      `docker://${target}`,
    ],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`skopeo push ${target}: ${r.stderr}`);
}

/** The digest a registry serves for `ref` (sha256 of the raw manifest), or undefined. */
export function remoteDigest(ref: string): string | undefined {
  const r = spawnSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${ref}`]);
  return r.status === 0 ? `sha256:${sha(r.stdout)}` : undefined;
}

/** A fresh ed25519 key pair: `key` and `key.pub` in `dir`. */
export function makeKey(dir: string, name = 'key'): { key: string; pub: string } {
  const key = join(dir, name);
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${name}@aipc-test`, '-f', key]);
  if (r.status !== 0) throw new Error(`ssh-keygen: ${r.stderr}`);
  return { key, pub: `${key}.pub` };
}
