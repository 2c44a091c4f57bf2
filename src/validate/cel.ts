// CEL for `x-kubernetes-validations`: @marcbachmann/cel-js (a maintained, fast CEL implementation
// with macros, optionals and custom functions) plus the Kubernetes CEL libraries it lacks — lists,
// regex (RE2), url, quantity, ip/cidr, format and the string extensions
// (k8s.io/apiserver/pkg/cel/library) — and
// the conversion of a JSON value to CEL by its schema (integers are CEL ints, numbers doubles).
import { Environment, Optional } from '@marcbachmann/cel-js';
import { parseQuantity, isQuantity } from '../kube/quantity.js';
import { compileRe2 } from './re2.js';

type Schema = Record<string, unknown>;

/** A Kubernetes `quantity()` value: its text and its value in base units. */
class Quantity {
  readonly value: number;
  constructor(readonly text: string) {
    this.value = parseQuantity(text);
  }
}

/** A Kubernetes `ip()` value. */
class KubeIp {
  constructor(
    readonly text: string,
    readonly family: 4 | 6,
    readonly bytes: number[],
  ) {}
}

/** A Kubernetes `cidr()` value. */
class KubeCidr {
  constructor(
    readonly ip: KubeIp,
    readonly prefix: number,
  ) {}
}

/** The bytes of an IPv4 or IPv6 address in canonical form (as Go's netip.ParseAddr takes it), or undefined. */
function parseIp(text: string): KubeIp | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    // leading zeros are ambiguous (octal) and refused, as Kubernetes refuses them
    if (parts.some((p, i) => p > 255 || (v4[i + 1].length > 1 && v4[i + 1].startsWith('0')))) return undefined;
    return new KubeIp(text, 4, parts);
  }
  if (!text.includes(':') || text.includes('%') || text.includes('.')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? head.length !== 8 : missing < 1) return undefined;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return new KubeIp(
    text,
    6,
    all.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 255]),
  );
}

function parseCidr(text: string): KubeCidr | undefined {
  const [addr, bits, extra] = text.split('/');
  if (extra !== undefined || bits === undefined || !/^\d{1,3}$/.test(bits)) return undefined;
  const ip = parseIp(addr);
  if (!ip || Number(bits) > (ip.family === 4 ? 32 : 128)) return undefined;
  return new KubeCidr(ip, Number(bits));
}

function cidrContains(c: KubeCidr, ip: KubeIp): boolean {
  if (ip.family !== c.ip.family) return false;
  for (let bit = 0; bit < c.prefix; bit++) {
    const mask = 0x80 >> (bit % 8);
    if ((ip.bytes[bit >> 3] & mask) !== (c.ip.bytes[bit >> 3] & mask)) return false;
  }
  return true;
}

/** CEL's `string.format(list)`: %s, %d, %f (with precision), %x, %X, %o, %b, %e and %%. */
function celFormat(template: string, args: unknown[]): string {
  let i = 0;
  return template.replace(/%(\.\d+)?([sdfxXobe%])/g, (_m, precision: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (i >= args.length) throw new Error(`index ${i} out of range`);
    const a = args[i++];
    const digits = precision ? Number(precision.slice(1)) : 6;
    switch (verb) {
      case 's':
        return typeof a === 'string' ? a : typeof a === 'bigint' ? String(a) : JSON.stringify(a, bigintSafe);
      case 'd':
        return String(typeof a === 'bigint' ? a : Math.trunc(Number(a)));
      case 'f':
        return Number(a).toFixed(digits);
      case 'e':
        return Number(a).toExponential(digits);
      case 'x':
      case 'X': {
        const hex = typeof a === 'string' ? Buffer.from(a).toString('hex') : BigInt(a as bigint).toString(16);
        return verb === 'X' ? hex.toUpperCase() : hex;
      }
      case 'o':
        return BigInt(a as bigint).toString(8);
      default:
        return BigInt(a as bigint).toString(2);
    }
  });
}

/** A Kubernetes `url()` value. */
class KubeUrl {
  constructor(readonly url: URL) {}
}

function re2(pattern: string) {
  const re = compileRe2(pattern);
  if (re instanceof Error) throw new Error(`invalid regular expression ${JSON.stringify(pattern)}: ${re.message}`);
  return re;
}

const cmp = (a: unknown, b: unknown): number => {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint'))
    return Number(a) < Number(b) ? -1 : Number(a) > Number(b) ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  throw new Error('no such overload');
};

const deepEqual = (a: unknown, b: unknown): boolean => JSON.stringify(a, bigintSafe) === JSON.stringify(b, bigintSafe);
function bigintSafe(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? `${v}n` : v;
}

