// The cost of a CEL rule, as the API server bounds it (k8s.io/apiserver pkg/apis/cel/config.go:
// PerCallLimit, RuntimeCELCostBudget; apiextensions-apiserver StaticEstimatedCostLimit and
// StaticEstimatedCRDCostLimit). When a CRD is read, each rule's worst case is estimated from the
// schema's maxItems, maxProperties and maxLength (an unbounded list holds as many elements as fit
// in a 3 MiB request); the API server refuses a CRD whose rule exceeds the limit. When an object is
// checked, the same estimate on the object's own sizes stops a rule before it runs for minutes.
//
// The model follows cel-go's checker/cost.go in shape, not to the unit: every identifier, field
// selection, index and call costs 1, a comprehension (all, exists, exists_one, map, filter) costs
// its body once per element, string functions cost a tenth of the string's length. Short-circuits
// are not taken, so the estimate on an object is an upper bound of what cel-go would count.

type Schema = Record<string, unknown>;

/** cel-go's per-expression runtime limit in the API server. */
export const PER_CALL_COST_LIMIT = 1_000_000;
/** The runtime budget of all the rules of one object. */
export const RUNTIME_COST_BUDGET = 10_000_000;
/** The estimated cost a single rule may have when its CRD is created. */
export const STATIC_RULE_COST_LIMIT = 10_000_000;
/** The estimated cost of all the rules of a CRD version's schema together. */
export const STATIC_CRD_COST_LIMIT = 100_000_000;

// the API server's request size limit, which bounds lists, maps and strings without a max
const MAX_REQUEST_BYTES = 3 * 1024 * 1024;

/** What the estimate knows of a value: how many elements (or characters) it may hold, and its parts. */
export interface Shape {
  size(): number;
  /** The elements of a list, or the keys of a map, as a comprehension iterates them. */
  element(): Shape;
  field(name: string): Shape;
  /** `x[i]`: a list element or a map value. */
  index(): Shape;
}

const minSerializedSize = (s: Schema | undefined): number => {
  switch (s?.type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return 4;
    default:
      return 2; // "", {}, []
  }
};
// one more byte per element: the comma
const unbounded = (element: Schema | undefined) => Math.floor(MAX_REQUEST_BYTES / (minSerializedSize(element) + 1));
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A value as its schema bounds it. */
export function schemaShape(schema: Schema | undefined): Shape {
  const s = schema;
  const items = s && typeof s.items === 'object' && !Array.isArray(s.items) ? (s.items as Schema) : undefined;
  const additional = s && typeof s.additionalProperties === 'object' ? (s.additionalProperties as Schema) : undefined;
  const props = s && typeof s.properties === 'object' ? (s.properties as Record<string, Schema>) : undefined;
  return {
    size: () => {
      if (s?.type === 'array') return num(s.maxItems) ?? unbounded(items);
      if (s?.type === 'string') return num(s.maxLength) ?? MAX_REQUEST_BYTES;
      if (s?.type === 'object') return num(s.maxProperties) ?? (additional ? unbounded(additional) : Object.keys(props ?? {}).length);
      return s?.type === undefined ? unbounded(undefined) : 1;
    },
    element: () => (s?.type === 'object' ? schemaShape({ type: 'string' }) : schemaShape(items)),
    field: (name) => schemaShape(props && Object.hasOwn(props, name) ? props[name] : additional),
    index: () => schemaShape(s?.type === 'array' ? items : additional),
  };
}

/** Values as an object holds them: sizes are the largest among them. */
export function valueShape(values: readonly unknown[]): Shape {
  return {
    size: () => {
      let max = 0;
      for (const v of values) {
        const n = typeof v === 'string' ? v.length : Array.isArray(v) ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0;
        if (n > max) max = n;
      }
      return max;
    },
    element: () => valueShape(values.flatMap((v) => (Array.isArray(v) ? v : v && typeof v === 'object' ? Object.keys(v) : []))),
    field: (name) =>
      valueShape(
        values.flatMap((v) => (v && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, name) ? [(v as Schema)[name]] : [])),
      ),
    index: () => valueShape(values.flatMap((v) => (Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : []))),
  };
}

