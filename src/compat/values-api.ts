// The chart's values API between two versions: its values.schema.json (keys removed or renamed,
// types, enums and bounds narrowed, keys newly required, new keys), its values.yaml defaults, and
// whether a values file written for the old chart (its compiled tier files) still passes the new
// schema. The schema is what Helm checks every values file against, so what it refuses that the
// old one took is an operator's values file that stops installing.
import { checkSchema } from '../schemas/check.js';
import type { SourceDocument } from '../io/yaml-read.js';
import { mergeHelmValues } from '../tiers/merge.js';
import { isRecord } from '../util/data.js';
import type { CompatFinding } from './report.js';

type Schema = Record<string, unknown>;

const RECOMPILE = 'recompile tier files with the new aipc (`aipc values --all`) and edit hand-written values files';

/** Every values-API change from `before` to `after` (two values.schema.json documents). */
export function compareValuesSchemas(before: unknown, after: unknown): CompatFinding[] {
  const out: CompatFinding[] = [];
  walk(isRecord(before) ? before : {}, isRecord(after) ? after : {}, [], out);
  return out;
}

const show = (path: readonly string[]) => path.join('.') || '(root)';

function walk(a: Schema, b: Schema, path: string[], out: CompatFinding[]): void {
  const at = show(path);
  narrowedType(a, b, at, out);
  narrowedEnum(a, b, at, out);
  tightenedBounds(a, b, at, out);
  if (typeof b.pattern === 'string' && b.pattern !== a.pattern) {
    out.push({
      severity: 'warning',
      rule: 'values.pattern-changed',
      subject: at,
      message: `${at} must now match ${b.pattern}${typeof a.pattern === 'string' ? ` (was ${a.pattern})` : ''}; values valid before may be refused`,
      migration: `check the values files that set ${at} against the new pattern`,
    });
  }
  const reqA = new Set(Array.isArray(a.required) ? (a.required as string[]) : []);
  for (const key of Array.isArray(b.required) ? (b.required as string[]) : []) {
    if (!reqA.has(key)) {
      const sub = show([...path, key]);
      out.push({
        severity: 'breaking',
        rule: 'values.required-added',
        subject: sub,
        message: `${sub} is now required; a values file that sets ${at === '(root)' ? 'nothing' : at} without it is refused`,
        migration: `set ${sub} wherever ${at === '(root)' ? 'values are given' : at} is set`,
      });
    }
  }
  const propsA = isRecord(a.properties) ? (a.properties as Record<string, Schema>) : {};
  const propsB = isRecord(b.properties) ? (b.properties as Record<string, Schema>) : {};
  const closed = b.additionalProperties === false;
  if (closed && a.additionalProperties !== false && Object.keys(propsA).length + Object.keys(propsB).length > 0) {
    out.push({
      severity: 'breaking',
      rule: 'values.closed',
      subject: at,
      message: `${at} no longer takes keys other than ${Object.keys(propsB).join(', ') || 'none'}`,
      migration: `remove other keys under ${at} from values files`,
    });
  }
  const removed = Object.keys(propsA).filter((k) => !(k in propsB));
  const added = Object.keys(propsB).filter((k) => !(k in propsA));
  const renamed = pairRenames(removed, added, propsA, propsB);
  for (const [from, to] of renamed) {
    const sub = show([...path, from]);
    out.push({
      severity: closed ? 'breaking' : 'warning',
      rule: 'values.key-renamed',
      subject: sub,
      message: `${sub} is renamed ${show([...path, to])} (same schema)${closed ? '; a values file setting the old key is refused' : ''}`,
      migration: `rename ${sub} to ${show([...path, to])} in values files`,
    });
  }
  for (const key of removed.filter((k) => !renamed.has(k))) {
    const sub = show([...path, key]);
    out.push({
      severity: closed ? 'breaking' : 'warning',
      rule: 'values.key-removed',
      subject: sub,
      message: `${sub} is removed${closed ? '; a values file that sets it is refused (additionalProperties: false)' : '; setting it does nothing now'}`,
      migration: `delete ${sub} from values files (and move its setting to what replaces it, if anything)`,
    });
  }
  const renamedTo = new Set(renamed.values());
  for (const key of added.filter((k) => !renamedTo.has(k))) {
    const sub = show([...path, key]);
    out.push({ severity: 'additive', rule: 'values.key-added', subject: sub, message: `${sub} is new`, migration: 'none needed' });
  }
  for (const key of Object.keys(propsB)) if (key in propsA) walk(propsA[key], propsB[key], [...path, key], out);
  if (isRecord(a.items) && isRecord(b.items)) walk(a.items, b.items, [...path.slice(0, -1), `${path.at(-1) ?? ''}[]`], out);
  if (isRecord(a.additionalProperties) && isRecord(b.additionalProperties))
    walk(a.additionalProperties, b.additionalProperties, [...path, '*'], out);
}

/**
 * A removed and an added sibling that accept the same values, each the other's only match; a
 * scalar leaf must also keep its description (two booleans alone say nothing of a rename).
 */
