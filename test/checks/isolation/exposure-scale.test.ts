// Exposure verdicts scale with the selectors the policies name, not with their square: every pod
// that could exist meets every namespace through the entire-cluster peer, and only the targets whose
// policies can admit it are judged.
import { describe, expect, it } from 'vitest';
import { generateIsolationStream } from '../../../bench/isolation-stream.js';
import { readManifestText } from '../../../src/io/manifests.js';
import { exposureCounts } from '../../../src/checks/isolation/exposure-verdicts.js';
import { checkIsolation } from '../../../src/checks/isolation/verdicts.js';

const objects = (n: number) => readManifestText(generateIsolationStream(n), 'stream.yaml').objects.map((o) => o.object);

/** The work of the exposure verdicts for `n` tenant namespaces, and the findings they give. */
function work(n: number): { ops: number; findings: number } {
  exposureCounts.pairs = 0;
  exposureCounts.selectorEvaluations = 0;
  const report = checkIsolation(objects(n), { exposure: true });
  return { ops: exposureCounts.pairs + exposureCounts.selectorEvaluations, findings: report.exposure?.findings ?? 0 };
}

describe('exposure verdicts at scale', () => {
  it('judge at most 2.5× the pairs when the namespaces double (the quadratic stream)', () => {
    const small = work(100);
    const large = work(200);
    // the counter counts something real: the monitoring namespace reaches every tenant's scrape port
    expect(small.ops).toBeGreaterThanOrEqual(100);
    expect(large.findings).toBeGreaterThan(small.findings);
    expect(large.ops / small.ops).toBeLessThanOrEqual(2.5);
  });
});
