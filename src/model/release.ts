// Release data (release.yaml at the package root, or AIPC_RELEASE_FILE): the chart's version and
// appVersion, each image's tag and upstream source, and the GPU catalogue. Read once, checked
// against src/schemas/release.ts on every read; the model takes its versions and tags from here.
import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import { readYamlFile, readYamlValue } from '../io/yaml-read.js';
import { releaseFile } from '../paths.js';
import { checkSchema } from '../schemas/check.js';
import { parseQuantity } from '../kube/quantity.js';
import { CLOUD_GPU_TYPE, ReleaseSchema, type ReleaseData } from '../schemas/release.js';

/** One image of the release: as the chart names it (relative to global.registry) and upstream. */
export interface ReleaseImage {
  readonly repository: string;
  readonly tag: string;
  /** `repository:tag` as the chart writes it after `<global.registry>/`. */
  readonly image: string;
  /** Full upstream reference with its registry host and tag. */
  readonly source: string;
  readonly digest?: string;
}

/** One change of the chart version, as Artifact Hub lists it. */
export type ReleaseChange = NonNullable<ReleaseData['chart']['changes']>[number];

/** One GPU type of the hardware catalogue. */
export interface GpuTypeInfo {
  readonly name: string;
  readonly memoryBytes: number;
  /** Node capacity a profile gets when it does not give its own. */
  readonly node: { readonly cpu: string; readonly memory: string };
}

export interface Release {
  readonly file: string;
  readonly chart: { readonly version: string; readonly appVersion: string; readonly changes: readonly ReleaseChange[] };
  readonly images: readonly ReleaseImage[];
  readonly gpuTypes: readonly GpuTypeInfo[];
}

export { releaseFile };

/** Reads and schema-checks a release file (exit 2 naming file, line and field on any problem). */
export function readRelease(file: string = releaseFile()): Release {
  // every command reads it as it starts: a sound file is read on the fast path, and only a file
  // with a problem is parsed again with positions, to say where
  const value = readYamlValue(file) as ReleaseData;
  const fine = !checkSchema(ReleaseSchema, value, (path, message) => ({ file, path: String(path), message })).length;
  if (fine && !twiceListed(value.images, 'repository') && !twiceListed(value.hardware.gpuTypes, 'name')) return releaseOf(file, value);
  return readReleaseReported(file);
}

const twiceListed = (list: readonly { [k: string]: unknown }[], field: string): boolean =>
  new Set(list.map((item) => item[field])).size !== list.length;

/** readRelease with every problem located: the slow path, for a file known to have one. */
function readReleaseReported(file: string): Release {
  const doc = readYamlFile(file);
  const diagnostics = checkSchema(ReleaseSchema, doc.value, (path, message, rule) => doc.diagnostic(path, message, rule), {
    rulePrefix: 'release',
  });
  if (diagnostics.length) throw new InputError(diagnostics);
  const value = doc.value as ReleaseData;
  const twice = (list: readonly { [k: string]: unknown }[], field: string, what: string) => {
    const seen = new Set<unknown>();
    list.forEach((item, i) => {
      if (seen.has(item[field]))
        diagnostics.push(doc.diagnostic([what, i, field], `${String(item[field])} is listed twice`, 'release.duplicate'));
      seen.add(item[field]);
    });
  };
  twice(value.images, 'repository', 'images');
  twice(value.hardware.gpuTypes, 'name', 'hardware');
  if (diagnostics.length) throw new InputError(diagnostics);
  return releaseOf(file, value);
}

function releaseOf(file: string, value: ReleaseData): Release {
  return {
    file,
    chart: { version: value.chart.version, appVersion: value.chart.appVersion, changes: value.chart.changes ?? [] },
    images: value.images.map((i) => ({
      repository: i.repository,
      tag: i.tag,
      image: `${i.repository}:${i.tag}`,
      source: `${i.source}:${i.tag}`,
      ...(i.digest ? { digest: i.digest } : {}),
    })),
    gpuTypes: value.hardware.gpuTypes.map((g) => ({
      name: g.name,
      memoryBytes: parseQuantity(g.memoryPerGpu),
      node: { cpu: String(g.node.cpu), memory: String(g.node.memory) },
    })),
  };
}

let cached: Release | undefined;

/** The release in use, read on first use. */
export function release(): Release {
  return (cached ??= readRelease());
}

/**
 * Runs `use` (synchronously) with `file` as the release in use: how `diff --base` compiles the
 * side at a git ref with that ref's release data. Synchronous on purpose, so that no other work
 * can run while the release is swapped.
 */
export function withReleaseFile<T>(file: string, use: () => T): T {
  const saved = cached;
  cached = readRelease(file);
  try {
    const result = use();
    if (result instanceof Promise) throw new Error('internal: withReleaseFile takes synchronous work only');
    return result;
  } finally {
    cached = saved;
  }
}

/** The image of `repository` in the release; a model entry without release data is bad input. */
export function releaseImage(repository: string): { readonly repository: string; readonly tag: string; readonly digest?: string } {
  const r = release();
  const found = r.images.find((i) => i.repository === repository);
  if (!found)
    throw new InputError([
      {
        file: r.file,
        path: 'images',
        message: `no entry for repository ${repository}; add {repository, tag, source} for it`,
        rule: 'release.image',
      },
    ]);
  return { repository: found.repository, tag: found.tag, ...(found.digest ? { digest: found.digest } : {}) };
}

/** GPU type names a profile may use: the catalogue's and `cloud`. */
export const gpuTypeNames = (): string[] => [...release().gpuTypes.map((g) => g.name), CLOUD_GPU_TYPE];

/** The catalogue entry of a fixed GPU type (undefined for cloud and for names not in it). */
export const gpuType = (name: string): GpuTypeInfo | undefined => release().gpuTypes.find((g) => g.name === name);

/**
 * Where the release file says `field` (tag, repository, digest) of `repository`'s image: file,
 * line and column, for an explanation of a value the chart took from it. Undefined when the file
 * does not list the repository.
 */
export function locateReleaseImage(
  repository: string,
  field: 'repository' | 'tag' | 'digest',
  file: string = release().file,
): { file: string; line: number; column: number; field: string } | undefined {
  // asked after the compile (an explanation): the file may be a side of a diff that is gone
  if (!existsSync(file)) return undefined;
  const doc = readYamlFile(file);
  const images = (doc.value as { images?: { repository?: unknown }[] } | null)?.images;
  const index = Array.isArray(images) ? images.findIndex((i) => i?.repository === repository) : -1;
  // a field the entry lacks (no digest pinned) is not the release data's: the chart default is
  if (index < 0 || !Object.prototype.hasOwnProperty.call(images![index], field)) return undefined;
  const at = doc.locate(['images', index, field]);
  return { file, line: at.line, column: at.column, field: `images[${index}].${field}` };
}
