// Registry traffic through skopeo: pull into an OCI image layout, push from it, read a manifest
// back. aipc speaks no registry protocol itself (auth, redirects, chunked uploads, manifest
// conversions are containers/image's job); it only decides what goes where and checks digests.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AipcError, EXIT_USAGE, OptionError } from '../errors.js';
import { findTool, runTool } from './tools.js';
import { makeTempDir, removeTempDir } from '../io/cleanup.js';

export interface RegistryOptions {
  /** Plain HTTP or unverified TLS (`--insecure-registry`): a registry on 127.0.0.1, a lab mirror. */
  readonly insecure?: boolean;
  /** `os/arch[/variant]`: from a multi-arch index, only this platform's image is copied. */
  readonly platform?: string;
}

/** The layer of a Helm chart pushed as an OCI artifact (Helm's pkg/registry constants). */
export const HELM_CHART_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';

/** A session: skopeo found once, a signature policy of its own (aipc verifies by its own signature). */
export class Skopeo {
  private readonly bin = findTool('skopeo');
  private readonly scratch = makeTempDir('aipc-skopeo-');
  private readonly policy = join(this.scratch, 'policy.json');
  constructor(private readonly options: RegistryOptions = {}) {
    writeFileSync(this.policy, '{"default":[{"type":"insecureAcceptAnything"}]}\n');
  }

  /** Removes the session's temporary files. */
  close(): void {
    removeTempDir(this.scratch);
  }

  private globalArgs(): string[] {
    if (!this.options.platform) return [];
    const [os, arch, variant] = this.options.platform.split('/');
    return ['--override-os', os, '--override-arch', arch, ...(variant ? ['--override-variant', variant] : [])];
  }

  private async run(args: string[], what: string): Promise<Buffer> {
    // skopeo's own temporary files go in the session's directory, removed with it (also on an interrupt)
    const r = await runTool(this.bin, [...this.globalArgs(), ...args], undefined, { TMPDIR: this.scratch });
    if (r.code !== 0)
      throw new AipcError(`${what}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`, EXIT_USAGE, registryHint(r.stderr));
    return r.stdout;
  }

  /** Copies `source` (a registry reference) into the OCI layout `layout`, named `refName`. */
  async pull(source: string, layout: string, refName: string): Promise<void> {
    await this.run(
      [
        'copy',
        '--quiet',
        '--policy',
        this.policy,
        `--src-tls-verify=${!this.options.insecure}`,
        `docker://${source}`,
        `oci:${layout}:${refName}`,
      ],
      `cannot pull ${source}`,
    );
  }

  /** Pushes `refName` of the OCI layout to `target`, byte for byte (a conversion would change the digest). */
  async push(layout: string, refName: string, target: string): Promise<void> {
    await this.run(
      [
        'copy',
        '--quiet',
        '--preserve-digests',
        '--policy',
        this.policy,
        `--dest-tls-verify=${!this.options.insecure}`,
        `oci:${layout}:${refName}`,
        `docker://${target}`,
      ],
      `cannot push ${target}`,
    );
  }

  /** The sha256 digest of `ref`'s manifest as the registry serves it; undefined when it has none. */
  async digestOf(ref: string): Promise<string | undefined> {
    const raw = await this.rawManifest(ref);
    return raw && `sha256:${createHash('sha256').update(raw).digest('hex')}`;
  }

  /**
   * The digest of the packaged chart a Helm OCI artifact at `ref` carries (its one layer of
   * media type `application/vnd.cncf.helm.chart.content.v1.tar+gzip`: the `.tgz` byte for byte);
   * undefined when the registry has no such artifact.
   */
  async chartDigestOf(ref: string): Promise<string | undefined> {
    const raw = await this.rawManifest(ref);
    if (!raw) return undefined;
    let manifest: { layers?: { mediaType?: string; digest?: string }[] };
    try {
      manifest = JSON.parse(raw.toString('utf8')) as typeof manifest;
    } catch {
      return undefined;
    }
    return manifest.layers?.find((l) => l.mediaType === HELM_CHART_LAYER)?.digest;
  }

  private async rawManifest(ref: string): Promise<Buffer | undefined> {
    const r = await runTool(this.bin, ['inspect', '--raw', `--tls-verify=${!this.options.insecure}`, `docker://${ref}`]);
    if (r.code !== 0) {
      if (/manifest unknown|not found|name unknown|404/i.test(r.stderr)) return undefined;
      throw new AipcError(`cannot read ${ref}: ${r.stderr.trim().split('\n').slice(-2).join(' ')}`, EXIT_USAGE, registryHint(r.stderr));
    }
    return r.stdout;
  }
}

function registryHint(stderr: string): string | undefined {
  if (/server gave HTTP response to HTTPS client|http: server gave HTTP/i.test(stderr))
    return 'the registry speaks plain HTTP: add --insecure-registry';
  if (/connection refused|no such host/i.test(stderr)) return 'is the registry running, and is the host:port right?';
  return undefined;
}

/** A platform as skopeo takes it: `os/arch` or `os/arch/variant`. */
export function checkPlatform(platform: string): string {
  if (!/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(platform))
    throw new OptionError('platform', `must be os/arch[/variant] (e.g. linux/amd64); got ${JSON.stringify(platform)}`);
  return platform;
}
