// The isolation check's public API.
export { IntervalSet, type Interval } from './intervals.js';
export { ConnectionSet, PROTOCOLS, type Protocol } from './connections.js';
export { LabelSelector } from '../../kube/selectors.js';
export { type OperationCounter } from './selectors.js';
export { buildModel, type IsolationModel, type PodClass, type PodWorkload, type Policy, type NamespaceInfo } from './model.js';
export {
  analyzeReachability,
  connectionLines,
  resolvePorts,
  type ReachabilityResult,
  type ClassConnection,
  type ExternalAllowance,
} from './engine.js';
export {
  checkIsolation,
  CLASSIFICATION_LEVELS,
  DNS_EXEMPTION,
  type IsolationOptions,
  type IsolationReport,
  type NamespaceReach,
  type Violation,
  type ViolationRule,
} from './verdicts.js';
export { formatIsolationReport, ISOLATION_FORMATTERS, type IsolationFormat } from './format.js';
export { analyzeExposure, exposureText, representativePeers, type ExposureResult, type RepresentativePeer } from './exposure.js';
export { groupViolations } from './verdicts.js';
export type { AdminPolicy, AdminRule, AdminPeer } from './admin.js';
export {
  explainConnection,
  explainAll,
  decisionFor,
  findWorkload,
  peerName,
  type ConnectionExplanation,
  type ExplainedSegment,
  type ExplainPeer,
  type ExplainReason,
  type DirectionDecision,
} from './explain.js';
export { explainText, reasonText } from './explain-format.js';
export {
  reachabilityDiff,
  reachabilityDiffOfObjects,
  reachabilityLines,
  netpolDiffText,
  type ReachabilityDiff,
  type ReachChange,
  type ReachLine,
} from './reach-diff.js';
