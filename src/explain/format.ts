// What `aipc explain` prints: text for a person, JSON for a script (the FieldExplanation itself).
import { describeOrigin } from '../tiers/provenance.js';
import type { FieldExplanation } from './explain.js';

export const EXPLAIN_FORMATS = ['text', 'json'] as const;
export type ExplainFormat = (typeof EXPLAIN_FORMATS)[number];

const show = (v: unknown): string => (v === undefined ? '(absent)' : JSON.stringify(v));

/** The explanation as text: the field and value, the template line, then each values path and its origin. */
export function explainText(e: FieldExplanation): string {
  const where = e.object.namespace ? `${e.object.namespace}/${e.object.name}` : e.object.name;
  const lines = [`${e.object.kind} ${where}`, `  ${e.field}: ${show(e.value)}`];
  if (e.template) {
    lines.push(`  written by ${e.template.file}:${e.template.line}: ${e.template.text}`);
    for (const b of e.template.branches ?? []) lines.push(`  or by ${e.template.file}:${b.line}: ${b.text}`);
  } else lines.push('  not found in the chart source map (a field Helm or the API adds, or written by a template aipc does not map)');
  if (!e.reads.length) lines.push('  reads no values: the template writes it as it is');
  else
    lines.push(
      '  values read:',
      ...e.reads.flatMap((r) => [`    ${r.valuesPath} = ${show(r.value)}`, `      set by ${describeOrigin(r.origin)}`]),
    );
  return `${lines.join('\n')}\n`;
}

/** The explanation in the format asked for. */
export const formatExplain = (e: FieldExplanation, format: ExplainFormat): string =>
  format === 'json' ? `${JSON.stringify(e, null, 2)}\n` : explainText(e);
