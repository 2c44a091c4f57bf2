/*
 * runAsNonRoot (restricted, since v1.0; any value in a user namespace since v1.35): containers must
 * run as non-root users.
 * Upstream: pod-security-admission policy/check_runAsNonRoot.go.
 *
 * Restricted fields: spec.securityContext.runAsNonRoot,
 *   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.runAsNonRoot
 * Allowed values: true; undefined/null at container level if the pod level is true;
 *   v1.35+: any value if spec.hostUsers is false
 */
import { containersOf, inUserNamespace, podSC, securityContext, violation } from '../check-helpers.js';
import type { CheckDefinition, CheckViolation, PodTemplateData } from '../types.js';

function check(pod: PodTemplateData): CheckViolation[] {
  const out: CheckViolation[] = [];
  const podValue = podSC(pod)?.runAsNonRoot;
  if (podValue === false)
    out.push(
      violation(
        runAsNonRoot,
        ['spec', 'securityContext', 'runAsNonRoot'],
        'false',
        'must be true (or unset with every container setting true)',
      ),
    );
  for (const c of containersOf(pod.spec)) {
    const value = securityContext(c)?.runAsNonRoot;
    if (value === false)
      out.push(violation(runAsNonRoot, [...c.path, 'securityContext', 'runAsNonRoot'], 'false', 'must be unset or true'));
    else if (value !== true && podValue !== true) {
      out.push(
        violation(
          runAsNonRoot,
          [...c.path, 'securityContext', 'runAsNonRoot'],
          'unset',
          'must be true (here or in spec.securityContext.runAsNonRoot)',
        ),
      );
    }
  }
  return out;
}

export const runAsNonRoot: CheckDefinition = {
  id: 'runAsNonRoot',
  level: 'restricted',
  versions: [
    { since: 0, run: check },
    { since: 35, run: (pod) => (inUserNamespace(pod) ? [] : check(pod)) },
  ],
};
