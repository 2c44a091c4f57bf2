// The checklist as text, Markdown or JSON.
import type { ChecklistResult } from './checklist.js';

export type ChecklistFormat = 'text' | 'markdown' | 'json';

/** Renders a checklist result; every line says PASS or FAIL with its evidence. */
export function formatChecklist(result: ChecklistResult, format: ChecklistFormat): string {
  if (format === 'json') return `${JSON.stringify(result, null, 2)}\n`;
  const failed = result.items.filter((i) => i.status === 'FAIL').length;
  const skipped = result.items.filter((i) => i.status === 'SKIP').length;
  const summary = `checklist: ${result.items.length - failed - skipped} PASS, ${failed} FAIL${skipped ? `, ${skipped} SKIP` : ''}`;
  if (format === 'markdown') {
    const rows = result.items.map(
      (i) =>
        `| ${i.status === 'PASS' ? '✅ PASS' : i.status === 'SKIP' ? '⏭️ SKIP' : '❌ FAIL'} | ${i.title} | ${i.evidence.map((e) => e.replace(/\|/g, '\\|')).join('<br>')} |`,
    );
    return [
      `### Deployment checklist — tier ${result.tier}`,
      '',
      '| result | item | evidence |',
      '|---|---|---|',
      ...rows,
      '',
      summary,
      '',
    ].join('\n');
  }
  const lines = [`Deployment checklist for tier ${result.tier}`];
  for (const i of result.items) {
    lines.push(`${i.status}  ${i.title}`);
    for (const e of i.evidence) lines.push(`      ${e}`);
  }
  lines.push(summary);
  return `${lines.join('\n')}\n`;
}
