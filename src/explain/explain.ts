// `aipc explain`: why a field of a rendered object has its value. Three records answer it, each
// made where the fact is known: the chart's source map (which values paths the template line
// reads; src/generators/source-map.ts), the compile's provenance (which input last set each values
// path; src/tiers/provenance.ts), and the render itself (the value). Nothing is guessed from
// values alone: a field the template writes literally says so.
import { AipcError, formatPath } from '../errors.js';
import type { KubeObject, ManifestObject } from '../io/manifests.js';
import { chartSourceMap, type ChartSourceMap, type MapSegment, type SourceMapEntry, type ValuesRef } from '../generators/source-map.js';
import type { ValueOrigin, ValuesProvenance } from '../tiers/provenance.js';
import { getPath, isRecord, type FieldPath } from '../util/data.js';

/** One values path a field reads, its value in the merged values and the input that set it. */
export interface ValuesRead {
  readonly valuesPath: string;
  readonly value: unknown;
  readonly origin: ValueOrigin;
}

/** The answer for one field of one object. */
export interface FieldExplanation {
  readonly object: { readonly kind: string; readonly namespace?: string; readonly name: string };
  /** The field as resolved in the object (`spec.template.spec.containers[0].resources.limits["nvidia.com/gpu"]`). */
  readonly field: string;
  readonly value: unknown;
  /** The template line that writes the field (or the block it is part of). */
  readonly template?: {
    readonly file: string;
    readonly line: number;
    readonly text: string;
    /** Other lines that may write the field: other branches of an if/else, other helpers writing into the same block (the reads are all of theirs). */
    readonly branches?: readonly { readonly line: number; readonly text: string }[];
  };
  readonly reads: readonly ValuesRead[];
}

/** What the explanation reads of a tier: its merged values and their provenance. */
export interface ExplainedValues {
  readonly mergedValues: Record<string, unknown>;
  readonly provenance: ValuesProvenance;
}

type Token = { readonly key: string; readonly quoted: boolean } | { readonly index: number } | { readonly name: string };

/** Parses `a.b[0]["c.d"][name=x]`; a bad path is a usage error naming it. */
export function parseFieldPath(text: string): Token[] {
  const bad = (why: string): never => {
    throw new AipcError(
      `PATH ${JSON.stringify(text)}: ${why}`,
      2,
      'write it as the output prints it: spec.template.spec.containers[0].resources.limits["nvidia.com/gpu"]',
    );
  };
  const out: Token[] = [];
  let i = 0;
  if (!text) bad('the path is empty');
  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      if (i === 0 || i === text.length - 1 || text[i + 1] === '.') bad(`empty key at column ${i + 1}`);
      i++;
    } else if (c === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) bad(`"[" at column ${i + 1} is not closed`);
      const inner = text.slice(i + 1, close);
      if (/^(0|[1-9]\d*)$/.test(inner)) out.push({ index: Number(inner) });
      else if (/^name=.+$/.test(inner)) out.push({ name: inner.slice(5) });
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) out.push({ key: JSON.parse(inner) as string, quoted: true });
      else bad(`expected [N], ["key"] or [name=NAME] at column ${i + 1}, found [${inner}]`);
      i = close + 1;
    } else {
      let j = i;
      while (j < text.length && text[j] !== '.' && text[j] !== '[') j++;
      out.push({ key: text.slice(i, j), quoted: false });
      i = j;
    }
  }
  return out;
}

/**
 * The tokens resolved against the object: keys holding dots may be written plainly
 * (`spec.hard.requests.nvidia.com/gpu`), `[name=x]` is the item named x. Undefined past the
 * first step the object lacks (with how far it got).
 */
