/*
 * hostNamespaces (baseline, since v1.0): sharing the host network, PID and IPC namespaces is forbidden.
 * Upstream: pod-security-admission policy/check_hostNamespaces.go.
 *
 * Restricted fields: spec.hostNetwork, spec.hostPID, spec.hostIPC
 * Allowed values: undefined, false
 */
import { violation } from '../check-helpers.js';
import type { CheckDefinition } from '../types.js';

export const hostNamespaces: CheckDefinition = {
  id: 'hostNamespaces',
  level: 'baseline',
  versions: [
    {
      since: 0,
      run: (pod) =>
        (['hostNetwork', 'hostPID', 'hostIPC'] as const)
          .filter((key) => pod.spec[key] === true)
          .map((key) => violation(hostNamespaces, ['spec', key], 'true', 'must be unset or false (no host namespaces)')),
    },
  ],
};
