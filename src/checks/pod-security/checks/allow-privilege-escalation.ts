/*
 * allowPrivilegeEscalation (restricted, since v1.8; Windows pods exempt since v1.25): privilege
 * escalation (set-user-ID or set-group-ID binaries) is forbidden.
 * Upstream: pod-security-admission policy/check_allowPrivilegeEscalation.go.
 *
 * Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].securityContext.allowPrivilegeEscalation
 * Allowed values: false
 */
import { containersOf, isWindowsPod, securityContext, show, violation } from '../check-helpers.js';
import type { CheckDefinition, CheckViolation, PodTemplateData } from '../types.js';

function check(pod: PodTemplateData): CheckViolation[] {
  return containersOf(pod.spec)
    .filter((c) => securityContext(c)?.allowPrivilegeEscalation !== false)
    .map((c) => {
      const value = securityContext(c)?.allowPrivilegeEscalation;
      return violation(
        allowPrivilegeEscalation,
        [...c.path, 'securityContext', 'allowPrivilegeEscalation'],
        value === undefined ? 'unset' : show(value),
        'must be false',
      );
    });
}

export const allowPrivilegeEscalation: CheckDefinition = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  versions: [
    { since: 8, run: check },
    { since: 25, run: (pod) => (isWindowsPod(pod) ? [] : check(pod)) },
  ],
};
