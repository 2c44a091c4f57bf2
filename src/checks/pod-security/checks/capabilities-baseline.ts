/*
 * capabilities_baseline (baseline, since v1.0): adding NET_RAW or capabilities beyond the default set.
 * Upstream: pod-security-admission policy/check_capabilities_baseline.go.
 *
 * Restricted fields: spec.containers[*].securityContext.capabilities.add,
 *   spec.initContainers[*].securityContext.capabilities.add (and ephemeral containers)
 * Allowed values: undefined/empty, or values from the default set AUDIT_WRITE, CHOWN, DAC_OVERRIDE,
 *   FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT
 */
import { asRecord } from '../../../util/data.js';
import { containersOf, list, securityContext, show, violation } from '../check-helpers.js';
import type { CheckDefinition, CheckViolation } from '../types.js';

const DEFAULT_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

export const capabilitiesBaseline: CheckDefinition = {
  id: 'capabilities_baseline',
  level: 'baseline',
  versions: [
    {
      since: 0,
      run(pod) {
        const out: CheckViolation[] = [];
        for (const c of containersOf(pod.spec)) {
          list(asRecord(securityContext(c)?.capabilities)?.add).forEach((cap, i) => {
            if (typeof cap !== 'string' || !DEFAULT_CAPABILITIES.has(cap)) {
              out.push(
                violation(
                  capabilitiesBaseline,
                  [...c.path, 'securityContext', 'capabilities', 'add', i],
                  show(cap),
                  `may add only ${[...DEFAULT_CAPABILITIES].join(', ')}`,
                ),
              );
            }
          });
        }
        return out;
      },
    },
  ],
};
