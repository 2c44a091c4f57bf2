// How a validation report is printed: one line per problem plus a summary, a Markdown table, or one JSON document.
import { formatReport, jsonFormatter, type BaseFormat, type Formatters, type LocatedProblem } from '../report/index.js';
import type { ValidationReport } from './validator.js';
import { printable } from '../util/printable.js';
import { sarifFormatter } from '../report/sarif.js';

export type ValidationFormat = BaseFormat | 'sarif';

const summaryLine = (report: ValidationReport): string =>
  `${report.resources} resources: ${report.valid} valid, ${report.invalid} invalid, ${report.skipped} skipped`;

/** Every issue placed in its file (the rule is the validator's stage), for formats that take any report. */
export const validationProblems = (report: ValidationReport): LocatedProblem[] =>
  report.objects.flatMap((o) =>
    o.issues.map((i) => ({
      file: o.file,
      line: i.line,
      column: i.column,
      path: i.path,
      message: `${o.ref}: ${i.message}`,
      rule: i.rule,
      template: o.template,
    })),
  );

/** A Markdown table of the problems (for a pull-request comment), then the summary. */
export function reportMarkdown(report: ValidationReport): string {
  const cell = (s: string) => printable(s).replace(/\|/g, '\\|');
  const rows = report.objects.flatMap((o) =>
    o.issues.map((i) => `| \`${cell(o.file)}:${i.line}\` | ${cell(o.ref)} | \`${cell(i.path || '.')}\` | ${cell(i.message)} |`),
  );
  const warnings = report.warnings.map(
    (w) => `- \`${cell(w.file)}:${w.line}\` ${cell(w.ref)}: ${w.path ? `\`${cell(w.path)}\`: ` : ''}${cell(w.message)}`,
  );
  return [
    `### aipc validate: ${report.invalid ? 'invalid objects' : 'all valid'}`,
    '',
    summaryLine(report),
    '',
    ...(rows.length ? ['| where | object | field | problem |', '|---|---|---|---|', ...rows, ''] : []),
    ...(warnings.length ? ['#### Warnings', '', ...warnings, ''] : []),
  ].join('\n');
}

/**
 * Every problem as `file:line kind/namespace/name: field: message`, then warnings, then
 * `N resources: V valid, I invalid, S skipped` and notes (transition rules not checked, bundled models used).
 */
export function reportText(report: ValidationReport): string {
  let text = '';
  for (const o of report.objects) {
    for (const issue of o.issues) text += `${o.file}:${issue.line} ${o.ref}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}\n`;
  }
  for (const w of report.warnings) text += `${w.file}:${w.line} ${w.ref}: warning: ${w.path ? `${w.path}: ` : ''}${w.message}\n`;
  text += `${summaryLine(report)}\n`;
  if (report.transitionRulesNotChecked)
    text += `note: ${report.transitionRulesNotChecked} CEL transition rule evaluation(s) (rules using oldSelf) not checked: the API server runs them on updates only\n`;
  for (const [model, count] of Object.entries(report.bundledModels))
    text += `note: ${count} custom resource(s) checked against the bundled model ${model}, not their CRD; pass the CRDs of the version you run with --crd\n`;
  return text;
}

/** The stable JSON form: a summary and every object's verdict with its issues, in input order. */
export function reportJson(report: ValidationReport): unknown {
  return {
    summary: {
      resources: report.resources,
      valid: report.valid,
      invalid: report.invalid,
      skipped: report.skipped,
      transitionRulesNotChecked: report.transitionRulesNotChecked,
      bundledModels: report.bundledModels,
    },
    warnings: report.warnings,
    objects: report.objects.map((o) => ({
      file: o.file,
      line: o.line,
      apiVersion: o.apiVersion ?? null,
      kind: o.kind ?? null,
      namespace: o.namespace ?? null,
      name: o.name ?? null,
      verdict: o.verdict,
      schema: o.schema ?? null,
      schemaVersion: o.schemaVersion ?? null,
      bundledModel: o.bundledModel ?? false,
      errors: o.issues.map((i) => ({ line: i.line, column: i.column, path: i.path, message: i.message, rule: i.rule })),
    })),
  };
}

/** Validate's formatters: text (one line per problem, as compilers print), Markdown, JSON. */
export const VALIDATION_FORMATTERS: Formatters<ValidationReport, ValidationFormat> = {
  text: reportText,
  markdown: reportMarkdown,
  json: jsonFormatter(reportJson),
  sarif: sarifFormatter({ name: 'aipc validate' }, validationProblems),
};

/** Prints a validation report in `format`. */
export const formatValidation = (report: ValidationReport, format: ValidationFormat): string =>
  formatReport(VALIDATION_FORMATTERS, report, format);
