/*
 * hostPathVolumes (baseline, since v1.0): hostPath volumes are forbidden.
 * Upstream: pod-security-admission policy/check_hostPathVolumes.go.
 *
 * Restricted fields: spec.volumes[*].hostPath
 * Allowed values: undefined/null
 */
import { asRecord } from '../../../util/data.js';
import { list, show, violation } from '../check-helpers.js';
import type { CheckDefinition, CheckViolation } from '../types.js';

export const hostPathVolumes: CheckDefinition = {
  id: 'hostPathVolumes',
  level: 'baseline',
  versions: [
    {
      since: 0,
      run(pod) {
        const out: CheckViolation[] = [];
        list(pod.spec.volumes).forEach((v, i) => {
          const hostPath = asRecord(v)?.hostPath;
          if (hostPath !== undefined && hostPath !== null) {
            out.push(
              violation(
                hostPathVolumes,
                ['spec', 'volumes', i, 'hostPath'],
                `hostPath volume ${show(asRecord(v)?.name)}`,
                'no hostPath volumes',
              ),
            );
          }
        });
        return out;
      },
    },
  ],
};
