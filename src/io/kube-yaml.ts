// Decoding one YAML document the way Kubernetes does. kubectl, Helm and the API machinery read
// manifests with sigs.k8s.io/yaml on top of go-yaml v2: YAML 1.1 scalars (`yes`, `on`, `y` are
// true; `0755` is octal), `<<` merge keys applied in key order, aliases copied, later duplicate
// keys winning, and non-string keys turned into strings. Checks must judge that reading, not a
// YAML 1.2 one, or a `privileged: yes` container passes as unprivileged.
//
// Two paths give one result: js-yaml with a go-compatible scalar schema for the usual document
// (fast), and a construction over `yaml`'s syntax tree that mirrors go-yaml v2's decoder for
// everything else (merge keys, tags, shared anchors, duplicate keys, non-string keys).
import jsyaml from 'js-yaml';
import { FORBIDDEN_KEYS } from '../util/data.js';
import { Composer, Parser, isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';

/** Deepest nesting of mappings and lists a manifest may have (real ones stay below 40). */
export const MAX_MANIFEST_DEPTH = 256;
/** Alias dereferences allowed in one document, so an expansion bomb fails fast. */
export const MAX_MANIFEST_ALIASES = 100;

const TAG = 'tag:yaml.org,2002:';
const BOOLS = new Map<string, boolean>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s) => [s, false] as const),
]);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS = new Map<string, number>([
  ...['.nan', '.NaN', '.NAN'].map((s) => [s, NaN] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((s) => [s, Infinity] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((s) => [s, -Infinity] as const),
]);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d{1,9})?(?:Z|[-+]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d{1,9})?))?$/;

type Kind = 'str' | 'bool' | 'int' | 'float' | 'null' | 'timestamp';
interface Resolved {
  readonly kind: Kind;
  readonly value: unknown;
}

/** A problem decoding a document, at an offset into its text. */
export class KubeYamlError extends Error {
  constructor(
    message: string,
    readonly offset?: number,
    /** The text is not YAML at all (rather than YAML Kubernetes cannot take). */
    readonly syntax = false,
  ) {
    super(message);
  }
}

/** Go's strconv.ParseInt/ParseUint with base 0 (sign, 0x/0o/0b/0 prefixes), as a number; undefined if it fails. */
function goParseInt(s: string): number | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  let digits = m[2];
  if (/^0[oO]/.test(digits)) digits = `0o${digits.slice(2)}`;
  else if (/^0[0-7]+$/.test(digits)) digits = `0o${digits.slice(1)}`;
  else if (/^0[xXbB]/.test(digits)) digits = `0${digits[1].toLowerCase()}${digits.slice(2)}`;
  const n = BigInt(digits) * (m[1] === '-' ? -1n : 1n);
  // int64, or uint64 for an unsigned value (ParseUint takes no sign)
  if (n >= -(2n ** 63n) && n < 2n ** 63n) return Number(n);
  if (m[1] === '' && n < 2n ** 64n) return Number(n);
  return undefined;
}

const STR = (s: string): Resolved => ({ kind: 'str', value: s });

// go-yaml's hint table: only these first characters (or the empty string) can start a non-string
const HINTED = new Uint8Array(128);
for (const c of '0123456789+-.yYnNtTfFoO~') HINTED[c.charCodeAt(0)] = 1;
const hinted = (s: string): boolean => {
  if (s === '') return true;
  const c = s.charCodeAt(0);
  return c < 128 && HINTED[c] === 1;
};

/** go-yaml v2's `resolve` for an untagged plain scalar; like go-yaml, the first character decides what to try. */
function resolvePlain(s: string): Resolved {
  if (!hinted(s)) return STR(s);
  const bool = BOOLS.get(s);
  if (bool !== undefined) return { kind: 'bool', value: bool };
  if (NULLS.has(s)) return { kind: 'null', value: null };
  const special = SPECIAL_FLOATS.get(s);
  if (special !== undefined) return { kind: 'float', value: special };
  const first = s[0];
  if (first === '.') {
    // ParseFloat on the text as written (no underscore removal on this branch)
    if (YAML_FLOAT.test(s)) {
      const f = Number(s);
      if (Number.isFinite(f)) return { kind: 'float', value: f };
    }
    return { kind: 'str', value: s };
  }
  if (first === '+' || first === '-' || (first >= '0' && first <= '9')) {
    if (TIMESTAMP.test(s) && validTimestamp(s)) return { kind: 'timestamp', value: s };
    const plain = s.replace(/_/g, '');
    const int = goParseInt(plain);
    if (int !== undefined) return { kind: 'int', value: int };
    if (YAML_FLOAT.test(plain)) {
      const f = Number(plain);
      // ParseFloat fails on overflow: the scalar stays a string; -0 reaches the cluster as 0
      if (Number.isFinite(f)) return { kind: 'float', value: f === 0 ? 0 : f };
    }
  }
  return { kind: 'str', value: s };
}

