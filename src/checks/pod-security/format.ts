// Output of the pod-security report: text for a terminal, Markdown for a PR comment, JSON for tools.
import type { PodSecurityReport, PodSecurityFailure, WorkloadReport } from './check.js';
import { describePodSecurityExceptions } from '../../model/pod-security-exceptions.js';
import { printable } from '../../util/printable.js';
import { sarifFormatter } from '../../report/sarif.js';
import { formatReport, jsonFormatter, type BaseFormat, type Formatters, type LocatedProblem } from '../../report/index.js';

export type PodSecurityFormat = BaseFormat | 'sarif';

/** Failures that put a workload below the required level (restricted-only ones don't, when baseline is required). */
function relevantFailures(report: PodSecurityReport, w: WorkloadReport): PodSecurityFailure[] {
  return report.requiredLevel === 'baseline' ? w.failures.filter((f) => f.level === 'baseline') : w.failures;
}

function where(w: WorkloadReport, f: PodSecurityFailure): string {
  return `${printable(w.file)}:${f.line ?? w.line}${f.column !== undefined ? `:${f.column}` : ''}`;
}

function summary(report: PodSecurityReport): string {
  const count = (v: WorkloadReport['verdict']): number => report.workloads.filter((w) => w.verdict === v).length;
  return (
    `${report.workloads.length} workload(s) checked against ${report.requiredLevel} (${report.version}): ` +
    `${count('pass')} pass, ${count('exception')} by declared exception, ${count('fail')} fail; ` +
    `${report.namespaceFindings.length} namespace label finding(s)`
  );
}

/**
 * The declared exceptions under the verdicts: the table, or that there are none. (The chart README's
 * "every pod meets restricted" is a claim about the chart, not about the objects just checked.)
 */
function exceptionsText(report: PodSecurityReport): string {
  if (!report.exceptions.length) return 'none';
  // the README's table, each exception's text escaped as every other input text is
  return describePodSecurityExceptions(report.exceptions.map((e) => ({ ...e, workload: cell(e.workload), reason: cell(e.reason) })));
}

/** Pod security's formatters: text for a terminal, Markdown for a PR comment, JSON for tools. */
export const POD_SECURITY_FORMATTERS: Formatters<PodSecurityReport, PodSecurityFormat> = {
  text: formatText,
  markdown: formatMarkdown,
  json: jsonFormatter(),
  sarif: sarifFormatter({ name: 'aipc check pod-security' }, podSecurityProblems),
};

/** Prints a pod-security report in `format`. */
export const formatPodSecurityReport = (report: PodSecurityReport, format: PodSecurityFormat): string =>
  formatReport(POD_SECURITY_FORMATTERS, report, format);

/** Every failure that puts a workload below the required level, and every namespace finding, placed in its file. */
export function podSecurityProblems(report: PodSecurityReport): LocatedProblem[] {
  const out: LocatedProblem[] = [];
  for (const w of report.workloads) {
    if (w.verdict !== 'fail') continue;
    for (const f of relevantFailures(report, w))
      out.push({
        file: w.file,
        line: f.line ?? w.line,
        column: f.column,
        path: f.path,
        message: `${w.ref}: ${f.found}; ${f.required}`,
        rule: f.check,
      });
  }
  for (const n of report.namespaceFindings)
    out.push({
      file: n.file,
      line: n.line,
      path: 'metadata.labels["pod-security.kubernetes.io/enforce"]',
      message: `Namespace/${n.namespace}: ${n.message}`,
      rule: 'namespace-enforce-label',
    });
  return out;
}

function formatText(report: PodSecurityReport): string {
  const lines: string[] = [];
  for (const w of report.workloads) {
    const label = w.verdict === 'pass' ? 'ok' : w.verdict === 'exception' ? 'EXCEPTION' : 'FAIL';
    lines.push(`${label.padEnd(9)} ${printable(w.ref)} is ${w.level}${w.sourceTemplate ? ` (${printable(w.sourceTemplate)})` : ''}`);
    if (w.exception) lines.push(`          declared exception (${w.exception.level}): ${printable(w.exception.reason)}`);
    if (w.verdict === 'pass') continue;
    for (const f of relevantFailures(report, w)) {
      lines.push(`  ${where(w, f)}: ${printable(f.path)}: ${printable(f.found)}; ${f.required} [${f.check}]`);
    }
  }
  for (const n of report.namespaceFindings)
    lines.push(`FAIL      Namespace/${printable(n.namespace)} (${printable(n.file)}:${n.line}): ${printable(n.message)}`);
  if (report.exceptions.length) lines.push('Declared exceptions (also in the chart README):', exceptionsText(report));
  else lines.push('Declared exceptions: none');
  lines.push(summary(report));
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return printable(text).replace(/\|/g, '\\|');
}

function formatMarkdown(report: PodSecurityReport): string {
  const out: string[] = [
    `### Pod security: ${report.ok ? 'pass' : 'findings'} (required ${report.requiredLevel}, ${report.version})`,
    '',
    summary(report),
    '',
    '#### Declared exceptions',
    '',
    exceptionsText(report),
    '',
  ];
  out.push('| workload | level | verdict |', '|---|---|---|');
  for (const w of report.workloads) {
    const verdict = w.verdict === 'exception' ? `exception: ${w.exception!.reason}` : w.verdict;
    out.push(`| \`${cell(w.ref)}\` | ${w.level} | ${cell(verdict)} |`);
  }
  const failing = report.workloads.filter((w) => w.verdict !== 'pass');
  if (failing.length) {
    out.push('', '| workload | check | field | found | required |', '|---|---|---|---|---|');
    for (const w of failing) {
      for (const f of relevantFailures(report, w)) {
        out.push(
          `| \`${cell(w.ref)}\` | \`${f.check}\` | \`${cell(f.path)}\` (${cell(where(w, f))}) | ${cell(f.found)} | ${cell(f.required)} |`,
        );
      }
    }
  }
  if (report.namespaceFindings.length) {
    out.push('', '| namespace | enforce | finding |', '|---|---|---|');
    for (const n of report.namespaceFindings) out.push(`| \`${cell(n.namespace)}\` | ${cell(n.enforce)} | ${cell(n.message)} |`);
  }
  return `${out.join('\n')}\n`;
}
