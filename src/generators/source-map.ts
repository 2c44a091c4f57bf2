// The chart's source map: for each field a template writes, the values paths it reads. Helm keeps
// no map from output to values; aipc can, because it writes the templates: this reads the
// generated templates (and _helpers.tpl, for what each helper reads) as they are generated, so the
// map always matches the chart. It is kept in memory, never written into the chart: the chart is
// for operators with only Helm, and the map is a function of the model the package already holds.
//
// The templates are block YAML with Go template actions: a field's path follows its indentation;
// `toYaml X | nindent N` writes values subtree X under the field at indent N; `with X` and
// `range $v := X` bind `.` and `$v`; `include "helper" (dict ...)` reads what the helper reads,
// with the dict's arguments put in for the helper's `.arg.field`. List items are numbered in
// template order and known by their literal `name:` when they have one.
import { generateChart } from './chart.js';
import { helpersTpl } from './helpers-tpl.js';

/** A step of a values path; `null` is any item of a `range`d list. */
export type ValuesRef = readonly (string | null)[];

/** A step of an output field path: a key, or a list item (its place in the template, and its literal name). */
export type MapSegment = string | { readonly index: number; readonly name?: string };

/** One field of a template and what it reads. */
export interface SourceMapEntry {
  readonly path: readonly MapSegment[];
  readonly reads: readonly ValuesRef[];
  /**
   * `toYaml X` (subtree) or a helper writing a block: the fields below `path` come from it. A
   * subtree field `path + rest` reads `X + rest`.
   */
  readonly block?: 'subtree' | 'helper';
  /** 1-based line in the template file, and its text. */
  readonly line: number;
  readonly text: string;
}

/** One YAML document of a template: its kind (when literal) and its fields. */
export interface TemplateDocument {
  readonly kind?: string;
  readonly entries: readonly SourceMapEntry[];
}

/** Template path (`templates/inference-deployment.yaml`) → its documents. */
export type ChartSourceMap = ReadonlyMap<string, readonly TemplateDocument[]>;

let cached: ChartSourceMap | undefined;

/** The source map of the chart the model generates (computed once). */
export function chartSourceMap(): ChartSourceMap {
  if (cached) return cached;
  const helpers = helperReads(helpersTpl());
  const map = new Map<string, TemplateDocument[]>();
  for (const file of generateChart())
    if (file.path.startsWith('templates/') && file.path.endsWith('.yaml')) map.set(file.path, mapTemplate(file.content, helpers));
  return (cached = map);
}

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
const FIELDS = `(?:\\.${IDENT})*`;

/** `.Values.a.b`, `$.Values.a.b`, `.ctx.Values.a.b` → ['a', 'b']. */
function valuesRefs(expr: string): ValuesRef[] {
  const out: ValuesRef[] = [];
  for (const m of expr.matchAll(new RegExp(`(?:\\$|\\.ctx)?\\.Values(${FIELDS})`, 'g'))) out.push(m[1].split('.').slice(1));
  return out;
}

interface HelperInfo {
  /** Values paths read through `.Values` (or the root context), transitively through other helpers. */
  readonly values: ValuesRef[];
  /** Fields read from dict arguments: `.image.tag` → ['image', 'tag']. */
  readonly args: string[][];
}

