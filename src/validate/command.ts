// `aipc validate [FILE|DIR|-]...`: reads manifests, validates them, prints every problem as
// `file:line kind/namespace/name: field: message` and a summary (or one JSON document).
import { AipcError, InputError, EXIT_FINDINGS } from '../errors.js';
import { readManifestInputs } from './read-manifests.js';
import { readStdinText } from './stdin.js';
import { createValidator, SCHEMA_KUBERNETES_VERSION, type ValidationReport } from './validator.js';

export interface ValidateCommandOptions {
  readonly crd: readonly string[];
  readonly strict: boolean;
  readonly ignoreMissingSchemas?: boolean;
  readonly output: string;
  /** The Kubernetes release the objects target (1.29 to 1.33): which removed APIs are errors. */
  readonly kubernetesVersion?: string;
}

const OLDEST_TARGET = 29;

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
  const target = opts.kubernetesVersion;
  const minor = target === undefined ? undefined : /^v?1\.(\d+)(\.\d+)?$/.exec(target)?.[1];
  if (target !== undefined && (minor === undefined || Number(minor) < OLDEST_TARGET || Number(minor) > 33)) {
    throw new AipcError(
      `--kubernetes-version must be a release from 1.${OLDEST_TARGET} to ${SCHEMA_KUBERNETES_VERSION} (e.g. 1.31 or 1.31.2), not ${JSON.stringify(target)}`,
    );
  }
  // read before anything else: a pipe's writer may still be running (helm template ... | aipc validate -)
  const stdinText = stdinInputs ? await readStdinText() : '';
  const crds = [];
  for (const file of opts.crd) {
    const read = readManifestInputs([file]);
    if (read.diagnostics.length) throw new InputError(read.diagnostics);
    const found = read.objects.filter((m) => m.object.kind === 'CustomResourceDefinition');
    if (!found.length) throw new InputError([{ file, message: '--crd: no CustomResourceDefinition in this file' }]);
    crds.push(...found.map((m) => m.object));
  }
  // a duplicate key is a finding of its object here, so the other documents are still validated
  const read = readManifestInputs(inputs, () => stdinText, { duplicateKeys: 'keep' });
  if (read.diagnostics.length) throw new InputError(read.diagnostics);
  const report = createValidator({
    strict: opts.strict,
    ignoreMissingSchemas: opts.ignoreMissingSchemas,
    crds,
    kubeVersion: minor === undefined ? undefined : `1.${minor}`,
  }).validate(read.objects);
  out.write(opts.output === 'json' ? `${JSON.stringify(reportJson(report), null, 2)}\n` : reportText(report));
  return report.invalid > 0 ? EXIT_FINDINGS : 0;
}

/** Every problem as `file:line kind/namespace/name: field: message`, then `N resources: V valid, I invalid, S skipped`. */
export function reportText(report: ValidationReport): string {
  let text = '';
  for (const o of report.objects) {
    for (const issue of o.issues) text += `${o.file}:${issue.line} ${o.ref}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}\n`;
  }
  for (const w of report.warnings) text += `${w.file}:${w.line} ${w.ref}: warning: ${w.path ? `${w.path}: ` : ''}${w.message}\n`;
  text += `${report.resources} resources: ${report.valid} valid, ${report.invalid} invalid, ${report.skipped} skipped\n`;
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