const NOTHING: Shape = valueShape([]);

interface Node {
  readonly op: string;
  readonly args: unknown;
}
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && 'op' in v && 'args' in v;

const MACROS = new Set(['all', 'exists', 'exists_one', 'existsOne', 'map', 'filter']);
const STRING_FUNCTIONS = new Set([
  'matches',
  're2Matches',
  'find',
  'findAll',
  'contains',
  'startsWith',
  'endsWith',
  'indexOf',
  'lastIndexOf',
  'lowerAscii',
  'upperAscii',
  'replace',
  'split',
  'trim',
  'substring',
  'join',
  'format',
]);

/** The estimated cost of a parsed rule with `self` of the given shape (unknown ASTs cost nothing). */
export function estimateCost(ast: unknown, self: Shape, unknown: Shape = NOTHING): number {
  const shapeOf = (n: unknown, env: ReadonlyMap<string, Shape>): Shape => {
    if (!isNode(n)) return unknown;
    const a = n.args as unknown[];
    switch (n.op) {
      case 'id':
        return env.get(n.args as string) ?? unknown;
      case '.':
      case '.?':
        return shapeOf(a[0], env).field(a[1] as string);
      case '[]':
      case '[?]':
        return shapeOf(a[0], env).index();
      case 'list': {
        const elems = n.args as unknown[];
        return { size: () => elems.length, element: () => unknown, field: () => unknown, index: () => unknown };
      }
      case 'rcall':
        // map() and filter() give a list as long as their range
        if (a[0] === 'map' || a[0] === 'filter') {
          const range = shapeOf(a[1], env);
          return { size: () => range.size(), element: () => range.element(), field: () => unknown, index: () => range.element() };
        }
        return unknown;
      default:
        return unknown;
    }
  };
  const cost = (n: unknown, env: ReadonlyMap<string, Shape>): number => {
    if (!isNode(n)) return 0;
    const a = n.args as unknown[];
    switch (n.op) {
      case 'value':
        return 0;
      case 'id':
        return 1;
      case '.':
      case '.?':
        return cost(a[0], env) + 1;
      case 'list':
        return (n.args as unknown[]).reduce<number>((t, x) => t + cost(x, env), 1);
      case 'map':
        return (n.args as unknown[][]).reduce<number>((t, [k, v]) => t + cost(k, env) + cost(v, env), 1);
      case 'call':
        return (a[1] as unknown[]).reduce<number>((t, x) => t + cost(x, env), 1);
      case 'rcall': {
        const [name, target, args] = a as [string, unknown, unknown[]];
        const first = args[0];
        if (MACROS.has(name) && isNode(first) && first.op === 'id' && args.length >= 2) {
          const range = shapeOf(target, env);
          const inner = new Map(env).set(first.args as string, range.element());
          const body = args.slice(1).reduce<number>((t, x) => t + cost(x, inner), 0);
          return cost(target, env) + range.size() * (body + 1) + 1;
        }
        const own = STRING_FUNCTIONS.has(name) ? Math.ceil(shapeOf(target, env).size() * 0.1) : 0;
        return args.reduce<number>((t, x) => t + cost(x, env), cost(target, env) + 1 + own);
      }
      default:
        // operators, ?:, &&, ||, index: their operands and one step
        return (Array.isArray(n.args) ? n.args : [n.args]).reduce<number>((t, x) => t + cost(x, env), 1);
    }
  };
  return cost(ast, new Map([['self', self]]));
}

/** `1.5x`, as the API server words a budget overrun. */
export const costFactor = (cost: number, limit: number): string => `${(Math.round((cost / limit) * 10) / 10).toFixed(1)}x`;
