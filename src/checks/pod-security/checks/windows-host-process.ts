/*
 * windowsHostProcess (baseline, since v1.0): Windows HostProcess containers are forbidden.
 * Upstream: pod-security-admission policy/check_windowsHostProcess.go.
 *
 * Restricted fields: spec.securityContext.windowsOptions.hostProcess and each container's
 * Allowed values: undefined, false
 */
import { forbidInContexts } from '../check-helpers.js';
import type { CheckDefinition } from '../types.js';

export const windowsHostProcess: CheckDefinition = {
  id: 'windowsHostProcess',
  level: 'baseline',
  versions: [
    {
      since: 0,
      run: (pod) =>
        forbidInContexts(windowsHostProcess, pod, ['windowsOptions', 'hostProcess'], (f) => f.value === true, 'must be unset or false'),
    },
  ],
};
