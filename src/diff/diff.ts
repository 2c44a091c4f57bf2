// The pure part of `aipc diff`: two lists of Kubernetes objects in, a DiffReport out.
//
// Objects are matched by API group (not version), kind, namespace and name, so moving an object
// from `autoscaling/v2beta2` to `autoscaling/v2` reads as one changed `apiVersion` field on the
// same object, not as one object removed and another added. Within an object, map key order never
// matters, and a map entry whose value is `null` is the same as no entry (the API server drops
// such fields on apply). A list whose items all carry a distinct string `name` (containers, ports,
// env, volumes, volumeMounts, …) is compared by name, so reordering it is not a change; any other
// list (args, command, rules, …) is aligned by content with jsdiff's longest-common-subsequence
// diff, so an inserted item is one insertion and not a change of every item after it. A long or
// multi-line string that holds JSON or YAML (a dashboard, a rule file) is compared as the data it
// holds, when both sides parse.
import type { ReachLine } from '../checks/isolation/reach-diff.js';
import { diffArrays } from 'diff';
import { InputError, type Diagnostic } from '../errors.js';
import { readManifestText, type KubeObject, type ManifestObject } from '../io/manifests.js';
import { parseEmbeddedYaml } from '../io/yaml-read.js';
import { isRecord } from '../util/data.js';
import { ignoreTest, type IgnoreRule } from './ignore.js';
import type { PathSegment } from './path.js';
import { editBudget } from './strings.js';

export { formatFieldPath, type PathSegment } from './path.js';

export type FieldChangeKind = 'added' | 'removed' | 'changed';

/**
 * One field that differs; `before` is absent for added fields, `after` for removed ones. In an
 * aligned list an added or changed item's index is its index in the new list, a removed item's in
 * the old one.
 */
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
  /** For a changed object of two tier renders: per field (as formatFieldPath prints it), the input changes that caused it. */
  readonly causes?: Readonly<Record<string, readonly string[]>>;
  /** For a changed Role or ClusterRole whose rules changed: every rule before and after (a reviewer reads a rule whole). */
  readonly rules?: { readonly before: readonly unknown[]; readonly after: readonly unknown[] };
}

/** What one side of a section was rendered from (`diff --base`): the reviewer's answer to "compared with what?". */
export interface RenderedInputs {
  /** The tier, or null for the chart's default values. */
  readonly tier: string | null;
  /** The profile the tier was compiled from (a built-in tier's name, or a site profile's). */
  readonly profile?: string;
  /** The tenants the render deploys. */
  readonly tenants?: readonly string[];
  /** The files this side read besides the chart: repository paths, `@REF` for a side at a git ref. */
  readonly files: readonly string[];
}

