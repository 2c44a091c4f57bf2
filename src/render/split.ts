// One file per object, at a stable path, so a pull request's diff reads object by object.
import { formatYaml } from '../io/yaml-format.js';
import type { OutputFile } from '../io/output-file.js';
import { PathConflictError } from '../io/output-file.js';
import type { ManifestObject } from '../io/manifests.js';

/** The template an object came from (Helm's `# Source:` comment), if any. */
export function sourceTemplate(m: ManifestObject): string | undefined {
  return /^# Source: (.+)$/m.exec(m.source)?.[1]?.trim();
}

/** `<namespace>/<kind>-<name>.yaml`, with `_cluster` for cluster-scoped objects. */
export function objectPath(m: ManifestObject): string {
  const o = m.object;
  const ns = typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : '_cluster';
  const kind = String(o.kind ?? 'unknown').toLowerCase();
  const name = String(o.metadata?.name ?? 'unnamed');
  return `${ns}/${kind}-${name}.yaml`;
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
