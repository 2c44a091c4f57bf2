// Pod Security Standards: the checks of Kubernetes' pod-security-admission, over rendered objects.
export {
  evaluatePodTemplate,
  levelOf,
  compareLevels,
  parsePolicyVersion,
  formatPolicyVersion,
  podSecurityChecks,
  allowedSysctls,
  LATEST_POLICY_VERSION,
  DEFAULT_POLICY_VERSION,
  policyVersionOfRelease,
  POD_SECURITY_LEVELS,
  type PodSecurityLevel,
  type PodSecurityCheckId,
  type PolicyVersion,
  type CheckViolation,
  type PodTemplateData,
} from './policy.js';
export { findPodTemplates, WORKLOAD_KINDS, type PodTemplateRef } from './workloads.js';
export {
  checkPodSecurity,
  matchesWorkload,
  type PodSecurityException,
  type PodSecurityOptions,
  type PodSecurityReport,
  type PodSecurityFailure,
  type WorkloadReport,
  type NamespaceFinding,
} from './check.js';
export { formatPodSecurityReport, podSecurityProblems, POD_SECURITY_FORMATTERS, type PodSecurityFormat } from './format.js';
export { parsePodSecurityExceptions } from './exceptions.js';
