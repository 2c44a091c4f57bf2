// The bundle manifest: what the bundle holds and a sha256 and size for every file in it, listed
// one by one and sorted by path — never a hash of a directory glob. Every path the manifest names
// elsewhere (the chart package, values files, image blobs) must be one of those files.
import { GENERATED_MARKER } from '../generators/header.js';
import { InputError, type Diagnostic } from '../errors.js';
import { formatYaml } from '../io/yaml-format.js';
import { parseYamlText, decodeUtf8 } from '../io/yaml-read.js';
import { blobPath } from './oci-layout.js';
import { hashBounded, walkTree } from './safe-fs.js';

export const MANIFEST_FILE = 'manifest.yaml';
export const MANIFEST_KIND = 'AirgapBundle';
export const MANIFEST_API_VERSION = 'aipc.fractal.ai/v1';
/** The largest manifest verify reads (a bundle of thousands of blobs is far below it). */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
/** Written by aipc into every bundle: the only sign that a directory is aipc's to replace. */
export const MARKER_FILE = '.aipc-bundle';
export const MARKER_TEXT = 'aipc air-gap bundle: written by aipc; `aipc airgap bundle|collect --out` may replace this directory\n';
/** `sha256sum -c SHA256SUMS` checks the bundle on a far side without Node (manifest.yaml included). */
export const SUMS_FILE = 'SHA256SUMS';

