// `--ignore PATTERN` and `--ignore-generated`: field changes a reviewer chose not to see.
//
// A pattern is `[KIND:NAME:]PATH`. PATH is matched against a field path segment by segment, so a
// map key holding dots (a label such as `helm.sh/chart`) may be written plainly
// (`metadata.labels.helm.sh/chart`) or quoted as the output prints it
// (`metadata.labels["helm.sh/chart"]`). `*` stands for one whole segment (or, inside a segment,
// any characters), `**` for any number of segments, `[*]` for any list item; a pattern names a
// field and everything beneath it. KIND and NAME are globs; NAME matches `name` or `namespace/name`.
import { OptionError } from '../errors.js';
import type { PathSegment } from './path.js';

/** One parsed `--ignore` pattern. */
export interface IgnoreRule {
  /** The pattern as given, for messages. */
  readonly source: string;
  readonly kind?: RegExp;
  readonly name?: RegExp;
  readonly path: readonly PatternToken[];
}

type PatternToken =
  | { readonly type: 'any' } // `**`
  | { readonly type: 'item'; readonly glob: RegExp } // `[...]`
  | { readonly type: 'quoted'; readonly value: string } // `["a.b"]`
  | { readonly type: 'word'; readonly text: string }; // a dot-separated piece of a key (may hold `*`)

/**
 * What Helm draws anew on every render, so two renders of the same chart always differ there:
 * generated Secret values (`randAlphaNum`, `genCA`/`genSignedCert`), the CA bundles of webhooks,
 * API services and CRD conversion webhooks signed by such a CA, and the `checksum/*` pod
 * annotations charts compute from those Secrets to roll pods when they change.
 */
export const GENERATED_PATTERNS: readonly string[] = [
  'Secret:*:data.*',
  'Secret:*:stringData.*',
  'MutatingWebhookConfiguration:*:webhooks[*].clientConfig.caBundle',
  'ValidatingWebhookConfiguration:*:webhooks[*].clientConfig.caBundle',
  'APIService:*:spec.caBundle',
  'CustomResourceDefinition:*:spec.conversion.webhook.clientConfig.caBundle',
  '*:*:spec.template.metadata.annotations.checksum/*',
];

/** The rules of `--ignore` patterns, after the built-in ones when `generated` (`--ignore-generated`). */
export function ignoreRulesOf(patterns: readonly string[], generated = false): IgnoreRule[] {
  return parseIgnoreRules([...(generated ? GENERATED_PATTERNS : []), ...patterns]);
}

/** Parses `--ignore` patterns; a malformed one is a usage error (exit 2) naming it. */
export function parseIgnoreRules(patterns: readonly string[]): IgnoreRule[] {
  return patterns.map(parseIgnoreRule);
}

function parseIgnoreRule(source: string): IgnoreRule {
  const bad = (why: string): never => {
    throw new OptionError(
      'ignore',
      `${JSON.stringify(source)}: ${why}`,
      'give a field path such as metadata.labels.helm.sh/chart, or KIND:NAME:PATH such as Secret:*:data.*',
    );
  };
  // a colon inside brackets or quotes belongs to the path
  const parts = splitOutside(source, ':');
  if (parts.length !== 1 && parts.length !== 3) bad('expected PATH or KIND:NAME:PATH');
  const path = parts[parts.length - 1];
  if (!path) bad('the field path is empty (use ** for every field)');
  const tokens = tokenize(path, bad);
  if (parts.length === 1) return { source, path: tokens };
  if (!parts[0] || !parts[1]) bad('KIND and NAME must not be empty (use * for any)');
  return { source, kind: globRegExp(parts[0]), name: globRegExp(parts[1]), path: tokens };
}

/** Splits on `sep` where it is not inside `[...]` or a quoted string. */
function splitOutside(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === sep && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

function tokenize(path: string, bad: (why: string) => never): PatternToken[] {
  const tokens: PatternToken[] = [];
  for (const piece of splitOutside(path, '.')) {
    if (piece === '') bad('empty segment (two dots, or a leading or trailing dot)');
    // `containers[name=app]` is two segments, `["helm.sh/chart"]` one quoted key
    let rest = piece;
    const open = rest.indexOf('[');
    const head = open === -1 ? rest : rest.slice(0, open);
    rest = open === -1 ? '' : rest.slice(open);
    if (head === '**') tokens.push({ type: 'any' });
    else if (head) tokens.push({ type: 'word', text: head });
    while (rest) {
      const m = /^\[("(?:[^"\\]|\\.)*"|[^\]]*)\]/.exec(rest);
      if (!m) bad(`cannot read ${JSON.stringify(rest)} (expected [N], [name=X], [*] or ["key"])`);
      const inner = m![1];
      if (inner.startsWith('"')) tokens.push({ type: 'quoted', value: JSON.parse(inner) as string });
      else tokens.push({ type: 'item', glob: globRegExp(inner) });
      rest = rest.slice(m![0].length);
    }
  }
  return tokens;
}

const globCache = new Map<string, RegExp>();

function globRegExp(glob: string): RegExp {
  const cached = globCache.get(glob);
  if (cached) return cached;
  const body = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  const re = new RegExp(`^${body}$`);
  globCache.set(glob, re);
  return re;
}

/** The text a path segment is matched as: a key as it is, `3` for an index, `name=app` for a named item. */
function segmentText(seg: PathSegment): { key?: string; item?: string } {
  if (typeof seg === 'string') return { key: seg };
  if (typeof seg === 'number') return { item: String(seg) };
  if ('name' in seg) return { item: `name=${seg.name}` };
  return { item: seg.embedded };
}

/** True when `tokens[i..]` matches exactly `path[j..]`. */
function matches(tokens: readonly PatternToken[], i: number, path: readonly PathSegment[], j: number): boolean {
  if (i === tokens.length) return j === path.length;
  const t = tokens[i];
  if (t.type === 'any') {
    for (let k = j; k <= path.length; k++) if (matches(tokens, i + 1, path, k)) return true;
    return false;
  }
  if (j === path.length) return false;
  const seg = segmentText(path[j]);
  if (t.type === 'item') return seg.item !== undefined && t.glob.test(seg.item) && matches(tokens, i + 1, path, j + 1);
  if (t.type === 'quoted') return seg.key === t.value && matches(tokens, i + 1, path, j + 1);
  if (seg.key === undefined) return false;
  // a key with dots is matched by several words joined again: `helm` `sh/chart` → `helm.sh/chart`
  let text = '';
  for (let k = i; k < tokens.length; k++) {
    const w = tokens[k];
    if (w.type !== 'word') break;
    text = text ? `${text}.${w.text}` : w.text;
    if (globRegExp(text).test(seg.key) && matches(tokens, k + 1, path, j + 1)) return true;
  }
  return false;
}

/** The rules that apply to one object, as a test of its field paths; undefined when none apply. */
export function ignoreTest(
  rules: readonly IgnoreRule[],
  o: { readonly kind: string; readonly namespace?: string; readonly name: string },
): ((path: readonly PathSegment[]) => boolean) | undefined {
  const names = o.namespace ? [o.name, `${o.namespace}/${o.name}`] : [o.name];
  const apply = rules.filter((r) => (!r.kind || r.kind.test(o.kind)) && (!r.name || names.some((n) => r.name!.test(n))));
  if (!apply.length) return undefined;
  return (path) => apply.some((r) => matches(r.path, 0, path, 0));
}