function urlOf(s: string): URL {
  // Kubernetes' url() takes an absolute URI or an absolute path (Go's url.ParseRequestURI)
  if (s.startsWith('/')) return new URL(s, 'relative:///');
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(s)) throw new Error(`URL parse error during conversion from string: ${s}`);
  return new URL(s);
}

let shared: Environment | undefined;

/** The CEL environment of CRD validation rules: `self`, `oldSelf` and the Kubernetes libraries. */
export function celEnvironment(): Environment {
  if (shared) return shared;
  const env = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false, unlistedVariablesAreDyn: false })
    .registerVariable('self', 'dyn')
    .registerVariable('oldSelf', 'dyn')
    .registerType('kubernetes.Quantity', Quantity)
    .registerType('kubernetes.URL', KubeUrl)
    .registerType('net.IP', KubeIp)
    .registerType('net.CIDR', KubeCidr);
  const method = (name: string, receiverType: string, params: string[], returnType: string, handler: (...args: never[]) => unknown) =>
    env.registerFunction({
      name,
      receiverType,
      returnType,
      handler: handler as (...args: unknown[]) => unknown,
      params: params.map((type, i) => ({ name: `a${i}`, type })),
    });
  // regex library (RE2 semantics)
  method('re2Matches', 'string', ['string'], 'bool', (s: string, p: string) => re2(p).test(s));
  method('find', 'string', ['string'], 'string', (s: string, p: string) => findAll(s, p, 1)[0] ?? '');
  method('findAll', 'string', ['string'], 'list<string>', (s: string, p: string) => findAll(s, p, -1));
  method('findAll', 'string', ['string', 'int'], 'list<string>', (s: string, p: string, n: bigint) => findAll(s, p, Number(n)));
  // strings extension functions cel-js does not have
  method('charAt', 'string', ['int'], 'string', (s: string, i: bigint) => {
    if (i < 0n || Number(i) > s.length) throw new Error(`index out of range: ${i}`);
    return s.charAt(Number(i));
  });
  method('replace', 'string', ['string', 'string'], 'string', (s: string, a: string, b: string) => s.split(a).join(b));
  method('replace', 'string', ['string', 'string', 'int'], 'string', (s: string, a: string, b: string, n: bigint) => {
    if (n < 0n) return s.split(a).join(b);
    const parts = s.split(a);
    const k = Math.min(Number(n), parts.length - 1);
    return parts.slice(0, k + 1).join(b) + (k + 1 < parts.length ? a + parts.slice(k + 1).join(a) : '');
  });
  method('reverse', 'string', [], 'string', (s: string) => [...s].reverse().join(''));
  method('format', 'string', ['list'], 'string', (s: string, args: unknown[]) => celFormat(s, args));
  // IP and CIDR libraries
  env.registerFunction('isIP(string): bool', (s: string) => parseIp(s) !== undefined);
  env.registerFunction('isCIDR(string): bool', (s: string) => parseCidr(s) !== undefined);
  env.registerFunction('ip(string): net.IP', (s: string) => {
    const ip = parseIp(s);
    if (!ip) throw new Error(`IP Address ${JSON.stringify(s)} parse error during conversion from string`);
    return ip;
  });
  env.registerFunction('cidr(string): net.CIDR', (s: string) => {
    const c = parseCidr(s);
    if (!c) throw new Error(`network address parse error during conversion from string: ${s}`);
    return c;
  });
  method('family', 'net.IP', [], 'int', (ip: KubeIp) => BigInt(ip.family));
  method('isLoopback', 'net.IP', [], 'bool', (ip: KubeIp) =>
    ip.family === 4 ? ip.bytes[0] === 127 : ip.bytes.slice(0, 15).every((b) => b === 0) && ip.bytes[15] === 1,
  );
  method('isUnspecified', 'net.IP', [], 'bool', (ip: KubeIp) => ip.bytes.every((b) => b === 0));
  method('containsIP', 'net.CIDR', ['string'], 'bool', (c: KubeCidr, s: string) => {
    const ip = parseIp(s);
    if (!ip) throw new Error(`IP Address ${JSON.stringify(s)} parse error during conversion from string`);
    return cidrContains(c, ip);
  });
  method('containsIP', 'net.CIDR', ['net.IP'], 'bool', (c: KubeCidr, ip: KubeIp) => cidrContains(c, ip));
  method('containsCIDR', 'net.CIDR', ['net.CIDR'], 'bool', (c: KubeCidr, o: KubeCidr) => o.prefix >= c.prefix && cidrContains(c, o.ip));
  method('prefixLength', 'net.CIDR', [], 'int', (c: KubeCidr) => BigInt(c.prefix));
  method('ip', 'net.CIDR', [], 'net.IP', (c: KubeCidr) => c.ip);
  // lists library
  method('isSorted', 'list', [], 'bool', (l: unknown[]) => l.every((v, i) => i === 0 || cmp(l[i - 1], v) <= 0));
  method('sum', 'list', [], 'dyn', (l: unknown[]) =>
    l.length === 0 ? 0n : l.reduce((a, b) => (typeof a === 'bigint' && typeof b === 'bigint' ? a + b : Number(a) + Number(b))),
  );
  method('min', 'list', [], 'dyn', (l: unknown[]) => {
    if (!l.length) throw new Error('min called on empty list');
    return l.reduce((a, b) => (cmp(b, a) < 0 ? b : a));
  });
  method('max', 'list', [], 'dyn', (l: unknown[]) => {
    if (!l.length) throw new Error('max called on empty list');
    return l.reduce((a, b) => (cmp(b, a) > 0 ? b : a));
  });
  method('indexOf', 'list', ['dyn'], 'int', (l: unknown[], x: unknown) => BigInt(l.findIndex((v) => deepEqual(v, x))));
  method('lastIndexOf', 'list', ['dyn'], 'int', (l: unknown[], x: unknown) => BigInt(l.findLastIndex((v) => deepEqual(v, x))));
  // quantity library
  env.registerFunction('quantity(string): kubernetes.Quantity', (s: string) => {
    if (!isQuantity(s)) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
    return new Quantity(s);
  });
  env.registerFunction('isQuantity(string): bool', (s: string) => isQuantity(s));
  const q = 'kubernetes.Quantity';
  method('isInteger', q, [], 'bool', (a: Quantity) => Number.isInteger(a.value));
  method('asInteger', q, [], 'int', (a: Quantity) => {
    if (!Number.isInteger(a.value)) throw new Error('cannot convert value to integer');
    return BigInt(a.value);
  });
  method('asApproximateFloat', q, [], 'double', (a: Quantity) => a.value);
  method('sign', q, [], 'int', (a: Quantity) => BigInt(Math.sign(a.value)));
  method('isGreaterThan', q, [q], 'bool', (a: Quantity, b: Quantity) => a.value > b.value);
  method('isLessThan', q, [q], 'bool', (a: Quantity, b: Quantity) => a.value < b.value);
  method('compareTo', q, [q], 'int', (a: Quantity, b: Quantity) => BigInt(Math.sign(a.value - b.value)));
  method('add', q, [q], q, (a: Quantity, b: Quantity) => new Quantity(String(a.value + b.value)));
  method('add', q, ['int'], q, (a: Quantity, b: bigint) => new Quantity(String(a.value + Number(b))));
  method('sub', q, [q], q, (a: Quantity, b: Quantity) => new Quantity(String(a.value - b.value)));
  method('sub', q, ['int'], q, (a: Quantity, b: bigint) => new Quantity(String(a.value - Number(b))));
  // url library
  env.registerFunction('url(string): kubernetes.URL', (s: string) => new KubeUrl(urlOf(s)));
  env.registerFunction('isURL(string): bool', (s: string) => {
    try {
      urlOf(s);
      return true;
    } catch {
      return false;
    }
  });
  const u = 'kubernetes.URL';
  const isPath = (x: KubeUrl) => x.url.protocol === 'relative:';
  method('getScheme', u, [], 'string', (x: KubeUrl) => (isPath(x) ? '' : x.url.protocol.slice(0, -1)));
  method('getHost', u, [], 'string', (x: KubeUrl) => (isPath(x) ? '' : x.url.host));
  method('getHostname', u, [], 'string', (x: KubeUrl) => (isPath(x) ? '' : x.url.hostname.replace(/^\[(.*)\]$/, '$1')));
  method('getPort', u, [], 'string', (x: KubeUrl) => x.url.port);
  method('getEscapedPath', u, [], 'string', (x: KubeUrl) => x.url.pathname);
  method('getQuery', u, [], 'map', (x: KubeUrl) => {
    const out: Record<string, string[]> = {};
    for (const [k, v] of x.url.searchParams) (out[k] ??= []).push(v);
    return out;
  });
  return (shared = env);
}

