/*
 * privileged (baseline, since v1.0): privileged containers disable most security mechanisms.
 * Upstream: pod-security-admission policy/check_privileged.go.
 *
 * Restricted fields: spec.containers[*].securityContext.privileged,
 *   spec.initContainers[*].securityContext.privileged (and ephemeral containers)
 * Allowed values: false, undefined/null
 */
import { containersOf, securityContext, violation } from '../check-helpers.js';
import type { CheckDefinition } from '../types.js';

export const privileged: CheckDefinition = {
  id: 'privileged',
  level: 'baseline',
  versions: [
    {
      since: 0,
      run: (pod) =>
        containersOf(pod.spec)
          .filter((c) => securityContext(c)?.privileged === true)
          .map((c) => violation(privileged, [...c.path, 'securityContext', 'privileged'], 'true', 'must be unset or false')),
    },
  ],
};
