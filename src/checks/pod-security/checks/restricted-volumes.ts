/*
 * restrictedVolumes (restricted, since v1.0): inline volume sources limited to the safe ones.
 * Upstream: pod-security-admission policy/check_restrictedVolumes.go.
 *
 * Restricted fields: spec.volumes[*] with any source but those allowed (hostPath, nfs, gitRepo, …)
 * Allowed sources: configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim,
 *   projected, secret
 *
 * A volume with no source at all is an emptyDir: the API server defaults it before admission.
 */
import { asRecord } from '../../../util/data.js';
import { list, show, violation } from '../check-helpers.js';
import type { CheckDefinition, CheckViolation } from '../types.js';

const ALLOWED = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];

export const restrictedVolumes: CheckDefinition = {
  id: 'restrictedVolumes',
  level: 'restricted',
  versions: [
    {
      since: 0,
      run(pod) {
        const out: CheckViolation[] = [];
        list(pod.spec.volumes).forEach((v, i) => {
          const volume = asRecord(v);
          if (!volume) return;
          const sources = Object.keys(volume).filter((k) => k !== 'name' && volume[k] !== null && volume[k] !== undefined);
          if (sources.length === 0 || sources.some((s) => ALLOWED.includes(s))) return;
          out.push(
            violation(
              restrictedVolumes,
              ['spec', 'volumes', i, sources[0]],
              `${sources[0]} volume ${show(volume.name)}`,
              `volumes may only be ${ALLOWED.join(', ')}`,
            ),
          );
        });
        return out;
      },
    },
  ],
};
