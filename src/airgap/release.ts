// The upstream source of every image the chart can render, from the release data
// (src/model/release.ts). Kept as data, not derived from a tier's registry: a tier deploys
// `registry.local:5000/postgres:15`, which nothing upstream serves.
import { AipcError, EXIT_FINDINGS } from '../errors.js';
import { release as currentRelease, type Release } from '../model/release.js';
import { isInRegistry, parseImageRef } from './images.js';
import { trimTrailingSlashes } from '../util/text.js';

/** One image to carry: where to pull it and where the tier deploys it. */
export interface ImageSource {
  readonly source: string;
  readonly deployed: string;
  readonly digest?: string;
}

/** `source`'s registry host replaced by `mirror`, repository path kept (a mirror's layout). */
export function viaMirror(source: string, mirror: string): string {
  const ref = parseImageRef(source);
  return `${trimTrailingSlashes(mirror)}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/**
 * The source of each deployed image: a tier image `<registry>/<repo:tag>` is looked up in the
 * release data; an image outside the tier's registry (a third-party stream) is its own source.
 * An image of the tier's registry that the release does not know is exit 1, naming each.
 */
export function sourcesFor(
  deployed: readonly string[],
  tierRegistry: string,
  options: { release?: Release; mirror?: string } = {},
): ImageSource[] {
  const release = options.release ?? currentRelease();
  const byImage = new Map(release.images.map((i) => [i.image, i]));
  const unknown: string[] = [];
  const out: ImageSource[] = [];
  for (const image of deployed) {
    let source = image;
    let digest: string | undefined;
    if (tierRegistry && isInRegistry(image, tierRegistry)) {
      const entry = byImage.get(image.slice(trimTrailingSlashes(tierRegistry).length + 1));
      if (!entry) {
        unknown.push(image);
        continue;
      }
      source = entry.source;
      digest = entry.digest;
    }
    out.push({ source: options.mirror ? viaMirror(source, options.mirror) : source, deployed: image, ...(digest ? { digest } : {}) });
  }
  if (unknown.length)
    throw new AipcError(
      `${unknown.length} image(s) have no upstream source in ${release.file}:\n${unknown.map((u) => `  ${u}`).join('\n')}`,
      EXIT_FINDINGS,
      'add each to release.yaml (repository, tag, source)',
    );
  return out.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}
