// One file per object, at a stable path, so a pull request's diff reads object by object.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { AipcError } from '../errors.js';
import { formatYaml } from '../io/yaml-format.js';
import type { OutputFile } from '../io/output-file.js';
import { PathConflictError } from '../io/output-file.js';
import type { ManifestObject } from '../validate/read-manifests.js';

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

/**
 * `--split DIR` replaces DIR as a whole, so DIR must be new, empty, or a tree `render --split`
 * wrote (`<namespace>/<file>.yaml` and nothing else) — never a directory holding other work.
 */
export function assertSplitDirectory(dir: string): void {
  const target = resolve(dir);
  // cwd inside (or at) target: replacing it would pull the directory out from under the user
  const rel = relative(target, process.cwd());
  if (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`)) {
    throw new AipcError(`--split ${dir}: refusing to replace the current directory or one of its parents`);
  }
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) throw new AipcError(`--split ${dir}: not a directory`);
  const foreign: string[] = [];
  for (const ns of readdirSync(target, { withFileTypes: true })) {
    if (!ns.isDirectory()) {
      foreign.push(ns.name);
      continue;
    }
    for (const f of readdirSync(join(target, ns.name), { withFileTypes: true })) {
      if (!f.isFile() || !f.name.endsWith('.yaml')) foreign.push(`${ns.name}/${f.name}`);
    }
  }
  if (foreign.length) {
    throw new AipcError(
      `--split ${dir}: the directory holds ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ` and ${foreign.length - 3} more` : ''}, which render --split does not write; refusing to replace it`,
      2,
      'give a new or empty directory, or one an earlier `aipc render --split` wrote',
    );
  }
}