function resolveField(object: unknown, tokens: Token[]): { path: (string | number)[] } | { missing: string } {
  const path: (string | number)[] = [];
  let node = object;
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t];
    if ('index' in tok || 'name' in tok) {
      if (!Array.isArray(node)) return { missing: `${formatPath(path) || 'the object'} is not a list` };
      const index = 'index' in tok ? tok.index : node.findIndex((x) => isRecord(x) && x.name === tok.name);
      if (index < 0 || index >= node.length)
        return { missing: `${formatPath(path)} has no item ${'index' in tok ? `[${tok.index}]` : `named ${tok.name}`}` };
      path.push(index);
      node = node[index];
      continue;
    }
    if (!isRecord(node)) return { missing: `${formatPath(path) || 'the object'} is not a mapping` };
    const has = (k: string) => Object.prototype.hasOwnProperty.call(node, k);
    let key = tok.key;
    // a plain key with dots in it: join the words until the object has the key
    let u = t;
    while (!tok.quoted && !has(key) && u + 1 < tokens.length) {
      const next = tokens[u + 1];
      if (!('key' in next) || next.quoted) break;
      key = `${key}.${next.key}`;
      u++;
    }
    if (!has(key)) return { missing: `${formatPath(path) || 'the object'} has no field ${JSON.stringify(tok.key)}` };
    t = u;
    path.push(key);
    node = node[key];
  }
  return { path };
}

/** `ai-platform/templates/x.yaml` from a rendered document's `# Source:` comment. */
export function templateOf(m: ManifestObject): string | undefined {
  const source = /^# Source: [^/\n]+\/(templates\/[^\n]+?)\s*$/m.exec(m.source)?.[1];
  return source;
}

/** Whether a template step matches a rendered step (`names` holds the rendered list item's name). */
function stepMatches(seg: MapSegment, key: string | number, hint: ItemHint | undefined): boolean {
  if (typeof seg === 'string') return seg === key;
  if (typeof key !== 'number') return false;
  return seg.name !== undefined ? seg.name === hint?.name : seg.index === (hint?.index ?? key);
}

/** What a rendered list item is known by: its `name`, and the template item it was written from, when told by its content. */
interface ItemHint {
  readonly name?: string;
  /** The template's item index (-1: none of the template's own items; a helper wrote it). */
  readonly index?: number;
}

