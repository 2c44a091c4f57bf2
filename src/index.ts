// The library API. The CLI is a thin layer over these; tests call them directly.
export * from './errors.js';
export { formatYaml } from './io/yaml-format.js';
export { readYamlFile, parseYamlText } from './io/yaml-read.js';
export { writeFileAtomic, replaceDirectory } from './io/atomic-write.js';
export { composeOutputs, type OutputFile } from './io/output-file.js';
export {
  readManifestText,
  readManifestInputs,
  locateField,
  objectRef,
  type ManifestObject,
  type KubeObject,
} from './io/manifests.js';
export * from './validate/api.js';
export { resolveHelm, pinnedHelmPath, pinnedHelmVersions } from './helm/binary.js';
export { helmTemplate, helmLint, runHelm } from './helm/run.js';
export { AIPC_VERSION } from './version.js';
export {
  checkPodSecurity,
  evaluatePodTemplate,
  findPodTemplates,
  formatPodSecurityReport,
  parsePodSecurityExceptions,
  podSecurityChecks,
  type PodSecurityException,
  type PodSecurityOptions,
  type PodSecurityReport,
  type PodSecurityLevel,
  type PodSecurityCheckId,
  type WorkloadReport,
  type NamespaceFinding,
} from './checks/pod-security/index.js';
export {
  checkIsolation,
  analyzeReachability,
  connectionLines,
  buildModel as buildIsolationModel,
  formatIsolationReport,
  runCheckIsolation,
  ConnectionSet,
  type IsolationReport,
  type IsolationOptions,
  type ReachabilityResult,
  type Violation,
  type NamespaceReach,
} from './checks/isolation/index.js';
export {
  listImages,
  listObjectImages,
  checkImagesInRegistry,
  isInRegistry,
  parseImageRef,
  rewriteImageRef,
  collectImages,
  writeBundle,
  verifyBundle,
  bundleIsIntact,
  readManifest,
  airgapValuesOverride,
  readMergedValues,
  modelsOf,
  type ImageUse,
  type ImageUser,
  type ImageFinding,
  type BundleOptions,
  type BundleManifest,
  type VerifyResult,
} from './airgap/index.js';
export * from './tiers/index.js';
export * from './diff/index.js';
