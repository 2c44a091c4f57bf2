// Signing a bundle's manifest with an SSH key: stock OpenSSH verifies it on a far side that has
// no aipc (`ssh-keygen -Y verify ... -n aipc-bundle`), and the key is one an operator already has.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AipcError, InputError, OptionError } from '../errors.js';
import { readBounded } from './safe-fs.js';
import { findTool, runTool } from './tools.js';
import { makeTempDir, removeTempDir } from '../io/cleanup.js';

/** The SSH signature namespace: a signature made for anything else does not verify as a bundle's. */
export const SIGNATURE_NAMESPACE = 'aipc-bundle';
/** The identity aipc puts in the allowed_signers file it writes for `--key PUB`. */
export const KEY_IDENTITY = 'aipc-bundle-signer';
export const SIGNATURE_FILE = 'manifest.yaml.sig';
/**
 * The signature of SHA256SUMS: with it the stock recipe (ssh-keygen -Y verify, then sha256sum -c)
 * authenticates every byte, since the list it checks hashes against is itself signed.
 */
export const SUMS_SIGNATURE_FILE = 'SHA256SUMS.sig';

const MAX_KEY_BYTES = 64 * 1024;

/** Throws (exit 2, naming `option`, the library option that gave `key`) unless `key` is an unencrypted-format OpenSSH ed25519 private key file. */
export async function assertSigningKey(key: string, option = 'key'): Promise<void> {
  const text = (await readBounded(key, MAX_KEY_BYTES)).toString('latin1');
  const body = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(text)?.[1];
  // the key type sits unencrypted near the start of the OpenSSH private key format
  if (!body) throw new InputError([{ file: key, message: 'not an OpenSSH private key', option }], 'make one: ssh-keygen -t ed25519 -f KEY');
  if (!Buffer.from(body.replace(/\s+/g, ''), 'base64').subarray(0, 200).includes('ssh-ed25519'))
    throw new InputError(
      [{ file: key, message: 'not an ed25519 key; aipc signs with ed25519', option }],
      'make one: ssh-keygen -t ed25519 -f KEY',
    );
}

/**
 * Signs `file` with the ed25519 private key `key` for `namespace` (a bundle's by default; an
 * evidence pack signs as `aipc-report`, so neither signature passes for the other); returns the
 * armoured signature.
 */
export async function signFile(file: string, key: string, namespace: string = SIGNATURE_NAMESPACE, option = 'key'): Promise<Buffer> {
  await assertSigningKey(key, option);
  const sshKeygen = findTool('ssh-keygen');
  const r = await runTool(sshKeygen, ['-Y', 'sign', '-q', '-f', key, '-n', namespace, file]);
  if (r.code !== 0)
    throw new AipcError(
      `ssh-keygen -Y sign failed: ${r.stderr.trim()}`,
      2,
      'is the key passphrase-protected? aipc signs without a terminal',
    );
  return readBounded(`${file}.sig`, MAX_KEY_BYTES);
}

/** How the far side authenticates a manifest. */
export type Trust =
  | { readonly kind: 'key'; readonly file: string }
  | { readonly kind: 'allowed-signers'; readonly file: string }
  | { readonly kind: 'digest'; readonly sha256: string };

export interface Authentication {
  readonly ok: boolean;
  /** What authenticated the manifest, or why it is not. */
  readonly message: string;
}

/**
 * Checks `manifest` (its bytes, already read) against `signature` with the trust given. Every
 * failure is a finding (exit 1), never a throw: a tampered bundle is what verify exists to name.
 */
export async function authenticate(manifest: Buffer, signature: Buffer | undefined, trust: Trust | undefined): Promise<Authentication> {
  if (!trust) return { ok: false, message: 'manifest not authenticated: give --key PUB, --allowed-signers FILE or --digest SHA256' };
  if (trust.kind === 'digest') {
    const actual = createHash('sha256').update(manifest).digest('hex');
    return actual === trust.sha256
      ? { ok: true, message: `manifest.yaml sha256 ${actual} as given with --digest` }
      : { ok: false, message: `manifest.yaml has sha256 ${actual}, --digest says ${trust.sha256}` };
  }
  if (!signature) return { ok: false, message: `${SIGNATURE_FILE} is missing: the manifest is not signed` };
  const sshKeygen = findTool('ssh-keygen');
  const scratch = makeTempDir('aipc-verify-');
  try {
    const sig = join(scratch, 'manifest.sig');
    writeFileSync(sig, signature);
    let allowed: string;
    let identities: string[];
    if (trust.kind === 'key') {
      const pub = (await readBounded(trust.file, MAX_KEY_BYTES)).toString('utf8').trim();
      if (!/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-\S+|sk-\S+) [A-Za-z0-9+/=]+/.test(pub) || pub.includes('\n'))
        throw new InputError([{ file: trust.file, message: 'not an SSH public key (one line, e.g. ssh-ed25519 AAAA...)' }]);
      allowed = join(scratch, 'allowed_signers');
      writeFileSync(allowed, `${KEY_IDENTITY} namespaces="${SIGNATURE_NAMESPACE}" ${pub}\n`);
      identities = [KEY_IDENTITY];
    } else {
      allowed = trust.file;
      await readBounded(allowed, MAX_KEY_BYTES); // a regular file, small: ssh-keygen reads it next
      const found = await runTool(sshKeygen, ['-Y', 'find-principals', '-f', allowed, '-s', sig]);
      identities = found.code === 0 ? found.stdout.toString('utf8').split('\n').filter(Boolean) : [];
      if (!identities.length) return { ok: false, message: `${SIGNATURE_FILE}: signed by a key not in ${trust.file}` };
    }
    for (const identity of identities) {
      const r = await runTool(sshKeygen, ['-Y', 'verify', '-f', allowed, '-I', identity, '-n', SIGNATURE_NAMESPACE, '-s', sig], manifest);
      if (r.code === 0)
        return {
          ok: true,
          message: `signature by ${identity} (${r.stdout
            .toString('utf8')
            .trim()
            .replace(/^Good "[^"]*" signature for \S+ with /, '')})`,
        };
    }
    return {
      ok: false,
      message: `${SIGNATURE_FILE} does not verify: ${trust.kind === 'key' ? `not a signature of this manifest by the key ${trust.file}` : 'the manifest was changed after signing'}`,
    };
  } finally {
    removeTempDir(scratch);
  }
}

/** Parses the `digest` option: 64 hex digits, optionally `sha256:`-prefixed. */
export function parseDigest(text: string): string {
  const m = /^(?:sha256:)?([0-9a-fA-F]{64})$/.exec(text.trim());
  if (!m) throw new OptionError('digest', `must be a sha256 (64 hex digits); got ${JSON.stringify(text)}`);
  return m[1].toLowerCase();
}