function pairRenames(removed: string[], added: string[], a: Record<string, Schema>, b: Record<string, Schema>): Map<string, string> {
  const same = (from: string, to: string) =>
    shape(a[from]) === shape(b[to]) && (isRecord(a[from].properties) || a[from].description === b[to].description);
  const pairs = new Map<string, string>();
  for (const from of removed) {
    const to = added.filter((t) => same(from, t));
    if (to.length === 1 && removed.filter((other) => same(other, to[0])).length === 1) pairs.set(from, to[0]);
  }
  return pairs;
}

/** A schema's JSON without descriptions, titles and defaults: what it accepts. */
function shape(s: unknown): string {
  return JSON.stringify(s, (k, v: unknown) => (k === 'description' || k === 'title' || k === 'default' ? undefined : v));
}

function typesOf(s: Schema): Set<string> | undefined {
  if (typeof s.type === 'string') return new Set([s.type]);
  if (Array.isArray(s.type)) return new Set(s.type as string[]);
  return undefined;
}

function narrowedType(a: Schema, b: Schema, at: string, out: CompatFinding[]): void {
  const ta = typesOf(a) ?? new Set(['any']);
  const tb = typesOf(b);
  if (!tb) return;
  // an integer is a number: number → integer narrows, integer → number widens
  const lost = [...ta].filter((t) => !tb.has(t) && !(t === 'integer' && tb.has('number')));
  if (!lost.length) return;
  out.push({
    severity: 'breaking',
    rule: 'values.type-narrowed',
    subject: at,
    message: `${at} takes ${[...tb].join(' or ')} now; ${lost.join(' or ')} (taken before) is refused`,
    migration: `write ${at} as ${[...tb].join(' or ')} in values files`,
  });
}

function narrowedEnum(a: Schema, b: Schema, at: string, out: CompatFinding[]): void {
  if (!Array.isArray(b.enum)) return;
  const now = new Set(b.enum.map((v) => JSON.stringify(v)));
  const lost = Array.isArray(a.enum) ? a.enum.filter((v) => !now.has(JSON.stringify(v))) : undefined;
  if (lost && !lost.length) return;
  out.push({
    severity: 'breaking',
    rule: 'values.enum-narrowed',
    subject: at,
    message: lost
      ? `${at} no longer takes ${lost.map((v) => JSON.stringify(v)).join(', ')} (now one of ${b.enum.map((v) => JSON.stringify(v)).join(', ')})`
      : `${at} is limited to ${b.enum.map((v) => JSON.stringify(v)).join(', ')} now (any value before)`,
    migration: `change ${at} to one of ${b.enum.map((v) => JSON.stringify(v)).join(', ')} in values files`,
  });
}

const LOWER = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'] as const;
const UPPER = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'] as const;

function tightenedBounds(a: Schema, b: Schema, at: string, out: CompatFinding[]): void {
  for (const key of [...LOWER, ...UPPER]) {
    const nb = b[key];
    if (typeof nb !== 'number') continue;
    const na = a[key];
    const lower = (LOWER as readonly string[]).includes(key);
    const tighter = typeof na !== 'number' || (lower ? nb > na : nb < na);
    if (!tighter) continue;
    out.push({
      severity: 'breaking',
      rule: 'values.bound-tightened',
      subject: at,
      message: `${at}: ${key} ${nb}${typeof na === 'number' ? ` (was ${na})` : ' (none before)'}`,
      migration: `keep ${at} within the new ${key} in values files`,
    });
  }
}

/** Leaf values of a values tree as `a.b.c` → JSON text (lists are leaves). */
function leaves(value: unknown, path: string[] = [], out = new Map<string, string>()): Map<string, string> {
  if (isRecord(value) && Object.keys(value).length) for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
  else if (path.length) out.set(path.join('.'), JSON.stringify(value));
  return out;
}

/** Defaults (values.yaml) that changed for keys both versions have: a behaviour change for releases relying on them. */
export function compareDefaults(before: unknown, after: unknown): CompatFinding[] {
  const a = leaves(before);
  const b = leaves(after);
  const out: CompatFinding[] = [];
  for (const [key, now] of b) {
    const was = a.get(key);
    if (was === undefined || was === now) continue;
    out.push({
      severity: 'info',
      rule: 'values.default-changed',
      subject: key,
      message: `the default of ${key} is ${now} (was ${was})`,
      migration: `set ${key}: ${was} in a values file to keep the old behaviour`,
    });
  }
  return out;
}

/**
 * Whether a values file written for the old chart (a compiled tier file, an operator's file)
 * still installs with the new one: merged over the new chart's defaults as Helm merges them, then
 * checked against the new values.schema.json.
 */
export function checkOldValuesFile(file: string, doc: SourceDocument, schema: object, defaults: unknown): CompatFinding[] {
  const merged = mergeHelmValues(isRecord(defaults) ? defaults : {}, isRecord(doc.value) ? doc.value : {});
  return checkSchema(schema, merged, (path, message, rule) => doc.diagnostic(path, message, rule), { strict: false }).map((d) => ({
    severity: 'breaking',
    rule: 'values.file-refused',
    subject: d.path ?? file,
    message: `${file}${d.line ? `:${d.line}` : ''} (old chart) is refused by the new values.schema.json: ${d.path ? `${d.path}: ` : ''}${d.message}`,
    migration: RECOMPILE,
  }));
}
