// Printing a lint report: text (one line per finding, as compilers print), Markdown, JSON.
import { describeLintExceptions, type LintException } from '../../model/lint-exceptions.js';
import { formatNames, formatReport, jsonFormatter, type BaseFormat, type Formatters, type LocatedProblem } from '../../report/index.js';
import type { LintReport } from './run.js';
import { printable } from '../../util/printable.js';
import { sarifFormatter } from '../../report/sarif.js';

export type LintFormat = BaseFormat | 'sarif';

/** `Kind namespace/name`, escaped: a name is input and must not move the cursor or start a line. */
const objectName = (f: { kind: string; namespace: string; name: string }): string =>
  printable(`${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}`);

/** The exceptions that accepted at least one finding, each once. */
function usedExceptions(report: LintReport): LintException[] {
  return [...new Set(report.excepted.map((e) => e.exception))];
}

const summaryLine = (report: LintReport): string =>
  `${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} in ${report.objects} objects (${report.checks.length} checks; ${report.excepted.length} accepted by declared exceptions, ${report.exempted} exempted by annotations)`;

/** Every finding placed in its file (the rule is the check's name), for formats that take any report. */
export const lintProblems = (report: LintReport): LocatedProblem[] =>
  report.findings.map((f) => ({ file: f.file, line: f.line, path: f.path, message: f.message, rule: f.check, template: f.template }));

/** Lint's formatters: text (one line per finding, as compilers print), JSON, Markdown. */
export const LINT_FORMATTERS: Formatters<LintReport, LintFormat> = {
  text(report) {
    const lines = report.findings.map(
      (f) => `${printable(f.file)}:${f.line}: ${f.severity} ${f.check}: ${objectName(f)}: ${printable(f.message)}`,
    );
    const accepted = usedExceptions(report).map(
      (e) => `accepted ${e.check} on ${printable(e.object)} (${report.excepted.filter((x) => x.exception === e).length}): ${e.reason}`,
    );
    return [...lines, ...accepted, summaryLine(report), ''].join('\n');
  },
  json: jsonFormatter((report: LintReport) => ({
    reports: report.findings.map((f) => ({
      check: f.check,
      kind: f.kind,
      namespace: f.namespace,
      name: f.name,
      message: f.message,
      path: f.path,
      line: f.line,
      severity: f.severity,
      remediation: report.checks.find((c) => c.name === f.check)?.remediation,
    })),
    checks: report.checks.map((c) => c.name),
    exceptions: usedExceptions(report).map((e) => ({ ...e, findings: report.excepted.filter((x) => x.exception === e).length })),
  })),
  markdown(report) {
    const used = usedExceptions(report);
    const rows = report.findings.map(
      (f) =>
        `| ${f.severity} | ${f.check} | ${objectName(f)} | \`${printable(f.path || '.')}\` (line ${f.line}) | ${printable(f.message).replace(/\|/g, '\\|')} |`,
    );
    return [
      '## aipc lint',
      '',
      summaryLine(report),
      '',
      ...(rows.length ? ['| severity | check | object | field | message |', '|---|---|---|---|---|', ...rows, ''] : []),
      ...(used.length ? ['### Declared exceptions applied', '', describeLintExceptions(used), ''] : []),
    ].join('\n');
  },
  sarif: sarifFormatter(
    (report: LintReport) => ({
      name: 'aipc lint',
      rules: new Map(report.checks.map((c) => [c.name, c.description])),
      level: (p) => (report.checks.find((c) => c.name === p.rule)?.severity === 'error' ? 'error' : 'warning'),
    }),
    lintProblems,
  ),
};

export const LINT_FORMATS: readonly LintFormat[] = formatNames(LINT_FORMATTERS);

/** Prints a lint report in `format`. */
export const formatLintReport = (report: LintReport, format: LintFormat): string => formatReport(LINT_FORMATTERS, report, format);
