// Release data (release.yaml at the package root): the upstream source of every image the chart
// can render. Kept as data, not derived from a tier's registry: a tier deploys
// `registry.local:5000/postgres:15`, which nothing upstream serves.
import { join } from 'node:path';
import { AipcError, EXIT_FINDINGS, InputError } from '../errors.js';
import { readYamlFile } from '../io/yaml-read.js';
import { packageRoot } from '../paths.js';
import { checkSchema } from '../tiers/schema-check.js';
import { isInRegistry, parseImageRef } from './images.js';

/** One image of the release: as the chart names it (relative to global.registry) and upstream. */
export interface ReleaseImage {
  /** `repository:tag` as the chart writes it after `<global.registry>/`. */
  readonly image: string;
  /** Full upstream reference with its registry host. */
  readonly source: string;
  readonly digest?: string;
}

export interface Release {
  readonly file: string;
  readonly chartVersion: string;
  readonly images: readonly ReleaseImage[];
}

const REF = '^[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$';
const HOST = '[a-zA-Z0-9.-]+(:[0-9]+)?';

/** The schema release.yaml is checked against on every read. */
export const RELEASE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'chartVersion', 'images'],
  properties: {
    apiVersion: { const: 'aipc.fractal.ai/v1' },
    kind: { const: 'Release' },
    chartVersion: { type: 'string', minLength: 1 },
    images: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['image', 'source'],
        properties: {
          image: { type: 'string', pattern: REF },
          source: { type: 'string', pattern: `^${HOST}/${REF.slice(1)}` },
          digest: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
        },
      },
    },
  },
} as const;

/** The release file shipped with aipc. */
export const releaseFile = (): string => join(packageRoot(), 'release.yaml');

/** Reads and schema-checks a release file (exit 2 naming file, line and field on any problem). */
export function readRelease(file: string = releaseFile()): Release {
  const doc = readYamlFile(file);
  const diagnostics = checkSchema(RELEASE_SCHEMA, doc.value, (path, message, rule) => doc.diagnostic(path, message, rule));
  const value = doc.value as { chartVersion: string; images: ReleaseImage[] };
  const seen = new Set<string>();
  (value?.images ?? []).forEach((img, i) => {
    if (seen.has(img.image)) diagnostics.push(doc.diagnostic(['images', i, 'image'], `${img.image} is listed twice`));
    seen.add(img.image);
  });
  if (diagnostics.length) throw new InputError(diagnostics);
  return { file, chartVersion: value.chartVersion, images: value.images };
}

/** One image to carry: where to pull it and where the tier deploys it. */
export interface ImageSource {
  readonly source: string;
  readonly deployed: string;
  readonly digest?: string;
}

/** `source`'s registry host replaced by `mirror`, repository path kept (a mirror's layout). */
export function viaMirror(source: string, mirror: string): string {
  const ref = parseImageRef(source);
  return `${mirror.replace(/\/+$/, '')}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
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
  const release = options.release ?? readRelease();
  const byImage = new Map(release.images.map((i) => [i.image, i]));
  const unknown: string[] = [];
  const out: ImageSource[] = [];
  for (const image of deployed) {
    let source = image;
    let digest: string | undefined;
    if (tierRegistry && isInRegistry(image, tierRegistry)) {
      const entry = byImage.get(image.slice(tierRegistry.replace(/\/+$/, '').length + 1));
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
      'add each to release.yaml (image, source)',
    );
  return out.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}
