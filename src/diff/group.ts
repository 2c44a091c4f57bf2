// A report as the ranked entries a reviewer reads: the same field change across many objects
// (a chart-version label on every object) is one group entry; an object changed the same way in
// several tiers is one entry naming the tiers; entries are ordered by category, then by size.
import {
  apiGroup,
  formatFieldPath,
  objectLabel,
  type DiffReport,
  type FieldChange,
  type FieldChangeKind,
  type ObjectChange,
} from './diff.js';
import { CATEGORIES, fieldCategory, objectCategories, rankOf, type Category } from './rank.js';

/** An object, and the tiers in which it changed this way (`[undefined]` for a report without tiers). */
export interface TieredObject {
  readonly tiers: readonly (string | undefined)[];
  readonly object: ObjectChange;
}

/** One object's change; for a changed object, `fields` are those not shown in a group. */
export interface ObjectEntry extends TieredObject {
  readonly type: 'object';
  readonly category: Category;
  /** Fields of this object shown in group entries instead. */
  readonly grouped: number;
}

/** One field change, as it is repeated on the members of a group. */
export interface RepeatedChange {
  readonly change: FieldChangeKind;
  /** The last key of the paths (`helm.sh/chart`), or the whole path when that is not a key. */
  readonly label: string;
  readonly sample: FieldChange;
  /** The distinct paths the change is at (`metadata.labels["helm.sh/chart"]`, …). */
  readonly paths: readonly string[];
}

/**
 * Field changes made the same way on many objects: one change, or several made on exactly the
 * same objects (a chart-version bump changes `helm.sh/chart` and `app.kubernetes.io/version`
 * together), which a reviewer reads as one.
 */
export interface GroupEntry {
  readonly type: 'group';
  readonly category: Category;
  readonly changes: readonly RepeatedChange[];
  readonly members: readonly TieredObject[];
  /** Field changes in the group (an object may hold a change at several paths). */
  readonly fields: number;
}

/**
 * Objects added or removed together that belong to one owner — a tenant (its label or namespace)
 * or a component — in the same tiers: a reviewer reads "tenant team-delta: 8 objects added" as
 * one change, with the list, rather than eight full objects.
 */
export interface SetEntry {
  readonly type: 'set';
  readonly category: Category;
  readonly change: 'added' | 'removed';
  /** `tenant team-delta`, `component inference`. */
  readonly owner: string;
  readonly tiers: readonly (string | undefined)[];
  readonly members: readonly TieredObject[];
}

export type Entry = ObjectEntry | GroupEntry | SetEntry;

/** At least this many objects of one owner added (or removed) together make one set entry. */
export const SET_MIN_OBJECTS = 2;

const TENANT_LABEL = 'fractal.ai/tenant';
const COMPONENT_LABEL = 'app.kubernetes.io/component';

/** Who an added or removed object belongs to: its tenant (label, or a `tenant-` namespace), else its component. */
function ownerOf(o: ObjectChange): string | undefined {
  const labels = o.object?.metadata?.labels;
  const label = (key: string): string | undefined =>
    labels && typeof labels === 'object' && typeof (labels as Record<string, unknown>)[key] === 'string'
      ? ((labels as Record<string, string>)[key] as string)
      : undefined;
  const tenant = label(TENANT_LABEL) ?? (o.namespace?.startsWith('tenant-') ? o.namespace.slice('tenant-'.length) : undefined);
  if (tenant) return `tenant ${tenant}`;
  const component = label(COMPONENT_LABEL);
  return component ? `component ${component}` : undefined;
}

/**
 * Text and Markdown name at most this many objects of a group or set entry, then a count, so an
 * entry's length does not grow with the objects it is about (JSON lists them all).
 */
export const LISTED_MEMBERS = 12;

/** A field change repeated on at least this many distinct objects becomes one group entry. */
export const GROUP_MIN_OBJECTS = 3;

const identityKey = (o: ObjectChange): string => [apiGroup(o.apiVersion), o.kind, o.namespace ?? '', o.name].join('|');

function groupLabel(f: FieldChange): string {
  const last = f.path[f.path.length - 1];
  return typeof last === 'string' && f.path.length > 1 ? last : formatFieldPath(f.path);
}

interface Located {
  readonly tier?: string;
  readonly object: ObjectChange;
  readonly field: FieldChange;
  readonly category: Category;
}

