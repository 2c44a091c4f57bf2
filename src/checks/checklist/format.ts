// The checklist as text, Markdown or JSON.
import { formatReport, jsonFormatter, type BaseFormat, type Formatters } from '../../report/index.js';
import type { ChecklistResult } from './checklist.js';
import { sarifFormatter } from '../../report/sarif.js';
import type { LocatedProblem } from '../../report/index.js';

/** Each failed item, placed in its tier (no file: the checklist judges the tier as a whole). */
const checklistProblems = (result: ChecklistResult): LocatedProblem[] =>
  result.items
    .filter((i) => i.status === 'FAIL')
    .map((i) => ({ file: '', line: 0, path: `tier ${result.tier}`, message: [i.title, ...i.evidence].join('; '), rule: i.id }));

export type ChecklistFormat = BaseFormat | 'sarif';

const summaryLine = (result: ChecklistResult): string => {
  const failed = result.items.filter((i) => i.status === 'FAIL').length;
  const skipped = result.items.filter((i) => i.status === 'SKIP').length;
  return `checklist: ${result.items.length - failed - skipped} PASS, ${failed} FAIL${skipped ? `, ${skipped} SKIP` : ''}`;
};

/** The checklist's formatters: every line says PASS, FAIL or SKIP with its evidence. */
export const CHECKLIST_FORMATTERS: Formatters<ChecklistResult, ChecklistFormat> = {
  text(result) {
    const lines = [`Deployment checklist for ${subject(result)}`];
    for (const i of result.items) {
      lines.push(`${i.status}  ${i.title}`);
      for (const e of i.evidence) lines.push(`      ${e}`);
    }
    lines.push(summaryLine(result));
    return `${lines.join('\n')}\n`;
  },
  markdown(result) {
    const rows = result.items.map(
      (i) =>
        `| ${i.status === 'PASS' ? '✅ PASS' : i.status === 'SKIP' ? '⏭️ SKIP' : '❌ FAIL'} | ${i.title} | ${i.evidence.map((e) => e.replace(/\|/g, '\\|')).join('<br>')} |`,
    );
    return [
      `### Deployment checklist — ${subject(result)}`,
      '',
      '| result | item | evidence |',
      '|---|---|---|',
      ...rows,
      '',
      summaryLine(result),
      '',
    ].join('\n');
  },
  json: jsonFormatter(),
  sarif: sarifFormatter({ name: 'aipc check' }, checklistProblems),
};

/** Renders a checklist result in `format`. */
export const formatChecklist = (result: ChecklistResult, format: ChecklistFormat): string =>
  formatReport(CHECKLIST_FORMATTERS, result, format);

/** `tier edge`, or for a site profile `site site-a (tier edge)`. */
function subject(result: ChecklistResult): string {
  return result.site ? `site ${result.site} (tier ${result.tier})` : `tier ${result.tier}`;
}
