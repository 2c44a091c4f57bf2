/*
 * seccompProfile_restricted (restricted, since v1.19; Windows pods exempt since v1.25): a seccomp
 * profile must be set, the runtime's default or a localhost one.
 * Upstream: pod-security-admission policy/check_seccompProfile_restricted.go.
 *
 * Restricted fields: spec.securityContext.seccompProfile.type,
 *   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.seccompProfile.type
 * Allowed values: 'RuntimeDefault', 'Localhost' (a container may leave it unset when the pod sets it)
 */
import { asRecord } from '../../../util/data.js';
import { containersOf, isWindowsPod, podSC, securityContext, show, violation } from '../check-helpers.js';
import type { CheckDefinition, CheckViolation, PodTemplateData } from '../types.js';

const valid = (t: unknown): boolean => t === 'RuntimeDefault' || t === 'Localhost';
const REQUIRED = 'must be RuntimeDefault or Localhost';

function check(pod: PodTemplateData): CheckViolation[] {
  const out: CheckViolation[] = [];
  const podProfile = asRecord(podSC(pod)?.seccompProfile);
  let podSet = false;
  if (podProfile) {
    if (valid(podProfile.type)) podSet = true;
    else
      out.push(violation(seccompProfileRestricted, ['spec', 'securityContext', 'seccompProfile', 'type'], show(podProfile.type), REQUIRED));
  }
  for (const c of containersOf(pod.spec)) {
    const profile = asRecord(securityContext(c)?.seccompProfile);
    if (profile) {
      if (!valid(profile.type))
        out.push(
          violation(seccompProfileRestricted, [...c.path, 'securityContext', 'seccompProfile', 'type'], show(profile.type), REQUIRED),
        );
    } else if (!podSet) {
      out.push(
        violation(
          seccompProfileRestricted,
          [...c.path, 'securityContext', 'seccompProfile'],
          'unset',
          'must be set to RuntimeDefault or Localhost (here or in spec.securityContext.seccompProfile)',
        ),
      );
    }
  }
  return out;
}

export const seccompProfileRestricted: CheckDefinition = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  versions: [
    { since: 19, run: check },
    { since: 25, run: (pod) => (isWindowsPod(pod) ? [] : check(pod)) },
  ],
};
