/*
 * hostProbesAndHostLifecycle (baseline, since v1.34): probes and lifecycle handlers may not name a host
 * (a probe to another host turns the kubelet into a proxy).
 * Upstream: pod-security-admission policy/check_hostProbesAndhostLifecycle.go.
 *
 * Restricted fields, for spec.containers[*] and spec.initContainers[*] (and ephemeral containers):
 *   livenessProbe, readinessProbe, startupProbe: .httpGet.host, .tcpSocket.host
 *   lifecycle.postStart, lifecycle.preStop: .httpGet.host, .tcpSocket.host
 * Allowed values: "", undefined/null
 */
import { asRecord } from '../../../util/data.js';
import { containersOf, show, violation } from '../check-helpers.js';
import type { CheckDefinition, CheckViolation } from '../types.js';

const HANDLERS = [['livenessProbe'], ['readinessProbe'], ['startupProbe'], ['lifecycle', 'postStart'], ['lifecycle', 'preStop']] as const;

export const hostProbesAndHostLifecycle: CheckDefinition = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  versions: [
    {
      since: 34,
      run(pod) {
        const out: CheckViolation[] = [];
        for (const c of containersOf(pod.spec)) {
          for (const handlerPath of HANDLERS) {
            let handler: Record<string, unknown> | undefined = c.container;
            for (const key of handlerPath) handler = asRecord(handler?.[key]);
            for (const action of ['httpGet', 'tcpSocket'] as const) {
              const host = asRecord(handler?.[action])?.host;
              if (host !== undefined && host !== null && host !== '') {
                out.push(
                  violation(hostProbesAndHostLifecycle, [...c.path, ...handlerPath, action, 'host'], show(host), 'must be unset or empty'),
                );
              }
            }
          }
        }
        return out;
      },
    },
  ],
};
