// The checklist of a built-in tier over objects a test changed: the tier resolved as aipc check
// resolves it, the objects judged as aipc check and aipc build judge a render.
import { checklistForRender, type ChecklistEvidenceOptions } from '../../src/actions/check.js';
import { withResolvedTier } from '../../src/actions/tier.js';
import { lintChartRender } from '../../src/checks/lint/tier.js';
import type { ChecklistResult } from '../../src/checks/checklist/checklist.js';
import type { ManifestObject } from '../../src/io/manifests.js';

/** The checklist of `tier` judged on `objects` (rendered, then changed by the test). */
export function checklistOf(
  tier: string,
  objects: readonly ManifestObject[],
  evidence: ChecklistEvidenceOptions = {},
): Promise<ChecklistResult> {
  return withResolvedTier({ tier }, (resolved) =>
    checklistForRender(resolved, objects, lintChartRender(objects, resolved.mergedValues), evidence),
  );
}
