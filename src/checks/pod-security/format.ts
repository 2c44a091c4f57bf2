// Output of the pod-security report: text for a terminal, Markdown for a PR comment, JSON for tools.
import type { PodSecurityReport, PodSecurityFailure, WorkloadReport } from './check.js';
import { describePodSecurityExceptions } from '../../model/pod-security-exceptions.js';

export type PodSecurityFormat = 'text' | 'markdown' | 'json';

/** Failures that put a workload below the required level (restricted-only ones don't, when baseline is required). */
function relevantFailures(report: PodSecurityReport, w: WorkloadReport): PodSecurityFailure[] {
  return report.requiredLevel === 'baseline' ? w.failures.filter((f) => f.level === 'baseline') : w.failures;
}

function where(w: WorkloadReport, f: PodSecurityFailure): string {
  return `${w.file}:${f.line ?? w.line}${f.column !== undefined ? `:${f.column}` : ''}`;
}

function summary(report: PodSecurityReport): string {
  const count = (v: WorkloadReport['verdict']): number => report.workloads.filter((w) => w.verdict === v).length;
  return (
    `${report.workloads.length} workload(s) checked against ${report.requiredLevel} (${report.version}): ` +
    `${count('pass')} pass, ${count('exception')} by declared exception, ${count('fail')} fail; ` +
    `${report.namespaceFindings.length} namespace label finding(s)`
  );
}

export function formatPodSecurityReport(report: PodSecurityReport, format: PodSecurityFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return format === 'markdown' ? formatMarkdown(report) : formatText(report);
}

function formatText(report: PodSecurityReport): string {
  const lines: string[] = [];
  for (const w of report.workloads) {
    const label = w.verdict === 'pass' ? 'ok' : w.verdict === 'exception' ? 'EXCEPTION' : 'FAIL';
    lines.push(`${label.padEnd(9)} ${w.ref} is ${w.level}${w.sourceTemplate ? ` (${w.sourceTemplate})` : ''}`);
    if (w.exception) lines.push(`          declared exception (${w.exception.level}): ${w.exception.reason}`);
    if (w.verdict === 'pass') continue;
    for (const f of relevantFailures(report, w)) {
      lines.push(`  ${where(w, f)}: ${f.path}: ${f.found}; ${f.required} [${f.check}]`);
    }
  }
  for (const n of report.namespaceFindings) lines.push(`FAIL      Namespace/${n.namespace} (${n.file}:${n.line}): ${n.message}`);
  lines.push('Declared exceptions (also in the chart README):', describePodSecurityExceptions(report.exceptions));
  lines.push(summary(report));
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function formatMarkdown(report: PodSecurityReport): string {
  const out: string[] = [
    `### Pod security: ${report.ok ? 'pass' : 'findings'} (required ${report.requiredLevel}, ${report.version})`,
    '',
    summary(report),
    '',
    '#### Declared exceptions',
    '',
    describePodSecurityExceptions(report.exceptions),
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