/** What each `define` of _helpers.tpl reads, its includes followed. */
export function helperReads(text: string): ReadonlyMap<string, HelperInfo> {
  const bodies = new Map<string, string>();
  const parts = text.split(/\{\{-?\s*define\s+"([^"]+)"\s*-?\}\}/);
  for (let i = 1; i < parts.length; i += 2) bodies.set(parts[i], parts[i + 1]);
  const done = new Map<string, HelperInfo>();
  const visit = (name: string, seen: Set<string>): HelperInfo => {
    const known = done.get(name);
    if (known) return known;
    const body = bodies.get(name) ?? '';
    const values = valuesRefs(body);
    const args: string[][] = [];
    for (const m of body.matchAll(new RegExp(`(?<![\\w$)\\]])\\.(${IDENT}(?:\\.${IDENT})*)`, 'g'))) {
      const path = m[1].split('.');
      if (['Values', 'Release', 'Chart', 'Capabilities', 'Template', 'Files', 'ctx'].includes(path[0])) continue;
      args.push(path);
    }
    for (const m of body.matchAll(/include\s+"([^"]+)"/g))
      if (!seen.has(m[1])) values.push(...visit(m[1], new Set([...seen, m[1]])).values);
    const info = { values: dedupe(values), args };
    done.set(name, info);
    return info;
  };
  for (const name of bodies.keys()) visit(name, new Set([name]));
  return done;
}

function dedupe(refs: ValuesRef[]): ValuesRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = JSON.stringify(r);
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

interface Scope {
  /** What `.` is, when it is a values path (inside `with`/`range` over values). */
  readonly dot?: ValuesRef;
  readonly vars: ReadonlyMap<string, ValuesRef | undefined>;
}

interface Node {
  readonly indent: number;
  readonly seg: MapSegment;
  items: number;
}

/** Reads a template expression's values: `.Values…`, `$var…`, `.` and `.field` under `with`, and includes. */
function readsOf(expr: string, scope: Scope, helpers: ReadonlyMap<string, HelperInfo>): ValuesRef[] {
  const out: ValuesRef[] = [];
  // an include reads what its helper reads, its dict arguments put in
  let rest = expr;
  for (const m of expr.matchAll(/include\s+"([^"]+)"\s*(\(dict[^)]*(?:\([^)]*\)[^)]*)*\)|\$|\.)?/g)) {
    const info = helpers.get(m[1]);
    rest = rest.replace(m[0], ' ');
    if (!info) continue;
    out.push(...info.values);
    const dict = m[2]?.startsWith('(dict') ? parseDict(m[2], scope) : new Map<string, ValuesRef>();
    for (const arg of info.args) {
      const base = dict.get(arg[0]);
      if (base) out.push([...base, ...arg.slice(1)]);
    }
  }
  out.push(...valuesRefs(rest));
  for (const m of rest.matchAll(new RegExp(`\\$(${IDENT})(${FIELDS})`, 'g'))) {
    const base = scope.vars.get(m[1]);
    if (base) out.push([...base, ...m[2].split('.').slice(1)]);
  }
  if (scope.dot) {
    const dot = scope.dot;
    for (const m of rest.matchAll(new RegExp(`(?<![\\w$)\\].])\\.((?:${IDENT})(?:\\.${IDENT})*)?(?![\\w.])`, 'g'))) {
      if (m[1]?.startsWith('Values') || m[1]?.startsWith('Release') || m[1]?.startsWith('Chart')) continue;
      out.push([...dot, ...(m[1] ? m[1].split('.') : [])]);
    }
  }
  return dedupe(out);
}

/** `(dict "global" .Values.global "image" .Values.x.image)` → global → ['global'], image → ['x', 'image']. */
function parseDict(text: string, scope: Scope): Map<string, ValuesRef> {
  const out = new Map<string, ValuesRef>();
  for (const m of text.matchAll(/"([^"]+)"\s+((?:\$|\.)[\w.$]*)/g)) {
    const [ref] = readsOf(m[2], scope, new Map());
    if (ref) out.set(m[1], ref);
  }
  return out;
}

/** The actions of a line (`{{- x -}}` → `x`), found by a linear scan (a lazy regex backtracks on `{{` without `}}`). */
function actionsOf(text: string): string[] {
  const out: string[] = [];
  for (let at = text.indexOf('{{'); at >= 0;) {
    const end = text.indexOf('}}', at + 2);
    if (end < 0) break;
    let inner = text.slice(at + 2, end).trim();
    if (inner.startsWith('-')) inner = inner.slice(1).trimStart();
    if (inner.endsWith('-')) inner = inner.slice(0, -1).trimEnd();
    out.push(inner);
    at = text.indexOf('{{', end + 2);
  }
  return out;
}

