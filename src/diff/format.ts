// DiffReport → text (a terminal or CI log), Markdown (a pull-request comment) or JSON (tools).
import { formatYaml } from '../io/yaml-format.js';
import {
  countChanges,
  formatFieldPath,
  isEmptyReport,
  objectLabel,
  type DiffCounts,
  type DiffReport,
  type FieldChange,
  type ObjectChange,
} from './diff.js';

export const DIFF_FORMATS = ['text', 'markdown', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export function formatDiff(report: DiffReport, format: DiffFormat): string {
  if (format === 'json') return `${JSON.stringify(diffJson(report), null, 2)}\n`;
  return format === 'markdown' ? diffMarkdown(report) : diffText(report);
}

const counted = (c: DiffCounts): string => `${c.added} added, ${c.removed} removed, ${c.changed} changed`;
const SIGN = { added: '+', removed: '-', changed: '~' } as const;

/** A value on one line: JSON, so `"3"` and `3` are told apart. */
const inline = (v: unknown): string => (v === undefined ? '(none)' : JSON.stringify(v));

// ---- text ----

/** One line per object (`+`, `-`, `~`), changed fields indented beneath, a summary per section and in total. */
export function diffText(report: DiffReport): string {
  if (isEmptyReport(report)) return `no differences between ${report.before} and ${report.after}${tierList(report)}\n`;
  let out = '';
  const tiered = report.sections.some((s) => s.tier !== undefined);
  for (const section of report.sections) {
    const indent = tiered ? '  ' : '';
    if (tiered) out += `${section.tier}: ${section.objects.length ? counted(countChanges(section.objects)) : 'no differences'}\n`;
    if (section.note) out += `${indent}note: ${section.note}\n`;
    for (const o of section.objects) {
      out += `${indent}${SIGN[o.change]} ${objectLabel(o)} (${o.apiVersion})\n`;
      for (const f of o.fields) out += `${indent}    ${formatFieldPath(f.path)}: ${fieldText(f)}\n`;
    }
  }
  out += `${counted(countChanges(report.sections.flatMap((s) => s.objects)))}\n`;
  return out;
}

function fieldText(f: FieldChange): string {
  if (f.change === 'added') return `added ${inline(f.after)}`;
  if (f.change === 'removed') return `removed (was ${inline(f.before)})`;
  return `${inline(f.before)} -> ${inline(f.after)}`;
}

function tierList(report: DiffReport): string {
  const tiers = report.sections.flatMap((s) => (s.tier === undefined ? [] : [s.tier]));
  return tiers.length ? ` (tiers: ${tiers.join(', ')})` : '';
}

// ---- JSON ----

/** The stable JSON form: totals, then per section its counts and every changed object with its fields. */
export function diffJson(report: DiffReport): unknown {
  return {
    before: report.before,
    after: report.after,
    summary: countChanges(report.sections.flatMap((s) => s.objects)),
    sections: report.sections.map((s) => ({
      tier: s.tier ?? null,
      ...(s.note ? { note: s.note } : {}),
      summary: countChanges(s.objects),
      objects: s.objects.map((o) => ({
        change: o.change,
        apiVersion: o.apiVersion,
        kind: o.kind,
        namespace: o.namespace ?? null,
        name: o.name,
        ...(o.change === 'changed'
          ? {
              fields: o.fields.map((f) => ({
                path: formatFieldPath(f.path),
                change: f.change,
                ...('before' in f ? { old: f.before } : {}),
                ...('after' in f ? { new: f.after } : {}),
              })),
            }
          : { object: o.object }),
      })),
    })),
  };
}

// ---- Markdown ----

/** GitHub rejects comments over 65,536 characters; details stop short of that, with a note. */
export const MARKDOWN_LIMIT = 60_000;
/** A changed object with more fields than this, or an added/removed one longer than this many YAML lines, starts collapsed. */
const OPEN_FIELDS = 10;
const OPEN_LINES = 25;

/** A summary table (counts per tier and kind), then each object in a `<details>` block. */
export function diffMarkdown(report: DiffReport, limit: number = MARKDOWN_LIMIT): string {
  const tiered = report.sections.some((s) => s.tier !== undefined);
  let head = `### aipc diff: ${code(report.before)} → ${code(report.after)}\n\n`;
  if (isEmptyReport(report)) {
    head += `**No differences** in the rendered objects${tierList(report)}.\n`;
    return head;
  }
  const all = report.sections.flatMap((s) => s.objects);
  head += `**${counted(countChanges(all))}**\n\n`;
  head += tiered
    ? '| tier | kind | added | removed | changed |\n|:--|:--|--:|--:|--:|\n'
    : '| kind | added | removed | changed |\n|:--|--:|--:|--:|\n';
  for (const section of report.sections) {
    const kinds = [...new Set(section.objects.map((o) => o.kind))].sort();
    if (tiered && kinds.length === 0) head += `| ${section.tier} | (none) | 0 | 0 | 0 |\n`;
    for (const kind of kinds) {
      const c = countChanges(section.objects.filter((o) => o.kind === kind));
      head += `${tiered ? `| ${section.tier} ` : ''}| ${kind} | ${c.added} | ${c.removed} | ${c.changed} |\n`;
    }
  }
  const total = countChanges(all);
  head += `${tiered ? '| **total** | ' : '| **total** '}| **${total.added}** | **${total.removed}** | **${total.changed}** |\n`;

  let body = '';
  let omitted = 0;
  for (const section of report.sections) {
    let block = '';
    if (tiered) block += `\n#### ${section.tier}\n`;
    if (section.note) block += `\n> ${section.note}\n`;
    if (tiered && section.objects.length === 0) block += '\nNo differences.\n';
    for (const o of section.objects) {
      const details = objectDetails(o);
      if (head.length + body.length + block.length + details.length > limit) omitted++;
      else block += details;
    }
    body += block;
  }
  if (omitted)
    body += `\n_${omitted} more object${omitted === 1 ? '' : 's'} not shown (comment size limit); run \`aipc diff\` locally for the whole report._\n`;
  return head + body;
}

function objectDetails(o: ObjectChange): string {
  if (o.change === 'changed') {
    const n = o.fields.length;
    let rows = '| field | old | new |\n|:--|:--|:--|\n';
    for (const f of o.fields)
      rows += `| ${code(formatFieldPath(f.path))} | ${'before' in f ? code(inline(f.before)) : '—'} | ${'after' in f ? code(inline(f.after)) : '—'} |\n`;
    return details(n <= OPEN_FIELDS, `<b>~ changed</b> ${code(objectLabel(o))} (${o.apiVersion}), ${n} field${n === 1 ? '' : 's'}`, rows);
  }
  const yaml = formatYaml(o.object ?? {});
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(yaml) + 1));
  const lines = yaml.split('\n').length - 1;
  const label = o.change === 'added' ? '<b>+ added</b>' : '<b>- removed</b>';
  return details(lines <= OPEN_LINES, `${label} ${code(objectLabel(o))} (${o.apiVersion})`, `${fence}yaml\n${yaml}${fence}\n`);
}

const details = (open: boolean, summary: string, content: string): string =>
  `\n<details${open ? ' open' : ''}>\n<summary>${summary}</summary>\n\n${content}\n</details>\n`;

/** Inline code that is safe in a table cell and in HTML (`|`, `<`, `&` escaped). */
function code(s: string): string {
  return `<code>${s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;')}</code>`;
}

function longestBacktickRun(s: string): number {
  let longest = 0;
  for (const m of s.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return longest;
}
