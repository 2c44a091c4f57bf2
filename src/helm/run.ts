// Running Helm. Only `helm template`, `lint` and `package` are used: no cluster is needed.
import { spawn } from 'node:child_process';
import { AipcError, EXIT_USAGE } from '../errors.js';
import { checkValuesFiles } from '../io/yaml-read.js';
import { isInterrupting, trackChild } from '../io/cleanup.js';
import { DEFAULT_NAMESPACE, DEFAULT_RELEASE } from '../model/install.js';
import { assertSelfContainedChart } from './chart-guard.js';
import type { ValuesInput } from '../model/values-input.js';

export interface HelmResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Runs helm with args; resolves with its output whatever the exit code. */
export function runHelm(helm: string, args: readonly string[], options: { cwd?: string } = {}): Promise<HelmResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(helm, args, {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      // a clean, offline environment: no user repositories or plugins change the result
      env: { ...process.env, HELM_NO_PLUGINS: '1' },
    });
    trackChild(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    // Helm stopped by an interrupt has no result: the run ends with the interrupt's cleanup
    child.on('close', (code) =>
      isInterrupting()
        ? undefined
        : resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), exitCode: code ?? 1 }),
    );
  });
}

/** What `helm template` is given: the full values-file list, then the values input's --set flags. */
export interface TemplateOptions extends Omit<ValuesInput, 'extraValuesFiles'> {
  readonly helm: string;
  readonly chartDir: string;
  readonly release?: string;
  readonly namespace?: string;
  readonly valuesFiles?: readonly string[];
  /** API versions to announce, e.g. `monitoring.coreos.com/v1/ServiceMonitor` (kind-level). */
  readonly apiVersions?: readonly string[];
  readonly kubeVersion?: string;
  /** Also print the chart's crds/ (so custom resources can be checked against them). */
  readonly includeCrds?: boolean;
  /** Render only these chart templates (`--show-only`). */
  readonly showOnly?: readonly string[];
  /** The values files were already checked (a resolved tier): do not read them again. */
  readonly valuesChecked?: boolean;
}

/** Default release name and namespace used for renders, golden files and checks. */
export { DEFAULT_NAMESPACE, DEFAULT_RELEASE };
/** The Kubernetes version renders assume (the schemas in use are Kubernetes 1.33). */
export const DEFAULT_KUBE_VERSION = '1.33.0';

/** `helm template` → the rendered multi-document YAML; a Helm failure is an AipcError with its message. */
export async function helmTemplate(options: TemplateOptions): Promise<string> {
  const args = [
    'template',
    options.release ?? DEFAULT_RELEASE,
    options.chartDir,
    '--namespace',
    options.namespace ?? DEFAULT_NAMESPACE,
    '--kube-version',
    options.kubeVersion ?? DEFAULT_KUBE_VERSION,
  ];
  assertSelfContainedChart(options.chartDir);
  // bad values files are reported with file, line and column before Helm sees them
  if (!options.valuesChecked) checkValuesFiles(options.valuesFiles ?? []);
  if (options.includeCrds) args.push('--include-crds');
  for (const f of options.valuesFiles ?? []) args.push('--values', f);
  for (const s of options.set ?? []) args.push('--set', s);
  for (const s of options.setString ?? []) args.push('--set-string', s);
  for (const s of options.setFile ?? []) args.push('--set-file', s);
  for (const a of options.apiVersions ?? []) args.push('--api-versions', a);
  for (const t of options.showOnly ?? []) args.push('--show-only', t);
  const result = await runHelm(options.helm, args);
  if (result.exitCode !== 0) {
    // the chart is generated and tested: what Helm refuses is the values or --set given to it
    throw new AipcError(
      `helm template failed:\n${result.stderr.trim()}`,
      EXIT_USAGE,
      'check the values files and --set values against the chart (values.schema.json)',
    );
  }
  return result.stdout;
}

/** `helm lint --strict` → its result (callers decide how to report). */
export function helmLint(helm: string, chartDir: string, valuesFiles: readonly string[] = []): Promise<HelmResult> {
  assertSelfContainedChart(chartDir);
  const args = ['lint', chartDir, '--strict'];
  for (const f of valuesFiles) args.push('--values', f);
  return runHelm(helm, args);
}
