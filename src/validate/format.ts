// How a validation report is printed: one line per problem plus a summary, or one JSON document.
import type { ValidationReport } from './validator.js';

/** Every problem as `file:line kind/namespace/name: field: message`, then `N resources: V valid, I invalid, S skipped`. */
export function reportText(report: ValidationReport): string {
  let text = '';
  for (const o of report.objects) {
    for (const issue of o.issues) text += `${o.file}:${issue.line} ${o.ref}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}\n`;
  }
  text += `${report.resources} resources: ${report.valid} valid, ${report.invalid} invalid, ${report.skipped} skipped\n`;
  return text;
}

/** The stable JSON form: a summary and every object's verdict with its issues, in input order. */
export function reportJson(report: ValidationReport): unknown {
  return {
    summary: { resources: report.resources, valid: report.valid, invalid: report.invalid, skipped: report.skipped },
    objects: report.objects.map((o) => ({
      file: o.file,
      line: o.line,
      apiVersion: o.apiVersion ?? null,
      kind: o.kind ?? null,
      namespace: o.namespace ?? null,
      name: o.name ?? null,
      verdict: o.verdict,
      schema: o.schema ?? null,
      errors: o.issues.map((i) => ({ line: i.line, column: i.column, path: i.path, message: i.message, rule: i.rule })),
    })),
  };
}