function findAll(s: string, pattern: string, limit: number): string[] {
  // matched by RE2 itself, as cel-go's regexp is: linear time, no backtracking (JavaScript's RegExp
  // takes seconds on `^(a+)+$` over 30 characters)
  const re = re2(pattern);
  if (limit === 0) return [];
  const out: string[] = [];
  const m = re.matcher(s);
  while (m.find()) {
    out.push(m.group() ?? '');
    if (limit > 0 && out.length >= limit) break;
  }
  return out;
}

/** Rewrites `.matches(` outside string literals to the RE2 overload (cel-js's own uses JavaScript's RegExp). */
export function useRe2Matches(rule: string): string {
  let out = '';
  let i = 0;
  while (i < rule.length) {
    const c = rule[i];
    if (c === '"' || c === "'") {
      const triple = rule.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      const raw = i > 0 && /[rR]/.test(rule[i - 1]);
      let j = i + close.length;
      while (j < rule.length && !rule.startsWith(close, j)) j += !raw && rule[j] === '\\' ? 2 : 1;
      out += rule.slice(i, j + close.length);
      i = j + close.length;
    } else if (rule.startsWith('.matches(', i)) {
      out += '.re2Matches(';
      i += '.matches('.length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** True if the rule reads `oldSelf` (a transition rule, evaluated by the API server on updates only). */
export function isTransitionRule(rule: string): boolean {
  return /\boldSelf\b/.test(blankStringLiterals(useRe2Matches(rule)));
}

/**
 * `text` with each closed '…' or "…" literal (backslash escapes honoured) replaced by `""`. A loop,
 * not a regular expression: an unclosed quote would make the regex rescan the rest of the text
 * from every later quote. Once a quote is known to be unclosed, no later one of its kind closes.
 */
function blankStringLiterals(text: string): string {
  const unclosed = new Set<string>();
  let out = '';
  let i = 0;
  while (i < text.length) {
    const quote = text[i]!;
    if ((quote !== '"' && quote !== "'") || unclosed.has(quote)) {
      out += quote;
      i++;
      continue;
    }
    let j = i + 1;
    while (j < text.length && text[j] !== quote) j += text[j] === '\\' ? 2 : 1;
    if (j >= text.length) {
      unclosed.add(quote);
      out += quote;
      i++;
    } else {
      out += '""';
      i = j + 1;
    }
  }
  return out;
}

/**
 * A JSON value as CEL sees it under `schema`: integers as ints (bigint), `format: date-time`
 * strings as timestamps, the rest as JSON (`format: duration` stays a string: cel-js exports no
 * duration type to build one from).
 */
export function toCel(value: unknown, schema: Schema | undefined): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'number') {
    const type = schema?.type;
    if (Number.isInteger(value) && (type === 'integer' || schema?.['x-kubernetes-int-or-string'] === true || type === undefined))
      return BigInt(value);
    return value;
  }
  if (Array.isArray(value)) {
    const items = schema?.items as Schema | undefined;
    return value.map((v) => toCel(v, items));
  }
  if (typeof value === 'object') {
    const props = (schema?.properties ?? undefined) as Record<string, Schema> | undefined;
    const additional = typeof schema?.additionalProperties === 'object' ? (schema.additionalProperties as Schema) : undefined;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toCel(v, props && Object.hasOwn(props, k) ? props[k] : additional);
    return out;
  }
  if (typeof value === 'string' && (schema?.format === 'date-time' || schema?.format === 'datetime')) {
    const t = new Date(value);
    if (!Number.isNaN(t.getTime())) return t;
  }
  return value;
}

/** A compiled rule: evaluate it on a CEL value (and `oldSelf`, for optionalOldSelf rules on a create). */
export type CompiledRule = ((self: unknown, oldSelf?: unknown) => unknown) & { readonly ast?: unknown };

/** `oldSelf` of an `optionalOldSelf` rule when the object is created: no value. */
export const NO_OLD_SELF: unknown = Optional.none();

const compiledRules = new Map<string, CompiledRule | RuleCompileFailure>();

/** A rule that does not compile: `syntax` (the API server refuses the CRD) or a function aipc lacks (`unsupported`). */
export class RuleCompileFailure extends Error {
  constructor(
    message: string,
    readonly kind: 'syntax' | 'unsupported',
  ) {
    super(message);
  }
}

/** Parses and type-checks a rule (cached by text). */
export function compileRule(rule: string): CompiledRule | RuleCompileFailure {
  let fn = compiledRules.get(rule);
  if (fn) return fn;
  let parsed: ReturnType<Environment['parse']>;
  try {
    parsed = celEnvironment().parse(useRe2Matches(rule));
  } catch (err) {
    fn = new RuleCompileFailure(firstLine(err), 'syntax');
    compiledRules.set(rule, fn);
    return fn;
  }
  const checked = parsed.check();
  // `self` is dyn here, so what fails the type check is a call no overload takes: a function of a
  // Kubernetes library aipc does not implement (sets, semver, ...), or a wrong call; either way
  // the rule is not evaluated, and its CRD gets a warning
  if (!checked.valid) fn = new RuleCompileFailure(firstLine(checked.error), 'unsupported');
  else
    fn = Object.assign((self: unknown, oldSelf?: unknown) => parsed(oldSelf === undefined ? { self } : { self, oldSelf }), {
      ast: parsed.ast,
    });
  compiledRules.set(rule, fn);
  return fn;
}

/** The first line of an error's message (cel-js appends a source excerpt), lower-cased as cel-go words it. */
export function firstLine(err: unknown): string {
  const line = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  return line.charAt(0).toLowerCase() + line.slice(1);
}
