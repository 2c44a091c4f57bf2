// Asking a live registry whether it holds each image a tier deploys (OCI distribution API:
// `HEAD /v2/<repository>/manifests/<reference>`), the tier's registry host mapped to the URL given.
import { AipcError, EXIT_USAGE, OptionError } from '../errors.js';
import { isInRegistry, parseImageRef } from './images.js';
import { trimTrailingSlashes } from '../util/text.js';

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** One image to look for, with the digest it must have when one is pinned. */
export interface WantedImage {
  readonly ref: string;
  readonly digest?: string;
}

/** Checks the `registryUrl` option: http(s)://HOST[:PORT], nothing after the authority. */
export function parseRegistryUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new OptionError('registryUrl', `${JSON.stringify(url)} is not a URL (e.g. http://127.0.0.1:5000)`);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || (u.pathname !== '/' && u.pathname !== '') || u.search || u.username)
    throw new OptionError('registryUrl', `${JSON.stringify(url)}: expected http(s)://HOST[:PORT] with no path or credentials`);
  return u;
}

/**
 * The images (of `tierRegistry`) that the registry at `url` lacks, each with why: absent, or
 * present with another digest than the one pinned. Unreachable is exit 2, not a finding.
 */
export async function missingFromRegistry(url: string, tierRegistry: string, images: readonly WantedImage[]): Promise<string[]> {
  const base = parseRegistryUrl(url);
  const prefix = trimTrailingSlashes(tierRegistry);
  const missing: string[] = [];
  for (const image of images) {
    const path = isInRegistry(image.ref, prefix) ? image.ref.slice(prefix.length + 1) : image.ref;
    const ref = parseImageRef(`host.invalid/${path}`);
    const reference = image.digest ?? ref.digest ?? ref.tag ?? 'latest';
    let res: Response;
    try {
      res = await fetch(new URL(`/v2/${ref.repository}/manifests/${reference}`, base), {
        method: 'HEAD',
        headers: { Accept: ACCEPT },
        signal: AbortSignal.timeout(15_000),
      });
    } catch (err) {
      throw new AipcError(`cannot reach the registry at ${base.origin}: ${(err as Error).message}`, EXIT_USAGE);
    }
    if (res.status === 404) missing.push(image.digest ? `${image.ref}@${image.digest}` : image.ref);
    else if (res.status === 401 || res.status === 403)
      throw new AipcError(
        `the registry at ${base.origin} asks for credentials (HTTP ${res.status}); aipc checks anonymous pulls only`,
        EXIT_USAGE,
      );
    else if (!res.ok) throw new AipcError(`the registry at ${base.origin} answered HTTP ${res.status} for ${image.ref}`, EXIT_USAGE);
    else if (image.digest && ref.tag) {
      // the digest is there; the tag the chart deploys must name it too
      const tagged = await fetch(new URL(`/v2/${ref.repository}/manifests/${ref.tag}`, base), {
        method: 'HEAD',
        headers: { Accept: ACCEPT },
        signal: AbortSignal.timeout(15_000),
      });
      const digest = tagged.headers.get('docker-content-digest');
      if (!tagged.ok) missing.push(image.ref);
      else if (digest && digest !== image.digest) missing.push(`${image.ref} (tag points at ${digest}, expected ${image.digest})`);
    }
  }
  return missing;
}
