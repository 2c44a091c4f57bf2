// values.yaml (every key commented, helm-docs style), values.schema.json and the README values
// table: three projections of the one values tree.
import { formatYaml } from '../io/yaml-format.js';
import { defaultsOf, schemaOf, walkValues, type ValueGroup, type ValueNode } from '../model/values-tree.js';
import { GENERATED_HEADER } from './header.js';

function isEmptyCollection(v: unknown): boolean {
  return (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
}

function emit(node: ValueNode, key: string, path: string, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  const keyText = formatYaml({ [key]: null }).split(':')[0];
  out.push(`${pad}# -- ${node.description}`);
  if (node.kind === 'group') {
    out.push(`${pad}${keyText}:`);
    for (const [k, child] of Object.entries(node.children)) emit(child, k, path ? `${path}.${k}` : k, depth + 1, out);
    return;
  }
  const value = node.default;
  if (typeof value !== 'object' || value === null || isEmptyCollection(value)) {
    const line = formatYaml({ [key]: value }).trimEnd();
    out.push(`${pad}${line}`);
  } else {
    const block = formatYaml({ [key]: value })
      .trimEnd()
      .split('\n');
    out.push(...block.map((l) => `${pad}${l}`));
  }
}

/** values.yaml: the defaults, with a `# --` description above every key. */
export function valuesYaml(tree: ValueGroup): string {
  const out = [GENERATED_HEADER, '# Defaults of the ai-platform chart. Tier files (values-tier*.yaml) override them.', ''];
  for (const [k, child] of Object.entries(tree.children)) {
    emit(child, k, k, 0, out);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** values.schema.json: closed objects, no remote $ref (Helm would fetch it, which fails air-gapped). */
export function valuesSchemaJson(tree: ValueGroup): string {
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', title: 'ai-platform values', ...schemaOf(tree) };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

function typeOf(node: ValueNode): string {
  if (node.kind === 'group') return 'object';
  const t = node.schema.type;
  return Array.isArray(t) ? t.join(' or ') : String(t ?? 'any');
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** What a leaf's schema allows, in words: its enum, pattern, bounds; empty when only the type constrains it. */
function allowedOf(schema: Record<string, unknown>): string {
  const parts: string[] = [];
  if (Array.isArray(schema.enum)) parts.push(schema.enum.map((v) => `\`${String(v)}\``).join(', '));
  if (typeof schema.pattern === 'string') parts.push(`matches \`${schema.pattern}\``);
  if (typeof schema.minimum === 'number' && typeof schema.maximum === 'number') parts.push(`${schema.minimum}–${schema.maximum}`);
  else if (typeof schema.minimum === 'number') parts.push(`≥ ${schema.minimum}`);
  else if (typeof schema.maximum === 'number') parts.push(`≤ ${schema.maximum}`);
  if (typeof schema.minLength === 'number' && schema.minLength > 0) parts.push('not empty');
  if (typeof schema.maxLength === 'number') parts.push(`at most ${schema.maxLength} characters`);
  const not = schema.not as { const?: unknown } | undefined;
  if (not && 'const' in not) parts.push(`not \`${String(not.const)}\``);
  if (Array.isArray(schema.required) && schema.required.length)
    parts.push(`with ${schema.required.map((k) => `\`${String(k)}\``).join(', ')}`);
  return parts.join('; ');
}

/**
 * Rows of the README values table (leaves only): key, type, default, allowed values, whether a
 * values file must set it, description. Every key has a default, so none must be set; a key
 * whose default is empty and that the chart needs for a feature says so in its description.
 */
export function valuesTableRows(tree: ValueGroup): string[] {
  const rows: string[] = [];
  for (const { path, node } of walkValues(tree)) {
    if (node.kind !== 'leaf' || path.length === 0) continue;
    const def = JSON.stringify(defaultsOf(node));
    const allowed = allowedOf(node.schema);
    rows.push(`| \`${path.join('.')}\` | ${typeOf(node)} | \`${cell(def)}\` | ${cell(allowed || '—')} | no | ${cell(node.description)} |`);
  }
  return rows;
}
