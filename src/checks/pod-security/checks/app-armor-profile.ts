/*
 * appArmorProfile (baseline, since v1.0): the runtime's default AppArmor profile may not be overridden
 * or disabled, except with a localhost profile.
 * Upstream: pod-security-admission policy/check_appArmorProfile.go.
 *
 * Restricted fields: metadata.annotations['container.apparmor.security.beta.kubernetes.io/*']
 * Allowed values: 'runtime/default', 'localhost/*', empty, undefined
 * Restricted fields: spec.securityContext.appArmorProfile.type,
 *   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.appArmorProfile.type
 * Allowed values: 'RuntimeDefault', 'Localhost', undefined
 *
 * Upstream checks the field under every policy version: it cannot be set on older clusters, and
 * allowing it under an older policy version would be a loophole.
 */
import { asRecord } from '../../../util/data.js';
import { forbidInContexts, show, violation } from '../check-helpers.js';
import type { CheckDefinition } from '../types.js';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

export const appArmorProfile: CheckDefinition = {
  id: 'appArmorProfile',
  level: 'baseline',
  versions: [
    {
      since: 0,
      run(pod) {
        const out = forbidInContexts(
          appArmorProfile,
          pod,
          ['appArmorProfile', 'type'],
          (f) => f.parentSet && f.value !== 'RuntimeDefault' && f.value !== 'Localhost',
          'must be unset, RuntimeDefault or Localhost',
        );
        for (const [key, value] of Object.entries(asRecord(pod.metadata.annotations) ?? {})) {
          if (!key.startsWith(ANNOTATION_PREFIX)) continue;
          const text = typeof value === 'string' ? value : '';
          if (text === '' || text === 'runtime/default' || text.startsWith('localhost/')) continue;
          out.push(
            violation(
              appArmorProfile,
              ['metadata', 'annotations', key],
              show(value),
              'must be unset, runtime/default or localhost/<profile>',
            ),
          );
        }
        return out;
      },
    },
  ],
};