function validTimestamp(s: string): boolean {
  const m = TIMESTAMP.exec(s)!;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return false;
  const [h, mi, se] = [m[4] ?? m[7], m[5] ?? m[8], m[6] ?? m[9]].map((x) => Number(x ?? 0));
  return h < 24 && mi < 60 && se < 60;
}

const SHORT: Record<string, string> = {
  str: '!!str',
  bool: '!!bool',
  int: '!!int',
  float: '!!float',
  null: '!!null',
  timestamp: '!!timestamp',
};

/** A scalar's value as go-yaml v2 decodes it into interface{}: `tag` is the full tag or undefined. */
export function resolveScalar(text: string, plain: boolean, tag: string | undefined): unknown {
  if (tag === undefined || tag === '') return plain ? resolvePlain(text).value : text;
  if (tag === `${TAG}binary`) {
    const base64 = text.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0)
      throw new KubeYamlError('!!binary value contains invalid base64 data');
    return Buffer.from(text.replace(/\s/g, ''), 'base64').toString('utf8');
  }
  if (!tag.startsWith(TAG)) return text; // `!`, `!custom`: not resolvable, the text as written
  const want = tag.slice(TAG.length) as Kind;
  if (!(want in SHORT)) return text;
  if (want === 'str') return text;
  const got = resolvePlain(text);
  if (got.kind === want) return got.kind === 'timestamp' ? text : got.value;
  if (want === 'float' && got.kind === 'int') return got.value;
  throw new KubeYamlError(`cannot decode ${SHORT[got.kind]} \`${text}\` as a ${SHORT[want]}`);
}

/** sigs.k8s.io/yaml's conversion of a decoded key to a JSON object key. */
function jsonKey(key: unknown, kind: Kind | 'other'): string {
  if (typeof key === 'string' && kind !== 'int' && kind !== 'float') return key;
  if (typeof key === 'boolean') return String(key);
  if (kind === 'int' && typeof key === 'number') return BigInt(Math.round(key)).toString();
  if (kind === 'float' && typeof key === 'number') return goFloat32Key(key);
  throw new KubeYamlError(`a mapping key must be a string, number or boolean, found ${key === null ? 'null' : typeof key}`);
}

