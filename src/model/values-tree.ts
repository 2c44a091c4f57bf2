// The chart's values as one typed tree: every key's default, description and JSON Schema live in
// one node, so values.yaml (with its comments), values.schema.json and the README's values table
// are projections of the same data and cannot disagree.

export type JsonSchema = Record<string, unknown>;

/** A leaf value: a default, what it means, and the schema it must satisfy. */
export interface ValueLeaf {
  readonly kind: 'leaf';
  readonly default: unknown;
  readonly description: string;
  readonly schema: JsonSchema;
}

/** A group of named values (a YAML mapping with a fixed set of keys). */
export interface ValueGroup {
  readonly kind: 'group';
  readonly description: string;
  readonly children: Readonly<Record<string, ValueNode>>;
  /** Keys the group does not own are accepted (a parent chart's `global`); its own keys stay typed. */
  readonly open?: boolean;
  /** Keys the schema admits that the chart neither reads nor defaults (Helm's subchart `enabled`). */
  readonly admits?: Readonly<Record<string, JsonSchema>>;
}

export type ValueNode = ValueLeaf | ValueGroup;

function inferSchema(value: unknown): JsonSchema {
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (typeof value === 'number') return Number.isInteger(value) ? { type: 'integer' } : { type: 'number' };
  if (typeof value === 'string') return { type: 'string' };
  if (Array.isArray(value)) return { type: 'array' };
  if (value && typeof value === 'object') return { type: 'object' };
  return {};
}

/** A leaf whose schema is inferred from its default, refined by `schema`. */
export function leaf(defaultValue: unknown, description: string, schema: JsonSchema = {}): ValueLeaf {
  return { kind: 'leaf', default: defaultValue, description, schema: { ...inferSchema(defaultValue), ...schema } };
}

/** A group of values; `options` opens it to unknown keys or admits schema-only keys. */
export function group(
  description: string,
  children: Record<string, ValueNode>,
  options: { open?: boolean; admits?: Record<string, JsonSchema> } = {},
): ValueGroup {
  return { kind: 'group', description, children, ...options };
}

/** The defaults of a tree as plain data (what values.yaml holds). */
export function defaultsOf(node: ValueNode): unknown {
  if (node.kind === 'leaf') return node.default;
  return Object.fromEntries(Object.entries(node.children).map(([k, v]) => [k, defaultsOf(v)]));
}

/** The JSON Schema of a tree: groups are closed objects (unknown keys are errors) unless declared open. */
export function schemaOf(node: ValueNode): JsonSchema {
  if (node.kind === 'leaf') return { description: node.description, ...node.schema };
  const properties = {
    ...Object.fromEntries(Object.entries(node.children).map(([k, v]) => [k, schemaOf(v)])),
    ...node.admits,
  };
  return { type: 'object', description: node.description, additionalProperties: node.open === true, properties };
}

/** Every node with its dotted path, depth-first in declaration order. */
export function* walkValues(node: ValueNode, path: string[] = []): Generator<{ path: string[]; node: ValueNode }> {
  yield { path, node };
  if (node.kind === 'group') for (const [k, v] of Object.entries(node.children)) yield* walkValues(v, [...path, k]);
}
