// How each layer of a compile names the place a value came from (see provenance.ts): one origin
// function per layer, given a values path, returning the file, line and field that set it.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { packageRoot } from '../paths.js';
import { formatPath } from '../errors.js';
import type { SourceDocument } from '../io/yaml-read.js';
import { workloads } from '../model/components.js';
import { locateReleaseImage, release } from '../model/release.js';
import type { FieldPath } from '../util/data.js';
import type { LoadedProfile } from './profile.js';
import type { LoadedTenants } from './tenants.js';
import type { SetExpression } from './set-values.js';
import type { ValueOrigin } from './provenance.js';
import { profilePathOf } from './to-values.js';

/**
 * A file as origins name it: relative to the working directory when inside it; aipc's own files
 * (built-in profiles, release data, the chart) as `<aipc>/profiles/edge.yaml`, never the machine's path.
 */
function shown(file: string): string {
  const rel = relative(process.cwd(), resolve(file));
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return rel;
  const own = relative(packageRoot(), resolve(file));
  return own && !own.startsWith('..') && !isAbsolute(own) ? `<aipc>/${own.split(sep).join('/')}` : file;
}

/** The release file in use, or undefined when none can be read (its values then fall back to the chart's line). */
function releaseInUse(): string | undefined {
  try {
    return release().file;
  } catch {
    return undefined;
  }
}

const IMAGE_FIELDS = new Set(['repository', 'tag', 'digest']);

/** For `<workload>.image.{repository,tag,digest}`: the release data's line the model took it from. */
export function releaseOrigin(path: FieldPath, file: string | undefined, detail?: string): ValueOrigin | undefined {
  const [key, image, field] = path;
  if (file === undefined || path.length !== 3 || image !== 'image' || typeof field !== 'string' || !IMAGE_FIELDS.has(field))
    return undefined;
  const w = workloads.find((x) => x.key === key);
  const at = w && locateReleaseImage(w.image.repository, field as 'repository' | 'tag' | 'digest', file);
  return at ? { layer: 'release', file: shown(at.file), line: at.line, column: at.column, field: at.field, detail } : undefined;
}

/** The chart's values.yaml (or the release data, for what the model takes from it). */
export function chartDefaultOrigin(defaultsDoc: SourceDocument | undefined): (path: FieldPath) => ValueOrigin {
  // the release data in use now (a diff side at a git ref compiles with its own)
  const file = releaseInUse();
  return (path) => {
    const release = releaseOrigin(path, file, 'the chart default of this field is the release data (aipc generate)');
    if (release) return release;
    if (!defaultsDoc) return { layer: 'chart-default', field: formatPath(path) };
    const at = defaultsDoc.locate(path);
    return { layer: 'chart-default', file: shown(defaultsDoc.file), line: at.line, column: at.column, field: formatPath(path) };
  };
}

/** Values the profile gives, placed at the profile field (through its extends chain) they come from. */
export function profileOrigin(loaded: LoadedProfile): (path: FieldPath) => ValueOrigin {
  const file = releaseInUse();
  return (path) => {
    // air-gapped tiers pin the digest the release data records
    const pinned =
      path[path.length - 1] === 'digest'
        ? releaseOrigin(path, file, 'an air-gapped tier pulls by the digest release.yaml pins')
        : undefined;
    if (pinned) return pinned;
    const field = profilePathOf(path) ?? [];
    const d = loaded.locate(field, '', '');
    const detail =
      formatPath(path) === 'gpu.perReplica'
        ? 'the fewest GPUs of hardware.gpuType that hold models.primary with its KV-cache margin (src/tiers/to-values.ts gpusPerReplica)'
        : undefined;
    return {
      layer: 'profile',
      file: shown(d.file),
      line: d.line,
      column: d.column,
      field: d.path || formatPath(field),
      ...(detail ? { detail } : {}),
    };
  };
}

/** Tenants are sorted by name in the values: `order` maps a values index back to the file's. */
export function tenantsOrigin(tenants: LoadedTenants, order: readonly number[] | undefined): (path: FieldPath) => ValueOrigin {
  return (path) => {
    const rest = path.slice(1);
    if (typeof rest[0] === 'number' && order) rest[0] = order[rest[0]] ?? rest[0];
    const inFile = ['tenants', ...rest];
    const at = tenants.doc.locate(inFile);
    return { layer: 'tenants', file: shown(tenants.file), line: at.line, column: at.column, field: formatPath(inFile) };
  };
}

/** A `-f` file: the line of the field in it. */
export function valuesFileOrigin(doc: SourceDocument): (path: FieldPath) => ValueOrigin {
  return (path) => {
    const at = doc.locate(path);
    return { layer: 'values-file', file: shown(doc.file), line: at.line, column: at.column, field: formatPath(path) };
  };
}

/** A `--set` (or `--set-string`, `--set-file`): the flag as given. */
export const setOrigin =
  (expr: SetExpression): (() => ValueOrigin) =>
  () => ({ layer: 'set', flag: `${expr.flag} ${expr.text}`, field: formatPath(expr.path) });

/** A value the compiler fitted, with its rule and the inputs it was fitted from. */
export const compilerOrigin =
  (rule: string, detail: string, inputs: () => readonly string[]): (() => ValueOrigin) =>
  () => ({ layer: 'compiler', rule, detail: `${detail}; from ${inputs().join(' and ')}` });

/** The inputs the platform is fitted from: the profile's hardware (file:line) and the tenant list. */
export function fittingInputs(loaded: LoadedProfile, tenants: LoadedTenants | undefined): string[] {
  const hw = loaded.locate(['hardware', 'gpuNodes'], '', '');
  return [
    `the profile's hardware at ${shown(hw.file)}:${hw.line}`,
    tenants ? `the tenant quotas of ${shown(tenants.file)}` : 'no tenant list',
  ];
}
