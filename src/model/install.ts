// The one documented install path, as data: the chart README, every compiled values file's header
// and aipc's own renders all come from here, so what is checked is what an operator runs.
//
// Helm stores a release's record in its namespace before it creates anything, so the namespace
// must exist first; `--create-namespace` would create it without the classification and Pod
// Security labels. The chart therefore owns its Namespace (namespace.create, on by default) with
// Helm's ownership annotations, and step 1 applies just that object: step 2's `helm install`
// then adopts it (Helm 3.2 and later, Helm 4) and keeps it on uninstall (resource-policy keep).

import { trimTrailingSlashes } from '../util/text.js';

/** Release name and namespace when none is given. */
export const DEFAULT_RELEASE = 'ai-platform';
export const DEFAULT_NAMESPACE = 'ai-platform';

/** The chart template step 1 renders alone. */
export const NAMESPACE_TEMPLATE = 'templates/namespace.yaml';

/** What an install is made of: who, where, which chart, which values files in order. */
export interface InstallRecipe {
  readonly release: string;
  readonly namespace: string;
  /** The chart as the operator names it (a path). */
  readonly chart: string;
  readonly valuesFiles: readonly string[];
}

/** Helm arguments shared by both steps: release, chart, namespace, values files. */
function commonArgs(r: InstallRecipe): string[] {
  return [r.release, r.chart, '--namespace', r.namespace, ...r.valuesFiles.flatMap((f) => ['-f', f])];
}

/** Step 1: `helm template … --show-only templates/namespace.yaml` (piped to `kubectl apply -f -`). */
export const namespaceStepArgs = (r: InstallRecipe): string[] => ['template', ...commonArgs(r), '--show-only', NAMESPACE_TEMPLATE];

/** Step 2: `helm install …` — exactly what aipc renders (as `helm template`) and checks. */
export const installStepArgs = (r: InstallRecipe): string[] => ['install', ...commonArgs(r)];

/** An upgrade: `helm upgrade …` with the install's release, chart, namespace and values files. */
export const upgradeStepArgs = (r: InstallRecipe): string[] => ['upgrade', ...commonArgs(r)];

/**
 * Before an upgrade, the chart's CRDs: `helm upgrade` never touches `crds/`, so a changed CRD schema
 * reaches the cluster only this way. `helm show crds` reads them from a chart directory, a packaged
 * chart (an air-gap bundle's `.tgz`) or an OCI reference alike; server-side apply takes over the
 * fields Helm set at install (`--force-conflicts`) and never deletes a custom resource.
 */
export const crdApplyCommand = (chart: string): string =>
  `helm show crds ${trimTrailingSlashes(chart)} | kubectl apply --server-side --force-conflicts -f -`;

/** The upgrade as shell lines: the CRDs first, then `helm upgrade` (for documentation). */
export function upgradeCommands(r: InstallRecipe): string[] {
  return [crdApplyCommand(r.chart), `helm ${upgradeStepArgs(r).join(' ')}`];
}

/** The two commands as shell lines (for documentation). */
export function installCommands(r: InstallRecipe): string[] {
  return [`helm ${namespaceStepArgs(r).join(' ')} | kubectl apply -f -`, `helm ${installStepArgs(r).join(' ')}`];
}
