// Rendering the chart with the pinned Helm and reading the result once, for every consumer
// (render output, validate, checks, diff, airgap).
import { join } from 'node:path';
import { AipcError } from '../errors.js';
import { resolveHelm } from '../helm/binary.js';
import { DEFAULT_NAMESPACE, helmTemplate } from '../helm/run.js';
import { chartDir } from '../paths.js';
import { readManifestText, type KubeObject, type ManifestObject } from '../io/manifests.js';
import type { ResolvedTier } from '../tiers/resolve.js';
import { builtinTierValuesFile } from '../tiers/tier-files.js';
import { GENERATED_SECRET_ANNOTATION } from '../model/labels.js';
import { readYamlValue } from '../io/yaml-read.js';
import { asRecord } from '../util/data.js';
import type { ValuesInput } from '../model/values-input.js';
import { createLimiter, defaultConcurrency, type Limiter } from '../util/limit.js';

export interface RenderOptions extends Omit<ValuesInput, 'extraValuesFiles'> {
  /** Helm binary (default: --helm / AIPC_HELM / pinned Helm 4). */
  readonly helm?: string;
  readonly chartDir?: string;
  /** Extra values files, applied after the chart's values.yaml and the tier file. */
  readonly valuesFiles?: readonly string[];
  readonly apiVersions?: readonly string[];
  readonly kubeVersion?: string;
  readonly release?: string;
  readonly namespace?: string;
  /** The values files were already checked (a resolved tier). */
  readonly valuesChecked?: boolean;
}

/** What a generated Secret's data or a generated CA bundle is replaced with in aipc's renders. */
export const REDACTED = 'UkVEQUNURUQ='; // base64("REDACTED"), so the field stays valid base64

/**
 * Replaces values the chart draws at random on each `helm template` (generated Secrets, the
 * self-signed webhook CA) so renders are reproducible and carry no secret material.
 */
export function redactGenerated(o: KubeObject): KubeObject {
  const annotations = (o.metadata?.annotations ?? {}) as Record<string, unknown>;
  if (o.kind === 'Secret' && annotations[GENERATED_SECRET_ANNOTATION] === 'true' && o.data && typeof o.data === 'object') {
    o.data = Object.fromEntries(Object.keys(o.data as object).map((k) => [k, REDACTED]));
  }
  if ((o.kind === 'ValidatingWebhookConfiguration' || o.kind === 'MutatingWebhookConfiguration') && Array.isArray(o.webhooks)) {
    for (const w of o.webhooks as { clientConfig?: { caBundle?: string } }[]) {
      if (w.clientConfig?.caBundle) w.clientConfig.caBundle = REDACTED;
    }
  }
  return o;
}

/** Values files for a tier: the chart's values.yaml, then the tier's compiled file. */
export function tierValuesFiles(tier: string, dir: string = chartDir()): string[] {
  return [join(dir, 'values.yaml'), builtinTierValuesFile(tier, dir)];
}

/**
 * Whether the values switch `crds.templated` on (the last values file or --set that sets it wins):
 * templates/ then carry the CRDs, and adding crds/ as well would render each CRD twice.
 */
function crdsTemplated(options: RenderOptions): boolean {
  let on = false;
  for (const file of options.valuesFiles ?? []) {
    let value: unknown;
    try {
      value = readYamlValue(file);
    } catch {
      // a file that cannot be read is reported, with every other bad file, by the values check Helm's run starts with
      continue;
    }
    const crds = asRecord(asRecord(value)?.crds);
    if (crds && typeof crds.templated === 'boolean') on = crds.templated;
  }
  for (const s of options.set ?? []) {
    const m = /^crds\.templated=(true|false)$/.exec(s);
    if (m) on = m[1] === 'true';
  }
  return on;
}

// one limiter for the process: every render asked for at once (a fleet of sites, build's tiers, a
// library caller's Promise.all) waits its turn, so Helm runs at most as many processes as there are
// cores while aipc checks finished renders on the main thread
const renderSlots: Limiter = createLimiter(defaultConcurrency);

/** Runs helm template (CRDs from crds/ included unless templates/ render them) and returns its raw output. */
export function renderChartText(options: RenderOptions = {}): Promise<string> {
  return renderSlots(() => helmTemplateOf(options));
}

function helmTemplateOf(options: RenderOptions): Promise<string> {
  return helmTemplate({
    helm: resolveHelm(options.helm),
    chartDir: options.chartDir ?? chartDir(),
    release: options.release,
    namespace: options.namespace ?? DEFAULT_NAMESPACE,
    kubeVersion: options.kubeVersion,
    valuesFiles: options.valuesFiles,
    set: options.set,
    setString: options.setString,
    setFile: options.setFile,
    apiVersions: options.apiVersions,
    includeCrds: !crdsTemplated(options),
    valuesChecked: options.valuesChecked,
  });
}

/** Renders and parses: every object with its source position, generated values redacted. */
export async function renderObjects(options: RenderOptions = {}, label = 'helm template'): Promise<ManifestObject[]> {
  const text = await renderChartText(options);
  const { objects, diagnostics } = readManifestText(text, `<${label}>`);
  if (diagnostics.length)
    throw new AipcError(`Helm produced output aipc cannot read:\n${diagnostics.map((d) => `  ${d.message}`).join('\n')}`, 1);
  for (const m of objects) redactGenerated(m.object);
  return objects;
}

/** Where and how a release is rendered: `--release`, `-n`, `--kube-version`, `--api-versions`. */
export type InstallTarget = Pick<RenderOptions, 'release' | 'namespace' | 'kubeVersion' | 'apiVersions'>;

/**
 * Renders a built-in tier as the documented install deploys it (src/model/install.ts):
 * values.yaml, the tier file, then `valuesFiles` — the chart's own Namespace included.
 */
export function renderTierObjects(tier: string, options: RenderOptions = {}): Promise<ManifestObject[]> {
  const dir = options.chartDir ?? chartDir();
  return renderObjects(
    { ...options, chartDir: dir, valuesFiles: [...tierValuesFiles(tier, dir), ...(options.valuesFiles ?? [])] },
    `${tier} render`,
  );
}

/** Helm's raw output for a resolved tier (nothing redacted), rendered as renderResolvedTier renders it. */
export function renderResolvedTierText(tier: ResolvedTier, options: InstallTarget & { helm?: string } = {}): Promise<string> {
  const { helm, release, namespace, kubeVersion, apiVersions } = options;
  return renderChartText({
    helm,
    release,
    namespace,
    kubeVersion,
    apiVersions,
    chartDir: tier.chartDir,
    valuesFiles: tier.valuesFiles,
    valuesChecked: true,
  });
}

/** Renders a resolved tier with exactly its values files, as the documented install does. */
export function renderResolvedTier(tier: ResolvedTier, options: InstallTarget & { helm?: string } = {}): Promise<ManifestObject[]> {
  const { helm, release, namespace, kubeVersion, apiVersions } = options;
  return renderObjects(
    { helm, release, namespace, kubeVersion, apiVersions, chartDir: tier.chartDir, valuesFiles: tier.valuesFiles, valuesChecked: true },
    `${tier.tier} render`,
  );
}