/** strconv.FormatFloat(x, 'g', -1, 32) with go-yaml's names for the special values. */
function goFloat32Key(x: number): string {
  if (Number.isNaN(x)) return '.nan';
  if (x === Infinity) return '.inf';
  if (x === -Infinity) return '-.inf';
  const f = Math.fround(x);
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  let digits = '';
  let exp = 0;
  for (let p = 1; p <= 9; p++) {
    const e = Math.abs(f).toExponential(p - 1);
    if (Math.fround(Number(e)) === Math.abs(f)) {
      const [mant, ex] = e.split('e');
      digits = mant.replace('.', '');
      exp = Number(ex);
      break;
    }
  }
  const sign = f < 0 ? '-' : '';
  // Go's shortest %g switches to an exponent from 1e+06 on, and below 1e-04
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${int}${frac ? `.${frac}` : ''}`;
}

// --- the fast path -------------------------------------------------------------------------------

// js-yaml calls resolve then construct on the same text: remember the one resolution
let lastText = '';
let lastValue: unknown = null;
const GO_SCALAR_TAG = 'tag:aipc,2026:go-scalar';
const goScalar = new jsyaml.Type(GO_SCALAR_TAG, {
  kind: 'scalar',
  resolve: (data: string | null) => {
    const text = data ?? '';
    if (!hinted(text)) return false; // most scalars: a string, decided by the first character
    const resolved = resolvePlain(text);
    if (resolved.kind === 'str') return false;
    lastText = text;
    lastValue = resolved.value;
    return true;
  },
  construct: (data: string | null) => ((data ?? '') === lastText ? lastValue : resolvePlain(data ?? '').value),
});
const GO_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [goScalar] });

// Set by the listener when a node carried an explicit tag. Tags are told apart exactly (js-yaml
// reports each node's tag as it closes), so a `!` inside a string, a CEL rule's `!has(…)`, keeps
// the fast path; only a real tag leaves it.
let explicitTag = false;
const tagListener = (event: jsyaml.EventType, state: jsyaml.State): void => {
  // null: untagged collection or quoted scalar; '?': plain string; GO_SCALAR_TAG: a plain number, bool, null
  const tag = (state as unknown as { tag: string | null }).tag;
  if (event === 'close' && tag !== null && tag !== '?' && tag !== GO_SCALAR_TAG) explicitTag = true;
};

/**
 * js-yaml's reading when it provably equals go-yaml's: no tags and no merge keys (`<<`, which the
 * failsafe schema leaves a plain key), no duplicate keys (js-yaml throws), no collection reached
 * twice, every key a string go would also read as a string (js-yaml stringifies `yes:` as "true",
 * go-yaml as well, but `1e6:` differs), no non-finite number and no nesting beyond the bound.
 * Undefined otherwise.
 */
export function fastDecode(text: string): { value: unknown } | undefined {
  let value: unknown;
  explicitTag = false;
  try {
    value = jsyaml.load(text, { schema: GO_SCHEMA, listener: text.includes('!') ? tagListener : undefined });
  } catch {
    return undefined;
  }
  if (explicitTag) return undefined;
  // only an alias (`*name`) makes js-yaml share a collection: without one, nothing is reached twice
  const seen = text.includes('*') ? new Set<object>() : undefined;
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length) {
    const v = values.pop();
    const depth = depths.pop()!;
    if (typeof v === 'number' && !Number.isFinite(v)) return undefined;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_MANIFEST_DEPTH) return undefined;
    if (seen) {
      if (seen.has(v)) return undefined;
      seen.add(v);
    }
    if (Array.isArray(v)) {
      for (const item of v) {
        values.push(item);
        depths.push(depth + 1);
      }
      continue;
    }
    const record = v as Record<string, unknown>;
    for (const k in record) {
      // a key go-yaml reads as another type (a number, a bool), or one a check could be fooled by
      if (
        FORBIDDEN_KEYS.has(k) ||
        k === '<<' ||
        (hinted(k) && resolvePlain(k).kind !== 'str') ||
        k === 'NaN' ||
        k === 'Infinity' ||
        k === '-Infinity'
      )
        return undefined;
      values.push(record[k]);
      depths.push(depth + 1);
    }
  }
  return { value };
}

// --- the reference path --------------------------------------------------------------------------

/** What decoding found besides the value: duplicate keys (the last one wins, as in kubectl). */
export interface DecodeNotes {
  readonly duplicates: { key: string; offset: number }[];
  /** Offset of content after the document's end (`...`), which go-yaml never reads. */
  ignoredFrom?: number;
}

/** How many documents each path decoded: an operation count for tests (the fast path is ~5× cheaper). */
export const decodeCounts = { fast: 0, reference: 0 };

/** One document (no `---` inside), decoded as sigs.k8s.io/yaml decodes it. Throws KubeYamlError. */
export function decodeKubeYaml(text: string, notes?: DecodeNotes): unknown {
  const fast = fastDecode(text);
  if (fast) {
    decodeCounts.fast++;
    return fast.value;
  }
  decodeCounts.reference++;
  return slowDecode(text, notes ?? { duplicates: [] });
}

function slowDecode(text: string, notes: DecodeNotes): unknown {
  const composer = new Composer({ schema: 'failsafe', uniqueKeys: false, version: '1.1', merge: false });
  let doc: Document.Parsed | undefined;
  // go-yaml reads the first document of a chunk; a later one (after `...`) never reaches the cluster
  try {
    for (const d of composer.compose(new Parser().parse(text), true)) {
      if (!doc) doc = d;
      else if (notes.ignoredFrom === undefined && d.contents !== null) notes.ignoredFrom = d.range[0];
    }
  } catch (err) {
    if (err instanceof RangeError) throw new KubeYamlError(`nested deeper than ${MAX_MANIFEST_DEPTH} levels`);
    throw err;
  }
  if (!doc) return null;
  const error = doc.errors[0];
  if (error) {
    const message = /call stack/i.test(error.message) ? `nested deeper than ${MAX_MANIFEST_DEPTH} levels` : error.message.split('\n')[0];
    throw new KubeYamlError(message.replace(/ at line \d+, column \d+:?$/, ''), error.pos[0], !/call stack/i.test(error.message));
  }
  const d = doc;
  let aliases = 0;
  const expanding = new Set<Node>();

  const construct = (node: Node | null | undefined, depth: number): unknown => {
    if (depth > MAX_MANIFEST_DEPTH) throw new KubeYamlError(`nested deeper than ${MAX_MANIFEST_DEPTH} levels`, node?.range?.[0]);
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = node.resolve(d) as Node | undefined;
      if (!target) throw new KubeYamlError(`unknown anchor '${node.source}' referenced`, node.range?.[0]);
      if (expanding.has(target)) throw new KubeYamlError(`anchor '${node.source}' value contains itself`, node.range?.[0]);
      if (++aliases > MAX_MANIFEST_ALIASES)
        throw new KubeYamlError(
          `more than ${MAX_MANIFEST_ALIASES} alias expansions (aliases are limited to ${MAX_MANIFEST_ALIASES} expansions)`,
          node.range?.[0],
        );
      expanding.add(target);
      try {
        return construct(target, depth);
      } finally {
        expanding.delete(target);
      }
    }
    if (isScalar(node)) {
      try {
        const value = resolveScalar(String(node.value ?? ''), node.type === 'PLAIN', node.tag);
        if (typeof value === 'number' && !Number.isFinite(value))
          throw new KubeYamlError(`${String(node.value)} cannot be sent to Kubernetes: JSON has no infinite or NaN numbers`);
        return value;
      } catch (err) {
        throw new KubeYamlError((err as Error).message, node.range?.[0]);
      }
    }
    if (isSeq(node)) return node.items.map((item) => construct(item as Node | null, depth + 1));
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      fillMapping(node, out, depth);
      return out;
    }
    throw new KubeYamlError('unsupported YAML node', (node as Node).range?.[0]);
  };

  const fillMapping = (node: Node, out: Record<string, unknown>, depth: number): void => {
    if (!isMap(node)) return;
    // a key written twice in this mapping is a duplicate; one a merge set earlier is overridden
    const written = new Set<string>();
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      if (isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.value === '<<' && (!keyNode.tag || keyNode.tag === `${TAG}merge`)) {
        merge(pair.value as Node | null, out, depth, keyNode.range?.[0]);
        continue;
      }
      let key: string;
      const keyAt = keyNode?.range?.[0];
      if (keyNode === null || keyNode === undefined) key = jsonKey(null, 'null');
      else {
        const target = isAlias(keyNode) ? (keyNode.resolve(d) as Node | undefined) : keyNode;
        if (!isScalar(target)) throw new KubeYamlError('a mapping key must be a scalar, found a collection', keyAt);
        const raw = String(target.value ?? '');
        const plain = target.type === 'PLAIN';
        let kind: Kind | 'other' = 'str';
        let value: unknown = raw;
        try {
          if (!target.tag && plain) ({ kind, value } = resolvePlain(raw));
          else if (target.tag) {
            value = resolveScalar(raw, plain, target.tag);
            kind = typeof value === 'number' ? (Number.isInteger(value) && !target.tag.endsWith('float') ? 'int' : 'float') : 'other';
          }
          key = jsonKey(value, kind);
        } catch (err) {
          throw new KubeYamlError((err as Error).message, keyAt);
        }
      }
      if (FORBIDDEN_KEYS.has(key)) throw new KubeYamlError(`key "${key}" is not allowed in a manifest`, keyAt);
      if (written.has(key) && keyAt !== undefined) notes.duplicates.push({ key, offset: keyAt });
      written.add(key);
      out[key] = construct(pair.value as Node | null, depth + 1);
    }
  };

  // go-yaml v2 decodes a merged mapping into the mapping being built, at the `<<` key's place
  const merge = (value: Node | null, out: Record<string, unknown>, depth: number, at: number | undefined): void => {
    const fail = () => {
      throw new KubeYamlError('map merge requires map or sequence of maps as the value', at);
    };
    const mappingOf = (n: Node | null): Node => {
      const target = isAlias(n) ? (n.resolve(d) as Node | undefined) : n;
      if (!isMap(target)) fail();
      if (isAlias(n)) {
        if (expanding.has(target!)) throw new KubeYamlError(`anchor '${n.source}' value contains itself`, at);
        if (++aliases > MAX_MANIFEST_ALIASES)
          throw new KubeYamlError(
            `more than ${MAX_MANIFEST_ALIASES} alias expansions (aliases are limited to ${MAX_MANIFEST_ALIASES} expansions)`,
            at,
          );
      }
      return target!;
    };
    const apply = (n: Node) => {
      expanding.add(n);
      try {
        fillMapping(n, out, depth);
      } finally {
        expanding.delete(n);
      }
    };
    if (isSeq(value)) {
      // earlier mappings take precedence: apply them last
      const maps = value.items.map((item) => mappingOf(item as Node | null));
      for (let i = maps.length - 1; i >= 0; i--) apply(maps[i]);
    } else apply(mappingOf(value));
  };

  return construct(doc.contents as Node | null, 0);
}
