/*
 * procMount (baseline, since v1.0) and procMount_restricted (restricted, since v1.35): the default
 * /proc masks are required. From v1.35 the baseline check allows any value in a pod with
 * `hostUsers: false` (a user namespace); the restricted check keeps the unconditional rule.
 * Upstream: pod-security-admission policy/check_procMount_baseline.go, check_procMount_restricted.go.
 *
 * Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].securityContext.procMount
 * Allowed values: undefined/null, "Default" (baseline v1.35+: any value if spec.hostUsers is false)
 */
import { containersOf, inUserNamespace, securityContext, show, violation } from '../check-helpers.js';
import type { CheckDefinition, CheckViolation, PodTemplateData } from '../types.js';

function defaultMasks(check: Pick<CheckDefinition, 'id' | 'level'>, pod: PodTemplateData): CheckViolation[] {
  return containersOf(pod.spec)
    .filter((c) => {
      const value = securityContext(c)?.procMount;
      return value !== undefined && value !== null && value !== 'Default';
    })
    .map((c) =>
      violation(check, [...c.path, 'securityContext', 'procMount'], show(securityContext(c)?.procMount), 'must be unset or Default'),
    );
}

export const procMount: CheckDefinition = {
  id: 'procMount',
  level: 'baseline',
  versions: [
    { since: 0, run: (pod) => defaultMasks(procMount, pod) },
    { since: 35, run: (pod) => (inUserNamespace(pod) ? [] : defaultMasks(procMount, pod)) },
  ],
};

export const procMountRestricted: CheckDefinition = {
  id: 'procMount_restricted',
  level: 'restricted',
  // before v1.35 the baseline check already blocked every pod; a second violation would add nothing
  versions: [{ since: 35, run: (pod) => defaultMasks(procMountRestricted, pod) }],
};
