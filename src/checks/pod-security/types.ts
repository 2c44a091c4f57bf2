// The vocabulary of the Pod Security Standards checks: levels, check IDs, policy versions, and the
// shape every check file exports (as pod-security-admission's policy.Check with its VersionedChecks).
import type { FieldPath } from '../../util/data.js';

export type { FieldPath };

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** Check IDs exactly as pod-security-admission names them. */
export type PodSecurityCheckId =
  | 'hostNamespaces'
  | 'privileged'
  | 'capabilities_baseline'
  | 'hostPathVolumes'
  | 'hostPorts'
  | 'hostProbesAndHostLifecycle'
  | 'appArmorProfile'
  | 'seLinuxOptions'
  | 'procMount'
  | 'seccompProfile_baseline'
  | 'sysctls'
  | 'windowsHostProcess'
  | 'restrictedVolumes'
  | 'allowPrivilegeEscalation'
  | 'runAsNonRoot'
  | 'runAsUser'
  | 'seccompProfile_restricted'
  | 'capabilities_restricted'
  | 'procMount_restricted';

/** A policy version: `v1.<minor>`. */
export interface PolicyVersion {
  readonly major: 1;
  readonly minor: number;
}

/** One field of a pod template that breaks one check. Paths are relative to the template. */
export interface CheckViolation {
  readonly check: PodSecurityCheckId;
  /** The lowest level the check belongs to: failing it puts the pod below this level. */
  readonly level: 'baseline' | 'restricted';
  readonly path: FieldPath;
  /** What was found there. */
  readonly found: string;
  /** What the check requires of the field. */
  readonly required: string;
}

/** A pod template as plain data: `metadata` and `spec` of a Pod or of a controller's template. */
export interface PodTemplateData {
  readonly metadata: Record<string, unknown>;
  readonly spec: Record<string, unknown>;
}

/** How a check behaves from one policy version on (upstream's VersionedCheck). */
export interface VersionedCheck {
  /** The first policy minor version (1.x) this behaviour applies to. */
  readonly since: number;
  readonly run: (pod: PodTemplateData) => CheckViolation[];
}

/** One check: its ID, level and behaviours by version, oldest first (upstream's policy.Check). */
export interface CheckDefinition {
  readonly id: PodSecurityCheckId;
  readonly level: 'baseline' | 'restricted';
  readonly versions: readonly VersionedCheck[];
}
