/*
 * runAsUser (restricted, since v1.23; any value in a user namespace since v1.35): containers must
 * not run as UID 0.
 * Upstream: pod-security-admission policy/check_runAsUser.go.
 *
 * Restricted fields: spec.securityContext.runAsUser,
 *   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.runAsUser
 * Allowed values: non-zero values, undefined/null; v1.35+: any value if spec.hostUsers is false
 */
import { forbidInContexts, inUserNamespace } from '../check-helpers.js';
import type { CheckDefinition, CheckViolation, PodTemplateData } from '../types.js';

const check = (pod: PodTemplateData): CheckViolation[] =>
  forbidInContexts(runAsUser, pod, ['runAsUser'], (f) => f.value === 0, 'must be unset or non-zero');

export const runAsUser: CheckDefinition = {
  id: 'runAsUser',
  level: 'restricted',
  versions: [
    { since: 23, run: check },
    { since: 35, run: (pod) => (inUserNamespace(pod) ? [] : check(pod)) },
  ],
};