/** The differences for one render (a tier, or the one pair of inputs). */
export interface DiffSection {
  /** The tier this section is about; undefined when the inputs are not per tier. */
  readonly tier?: string;
  /** What each side was rendered from, when aipc rendered them (`--base`). */
  readonly rendered?: { readonly before: RenderedInputs; readonly after: RenderedInputs };
  /** Something a reader must know about how this section was produced. */
  readonly note?: string;
  readonly objects: readonly ObjectChange[];
  /** Connections between namespaces (and workloads) that the change opens or closes, first the opened ones. */
  readonly reachability?: readonly ReachLine[];
  /** Field changes left out by `--ignore` / `--ignore-generated` (0 or absent: none). */
  readonly ignored?: number;
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

export interface DiffOptions {
  /** Field changes matching these rules are left out (and counted). Added and removed objects are always reported. */
  readonly ignore?: readonly IgnoreRule[];
}

/** The object changes of two object lists, and how many field changes `ignore` left out. */
export interface ObjectDiff {
  readonly objects: ObjectChange[];
  readonly ignored: number;
}

/** Compares two object lists (e.g. two renders of one tier). Duplicate identities are bad input. */
export function diffObjects(
  before: readonly ManifestObject[],
  after: readonly ManifestObject[],
  options: DiffOptions = {},
): ObjectChange[] {
  return diffObjectLists(before, after, options).objects;
}

/** {@link diffObjects}, also counting the field changes the ignore rules left out. */
export function diffObjectLists(
  before: readonly ManifestObject[],
  after: readonly ManifestObject[],
  options: DiffOptions = {},
): ObjectDiff {
  const whole = (objects: readonly ManifestObject[]): ObjectStream => ({
    read: (each) => {
      each(objects);
      return [];
    },
    keepsObjects: true,
  });
  return diffObjectStreams(whole(before), whole(after), options);
}

/**
 * Objects one document at a time: `read` hands each document's objects to `each` and returns the
 * read diagnostics. `keepsObjects: false` says the objects are not held elsewhere and each `source`
 * is the document text the object was read from, so the diff keeps only the old side's texts,
 * reads one again when it must compare it, and skips an object whose text did not change.
 */
export interface ObjectStream {
  readonly read: (each: (objects: readonly ManifestObject[]) => void) => readonly Diagnostic[];
  readonly keepsObjects: boolean;
}

/** An object of the old side, by its document's text; `object` while it is held. */
interface OldObject {
  readonly file: string;
  readonly line: number;
  readonly source: string;
  readonly itemPath: readonly (string | number)[];
  readonly object?: KubeObject;
}

/**
 * {@link diffObjectLists} over two streams, holding at most the old side's document texts, the
 * new side's current document and the changes: the new side is compared object by object as it is
 * read, and an object whose document text is the same on both sides is not compared (nor parsed
 * again). Read problems of either side come first, then objects given twice, old side first.
 */
export function diffObjectStreams(before: ObjectStream, after: ObjectStream, options: DiffOptions = {}): ObjectDiff {
  const oldByKey = new Map<string, OldObject>();
  const oldDuplicates: Diagnostic[] = [];
  const beforeRead = before.read((objects) => {
    for (const m of objects) {
      const key = objectKey(m.object);
      const first = oldByKey.get(key);
      if (first) oldDuplicates.push(twice(m, first));
      else
        oldByKey.set(key, {
          file: m.file,
          line: m.line,
          source: m.source,
          itemPath: m.itemPath,
          ...(before.keepsObjects ? { object: m.object } : {}),
        });
    }
  });
  const reread = oldReader();
  const changes: ObjectChange[] = [];
  const counter = { ignored: 0 };
  const newSeen = new Map<string, { file: string; line: number }>();
  const newDuplicates: Diagnostic[] = [];
  const afterRead = after.read((objects) => {
    for (const m of objects) {
      const key = objectKey(m.object);
      const first = newSeen.get(key);
      if (first) {
        newDuplicates.push(twice(m, first));
        continue;
      }
      newSeen.set(key, { file: m.file, line: m.line });
      const old = oldByKey.get(key);
      if (!old) {
        changes.push({ change: 'added', ...identity(m.object), fields: [], object: hideSecretValues(m.object) });
        continue;
      }
      // the same document text, as the reader gives it, decodes to the same object: nothing to compare
      if (!before.keepsObjects && old.source === m.source && samePath(old.itemPath, m.itemPath)) continue;
      const id = identity(m.object);
      const oldObject = old.object ?? reread(old);
      const ignored = options.ignore?.length ? ignoreTest(options.ignore, id) : undefined;
      const fields: FieldChange[] = [];
      walk(oldObject, m.object, [], { out: fields, ignored, counter });
      if (!fields.length) continue;
      const rules = rulesOf(oldObject, m.object, fields);
      changes.push({
        change: 'changed',
        ...id,
        fields: isSecret(m.object) ? fields.map(hideSecretField) : fields,
        ...(rules ? { rules } : {}),
      });
    }
  });
  if (beforeRead.length || afterRead.length) throw new InputError([...beforeRead, ...afterRead]);
  if (oldDuplicates.length) throw new InputError(oldDuplicates);
  if (newDuplicates.length) throw new InputError(newDuplicates);
  for (const [key, old] of oldByKey) {
    if (newSeen.has(key)) continue;
    const object = old.object ?? reread(old);
    changes.push({ change: 'removed', ...identity(object), fields: [], object: hideSecretValues(object) });
  }
  return { objects: changes.sort(compareObjects), ignored: counter.ignored };
}

/** Reads an old object again from its document text (the last document read is kept: a List's items share one). */
function oldReader(): (old: OldObject) => KubeObject {
  let last: { source: string; objects: readonly ManifestObject[] } | undefined;
  return (old) => {
    if (last?.source !== old.source) last = { source: old.source, objects: readManifestText(old.source, old.file).objects };
    const m = last.objects.find((o) => samePath(o.itemPath, old.itemPath));
    if (!m) throw new Error(`${old.file}:${old.line}: the document read differently the second time`);
    return m.object;
  };
}

const samePath = (a: readonly (string | number)[], b: readonly (string | number)[]): boolean =>
  a.length === b.length && a.every((k, i) => k === b[i]);

function twice(m: ManifestObject, first: { file: string; line: number }): Diagnostic {
  const { kind, namespace, name } = identity(m.object);
  return {
    file: m.file,
    line: m.line,
    message: `${kind} ${namespace ? `${namespace}/` : ''}${name} appears twice (also at ${first.file}:${first.line}); objects are matched by API group, kind, namespace and name`,
  };
}

/** A Role's or ClusterRole's rules on both sides, when a changed field is under `rules`. */
function rulesOf(before: KubeObject, after: KubeObject, fields: readonly FieldChange[]): ObjectChange['rules'] {
  if (!['Role', 'ClusterRole'].includes(String(after.kind)) || !fields.some((f) => f.path[0] === 'rules')) return undefined;
  const list = (o: KubeObject): unknown[] => (Array.isArray((o as { rules?: unknown }).rules) ? (o as { rules: unknown[] }).rules : []);
  return { before: list(before), after: list(after) };
}

/** Every field that differs between two values, in `after`'s field order (then removed fields). */
export function diffValues(before: unknown, after: unknown, path: readonly PathSegment[] = []): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before, after, [...path], { out, counter: { ignored: 0 } });
  return out;
}