/** The source map of one template's text. */
export function mapTemplate(text: string, helpers: ReadonlyMap<string, HelperInfo>): TemplateDocument[] {
  const docs: { kind?: string; entries: SourceMapEntry[] }[] = [{ entries: [] }];
  let nodes: Node[] = [];
  const scopes: Scope[] = [{ vars: new Map() }];
  const scope = () => scopes[scopes.length - 1];
  const lines = text.split('\n');
  const pathAt = (indent: number): MapSegment[] => nodes.filter((n) => n.indent < indent).map((n) => n.seg);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '---') {
      docs.push({ entries: [] });
      nodes = [];
      return;
    }
    if (!trimmed || trimmed.startsWith('#')) return;
    const doc = docs[docs.length - 1];
    if (/^(\{\{[\s\S]*?\}\}\s*)+$/.test(trimmed)) {
      for (const action of actionsOf(trimmed)) directive(action, raw, line, doc);
      return;
    }
    const indent = raw.length - raw.trimStart().length;
    let col = indent;
    let body = trimmed;
    // `- ` items (possibly `- - x`): each a list item of the node above
    while (/^-(\s|$)/.test(body)) {
      while (nodes.length && nodes[nodes.length - 1].indent >= col) nodes.pop();
      const parent = nodes[nodes.length - 1];
      const index = parent ? parent.items++ : 0;
      const after = body.slice(1).trimStart();
      const name = /^name:\s+([^\s{"'][^\s#]*|"[^"]*")\s*$/.exec(after)?.[1];
      nodes.push({ indent: col, seg: { index, ...(name ? { name: name.replace(/^"|"$/g, '') } : {}) }, items: 0 });
      col += body.length - after.length;
      body = after;
    }
    if (!body) return;
    const kv = /^("[^"]*"|'[^']*'|[^\s{"'#][^:]*?)\s*:(?:\s+(.*))?$/.exec(body);
    while (nodes.length && nodes[nodes.length - 1].indent >= col && kv) nodes.pop();
    if (!kv) {
      // a scalar item: `- {{ .Values.x }}`
      doc.entries.push({ path: nodes.map((n) => n.seg), reads: readsOf(body, scope(), helpers), line, text: trimmed });
      return;
    }
    const key = kv[1].replace(/^"|"$/g, '').replace(/^'|'$/g, '');
    const value = kv[2] ?? '';
    const path = [...nodes.map((n) => n.seg), key];
    if (nodes.length === 0 && key === 'kind' && /^[A-Za-z]+$/.test(value)) doc.kind = value;
    doc.entries.push({ path, reads: readsOf(value, scope(), helpers), line, text: trimmed });
    nodes.push({ indent: col, seg: key, items: 0 });
  });

  function directive(action: string, raw: string, line: number, doc: { entries: SourceMapEntry[] }): void {
    const body = action.trim();
    if (body.startsWith('/*')) return;
    const top = scope();
    let m: RegExpExecArray | null;
    if ((m = /^range\s+(?:\$(\w+)\s*(?:,\s*\$(\w+)\s*)?:=\s*)?(.+)$/.exec(body))) {
      const [list] = readsOf(m[3], top, helpers);
      const item = list ? [...list, null] : undefined;
      const vars = new Map(top.vars);
      if (m[2]) vars.set(m[2], item);
      else if (m[1]) vars.set(m[1], item);
      scopes.push({ dot: m[1] ? top.dot : item, vars });
      return;
    }
    if ((m = /^with\s+(.+)$/.exec(body))) {
      const [ref] = readsOf(m[1], top, helpers);
      scopes.push({ dot: ref, vars: top.vars });
      return;
    }
    if (/^(if|define|block)\s/.test(body)) {
      scopes.push(top);
      return;
    }
    if (/^end\b/.test(body)) {
      if (scopes.length > 1) scopes.pop();
      return;
    }
    if (/^else\b/.test(body)) return;
    if ((m = /^\$(\w+)\s*:?=\s*(.+)$/.exec(body))) {
      const refs = readsOf(m[2], top, helpers);
      // a variable bound to one values path stands for it; a computed one (printf …) reads them all
      (top.vars as Map<string, ValuesRef | undefined>).set(m[1], refs.length === 1 && !/printf|include/.test(m[2]) ? refs[0] : undefined);
      return;
    }
    const nindent = /\|\s*nindent\s+(\d+)\s*$/.exec(body);
    if (nindent) {
      const reads = readsOf(body, top, helpers);
      const subtree = /^toYaml\s+[^|]+\|/.test(body) && reads.length === 1;
      doc.entries.push({ path: pathAt(Number(nindent[1])), reads, block: subtree ? 'subtree' : 'helper', line, text: raw.trim() });
    }
  }
  return docs;
}