export interface BundleFile {
  /** Path inside the bundle, `/`-separated. */
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

/** One image in the bundle's OCI layout (`images/`). */
export interface BundleImage {
  /** The reference the tier deploys, also its `org.opencontainers.image.ref.name` in the layout. */
  readonly name: string;
  /** Where it was pulled from. */
  readonly source: string;
  readonly digest: string;
}

export interface BundleManifest {
  readonly chart: { readonly name: string; readonly version: string; readonly package: string };
  /** The tier rendered (a built-in tier name, or the merged values' global.tier without --tier). */
  readonly tier: string;
  /** ISO 8601 UTC, seconds precision. */
  readonly created: string;
  /** The registry every listed image is pulled from. */
  readonly registry: string;
  /** Values files in the order to apply them (`-f` each, in this order), paths inside the bundle. */
  readonly valuesFiles: readonly string[];
  /** Images carried (collect); empty for a bundle without images. */
  readonly images: readonly BundleImage[];
  /** The platform images were reduced to, when collected. */
  readonly platform?: string;
  readonly files: readonly BundleFile[];
}

/** manifest.yaml's text. Files are sorted by path here, whatever order they came in. */
export function formatManifest(m: BundleManifest): string {
  const files = [...m.files].sort((a, b) => comparePaths(a.path, b.path));
  return formatYaml(
    {
      apiVersion: MANIFEST_API_VERSION,
      kind: MANIFEST_KIND,
      chart: { name: m.chart.name, version: m.chart.version, package: m.chart.package },
      tier: m.tier,
      created: m.created,
      registry: m.registry,
      valuesFiles: [...m.valuesFiles],
      ...(m.platform ? { platform: m.platform } : {}),
      images: [...m.images].sort((a, b) => comparePaths(a.name, b.name)).map((i) => ({ name: i.name, source: i.source, digest: i.digest })),
      files: files.map((f) => ({ path: f.path, sha256: f.sha256, size: f.size })),
    },
    {
      header: [
        GENERATED_MARKER,
        'Air-gap bundle manifest: a sha256 and size for every file in the bundle but this one, its signature and SHA256SUMS.',
        'Check with `aipc airgap verify DIR --key PUB`, or without aipc: ssh-keygen -Y verify ... -n aipc-bundle, then sha256sum -c SHA256SUMS.',
      ],
    },
  );
}

/** SHA256SUMS: every file of the manifest and the manifest itself, in `sha256sum` format. */
export function formatSums(files: readonly BundleFile[], manifestSha256: string): string {
  return [...files, { path: MANIFEST_FILE, sha256: manifestSha256, size: 0 }]
    .sort((a, b) => comparePaths(a.path, b.path))
    .map((f) => `${f.sha256}  ${f.path}\n`)
    .join('');
}

export const comparePaths = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * A path inside the bundle that cannot escape it or forge a report line: relative,
 * `/`-separated, no `.` or `..` parts, no control characters.
 */
export function isSafeBundlePath(path: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (!path || path.startsWith('/') || path.includes('\\') || /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(path)) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/**
 * Parses and checks a bundle's manifest.yaml (its bytes, already read with a bound). Every
 * problem is collected and thrown together as an InputError (exit 2), each with file, line, field.
 */
export function parseManifest(bytes: Buffer, file: string): BundleManifest {
  const doc = parseYamlText(decodeUtf8(bytes, file), file);
  const diagnostics: Diagnostic[] = [];
  const v = doc.value as Record<string, unknown> | null;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new InputError([doc.diagnostic([], 'expected a mapping (an aipc air-gap bundle manifest)')]);
  }
  const str = (key: string): string => {
    if (typeof v[key] !== 'string' || !v[key]) {
      diagnostics.push(doc.diagnostic(v[key] === undefined ? [] : [key], `${key}: expected a non-empty string`));
      return '';
    }
    return v[key] as string;
  };
  if (v.kind !== MANIFEST_KIND) diagnostics.push(doc.diagnostic(v.kind === undefined ? [] : ['kind'], `kind: expected ${MANIFEST_KIND}`));
  const tier = str('tier');
  const created = str('created');
  const registry = typeof v.registry === 'string' ? v.registry : '';
  const platform = typeof v.platform === 'string' ? v.platform : undefined;
  const chartValue = v.chart as Record<string, unknown> | undefined;
  const chart = { name: '', version: '', package: '' };
  if (typeof chartValue !== 'object' || chartValue === null) {
    diagnostics.push(doc.diagnostic(chartValue === undefined ? [] : ['chart'], 'chart: expected a mapping with name, version and package'));
  } else {
    for (const key of ['name', 'version', 'package'] as const) {
      if (typeof chartValue[key] !== 'string' || !chartValue[key])
        diagnostics.push(doc.diagnostic(['chart', key], `chart.${key}: expected a non-empty string`));
      else chart[key] = chartValue[key] as string;
    }
  }
  const valuesFiles: string[] = [];
  if (v.valuesFiles !== undefined) {
    if (!Array.isArray(v.valuesFiles)) diagnostics.push(doc.diagnostic(['valuesFiles'], 'valuesFiles: expected a list of paths'));
    else
      v.valuesFiles.forEach((p, i) =>
        typeof p === 'string' ? valuesFiles.push(p) : diagnostics.push(doc.diagnostic(['valuesFiles', i], 'expected a path')),
      );
  }
  const images: BundleImage[] = [];
  if (v.images !== undefined) {
    if (!Array.isArray(v.images)) diagnostics.push(doc.diagnostic(['images'], 'images: expected a list of {name, source, digest}'));
    else
      v.images.forEach((entry, i) => {
        const e = entry as Record<string, unknown> | null;
        if (
          typeof e !== 'object' ||
          e === null ||
          typeof e.name !== 'string' ||
          typeof e.source !== 'string' ||
          typeof e.digest !== 'string' ||
          !/^sha256:[0-9a-f]{64}$/.test(e.digest)
        )
          diagnostics.push(doc.diagnostic(['images', i], 'expected {name, source, digest: sha256:<64 hex>}'));
        else images.push({ name: e.name, source: e.source, digest: e.digest });
      });
  }
  const files: BundleFile[] = [];
  const seen = new Set<string>();
  if (!Array.isArray(v.files)) {
    diagnostics.push(doc.diagnostic(v.files === undefined ? [] : ['files'], 'files: expected a list of {path, sha256, size}'));
  } else {
    v.files.forEach((entry, i) => {
      const e = entry as Record<string, unknown> | null;
      if (typeof e !== 'object' || e === null || Array.isArray(e)) {
        diagnostics.push(doc.diagnostic(['files', i], 'expected a mapping {path, sha256, size}'));
        return;
      }
      const path = e.path;
      if (typeof path !== 'string' || !isSafeBundlePath(path)) {
        diagnostics.push(
          doc.diagnostic(
            ['files', i, 'path'],
            `path: expected a relative path inside the bundle (no '..', not absolute, no control characters); got ${JSON.stringify(path)}`,
          ),
        );
        return;
      }
      if (path === MANIFEST_FILE || path === SUMS_FILE || path === `${MANIFEST_FILE}.sig`)
        diagnostics.push(doc.diagnostic(['files', i, 'path'], `the manifest cannot list ${path}`));
      if (seen.has(path)) diagnostics.push(doc.diagnostic(['files', i, 'path'], `${path} is listed twice`));
      seen.add(path);
      if (typeof e.sha256 !== 'string' || !SHA256.test(e.sha256)) {
        diagnostics.push(doc.diagnostic(['files', i, 'sha256'], 'sha256: expected 64 lowercase hex digits'));
        return;
      }
      // the size is compared before hashing: without it a 1 TiB sparse file would be read to the end
      const size = e.size;
      if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        diagnostics.push(doc.diagnostic(['files', i, 'size'], 'size: expected a byte count'));
        return;
      }
      files.push({ path, sha256: e.sha256, size });
    });
  }
  // every other path the manifest names is one of its files: nothing outside is ever read or trusted
  const mustBeListed = (path: string, at: (string | number)[]) => {
    if (Array.isArray(v.files) && !seen.has(path))
      diagnostics.push(doc.diagnostic(at, `${JSON.stringify(path)} is not one of the manifest's files (a path must be listed in files)`));
  };
  if (chart.package) mustBeListed(chart.package, ['chart', 'package']);
  valuesFiles.forEach((p, i) => mustBeListed(p, ['valuesFiles', i]));
  images.forEach((img, i) => mustBeListed(blobPath(img.digest), ['images', i, 'digest']));
  if (diagnostics.length)
    throw new InputError(
      diagnostics,
      'the manifest was changed or is not an aipc air-gap bundle manifest; rebuild the bundle with `aipc airgap collect`',
    );
  return { chart, tier, created, registry, valuesFiles, images, ...(platform ? { platform } : {}), files };
}

/** sha256 and size of a regular file, streamed (model weights are gigabytes). */
export function hashFile(path: string, onBytes?: (n: number) => void): Promise<{ sha256: string; size: number }> {
  return hashBounded(path, Number.MAX_SAFE_INTEGER, onBytes);
}

/** Every entry under `dir` that is not a directory, as `/`-separated relative paths, sorted. */
export function listBundleEntries(dir: string): { path: string; regular: boolean }[] {
  return walkTree(dir).map((e) => ({ path: e.path, regular: e.stats.isFile() }));
}
