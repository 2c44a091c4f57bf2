// CompatReport → text (a terminal or CI log), Markdown (the release pull request) or JSON (tools).
import { BASE_FORMATS, formatReport, jsonFormatter, type BaseFormat, type Formatters, type LocatedProblem } from '../report/index.js';
import { sarifFormatter } from '../report/sarif.js';
import { renderedText } from '../diff/format.js';
import type { CompatFinding, CompatReport, CompatSection, Severity } from './report.js';

export const COMPAT_FORMATS = [...BASE_FORMATS, 'sarif'] as const;
export type CompatFormat = BaseFormat | 'sarif';

/** Each finding at its subject (a values key or an object; no file), breaking ones as errors. */
const compatProblems = (report: CompatReport): LocatedProblem[] =>
  [...report.chart, ...report.sections.flatMap((s) => s.findings)].map((f) => ({
    file: '',
    line: 0,
    path: f.subject,
    message: `${f.message} Migration: ${f.migration}`,
    rule: f.rule,
  }));

/** Compat's formatters: text (a terminal or CI log), Markdown (the release pull request), JSON (tools). */
export const COMPAT_FORMATTERS: Formatters<CompatReport, CompatFormat> = {
  text: (report) => compatText(report),
  markdown: (report) => compatMarkdown(report),
  json: jsonFormatter(),
  sarif: sarifFormatter(
    (report: CompatReport) => ({
      name: 'aipc compat',
      // what each side of each tier was rendered from, as the other formats say it
      properties: {
        before: report.before,
        after: report.after,
        rendered: report.sections.filter((s) => s.rendered).map((s) => ({ tier: s.tier, ...s.rendered })),
      },
      level: (p) => {
        const f = [...report.chart, ...report.sections.flatMap((s) => s.findings)].find((x) => x.rule === p.rule && x.subject === p.path);
        return f?.severity === 'breaking' ? 'error' : f?.severity === 'warning' ? 'warning' : 'note';
      },
    }),
    compatProblems,
  ),
};

/** The report in `format`. */
export const formatCompat = (report: CompatReport, format: CompatFormat): string => formatReport(COMPAT_FORMATTERS, report, format);

const SEVERITIES: readonly Severity[] = ['breaking', 'warning', 'additive', 'info'];

function tally(findings: readonly CompatFinding[]): string {
  const parts = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  return parts.length ? parts.map(([s, n]) => `${n} ${s}`).join(', ') : 'no findings';
}

/** Most severe first, then by rule and subject, so a report reads the same on every run. */
function sorted(findings: readonly CompatFinding[]): CompatFinding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.rule.localeCompare(b.rule) || a.subject.localeCompare(b.subject),
  );
}

const verdict = (r: CompatReport) =>
  r.failed
    ? `FAIL: ${r.version.ok ? '' : 'the chart version is short of the change; '}${
        [r.chart, ...r.sections.map((s) => s.findings)].flat().filter((f) => f.severity === 'breaking').length
      } breaking finding(s)`
    : 'OK: compatible, and the chart version matches the change';

/** What each side of a tier was rendered from, as `aipc diff --base` says it: [side, description]. */
const renderedSides = (r: CompatReport, s: CompatSection): [string, string][] =>
  s.rendered
    ? [
        [r.before, renderedText(s.rendered.before)],
        [r.after, renderedText(s.rendered.after)],
      ]
    : [];

export function compatText(r: CompatReport): string {
  let out = `compat ${r.before} → ${r.after}\n`;
  out += `chart version ${r.version.ok ? 'ok' : 'FAIL'}: ${r.version.message}\n`;
  const block = (title: string, findings: readonly CompatFinding[], extra = '') => {
    out += `${title}: ${tally(findings)}${extra}\n`;
    for (const f of sorted(findings)) out += `  ${f.severity.toUpperCase()} ${f.rule}: ${f.message}\n    migration: ${f.migration}\n`;
  };
  block('values API (every tier)', r.chart);
  for (const s of r.sections) {
    block(`tier ${s.tier}`, s.findings, ` (objects: ${s.objects.added} added, ${s.objects.removed} removed, ${s.objects.changed} changed)`);
    if (s.note) out += `  note: ${s.note}\n`;
    for (const [side, what] of renderedSides(r, s)) out += `  ${side}: ${what}\n`;
  }
  return `${out}${verdict(r)}\n`;
}

const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function compatMarkdown(r: CompatReport): string {
  let out = `## aipc compat: \`${cell(r.before)}\` → \`${cell(r.after)}\`\n\n`;
  out += `**${r.failed ? 'Not upgrade-safe' : 'Upgrade-safe'}.** Chart version: ${cell(r.version.message)}.\n\n`;
  const block = (title: string, findings: readonly CompatFinding[], extra = '') => {
    out += `### ${title}: ${tally(findings)}${extra}\n\n`;
    if (!findings.length) return;
    out += '| severity | rule | finding | migration |\n|---|---|---|---|\n';
    for (const f of sorted(findings)) out += `| ${f.severity} | \`${f.rule}\` | ${cell(f.message)} | ${cell(f.migration)} |\n`;
    out += '\n';
  };
  block('Values API (every tier)', r.chart);
  for (const s of r.sections) {
    block(`Tier ${s.tier}`, s.findings, ` (objects: ${s.objects.added} added, ${s.objects.removed} removed, ${s.objects.changed} changed)`);
    if (s.note) out += `> ${cell(s.note)}\n\n`;
    const sides = renderedSides(r, s);
    if (sides.length) out += `${sides.map(([side, what]) => `> rendered at \`${cell(side)}\`: ${cell(what)}`).join('  \n')}\n\n`;
  }
  return out;
}
