// Linting a render of the chart itself: the chart's declared exceptions apply, objects without a
// namespace are in the release namespace, and an air-gapped tier (connectivity none) must pin images.
import { lintExceptions } from '../../model/lint-exceptions.js';
import { asRecord, getPath } from '../../util/data.js';
import { CREDENTIALS_HOOK, credentialSets } from '../../model/credentials.js';
import { containersOf, podTemplatesOf } from '../../kube/workloads.js';
import type { ManifestObject } from '../../io/manifests.js';
import { lintObjects, type LintOptions, type LintReport } from './run.js';

/** Whether merged values describe an air-gapped tier. */
export const isAirgapped = (values: Record<string, unknown>): boolean => asRecord(values.global)?.connectivity === 'none';

/**
 * Objects the values say exist outside the chart: the claim a bundle's model weights are imported
 * from, and the site's own credential and webhook TLS Secrets (`<owner>.auth.existingSecret`).
 */
export function externalObjectsOf(values: Record<string, unknown>): string[] {
  const claim = asRecord(values.modelLoader)?.importClaim;
  const secrets = [
    ...credentialSets.flatMap((c) => [
      asRecord(asRecord(values[c.owner])?.auth)?.existingSecret,
      c.legacyExistingSecret ? getPath(values, c.legacyExistingSecret.split('.')) : undefined,
    ]),
    asRecord(asRecord(values.webhook)?.tls)?.existingSecret,
  ].filter((s): s is string => typeof s === 'string' && s !== '');
  return [...(typeof claim === 'string' && claim !== '' ? [`PersistentVolumeClaim/${claim}`] : []), ...secrets.map((s) => `Secret/${s}`)];
}

/**
 * Secrets the chart's credentials hook (global.credentials.mode=hook) creates before the release's
 * pods exist: each `--random=`/`--fixed=<secret>/<key>` argument of its Job.
 */
export function hookCreatedSecrets(objects: readonly ManifestObject[]): string[] {
  const names = new Set<string>();
  for (const { object } of objects) {
    if (object.kind !== 'Job' || asRecord(object.metadata?.labels)?.['app.kubernetes.io/component'] !== CREDENTIALS_HOOK) continue;
    for (const t of podTemplatesOf(object))
      for (const c of containersOf(t.spec))
        for (const a of Array.isArray(c.container.args) ? c.container.args : []) {
          const m = typeof a === 'string' ? /^--(?:random|fixed)=([^/]+)\//.exec(a) : null;
          if (m) names.add(`Secret/${m[1]}`);
        }
  }
  return [...names];
}

/** Lints a chart render with the chart's exceptions; `options` add to or override the defaults. */
export function lintChartRender(
  objects: readonly ManifestObject[],
  values: Record<string, unknown>,
  options: LintOptions & { readonly namespace?: string } = {},
): LintReport {
  return lintObjects(objects, {
    defaultNamespace: options.namespace ?? 'ai-platform',
    airgapped: isAirgapped(values),
    // the chart's render is a whole release: every object its pods need is in it or declared external
    selfContained: true,
    ...options,
    external: [...externalObjectsOf(values), ...hookCreatedSecrets(objects), ...(options.external ?? [])],
    exceptions: [...lintExceptions, ...(options.exceptions ?? [])],
  });
}
