// The values a release is rendered with, merged as Helm merges values files, and the one values
// override the air gap needs: pointing global.registry at the local registry.
import { OptionError } from '../errors.js';
import { formatYaml } from '../io/yaml-format.js';
import { GENERATED_MARKER } from '../generators/header.js';
import { REGISTRY_PATTERN } from '../schemas/common.js';
import { asRecord } from '../util/data.js';
import { trimTrailingSlashes } from '../util/text.js';

type Values = Record<string, unknown>;

export { readMergedValues } from '../tiers/resolve.js';

/** `global.registry` of merged values ('' when unset). */
export function registryOf(values: Values): string {
  const registry = asRecord(values.global)?.registry;
  return typeof registry === 'string' ? registry : '';
}

/** Name of the values override `aipc airgap bundle --registry` writes. */
export const AIRGAP_VALUES_FILE = 'values-airgap.yaml';

/**
 * Where `airgap load` (and INSTALL.md) push the bundle's chart in the site registry:
 * `oci://REGISTRY/charts/<chart>:<version>`, beside the images, as `aipc chart push --registry REGISTRY/charts`.
 */
export const SITE_CHART_PATH = 'charts';

/** A registry host as the chart's schema accepts it: host[:port][/path]. */
export const REGISTRY_HOST = new RegExp(REGISTRY_PATTERN);

/**
 * The values override that rewrites every image reference to `registry`. The chart builds each
 * image as `<global.registry>/<repository>:<tag>`, so rewriting the images is one value; apply the
 * file last (`helm install -f values.yaml -f <tier file> -f values-airgap.yaml`).
 */
export function airgapValuesOverride(registry: string, importClaim?: string): string {
  if (!REGISTRY_HOST.test(registry)) {
    throw new OptionError('registry', `${JSON.stringify(registry)} is not a registry host (host[:port][/path])`);
  }
  return formatYaml(
    { global: { registry: trimTrailingSlashes(registry) }, ...(importClaim ? { modelLoader: { importClaim } } : {}) },
    {
      header: [
        GENERATED_MARKER,
        'Air-gap override: every image the chart renders is pulled from this registry.',
        'Apply it after the tier values file: helm install ... -f values.yaml -f <tier file> -f values-airgap.yaml',
      ],
    },
  );
}

/** One model the release serves, as recorded in a bundle's models.yaml. */
export interface ModelEntry {
  readonly role: 'primary' | 'fallback';
  readonly name: string;
  readonly parametersBillions?: number;
  readonly quantization?: string;
  readonly contextLength?: number;
  readonly provider?: string;
}

/** The models of merged values: the primary, and the fallback when enabled. */
export function modelsOf(values: Values): ModelEntry[] {
  const models = asRecord(values.models) ?? {};
  const out: ModelEntry[] = [];
  for (const role of ['primary', 'fallback'] as const) {
    const m = asRecord(models[role]);
    if (!m || typeof m.name !== 'string' || !m.name) continue;
    if (role === 'fallback' && m.enabled !== true) continue;
    out.push({
      role,
      name: m.name,
      parametersBillions: typeof m.parametersBillions === 'number' ? m.parametersBillions : undefined,
      quantization: typeof m.quantization === 'string' ? m.quantization : undefined,
      contextLength: typeof m.contextLength === 'number' ? m.contextLength : undefined,
      provider: typeof m.provider === 'string' ? m.provider : undefined,
    });
  }
  return out;
}
