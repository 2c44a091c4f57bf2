// The Pod Security Standards, as Kubernetes' pod-security-admission evaluates them
// (k8s.io/pod-security-admission/policy): one file per check under checks/, each with the fields it
// restricts and the values it allows in its header and its behaviour per policy version; here the
// registry, the version a check runs at, and the level a pod reaches.
//
// Each check is a pure function of one pod template (its metadata and spec, as plain data); it
// returns one violation per offending field, with the field's path relative to the template
// (`spec.containers[0].securityContext.privileged`). Objects are read as rendered, not as the API
// server stores them, so the API server's defaulting is applied where it changes a verdict.
import { allowPrivilegeEscalation } from './checks/allow-privilege-escalation.js';
import { appArmorProfile } from './checks/app-armor-profile.js';
import { capabilitiesBaseline } from './checks/capabilities-baseline.js';
import { capabilitiesRestricted } from './checks/capabilities-restricted.js';
import { hostNamespaces } from './checks/host-namespaces.js';
import { hostPathVolumes } from './checks/host-path-volumes.js';
import { hostPorts } from './checks/host-ports.js';
import { hostProbesAndHostLifecycle } from './checks/host-probes-and-host-lifecycle.js';
import { privileged } from './checks/privileged.js';
import { procMount, procMountRestricted } from './checks/proc-mount.js';
import { restrictedVolumes } from './checks/restricted-volumes.js';
import { runAsNonRoot } from './checks/run-as-non-root.js';
import { runAsUser } from './checks/run-as-user.js';
import { seccompProfileBaseline } from './checks/seccomp-profile-baseline.js';
import { seccompProfileRestricted } from './checks/seccomp-profile-restricted.js';
import { seLinuxOptions } from './checks/se-linux-options.js';
import { sysctls } from './checks/sysctls.js';
import { windowsHostProcess } from './checks/windows-host-process.js';
import type { CheckDefinition, CheckViolation, PodSecurityCheckId, PodSecurityLevel, PodTemplateData, PolicyVersion } from './types.js';

export type {
  CheckDefinition,
  CheckViolation,
  FieldPath,
  PodSecurityCheckId,
  PodSecurityLevel,
  PodTemplateData,
  PolicyVersion,
} from './types.js';
export { allowedSysctls } from './checks/sysctls.js';

export const POD_SECURITY_LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];

/** The newest policy version whose rules aipc implements (upstream's newest versioned check). */
export const LATEST_POLICY_VERSION: PolicyVersion = { major: 1, minor: 37 };

/** The current Kubernetes release: the policy version checked when none is asked for. */
export const DEFAULT_POLICY_VERSION: PolicyVersion = { major: 1, minor: 35 };

/** Parses `v1.33`, `1.33` or `latest`; returns undefined for anything else or a version aipc does not know. */
export function parsePolicyVersion(text: string): PolicyVersion | undefined {
  if (text === 'latest') return LATEST_POLICY_VERSION;
  const m = /^v?1\.(0|[1-9]\d{0,2})$/.exec(text);
  if (!m) return undefined;
  const minor = Number(m[1]);
  return minor > LATEST_POLICY_VERSION.minor ? undefined : { major: 1, minor };
}

/** The policy version of a Kubernetes release given as `1.34`, `v1.34` or `1.34.2`; undefined if aipc does not know it. */
export function policyVersionOfRelease(release: string): PolicyVersion | undefined {
  const m = /^v?(1\.\d{1,3})(\.\d+)?$/.exec(release);
  return m ? parsePolicyVersion(m[1]) : undefined;
}

export function formatPolicyVersion(v: PolicyVersion): string {
  return `v${v.major}.${v.minor}`;
}

/** Every check, in pod-security-admission's report order: baseline first, then restricted. */
const CHECKS: readonly CheckDefinition[] = [
  hostNamespaces,
  privileged,
  capabilitiesBaseline,
  hostPathVolumes,
  hostPorts,
  hostProbesAndHostLifecycle,
  appArmorProfile,
  seLinuxOptions,
  procMount,
  seccompProfileBaseline,
  sysctls,
  windowsHostProcess,
  restrictedVolumes,
  allowPrivilegeEscalation,
  runAsNonRoot,
  runAsUser,
  seccompProfileRestricted,
  capabilitiesRestricted,
  procMountRestricted,
];

/** The behaviour of a check at a policy version: its newest version not after it, or none before the first. */
function behaviourAt(check: CheckDefinition, version: PolicyVersion) {
  let found: CheckDefinition['versions'][number] | undefined;
  for (const v of check.versions) if (v.since <= version.minor) found = v;
  return found;
}

/** The IDs and levels of every check in force at a policy version. */
export function podSecurityChecks(
  version: PolicyVersion = DEFAULT_POLICY_VERSION,
): { id: PodSecurityCheckId; level: 'baseline' | 'restricted' }[] {
  return CHECKS.filter((c) => behaviourAt(c, version)).map(({ id, level }) => ({ id, level }));
}

/** Every violation of every baseline and restricted check by one pod template. */
export function evaluatePodTemplate(pod: PodTemplateData, version: PolicyVersion = DEFAULT_POLICY_VERSION): CheckViolation[] {
  return CHECKS.flatMap((c) => behaviourAt(c, version)?.run(pod) ?? []);
}

/** The highest level a pod with these violations satisfies. */
export function levelOf(violations: readonly CheckViolation[]): PodSecurityLevel {
  if (violations.some((v) => v.level === 'baseline')) return 'privileged';
  if (violations.length) return 'baseline';
  return 'restricted';
}

/** -1, 0 or 1 as `a` is a lower, the same or a higher level than `b`. */
export function compareLevels(a: PodSecurityLevel, b: PodSecurityLevel): number {
  return Math.sign(POD_SECURITY_LEVELS.indexOf(a) - POD_SECURITY_LEVELS.indexOf(b));
}
