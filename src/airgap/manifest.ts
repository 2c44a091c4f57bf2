// The bundle manifest: what the bundle holds and a sha256 for every file in it (manifest.yaml
// itself excepted), listed one by one and sorted by path — never a hash of a directory glob.
import { createHash } from 'node:crypto';
import { createReadStream, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, type Diagnostic } from '../errors.js';
import { GENERATED_MARKER } from '../generators/header.js';
import { formatYaml } from '../io/yaml-format.js';
import { readYamlFile } from '../io/yaml-read.js';

export const MANIFEST_FILE = 'manifest.yaml';
export const MANIFEST_KIND = 'AirgapBundle';
export const MANIFEST_API_VERSION = 'aipc.fractal.ai/v1';

export interface BundleFile {
  /** Path inside the bundle, `/`-separated. */
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
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
      files: files.map((f) => ({ path: f.path, sha256: f.sha256, size: f.size })),
    },
    {
      header: [
        GENERATED_MARKER,
        'Air-gap bundle manifest: a sha256 for every file in the bundle but this one. Check with `aipc airgap verify DIR`.',
      ],
    },
  );
}

export const comparePaths = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const SHA256 = /^[0-9a-f]{64}$/;

/** A path inside the bundle that cannot escape it: relative, `/`-separated, no `.` or `..` parts. */
export function isSafeBundlePath(path: string): boolean {
  if (!path || path.startsWith('/') || path.includes('\\') || path.includes('\0')) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/**
 * Reads and checks a bundle's manifest.yaml. Every problem is collected and thrown together as an
 * InputError (exit 2), each with file, line and field.
 */
export function readManifest(file: string): BundleManifest {
  const doc = readYamlFile(file);
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
  const files: BundleFile[] = [];
  if (!Array.isArray(v.files)) {
    diagnostics.push(doc.diagnostic(v.files === undefined ? [] : ['files'], 'files: expected a list of {path, sha256, size}'));
  } else {
    const seen = new Set<string>();
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
            `path: expected a relative path inside the bundle (no '..', not absolute); got ${JSON.stringify(path)}`,
          ),
        );
        return;
      }
      if (path === MANIFEST_FILE) diagnostics.push(doc.diagnostic(['files', i, 'path'], 'the manifest cannot list itself'));
      if (seen.has(path)) diagnostics.push(doc.diagnostic(['files', i, 'path'], `${path} is listed twice`));
      seen.add(path);
      if (typeof e.sha256 !== 'string' || !SHA256.test(e.sha256)) {
        diagnostics.push(doc.diagnostic(['files', i, 'sha256'], 'sha256: expected 64 lowercase hex digits'));
        return;
      }
      const size = e.size;
      if (size !== undefined && (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)) {
        diagnostics.push(doc.diagnostic(['files', i, 'size'], 'size: expected a byte count'));
        return;
      }
      files.push({ path, sha256: e.sha256, size: typeof size === 'number' ? size : -1 });
    });
  }
  if (diagnostics.length)
    throw new InputError(
      diagnostics,
      'the manifest was changed or is not an aipc air-gap bundle manifest; rebuild the bundle with `aipc airgap bundle`',
    );
  return { chart, tier, created, registry, valuesFiles, files };
}

/** sha256 of a file, streamed (model weights are gigabytes). */
export function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let size = 0;
    createReadStream(path)
      .on('data', (chunk) => {
        const bytes = chunk as Buffer;
        size += bytes.length;
        hash.update(bytes);
      })
      .on('error', reject)
      .on('end', () => resolve({ sha256: hash.digest('hex'), size }));
  });
}

/** Every entry under `dir` that is not a directory, as `/`-separated relative paths, sorted. */
export function listBundleEntries(dir: string): { path: string; regular: boolean }[] {
  const out: { path: string; regular: boolean }[] = [];
  const visit = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const relPath = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(dir, relPath));
      if (st.isDirectory()) visit(relPath);
      else out.push({ path: relPath, regular: st.isFile() });
    }
  };
  visit('');
  return out.sort((a, b) => comparePaths(a.path, b.path));
}
