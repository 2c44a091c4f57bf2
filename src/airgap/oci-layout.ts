// The OCI image layout a bundle carries its images in (image-spec `image-layout.md`): `oci-layout`,
// `index.json` naming each image by `org.opencontainers.image.ref.name`, `blobs/sha256/<hex>`.
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { readBounded } from './safe-fs.js';

export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';
const MAX_INDEX_BYTES = 16 * 1024 * 1024;

/** One image of a layout's index. */
export interface LayoutImage {
  readonly ref: string;
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
}

/** The images `index.json` of the layout at `dir` names. */
export async function readLayoutIndex(dir: string): Promise<LayoutImage[]> {
  const file = join(dir, 'index.json');
  let index: { manifests?: unknown };
  try {
    index = JSON.parse((await readBounded(file, MAX_INDEX_BYTES)).toString('utf8')) as { manifests?: unknown };
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError([{ file, message: `not JSON: ${(err as Error).message}` }]);
  }
  if (!Array.isArray(index.manifests)) throw new InputError([{ file, message: 'manifests: expected a list' }]);
  return index.manifests.map((m: Record<string, unknown>, i) => {
    const ref = (m.annotations as Record<string, unknown> | undefined)?.[REF_NAME_ANNOTATION];
    if (typeof ref !== 'string' || typeof m.digest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(m.digest))
      throw new InputError([{ file, path: `manifests[${i}]`, message: `expected a digest and a ${REF_NAME_ANNOTATION} annotation` }]);
    return { ref, digest: m.digest, mediaType: String(m.mediaType ?? ''), size: Number(m.size ?? 0) };
  });
}

/** The bundle path of a blob: `images/blobs/sha256/<hex>`. */
export const blobPath = (digest: string): string => `images/blobs/sha256/${digest.replace(/^sha256:/, '')}`;
