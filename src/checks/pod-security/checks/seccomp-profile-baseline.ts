/*
 * seccompProfile_baseline (baseline, since v1.0): if a seccomp profile is set, it is the runtime's
 * default or a localhost profile.
 * Upstream: pod-security-admission policy/check_seccompProfile_baseline.go.
 *
 * v1.0–v1.18: metadata.annotations['seccomp.security.alpha.kubernetes.io/pod'] and
 *   ['container.seccomp.security.alpha.kubernetes.io/*'] — allowed: anything but 'unconfined'
 * v1.19+: spec.securityContext.seccompProfile.type and each container's — allowed: 'RuntimeDefault',
 *   'Localhost', undefined
 */
import { asRecord } from '../../../util/data.js';
import { forbidInContexts, show, violation } from '../check-helpers.js';
import type { CheckDefinition, CheckViolation } from '../types.js';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

export const seccompProfileBaseline: CheckDefinition = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  versions: [
    {
      since: 0,
      run(pod) {
        const out: CheckViolation[] = [];
        for (const [key, value] of Object.entries(asRecord(pod.metadata.annotations) ?? {})) {
          if ((key === POD_ANNOTATION || key.startsWith(CONTAINER_ANNOTATION_PREFIX)) && value === 'unconfined') {
            out.push(violation(seccompProfileBaseline, ['metadata', 'annotations', key], show(value), 'must not be unconfined'));
          }
        }
        return out;
      },
    },
    {
      since: 19,
      run: (pod) =>
        forbidInContexts(
          seccompProfileBaseline,
          pod,
          ['seccompProfile', 'type'],
          (f) => f.value === 'Unconfined',
          'must be unset, RuntimeDefault or Localhost (not Unconfined)',
        ),
    },
  ],
};