interface WalkContext {
  readonly out: FieldChange[];
  /** True for a path whose changes are ignored. */
  readonly ignored?: (path: readonly PathSegment[]) => boolean;
  readonly counter: { ignored: number };
}

/** A string this long, or with a line break, may be a document: JSON or YAML inside is compared as data. */
export const EMBEDDED_MIN_LENGTH = 80;

// `path` is one stack shared by the whole walk (pushed and popped, copied only into a change), so
// comparing two large renders allocates for what differs, not for every field.
function walk(a: unknown, b: unknown, path: PathSegment[], ctx: WalkContext): void {
  if (a === b) return;
  if (ctx.ignored?.(path)) {
    if (!isEqual(a, b)) ctx.counter.ignored++;
    return;
  }
  if (isRecord(a) && isRecord(b)) {
    for (const key of Object.keys(b)) {
      path.push(key);
      if (!Object.hasOwn(a, key) || a[key] === null) {
        if (b[key] !== null) emit(ctx, path, 'added', undefined, b[key]);
      } else if (b[key] === null) emit(ctx, path, 'removed', a[key], undefined);
      else walk(a[key], b[key], path, ctx);
      path.pop();
    }
    for (const key of Object.keys(a)) {
      if (Object.hasOwn(b, key) || a[key] === null) continue;
      path.push(key);
      emit(ctx, path, 'removed', a[key], undefined);
      path.pop();
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (isNamedList(a) && isNamedList(b)) {
      const oldByName = new Map(a.map((item) => [item.name, item]));
      const newNames = new Set(b.map((item) => item.name));
      for (const item of b) {
        const old = oldByName.get(item.name);
        path.push({ name: item.name });
        if (old === undefined) emit(ctx, path, 'added', undefined, item);
        else walk(old, item, path, ctx);
        path.pop();
      }
      for (const item of a) {
        if (newNames.has(item.name)) continue;
        path.push({ name: item.name });
        emit(ctx, path, 'removed', item, undefined);
        path.pop();
      }
      return;
    }
    alignLists(a, b, path, ctx);
    return;
  }
  // scalars of equal value but different identity (NaN aside) are caught by `===` above
  if (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b)) return;
  if (typeof a === 'string' && typeof b === 'string' && embeddedDiff(a, b, path, ctx)) return;
  emit(ctx, path, 'changed', a, b);
}

/** Records one change at (a copy of) `path`, leaving out what the ignore rules name inside an added or removed value. */
function emit(ctx: WalkContext, at: readonly PathSegment[], change: FieldChangeKind, before: unknown, after: unknown): void {
  if (ctx.ignored?.(at)) {
    ctx.counter.ignored++;
    return;
  }
  const path = [...at];
  const prune = (v: unknown): unknown => (ctx.ignored ? pruneIgnored(v, path, ctx) : v);
  ctx.out.push({
    path,
    change,
    ...(change === 'added' ? {} : { before: prune(before) }),
    ...(change === 'removed' ? {} : { after: prune(after) }),
  });
}

function pruneIgnored(v: unknown, path: readonly PathSegment[], ctx: WalkContext): unknown {
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const at = [...path, k];
      if (ctx.ignored!(at)) ctx.counter.ignored++;
      else out[k] = pruneIgnored(x, at, ctx);
    }
    return out;
  }
  if (Array.isArray(v)) {
    const named = isNamedList(v);
    return v.map((x, i) => pruneIgnored(x, [...path, named ? { name: (x as { name: string }).name } : i], ctx));
  }
  return v;
}

