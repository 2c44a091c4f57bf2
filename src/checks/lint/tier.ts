// Linting a render of the chart itself: the chart's declared exceptions apply, objects without a
// namespace are in the release namespace, and an air-gapped tier (connectivity none) must pin images.
import { lintExceptions } from '../../model/lint-exceptions.js';
import { asRecord } from '../../util/data.js';
import type { ManifestObject } from '../../io/manifests.js';
import { lintObjects, type LintOptions, type LintReport } from './run.js';

/** Whether merged values describe an air-gapped tier. */
export const isAirgapped = (values: Record<string, unknown>): boolean => asRecord(values.global)?.connectivity === 'none';

/** Objects the values say exist outside the chart: the claim a bundle's model weights are imported from. */
export function externalObjectsOf(values: Record<string, unknown>): string[] {
  const claim = asRecord(values.modelLoader)?.importClaim;
  return typeof claim === 'string' && claim !== '' ? [`PersistentVolumeClaim/${claim}`] : [];
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
    external: [...externalObjectsOf(values), ...(options.external ?? [])],
    exceptions: [...lintExceptions, ...(options.exceptions ?? [])],
  });
}