/** A `key: literal` line's value as YAML writes the scalar (quotes dropped), or undefined when not a literal. */
function literalOf(e: SourceMapEntry): string | undefined {
  if (e.block || e.reads.length) return undefined;
  const m = /:\s+(.+)$/.exec(e.text);
  const v = m?.[1].trim();
  if (!v || v.includes('{{') || /^[[{|>&*!]/.test(v)) return undefined;
  return v.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
}

/**
 * Which template item each unnamed rendered list item comes from: by its place, unless the
 * template's literal lines of that item disagree with the rendered item (a conditional item or a
 * helper's items before it shift the places); then the one item whose literals all agree, or none.
 */
function itemHints(entries: readonly SourceMapEntry[], object: unknown, path: (string | number)[]): ItemHint[] {
  const hints: ItemHint[] = [];
  path.forEach((key, i) => {
    if (typeof key !== 'number') return;
    const item = getPath(object, path.slice(0, i + 1));
    const name = isRecord(item) && typeof item.name === 'string' ? item.name : undefined;
    const inList = entries.filter(
      (e) =>
        e.path.length > i && typeof e.path[i] === 'object' && e.path.slice(0, i).every((seg, j) => stepMatches(seg, path[j], hints[j])),
    );
    const consistent = (index: number): boolean | undefined => {
      let checked = false;
      for (const e of inList) {
        if ((e.path[i] as { index: number }).index !== index) continue;
        const literal = literalOf(e);
        if (literal === undefined) continue;
        const rest = e.path.slice(i + 1).map((seg) => (typeof seg === 'string' ? seg : seg.index));
        const rendered = getPath(item, rest);
        if (rendered === undefined || typeof rendered === 'object') continue;
        if (String(rendered) !== literal) return false;
        checked = true;
      }
      return checked ? true : undefined;
    };
    const indexes = [...new Set(inList.map((e) => (e.path[i] as { index: number }).index))];
    let index: number | undefined;
    const here = consistent(key);
    if (here !== true) {
      const agree = indexes.filter((c) => c !== key && consistent(c) === true);
      if (agree.length === 1) index = agree[0];
      else if (here === false || !indexes.includes(key)) index = -1;
    }
    hints[i] = { ...(name !== undefined ? { name } : {}), ...(index !== undefined ? { index } : {}) };
  });
  return hints;
}

interface Match {
  readonly entry: SourceMapEntry;
  /** Other lines writing the same field (if/else branches), and the reads of them all. */
  readonly also?: readonly SourceMapEntry[];
  readonly reads?: readonly ValuesRef[];
  /** The part of the field path below the entry's (for a subtree block). */
  readonly rest: (string | number)[];
}

/** A `key:` line that opens a mapping or list (its fields are the lines below). */
const isParent = (e: SourceMapEntry): boolean => /:\s*$/.test(e.text);

/** The template line that writes `path`: a field of its own, else the block (toYaml, helper) it is part of. */
function findEntry(
  entries: readonly SourceMapEntry[],
  path: (string | number)[],
  names: readonly (ItemHint | undefined)[],
): Match | undefined {
  const prefixLength = (e: SourceMapEntry) => {
    if (e.path.length > path.length) return -1;
    for (let i = 0; i < e.path.length; i++) if (!stepMatches(e.path[i], path[i], names[i])) return -1;
    return e.path.length;
  };
  const exacts = entries.filter((e) => !e.block && prefixLength(e) === path.length);
  const exact = exacts[0];
  // a field written on several lines (the branches of an if/else): what any of them reads
  if (exacts.length > 1 && !isParent(exact))
    return { entry: exact, rest: [], also: exacts.slice(1), reads: exacts.flatMap((e) => e.reads) };
  if (exact && !isParent(exact)) return { entry: exact, rest: [] };
  const under = (e: SourceMapEntry) => e.path.length >= path.length && path.every((key, i) => stepMatches(e.path[i], key, names[i]));
  if (exact) {
    // a mapping or list the template opens: what the lines below it read
    const below = entries.filter((e) => e !== exact && under(e) && (e.path.length > path.length || e.block));
    const reads = below.flatMap((e) => e.reads);
    return { entry: { ...exact, reads, block: undefined }, rest: [] };
  }
  // a list item of the template's own (it has no line of its own, its fields do)
  const item = entries.filter((e) => under(e) && e.path.length > path.length);
  if (item.length && typeof path[path.length - 1] === 'number')
    return { entry: { ...item[0], reads: item.flatMap((e) => e.reads), block: undefined }, rest: [] };
  let best: Match | undefined;
  let bestLength = -1;
  for (const e of entries) {
    const n = prefixLength(e);
    // a block writes the fields below its path; a literal field line writes its flow value's fields
    const covers = e.block ? n >= 0 && n <= path.length : n >= 0 && n < path.length;
    if (covers && (n > bestLength || (n === bestLength && e.block && !best?.entry.block))) {
      best = { entry: e, rest: path.slice(n) };
      bestLength = n;
    }
  }
  if (best?.entry.block !== 'helper') return best;
  // several helpers writing into one mapping or list (labels, egress rules): which of them wrote the
  // key is not in the map, so the field reads what any of them reads
  const helpers = entries.filter((e) => e.block === 'helper' && prefixLength(e) === bestLength);
  return helpers.length > 1 ? { ...best, also: helpers.slice(1), reads: helpers.flatMap((e) => e.reads) } : best;
}

/** A range's `null` step resolved to the item the object was rendered for (a tenant's namespace or name). */
function resolveItems(
  ref: readonly (string | number | null)[],
  values: Record<string, unknown>,
  object: KubeObject,
): FieldPath | undefined {
  const out: (string | number)[] = [];
  for (const step of ref) {
    if (step !== null) {
      out.push(step);
      continue;
    }
    const list = getPath(values, out);
    if (!Array.isArray(list)) return undefined;
    const ns = typeof object.metadata?.namespace === 'string' ? object.metadata.namespace : '';
    const name = typeof object.metadata?.name === 'string' ? object.metadata.name : '';
    const index = list.findIndex(
      (item) =>
        isRecord(item) &&
        typeof item.name === 'string' &&
        (ns === `tenant-${item.name}` || name === `tenant-${item.name}` || ns.endsWith(`-${item.name}`)),
    );
    if (index < 0) return undefined;
    out.push(index);
  }
  return out;
}

/** The leaves under `path` in `values` (the path itself when it is a leaf, or absent). */
function leavesOf(values: unknown, path: FieldPath): FieldPath[] {
  const node = getPath(values, path);
  if (isRecord(node) && Object.keys(node).length) return Object.keys(node).flatMap((k) => leavesOf(values, [...path, k]));
  return [path];
}

/** Finds `kind/name` (or `kind/namespace/name`) among rendered objects; ambiguity and absence are usage errors. */
export function findObject(objects: readonly ManifestObject[], ref: string): ManifestObject {
  const parts = ref.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !p))
    throw new AipcError(
      `expected KIND/NAME or KIND/NAMESPACE/NAME, found ${JSON.stringify(ref)}`,
      2,
      'e.g. Deployment/ai-platform-inference',
    );
  const [kind, ...rest] = parts;
  const name = rest[rest.length - 1];
  const namespace = rest.length === 2 ? rest[0] : undefined;
  const found = objects.filter(
    (m) =>
      String(m.object.kind).toLowerCase() === kind.toLowerCase() &&
      m.object.metadata?.name === name &&
      (namespace === undefined || m.object.metadata?.namespace === namespace),
  );
  if (found.length === 1) return found[0];
  if (found.length > 1)
    throw new AipcError(
      `${ref} names ${found.length} objects, in namespaces ${found.map((m) => String(m.object.metadata?.namespace)).join(', ')}`,
      2,
      `say which: ${kind}/${String(found[0].object.metadata?.namespace)}/${name}`,
    );
  const ofKind = objects.filter((m) => String(m.object.kind).toLowerCase() === kind.toLowerCase());
  const names = ofKind.map(
    (m) => `${m.object.metadata?.namespace ? `${String(m.object.metadata.namespace)}/` : ''}${String(m.object.metadata?.name)}`,
  );
  throw new AipcError(
    `the render has no ${ref}`,
    2,
    ofKind.length
      ? `${kind} objects rendered: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''}`
      : `the render has no ${kind}`,
  );
}

