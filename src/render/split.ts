// One file per object, at a stable path, so a pull request's diff reads object by object.
import { InputError } from '../errors.js';
import { assertReplaceable } from '../io/output-dir.js';
import { formatYaml } from '../io/yaml-format.js';
import type { OutputFile } from '../io/output-file.js';
import { PathConflictError } from '../io/output-file.js';
import type { ManifestObject } from '../io/manifests.js';

/** The template an object came from (Helm's `# Source:` comment), if any. */
export function sourceTemplate(m: ManifestObject): string | undefined {
  return /^# Source: (.+)$/m.exec(m.source)?.[1]?.trim();
}

// what a Kubernetes name, namespace or kind can be; anything else must not become a path
const SAFE_SEGMENT = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,252})$/;

/**
 * `<namespace>/<kind>-<name>.yaml`, with `_cluster` for cluster-scoped objects. A value that is not
 * a Kubernetes name (`../x`, `a/b`) is refused (exit 2, naming it): it would write outside the tree.
 */
export function objectPath(m: ManifestObject): string {
  const o = m.object;
  const parts: [string, unknown][] = [
    ['metadata.namespace', o.metadata?.namespace ?? '_cluster'],
    ['kind', o.kind ?? 'unknown'],
    ['metadata.name', o.metadata?.name ?? 'unnamed'],
  ];
  for (const [field, value] of parts) {
    if (value === '_cluster' && field === 'metadata.namespace') continue;
    if (typeof value !== 'string' || !SAFE_SEGMENT.test(value) || value.includes('..')) {
      throw new InputError([
        {
          file: m.file,
          line: m.line,
          path: field,
          message: `${JSON.stringify(value)} cannot name a file under the split directory (expected a Kubernetes name: letters, digits, ".", "-"); refusing to write outside the directory`,
          option: 'split',
        },
      ]);
    }
  }
  const [ns, kind, name] = parts.map(([, v]) => String(v));
  return `${ns}/${kind.toLowerCase()}-${name}.yaml`;
}

/** Each object as its own YAML file; two objects at one path (same kind, namespace, name) is an error. */
export function splitObjects(objects: readonly ManifestObject[]): OutputFile[] {
  const files = new Map<string, OutputFile>();
  for (const m of objects) {
    const path = objectPath(m);
    if (files.has(path)) throw new PathConflictError(path);
    const source = sourceTemplate(m);
    files.set(path, { path, content: formatYaml(m.object, { header: source ? [`Source: ${source}`] : [] }) });
  }
  return [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The objects as one stream, in Helm's order, each with its `# Source:` line. */
export function joinObjects(objects: readonly ManifestObject[]): string {
  return objects
    .map((m) => {
      const source = sourceTemplate(m);
      return `---\n${formatYaml(m.object, { header: source ? [`Source: ${source}`] : [] })}`;
    })
    .join('');
}

/** What `render --split` writes into its directory's marker file. */
export const SPLIT_PRODUCER = 'render --split';

/**
 * `--split DIR` replaces DIR as a whole, so DIR must be new, empty, or a tree an earlier
 * `render --split` wrote (it holds that run's marker file) — never a directory holding other work.
 */
export function assertSplitDirectory(dir: string): void {
  assertReplaceable(dir, SPLIT_PRODUCER, '--split');
}
