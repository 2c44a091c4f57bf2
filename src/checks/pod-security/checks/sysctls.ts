/*
 * sysctls (baseline, since v1.0): only the "safe" sysctls (namespaced, isolated from other pods).
 * Upstream: pod-security-admission policy/check_sysctls.go.
 *
 * Restricted fields: spec.securityContext.sysctls[*].name
 * Allowed values:
 *   v1.0+:  kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies,
 *           net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start
 *   v1.27+: net.ipv4.ip_local_reserved_ports
 *   v1.29+: net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl,
 *           net.ipv4.tcp_keepalive_probes
 *   v1.32+: net.ipv4.tcp_rmem, net.ipv4.tcp_wmem
 *   v1.37+: net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat
 */
import { asRecord } from '../../../util/data.js';
import { list, podSC, show, violation } from '../check-helpers.js';
import type { CheckDefinition, CheckViolation, PodTemplateData } from '../types.js';

const ADDED: readonly (readonly [number, readonly string[]])[] = [
  [
    0,
    [
      'kernel.shm_rmid_forced',
      'net.ipv4.ip_local_port_range',
      'net.ipv4.tcp_syncookies',
      'net.ipv4.ping_group_range',
      'net.ipv4.ip_unprivileged_port_start',
    ],
  ],
  [27, ['net.ipv4.ip_local_reserved_ports']],
  [29, ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']],
  [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
  [37, ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']],
];

/** The sysctls the baseline profile allows at a policy version. */
export function allowedSysctls(minor: number): string[] {
  return ADDED.filter(([since]) => minor >= since).flatMap(([, names]) => names);
}

function check(pod: PodTemplateData, allowed: readonly string[]): CheckViolation[] {
  const out: CheckViolation[] = [];
  list(podSC(pod)?.sysctls).forEach((s, i) => {
    const name = asRecord(s)?.name;
    if (typeof name !== 'string' || !allowed.includes(name)) {
      out.push(violation(sysctls, ['spec', 'securityContext', 'sysctls', i, 'name'], show(name), `must be one of ${allowed.join(', ')}`));
    }
  });
  return out;
}

export const sysctls: CheckDefinition = {
  id: 'sysctls',
  level: 'baseline',
  versions: ADDED.map(([since]) => {
    const allowed = allowedSysctls(since);
    return { since, run: (pod: PodTemplateData) => check(pod, allowed) };
  }),
};
