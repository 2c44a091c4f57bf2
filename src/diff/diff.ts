// The pure part of `aipc diff`: two lists of Kubernetes objects in, a DiffReport out.
//
// Objects are matched by API group (not version), kind, namespace and name, so moving an object
// from `autoscaling/v2beta2` to `autoscaling/v2` reads as one changed `apiVersion` field on the
// same object, not as one object removed and another added. Within an object, map key order never
// matters; a list whose items all carry a distinct string `name` (containers, ports, env, volumes,
// volumeMounts, …) is compared by name, so reordering it is not a change; any other list (args,
// command, rules, …) is compared position by position, because there order is meaning.
import { InputError, type Diagnostic } from '../errors.js';
import type { KubeObject, ManifestObject } from '../io/manifests.js';
import { isRecord } from '../util/data.js';

/** One step of a field path: a map key, a list index, or a named list item (`[name=app]`). */
export type PathSegment = string | number | { readonly name: string };

export type FieldChangeKind = 'added' | 'removed' | 'changed';

/** One field that differs; `before` is absent for added fields, `after` for removed ones. */
export interface FieldChange {
  readonly path: readonly PathSegment[];
  readonly change: FieldChangeKind;
  readonly before?: unknown;
  readonly after?: unknown;
}

export type ObjectChangeKind = 'added' | 'removed' | 'changed';

/** One object that was added, removed or changed. */
export interface ObjectChange {
  readonly change: ObjectChangeKind;
  /** The new side's apiVersion (the old side's for removed objects). */
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** For changed objects: every field that differs, in the object's own field order. */
  readonly fields: readonly FieldChange[];
  /** For added and removed objects: the whole object (Secret values hidden). */
  readonly object?: KubeObject;
}

/** The differences for one render (a tier, or the one pair of inputs). */
export interface DiffSection {
  /** The tier this section is about; undefined when the inputs are not per tier. */
  readonly tier?: string;
  /** Something a reader must know about how this section was produced. */
  readonly note?: string;
  readonly objects: readonly ObjectChange[];
}

export interface DiffReport {
  /** What was compared, e.g. `main` and `work tree`, or two paths. */
  readonly before: string;
  readonly after: string;
  readonly sections: readonly DiffSection[];
}

export interface DiffCounts {
  added: number;
  removed: number;
  changed: number;
}

/** What a Secret's `data` and `stringData` values are shown as: a diff may end up in a PR comment. */
export const HIDDEN = '<hidden>';

/** Compares two object lists (e.g. two renders of one tier). Duplicate identities are bad input. */
export function diffObjects(before: readonly ManifestObject[], after: readonly ManifestObject[]): ObjectChange[] {
  const oldByKey = indexObjects(before);
  const newByKey = indexObjects(after);
  const changes: ObjectChange[] = [];
  for (const [key, m] of newByKey) {
    const old = oldByKey.get(key);
    if (!old) {
      changes.push({ change: 'added', ...identity(m.object), fields: [], object: hideSecretValues(m.object) });
      continue;
    }
    const fields = diffValues(old.object, m.object);
    if (fields.length)
      changes.push({ change: 'changed', ...identity(m.object), fields: isSecret(m.object) ? fields.map(hideSecretField) : fields });
  }
  for (const [key, m] of oldByKey) {
    if (!newByKey.has(key)) changes.push({ change: 'removed', ...identity(m.object), fields: [], object: hideSecretValues(m.object) });
  }
  return changes.sort(compareObjects);
}

/** Every field that differs between two values, in `after`'s field order (then removed fields). */
export function diffValues(before: unknown, after: unknown, path: readonly PathSegment[] = []): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before, after, path, out);
  return out;
}

function walk(a: unknown, b: unknown, path: readonly PathSegment[], out: FieldChange[]): void {
  if (a === b) return;
  if (isRecord(a) && isRecord(b)) {
    for (const key of Object.keys(b)) {
      if (!Object.hasOwn(a, key)) out.push({ path: [...path, key], change: 'added', after: b[key] });
      else walk(a[key], b[key], [...path, key], out);
    }
    for (const key of Object.keys(a)) {
      if (!Object.hasOwn(b, key)) out.push({ path: [...path, key], change: 'removed', before: a[key] });
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (isNamedList(a) && isNamedList(b)) {
      const oldByName = new Map(a.map((item) => [item.name, item]));
      const newNames = new Set(b.map((item) => item.name));
      for (const item of b) {
        const old = oldByName.get(item.name);
        const at = [...path, { name: item.name }];
        if (old === undefined) out.push({ path: at, change: 'added', after: item });
        else walk(old, item, at, out);
      }
      for (const item of a)
        if (!newNames.has(item.name)) out.push({ path: [...path, { name: item.name }], change: 'removed', before: item });
      return;
    }
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length) out.push({ path: [...path, i], change: 'added', after: b[i] });
      else if (i >= b.length) out.push({ path: [...path, i], change: 'removed', before: a[i] });
      else walk(a[i], b[i], [...path, i], out);
    }
    return;
  }
  // scalars of equal value but different identity (NaN aside) are caught by `===` above
  if (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b)) return;
  out.push({ path, change: 'changed', before: a, after: b });
}

