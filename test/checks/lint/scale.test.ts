// Lint's cross-object lookups scale with the objects a selector can select, not with their square:
// each workload finds its PDBs, NetworkPolicies and HPAs through indexes by namespace and label, and
// each PDB its workloads. Counted work (objects handed out by whole-stream lists and selectors the
// indexes evaluated), so the guard holds on any machine, however loaded.
import { describe, expect, it } from 'vitest';
import { generateLintStream } from '../../../bench/lint-stream.js';
import { readManifestText } from '../../../src/io/manifests.js';
import { lintObjects } from '../../../src/checks/lint/index.js';
import { lintWork } from '../../../src/checks/lint/context.js';

/** Lint's counted work on `n` Deployments with as many PDBs and NetworkPolicies, every cross-object check on. */
function work(n: number): { ops: number; findings: number; byCheck: Map<string, number> } {
  const objects = readManifestText(generateLintStream(n), 'stream.yaml').objects;
  lintWork.visits = 0;
  lintWork.selectorEvaluations = 0;
  const report = lintObjects(objects, { selfContained: true });
  const byCheck = new Map<string, number>();
  for (const f of report.findings) byCheck.set(f.check, (byCheck.get(f.check) ?? 0) + 1);
  return { ops: lintWork.visits + lintWork.selectorEvaluations, findings: report.findings.length, byCheck };
}

describe('lint at scale', () => {
  it('does at most 2.5× the work when workloads, PDBs and NetworkPolicies double', () => {
    const small = work(150);
    const large = work(300);
    // the counter counts something real: every check reads the stream at least once
    expect(small.ops).toBeGreaterThanOrEqual(3 * 150);
    expect(large.findings).toBeGreaterThan(small.findings);
    expect(large.ops / small.ops).toBeLessThanOrEqual(2.5);
  });

  it('the stream exercises the indexed lookups: each PDB and policy selects its workload, none is reported missing or dangling', () => {
    const { byCheck } = work(20);
    for (const check of [
      'missing-pod-disruption-budget',
      'missing-network-policy',
      'non-isolated-pod',
      'dangling-poddisruptionbudget',
      'dangling-networkpolicy',
      'dangling-networkpolicypeer-podselector',
    ])
      expect(byCheck.get(check) ?? 0, check).toBe(0);
    // minAvailable 1 of 2 replicas: pdb-min-available judges each PDB's workload and passes it
    expect(byCheck.get('pdb-min-available') ?? 0).toBe(0);
    // a per-workload check still fires once per Deployment
    expect(byCheck.get('no-liveness-probe')).toBe(20);
  });
});