/**
 * Aligns two unnamed lists by content (longest common subsequence). A run of removed items next to
 * a run of added ones is paired item by item and compared field by field — a rule whose verbs
 * changed is one changed rule — and what is left over is added or removed.
 */
function alignLists(a: readonly unknown[], b: readonly unknown[], path: PathSegment[], ctx: WalkContext): void {
  // the common case, equal lists, needs no alignment
  if (a.length === b.length && a.every((x, i) => sameValue(x, b[i]))) return;
  const ka = a.map(canonical);
  const kb = b.map(canonical);
  // lists too different to align within the budget are compared position by position
  const parts = diffArrays(ka, kb, { maxEditLength: editBudget(ka.length + kb.length) }) ?? [
    { value: ka, count: ka.length, removed: true, added: false },
    { value: kb, count: kb.length, removed: false, added: true },
  ];
  let i = 0;
  let j = 0;
  for (let p = 0; p < parts.length; p++) {
    if (!parts[p].added && !parts[p].removed) {
      i += parts[p].count;
      j += parts[p].count;
      continue;
    }
    let removed = 0;
    let added = 0;
    for (; p < parts.length && (parts[p].added || parts[p].removed); p++) {
      if (parts[p].added) added += parts[p].count;
      else removed += parts[p].count;
    }
    p--;
    const paired = Math.min(removed, added);
    const at = (index: number, f: () => void) => {
      path.push(index);
      f();
      path.pop();
    };
    for (let k = 0; k < paired; k++) at(j + k, () => walk(a[i + k], b[j + k], path, ctx));
    for (let k = paired; k < removed; k++) at(i + k, () => emit(ctx, path, 'removed', a[i + k], undefined));
    for (let k = paired; k < added; k++) at(j + k, () => emit(ctx, path, 'added', undefined, b[j + k]));
    i += removed;
    j += added;
  }
}

/** Deep equality with null map entries taken as absent: what {@link canonical} compares, without building text. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isRecord(a)) {
    if (!isRecord(b)) return false;
    let entries = 0;
    for (const k of Object.keys(a)) {
      if (a[k] === null) continue;
      entries++;
      if (!Object.hasOwn(b, k) || !sameValue(a[k], b[k])) return false;
    }
    for (const k of Object.keys(b)) if (b[k] !== null) entries--;
    return entries === 0;
  }
  return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
}

/** A value as text that is equal for equal values: map keys sorted, null entries dropped. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isRecord(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== null)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

/** Equal as the diff sees it (map order, null entries and named-list order aside). */
function isEqual(a: unknown, b: unknown): boolean {
  const probe: FieldChange[] = [];
  walk(a, b, [], { out: probe, counter: { ignored: 0 } });
  return probe.length === 0;
}

/** Diffs two strings as the JSON or YAML documents they hold; false when they are not both such documents, or equal as data. */
function embeddedDiff(a: string, b: string, path: readonly PathSegment[], ctx: WalkContext): boolean {
  if (!mayEmbed(a) || !mayEmbed(b)) return false;
  const pa = parseEmbedded(a);
  const pb = parseEmbedded(b);
  if (!pa || !pb || pa.type !== pb.type) return false;
  const inner: FieldChange[] = [];
  walk(pa.value, pb.value, [...path, { embedded: pa.type }], { ...ctx, out: inner });
  // equal as data but not as text (comments, layout): the text change is what there is to show
  if (!inner.length) return false;
  ctx.out.push(...inner);
  return true;
}

const mayEmbed = (s: string): boolean => s.length >= EMBEDDED_MIN_LENGTH || s.includes('\n');

function parseEmbedded(s: string): { type: 'json' | 'yaml'; value: unknown } | undefined {
  const t = s.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return structured('json', JSON.parse(s));
    } catch {
      // not JSON; perhaps YAML flow style
    }
  }
  try {
    return structured('yaml', parseEmbeddedYaml(s));
  } catch {
    return undefined;
  }
}

const structured = (type: 'json' | 'yaml', value: unknown): { type: 'json' | 'yaml'; value: unknown } | undefined =>
  typeof value === 'object' && value !== null ? { type, value } : undefined;

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

/** `Deployment ai-platform/ai-platform-gateway` (`Kind name` for cluster-scoped objects). */
export function objectLabel(o: Pick<ObjectChange, 'kind' | 'namespace' | 'name'>): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}
