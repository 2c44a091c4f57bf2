// The pod-security-admission conformance corpus (kubernetes/pod-security-admission testdata): the
// v1.33 fixtures at the corpus root and those of versions/<version>/ for v1.29–v1.37. Every Pod gets
// the verdict its folder names when checked against the policy of its version, and a failing Pod
// names the check its file names.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPodSecurity, podSecurityChecks, type PodSecurityCheckId } from '../../../src/checks/pod-security/index.js';
import { compareLevels, parsePolicyVersion, type PolicyVersion } from '../../../src/checks/pod-security/policy.js';
import { packageRoot } from '../../../src/paths.js';
import { readManifestInputs } from '../../../src/io/manifests.js';

const corpus = join(packageRoot(), '..', 'shared', 'pss-conformance');

/** `capabilities_restricted0` → `capabilities_restricted`, `hostpathvolumes0` → `hostPathVolumes`; `base*` → none. */
function checkNamedBy(file: string, version: PolicyVersion): PodSecurityCheckId | undefined {
  const prefix = file.replace(/\d*\.yaml$/, '');
  return podSecurityChecks(version)
    .map((c) => c.id)
    .find((id) => id.toLowerCase() === prefix);
}

/** Folders of fixtures and the policy version they are for: the root is v1.33, versions/<v> is <v>. */
const folders: { label: string; dir: string; version: string }[] = [
  { label: 'v1.33', dir: corpus, version: 'v1.33' },
  ...readdirSync(join(corpus, 'versions'))
    .sort()
    .map((v) => ({ label: v, dir: join(corpus, 'versions', v), version: v })),
];

for (const folder of folders) {
  const version = parsePolicyVersion(folder.version);
  const cases = (['baseline', 'restricted'] as const).flatMap((level) =>
    (['pass', 'fail'] as const).flatMap((verdict) => {
      const dir = join(folder.dir, level, verdict);
      return existsSync(dir)
        ? readdirSync(dir)
            .filter((f) => f.endsWith('.yaml'))
            .sort()
            .map((file) => ({ name: `${level}/${verdict}/${file}`, path: join(dir, file), level, verdict, file }))
        : [];
    }),
  );

  describe(`pod-security-admission conformance corpus (${folder.label})`, () => {
    it('is a policy version aipc knows, with fixtures', () => {
      expect(version, folder.version).toBeDefined();
      expect(cases.length).toBeGreaterThan(0);
    });

    it.each(cases)('$name', ({ level, verdict, file, name, path }) => {
      const { objects, diagnostics } = readManifestInputs([path]);
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
      const named = checkNamedBy(file, version!);
      expect(named, `no check is named by ${file}`).toBeDefined();
      expect(workload.failures.map((f) => f.check)).toContain(named);
    });
  });
}