/** The values paths the field at `path` of `m` reads, from the chart's source map. */
export function valuesPathsOf(
  m: ManifestObject,
  path: (string | number)[],
  values: Record<string, unknown>,
  map: ChartSourceMap = chartSourceMap(),
): { template?: FieldExplanation['template']; paths: FieldPath[] } {
  const file = templateOf(m);
  const docs = (file && map.get(file)) || [];
  const candidates = docs.filter((d) => d.kind === undefined || d.kind === m.object.kind);
  for (const doc of candidates) {
    const match = findEntry(doc.entries, path, itemHints(doc.entries, m.object, path));
    if (!match) continue;
    const e = match.entry;
    const refs: readonly (readonly (string | number | null)[])[] =
      e.block === 'subtree' ? e.reads.map((r) => [...r, ...match.rest]) : (match.reads ?? e.reads);
    const paths: FieldPath[] = [];
    for (const ref of refs) {
      const resolved = resolveItems(ref, values, m.object);
      if (!resolved) continue;
      paths.push(...(e.block === 'subtree' ? [resolved] : leavesOf(values, resolved)));
    }
    const seen = new Set<string>();
    return {
      template: {
        file: `${file}`,
        line: e.line,
        text: e.text,
        ...(match.also?.length ? { branches: match.also.map((a) => ({ line: a.line, text: a.text })) } : {}),
      },
      paths: paths.filter((p) => {
        const k = JSON.stringify(p);
        return seen.has(k) ? false : (seen.add(k), true);
      }),
    };
  }
  return { paths: [] };
}

/** Explains one field of one rendered object against the tier's values and their provenance. */
export function explainField(
  m: ManifestObject,
  pathText: string,
  tier: ExplainedValues,
  map: ChartSourceMap = chartSourceMap(),
): FieldExplanation {
  const o = m.object;
  const label = `${String(o.kind)}/${String(o.metadata?.name)}`;
  const resolved = resolveField(o, parseFieldPath(pathText));
  if ('missing' in resolved) throw new AipcError(`${label} has no field ${pathText}: ${resolved.missing}`, 2);
  const { template, paths } = valuesPathsOf(m, resolved.path, tier.mergedValues, map);
  return {
    object: {
      kind: String(o.kind),
      ...(typeof o.metadata?.namespace === 'string' ? { namespace: o.metadata.namespace } : {}),
      name: String(o.metadata?.name),
    },
    field: formatPath(resolved.path),
    value: getPath(o, resolved.path),
    ...(template ? { template } : {}),
    reads: paths.map((p) => ({ valuesPath: formatPath(p), value: getPath(tier.mergedValues, p), origin: tier.provenance.originOf(p) })),
  };
}
