// Each built-in tier, as an operator installs it (values.yaml, then the tier file): renders with
// both pinned Helms, every object valid, and the rendered objects match the golden files.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pinnedHelmPath } from '../../src/helm/binary.js';
import { helmTemplate } from '../../src/helm/run.js';
import { chartDir } from '../../src/paths.js';
import { renderTierObjects, tierValuesFiles } from '../../src/render/render.js';
import { splitObjects } from '../../src/render/split.js';
import { validateObjects } from '../../src/validate/api.js';
import { expectGoldenTree } from '../support/golden.js';

describe.each(['edge', 'datacenter', 'connected'])('tier %s', (tier) => {
  it('renders with Helm 3 as well as Helm 4 (helm install -f values.yaml -f values-tierN-*.yaml)', async () => {
    const out = await helmTemplate({ helm: pinnedHelmPath('helm3'), chartDir: chartDir(), valuesFiles: tierValuesFiles(tier) });
    expect(out).toContain('kind: Deployment');
  });

  it('renders objects that all pass aipc validate and match the golden files', async () => {
    const objects = await renderTierObjects(tier);
    const report = validateObjects(objects, { strict: true });
    expect(report.objects.filter((o) => o.verdict !== 'valid').map((o) => o.ref)).toEqual([]);
    expect(report.skipped).toBe(0);
    expectGoldenTree(join(import.meta.dirname, '../golden', tier), splitObjects(objects));
  });
});
