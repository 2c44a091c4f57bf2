/*
 * hostPorts (baseline, since v1.0): host ports are forbidden.
 * Upstream: pod-security-admission policy/check_hostPorts.go.
 *
 * Restricted fields: spec.containers[*].ports[*].hostPort, spec.initContainers[*].ports[*].hostPort
 *   (and ephemeral containers)
 * Allowed values: undefined, 0
 */
import { asRecord } from '../../../util/data.js';
import { containersOf, list, show, violation } from '../check-helpers.js';
import type { CheckDefinition, CheckViolation } from '../types.js';

export const hostPorts: CheckDefinition = {
  id: 'hostPorts',
  level: 'baseline',
  versions: [
    {
      since: 0,
      run(pod) {
        const out: CheckViolation[] = [];
        for (const c of containersOf(pod.spec)) {
          list(c.container.ports).forEach((p, i) => {
            const hostPort = asRecord(p)?.hostPort;
            if (hostPort !== undefined && hostPort !== null && hostPort !== 0) {
              out.push(violation(hostPorts, [...c.path, 'ports', i, 'hostPort'], show(hostPort), 'must be unset or 0'));
            }
          });
        }
        return out;
      },
    },
  ],
};
