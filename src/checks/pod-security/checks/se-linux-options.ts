/*
 * seLinuxOptions (baseline, since v1.0; container_engine_t allowed since v1.31): setting the SELinux
 * type is restricted, a custom SELinux user or role is forbidden.
 * Upstream: pod-security-admission policy/check_seLinuxOptions.go.
 *
 * Restricted fields: spec.securityContext.seLinuxOptions.type and each container's
 * Allowed values: undefined/empty, container_t, container_init_t, container_kvm_t
 *   (v1.31+: also container_engine_t)
 * Restricted fields: spec.securityContext.seLinuxOptions.{user,role} and each container's
 * Allowed values: undefined/empty
 */
import { asRecord, type FieldPath } from '../../../util/data.js';
import { containersOf, podSC, securityContext, show, violation, type Obj } from '../check-helpers.js';
import type { CheckDefinition, CheckViolation, PodTemplateData } from '../types.js';

const TYPES_1_0 = ['container_t', 'container_init_t', 'container_kvm_t'];
const TYPES_1_31 = [...TYPES_1_0, 'container_engine_t'];

function check(pod: PodTemplateData, types: readonly string[]): CheckViolation[] {
  const out: CheckViolation[] = [];
  const checkOptions = (options: Obj | undefined, path: FieldPath): void => {
    if (!options) return;
    const type = options.type;
    if (type !== undefined && type !== null && type !== '' && !types.includes(type as string)) {
      out.push(violation(seLinuxOptions, [...path, 'type'], show(type), `must be unset or one of ${types.join(', ')}`));
    }
    for (const key of ['user', 'role'] as const) {
      const value = options[key];
      if (value !== undefined && value !== null && value !== '')
        out.push(violation(seLinuxOptions, [...path, key], show(value), 'must be unset'));
    }
  };
  checkOptions(asRecord(podSC(pod)?.seLinuxOptions), ['spec', 'securityContext', 'seLinuxOptions']);
  for (const c of containersOf(pod.spec))
    checkOptions(asRecord(securityContext(c)?.seLinuxOptions), [...c.path, 'securityContext', 'seLinuxOptions']);
  return out;
}

export const seLinuxOptions: CheckDefinition = {
  id: 'seLinuxOptions',
  level: 'baseline',
  versions: [
    { since: 0, run: (pod) => check(pod, TYPES_1_0) },
    { since: 31, run: (pod) => check(pod, TYPES_1_31) },
  ],
};