/** A list of maps each with a string `name`, no name twice: a set keyed by name. */
function isNamedList(list: readonly unknown[]): list is (Record<string, unknown> & { name: string })[] {
  const seen = new Set<string>();
  for (const item of list) {
    if (!isRecord(item) || typeof item.name !== 'string' || seen.has(item.name)) return false;
    seen.add(item.name);
  }
  return true;
}

/** `group|kind|namespace|name`: an object's identity across versions of its API. */
export function objectKey(o: KubeObject): string {
  const { apiVersion, kind, namespace, name } = identity(o);
  return [apiGroup(apiVersion), kind, namespace ?? '', name].join('|');
}

/** The API group of an apiVersion (`apps/v1` → `apps`; core `v1` → ``). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

function identity(o: KubeObject): { apiVersion: string; kind: string; namespace?: string; name: string } {
  const namespace = typeof o.metadata?.namespace === 'string' && o.metadata.namespace ? o.metadata.namespace : undefined;
  return {
    apiVersion: typeof o.apiVersion === 'string' ? o.apiVersion : '',
    kind: typeof o.kind === 'string' ? o.kind : '',
    ...(namespace ? { namespace } : {}),
    name: typeof o.metadata?.name === 'string' ? o.metadata.name : '',
  };
}

function indexObjects(objects: readonly ManifestObject[]): Map<string, ManifestObject> {
  const byKey = new Map<string, ManifestObject>();
  const problems: Diagnostic[] = [];
  for (const m of objects) {
    const key = objectKey(m.object);
    const first = byKey.get(key);
    if (first) {
      const { kind, namespace, name } = identity(m.object);
      problems.push({
        file: m.file,
        line: m.line,
        message: `${kind} ${namespace ? `${namespace}/` : ''}${name} appears twice (also at ${first.file}:${first.line}); objects are matched by API group, kind, namespace and name`,
      });
    } else byKey.set(key, m);
  }
  if (problems.length) throw new InputError(problems);
  return byKey;
}

function compareObjects(x: ObjectChange, y: ObjectChange): number {
  const a = [x.kind, x.namespace ?? '', x.name, apiGroup(x.apiVersion)];
  const b = [y.kind, y.namespace ?? '', y.name, apiGroup(y.apiVersion)];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

const isSecret = (o: KubeObject): boolean => o.kind === 'Secret' && (o.apiVersion === 'v1' || o.apiVersion === undefined);

function hideSecretValues(o: KubeObject): KubeObject {
  if (!isSecret(o)) return o;
  const copy: KubeObject = { ...o };
  for (const field of ['data', 'stringData']) {
    const values = copy[field];
    if (isRecord(values)) copy[field] = Object.fromEntries(Object.keys(values).map((k) => [k, HIDDEN]));
  }
  return copy;
}

function hideSecretField(f: FieldChange): FieldChange {
  const top = f.path[0];
  if (top !== 'data' && top !== 'stringData') return f;
  const hide = (v: unknown): unknown =>
    f.path.length === 1 && isRecord(v) ? Object.fromEntries(Object.keys(v).map((k) => [k, HIDDEN])) : HIDDEN;
  return {
    path: f.path,
    change: f.change,
    ...('before' in f ? { before: hide(f.before) } : {}),
    ...('after' in f ? { after: hide(f.after) } : {}),
  };
}

/** Added, removed and changed objects in some changes. */
export function countChanges(objects: readonly ObjectChange[]): DiffCounts {
  const counts: DiffCounts = { added: 0, removed: 0, changed: 0 };
  for (const o of objects) counts[o.change]++;
  return counts;
}

/** True when no section has any change. */
export function isEmptyReport(report: DiffReport): boolean {
  return report.sections.every((s) => s.objects.length === 0);
}

/** `spec.template.spec.containers[name=app].image`, `metadata.annotations["checksum/config"]`, `args[0]`. */
export function formatFieldPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'object') out += `[name=${seg.name}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out || '(whole object)';
}

/** `Deployment ai-platform/ai-platform-gateway` (`Kind name` for cluster-scoped objects). */
export function objectLabel(o: Pick<ObjectChange, 'kind' | 'namespace' | 'name'>): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}
