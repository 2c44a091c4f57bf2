/*
 * capabilities_restricted (restricted, since v1.22; Windows pods exempt since v1.25): containers drop
 * ALL capabilities and may add back only NET_BIND_SERVICE.
 * Upstream: pod-security-admission policy/check_capabilities_restricted.go.
 *
 * Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].securityContext.capabilities.drop
 * Allowed values: must include "ALL"
 * Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].securityContext.capabilities.add
 * Allowed values: undefined/empty, "NET_BIND_SERVICE"
 */
import { asRecord } from '../../../util/data.js';
import { containersOf, isWindowsPod, list, securityContext, show, violation } from '../check-helpers.js';
import type { CheckDefinition, CheckViolation, PodTemplateData } from '../types.js';

function check(pod: PodTemplateData): CheckViolation[] {
  const out: CheckViolation[] = [];
  for (const c of containersOf(pod.spec)) {
    const capabilities = asRecord(securityContext(c)?.capabilities);
    const drop = list(capabilities?.drop);
    if (!drop.includes('ALL')) {
      out.push(
        violation(
          capabilitiesRestricted,
          [...c.path, 'securityContext', 'capabilities', 'drop'],
          capabilities?.drop === undefined ? 'unset' : show(drop),
          'must include ALL',
        ),
      );
    }
    list(capabilities?.add).forEach((cap, i) => {
      if (cap !== 'NET_BIND_SERVICE') {
        out.push(
          violation(
            capabilitiesRestricted,
            [...c.path, 'securityContext', 'capabilities', 'add', i],
            show(cap),
            'may add only NET_BIND_SERVICE',
          ),
        );
      }
    });
  }
  return out;
}

export const capabilitiesRestricted: CheckDefinition = {
  id: 'capabilities_restricted',
  level: 'restricted',
  versions: [
    { since: 22, run: check },
    { since: 25, run: (pod) => (isWindowsPod(pod) ? [] : check(pod)) },
  ],
};
