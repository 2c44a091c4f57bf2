// The pod-security-admission conformance corpus (kubernetes/pod-security-admission testdata, v1.33):
// every Pod gets the verdict its folder names, and a failing Pod names the check its file names.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPodSecurity, podSecurityChecks, type PodSecurityCheckId } from '../../../src/checks/pod-security/index.js';
import { compareLevels, parsePolicyVersion } from '../../../src/checks/pod-security/policy.js';
import { packageRoot } from '../../../src/paths.js';
import { readManifestInputs } from '../../../src/io/manifests.js';

const corpus = join(packageRoot(), '..', 'shared', 'pss-conformance');
const version = parsePolicyVersion('v1.33')!;
const checkIds = podSecurityChecks(version).map((c) => c.id);

/** `capabilities_restricted0` → `capabilities_restricted`, `hostpathvolumes0` → `hostPathVolumes`; `base*` → none. */
function checkNamedBy(file: string): PodSecurityCheckId | undefined {
  const prefix = file.replace(/\d*\.yaml$/, '');
  return checkIds.find((id) => id.toLowerCase() === prefix);
}

const cases = (['baseline', 'restricted'] as const).flatMap((level) =>
  (['pass', 'fail'] as const).flatMap((verdict) =>
    readdirSync(join(corpus, level, verdict))
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((file) => ({ name: `${level}/${verdict}/${file}`, level, verdict, file })),
  ),
);

describe('pod-security-admission conformance corpus (v1.33)', () => {
  it('holds the 79 fixtures', () => {
    expect(cases).toHaveLength(79);
  });

  it.each(cases)('$name', ({ level, verdict, file, name }) => {
    const { objects, diagnostics } = readManifestInputs([join(corpus, name)]);
    expect(diagnostics).toEqual([]);
    const report = checkPodSecurity(objects, { level, version });
    expect(report.workloads).toHaveLength(1);
    const [workload] = report.workloads;
    if (verdict === 'pass') {
      expect(
        compareLevels(workload.level, level),
        `${name} is only ${workload.level}: ${JSON.stringify(workload.failures)}`,
      ).toBeGreaterThanOrEqual(0);
      expect(workload.verdict).toBe('pass');
      return;
    }
    expect(compareLevels(workload.level, level)).toBeLessThan(0);
    expect(workload.verdict).toBe('fail');
    const named = checkNamedBy(file);
    expect(named, `no check is named by ${file}`).toBeDefined();
    expect(workload.failures.map((f) => f.check)).toContain(named);
  });
});
