// `aipc lint` honours the upstream tools' own opt-out annotations as those tools read them:
// kube-linter pkg/ignore/ignore.go (any value, the value is the reason; `kube-linter.io/ignore-all`),
// Polaris pkg/validator/schema.go hasExemptionAnnotation (value "true" in any case; `polaris.fairwinds.com/exempt`).
import { describe, expect, it } from 'vitest';
import { lintObjects } from '../../../src/checks/lint/index.js';
import { readManifestText } from '../../../src/io/manifests.js';

const pod = (annotations: Record<string, string>) =>
  readManifestText(
    `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  annotations: ${JSON.stringify(annotations)}
spec:
  containers:
    - name: web
      image: registry.local/web:1.0
      securityContext: {privileged: true}
`,
    'pod.yaml',
  ).objects;

// privileged-container is kube-linter's name; runAsPrivileged is Polaris' id for the same check
const run = (annotations: Record<string, string>) => lintObjects(pod(annotations), { include: ['privileged-container'] }).findings.length;

describe('opt-out annotations', () => {
  it.each([
    [{}, 1],
    [{ 'ignore-check.kube-linter.io/privileged-container': 'node agent' }, 0],
    [{ 'ignore-check.kube-linter.io/privileged-container': '' }, 0],
    [{ 'ignore-check.kube-linter.io/latest-tag': 'other check' }, 1],
    [{ 'kube-linter.io/ignore-all': 'legacy' }, 0],
    [{ 'polaris.fairwinds.com/runAsPrivileged-exempt': 'true' }, 0],
    [{ 'polaris.fairwinds.com/runAsPrivileged-exempt': 'True' }, 0],
    [{ 'polaris.fairwinds.com/runAsPrivileged-exempt': 'yes' }, 1],
    [{ 'polaris.fairwinds.com/runAsPrivileged-exempt': 'truthy' }, 1],
    [{ 'polaris.fairwinds.com/exempt': 'TRUE' }, 0],
    [{ 'polaris.fairwinds.com/exempt': 'false' }, 1],
    [{ 'polaris.fairwinds.com/privileged-container-exempt': 'true' }, 1],
  ] as const)('%j → %i finding(s)', (annotations, count) => {
    expect(run(annotations)).toBe(count);
  });
});
