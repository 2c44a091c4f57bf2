// `aipc validate [FILE|DIR|-]...`: reads manifests, validates them, prints every problem as
// `file:line kind/namespace/name: field: message` and a summary (or one JSON document).
import { AipcError, InputError, EXIT_FINDINGS } from '../errors.js';
import { readManifestInputs } from '../io/manifests.js';
import { createValidator, type ValidationReport } from './validator.js';

export interface ValidateCommandOptions {
  readonly crd: readonly string[];
  readonly strict: boolean;
  readonly ignoreMissingSchemas?: boolean;
  readonly output: string;
}

/** Runs `aipc validate` and returns the exit code (0 all valid, 1 invalid objects; bad input throws, exit 2). */
export async function runValidateCommand(
  inputs: readonly string[],
  opts: ValidateCommandOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  if (opts.output !== 'text' && opts.output !== 'json') {
    throw new AipcError(`--output must be text or json, not ${JSON.stringify(opts.output)}`);
  }
  const stdinInputs = inputs.filter((i) => i === '-').length;
  if (stdinInputs > 1) throw new AipcError('- (stdin) may be given only once');
  if (stdinInputs && process.stdin.isTTY) {
    throw new AipcError(
      'no input: give manifest files or directories, or pipe manifests to stdin',
      undefined,
      'aipc validate out.yaml, or helm template ... | aipc validate -',
    );
  }
  const crds = [];
  for (const file of opts.crd) {
    const read = readManifestInputs([file]);
    if (read.diagnostics.length) throw new InputError(read.diagnostics);
    const found = read.objects.filter((m) => m.object.kind === 'CustomResourceDefinition');
    if (!found.length) throw new InputError([{ file, message: '--crd: no CustomResourceDefinition in this file' }]);
    crds.push(...found.map((m) => m.object));
  }
  const read = readManifestInputs(inputs);
  if (read.diagnostics.length) throw new InputError(read.diagnostics);
  const report = createValidator({ strict: opts.strict, ignoreMissingSchemas: opts.ignoreMissingSchemas, crds }).validate(read.objects);
  out.write(opts.output === 'json' ? `${JSON.stringify(reportJson(report), null, 2)}\n` : reportText(report));
  return report.invalid > 0 ? EXIT_FINDINGS : 0;
}

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