/** The report's changes as ranked entries: groups of repeated field changes, and objects merged across tiers. */
export function rankedEntries(report: DiffReport, groupMin: number = GROUP_MIN_OBJECTS): Entry[] {
  // 1. candidate groups: one key per (category, change, label, old value, new value)
  const candidates = new Map<string, Located[]>();
  for (const section of report.sections) {
    for (const object of section.objects) {
      for (const field of object.fields) {
        const category = fieldCategory(object.kind, field);
        const key = [category, field.change, groupLabel(field), JSON.stringify(field.before), JSON.stringify(field.after)].join('\u0000');
        let list = candidates.get(key);
        if (!list) candidates.set(key, (list = []));
        list.push({ tier: section.tier, object, field, category });
      }
    }
  }
  const groupedFields = new Set<FieldChange>();
  const groups = new Map<string, { category: Category; changes: RepeatedChange[]; members: TieredObject[]; fields: number }>();
  for (const list of candidates.values()) {
    const members = mergeTiers(list.map((l) => ({ tier: l.tier, object: l.object, key: identityKey(l.object) })));
    if (members.length < groupMin) continue;
    for (const l of list) groupedFields.add(l.field);
    const first = list[0];
    const change: RepeatedChange = {
      change: first.field.change,
      label: groupLabel(first.field),
      sample: first.field,
      paths: [...new Set(list.map((l) => formatFieldPath(l.field.path)))].sort(),
    };
    // changes made on exactly the same objects (and tiers) are one entry
    const key = `${first.category}\u0000${members.map((m) => `${identityKey(m.object)}@${m.tiers.join(',')}`).join('\u0000')}`;
    const same = groups.get(key);
    if (same) {
      same.changes.push(change);
      same.fields += list.length;
    } else groups.set(key, { category: first.category, changes: [change], members, fields: list.length });
  }
  const entries: Entry[] = [];
  for (const g of groups.values()) {
    g.changes.sort((a, b) => compareText(a.label, b.label));
    entries.push({ type: 'group', ...g });
  }

  // 2. objects with what is left, the same change in several tiers merged into one entry
  const byChange = new Map<string, { tiers: (string | undefined)[]; object: ObjectChange; grouped: number }>();
  for (const section of report.sections) {
    for (const o of section.objects) {
      const fields = o.fields.filter((f) => !groupedFields.has(f));
      if (o.change === 'changed' && fields.length === 0) continue;
      const object = fields.length === o.fields.length ? o : { ...o, fields };
      const key = `${identityKey(o)}\u0000${o.change}\u0000${JSON.stringify(o.change === 'changed' ? fields : o.object)}`;
      const seen = byChange.get(key);
      if (seen) seen.tiers.push(section.tier);
      else byChange.set(key, { tiers: [section.tier], object, grouped: o.fields.length - fields.length });
    }
  }
  // 3. added or removed objects of one owner (a tenant, a component) in the same tiers: one set entry
  const sets = new Map<string, { change: 'added' | 'removed'; owner: string; tiers: (string | undefined)[]; members: TieredObject[] }>();
  const singles: { tiers: (string | undefined)[]; object: ObjectChange; grouped: number }[] = [];
  for (const item of byChange.values()) {
    const owner = item.object.change === 'changed' ? undefined : ownerOf(item.object);
    if (owner === undefined || item.object.change === 'changed') {
      singles.push(item);
      continue;
    }
    const key = `${item.object.change}\u0000${owner}\u0000${item.tiers.join(',')}`;
    let set = sets.get(key);
    if (!set) sets.set(key, (set = { change: item.object.change, owner, tiers: item.tiers, members: [] }));
    set.members.push({ tiers: item.tiers, object: item.object });
  }
  for (const set of sets.values()) {
    if (set.members.length < SET_MIN_OBJECTS) {
      for (const m of set.members) singles.push({ tiers: [...m.tiers], object: m.object, grouped: 0 });
      continue;
    }
    set.members.sort((a, b) => compareText(objectLabel(a.object), objectLabel(b.object)));
    entries.push({ type: 'set', category: set.change, ...set });
  }
  for (const { tiers, object, grouped } of singles) {
    entries.push({ type: 'object', category: CATEGORIES[rankOf(objectCategories(object))], tiers, object, grouped });
  }
  return entries.sort(compareEntries);
}

/** Members by identity, each with the tiers it is in, in label order. */
function mergeTiers(list: readonly { tier?: string; object: ObjectChange; key: string }[]): TieredObject[] {
  const byKey = new Map<string, { tiers: (string | undefined)[]; object: ObjectChange }>();
  for (const m of list) {
    const seen = byKey.get(m.key);
    if (!seen) byKey.set(m.key, { tiers: [m.tier], object: m.object });
    else if (!seen.tiers.includes(m.tier)) seen.tiers.push(m.tier);
  }
  return [...byKey.values()].sort((a, b) => compareText(objectLabel(a.object), objectLabel(b.object)));
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** How big a change an entry is, for ordering within a category. */
export function entrySize(e: Entry): number {
  return e.type === 'group' ? e.fields : e.type === 'set' ? e.members.length : e.object.fields.length;
}

function compareEntries(x: Entry, y: Entry): number {
  const rank = CATEGORIES.indexOf(x.category) - CATEGORIES.indexOf(y.category);
  if (rank) return rank;
  const size = entrySize(y) - entrySize(x);
  if (size) return size;
  return compareText(entrySortLabel(x), entrySortLabel(y));
}

const entrySortLabel = (e: Entry): string =>
  e.type === 'group'
    ? e.changes.map((c) => `${c.label}\u0000${JSON.stringify(c.sample.after)}`).join('\u0000')
    : e.type === 'set'
      ? e.owner
      : `${objectLabel(e.object)}\u0000${e.object.apiVersion}`;

/** Every object an entry is about, with its tiers. */
export function entryObjects(e: Entry): readonly TieredObject[] {
  return e.type === 'object' ? [e] : e.members;
}
