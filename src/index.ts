// The library API: the actions (the jobs users run) and the domain they compose. No CLI runners.
export * from './errors.js';
export * from './report/index.js';
export { formatYaml } from './io/yaml-format.js';
export { readYamlFile, parseYamlText } from './io/yaml-read.js';
export { writeFileAtomic, replaceDirectory } from './io/atomic-write.js';
export { composeOutputs, type OutputFile } from './io/output-file.js';
export { readManifestText, readManifestInputs, locateField, type ManifestObject, type KubeObject } from './io/manifests.js';
export * from './validate/api.js';
export * from './kube/index.js';
export { resolveHelm, pinnedHelmPath, pinnedHelmVersions } from './helm/binary.js';
export { helmTemplate, helmLint, runHelm } from './helm/run.js';
export { AIPC_VERSION } from './version.js';
export {
  checkPodSecurity,
  evaluatePodTemplate,
  findPodTemplates,
  formatPodSecurityReport,
  podSecurityProblems,
  POD_SECURITY_FORMATTERS,
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
  lintObjects,
  selectLintChecks,
  formatLintReport,
  lintProblems,
  LINT_FORMATTERS,
  LINT_CHECKS,
  findLintCheck,
  type LintCheck,
  type LintFinding,
  type LintOptions,
  type LintReport,
  type LintFormat,
} from './checks/lint/index.js';
export { lintChartRender } from './checks/lint/tier.js';
export { lintExceptions, type LintException } from './model/lint-exceptions.js';
export {
  checkIsolation,
  analyzeReachability,
  connectionLines,
  buildModel as buildIsolationModel,
  formatIsolationReport,
  ISOLATION_FORMATTERS,
  analyzeExposure,
  exposureText,
  ConnectionSet,
  explainConnection,
  explainAll,
  explainText,
  decisionFor,
  findWorkload,
  reachabilityDiff,
  reachabilityDiffOfObjects,
  reachabilityLines,
  netpolDiffText,
  type ConnectionExplanation,
  type ExplainedSegment,
  type ExplainPeer,
  type ExplainReason,
  type ReachabilityDiff,
  type ReachChange,
  type ReachLine,
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
  parseManifest,
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
export { compareCharts, type ChartSide, type CompareOptions } from './compat/compat.js';
export { formatCompat, COMPAT_FORMATS, COMPAT_FORMATTERS, type CompatFormat } from './compat/format.js';
export { judgeVersion, type CompatFinding, type CompatReport, type CompatSection, type VersionVerdict } from './compat/report.js';
export { readRelease, release, releaseFile, type Release, type ReleaseImage, type GpuTypeInfo } from './model/release.js';
// The jobs users run, composed from the areas above: `runX` is what the CLI verb X calls.
export { runGenerateCheck, generateFullChart, runGenerate, type ChartCheckResult } from './actions/generate.js';
export { runValues, runValuesAll } from './actions/values.js';
export { runRender, writeSplit, type RenderCommandOptions } from './actions/render.js';
export { runBuild, formatBuildSummary, type BuildResult, type FailedSite } from './actions/build.js';
export { runBuildWatch, type BuildWatchOptions, type WatchEnd } from './actions/build-watch.js';
export { runFleet, fleetSites, formatFleet, type Site, type SiteOutcome, type FleetResult, type FleetInputs } from './actions/fleet.js';
export { runValidate, type ValidateOptions } from './actions/validate.js';
export { runCheck, checklistForRender, type TierChecklistOptions, type ChecklistEvidenceOptions } from './actions/check.js';
export { runCheckIsolation, type CheckIsolationOptions } from './actions/check-isolation.js';
export { runCheckPodSecurity, type PodSecurityCheckOptions } from './actions/check-pod-security.js';
export { runDiff, diffManifestInputs, diffChartRefs, type DiffCommandOptions } from './actions/diff.js';
export { runExplain, type ExplainOptions } from './actions/explain.js';
export { explainField, findObject, parseFieldPath, type FieldExplanation, type ValuesRead } from './explain/explain.js';
export { chartSourceMap, type ChartSourceMap, type SourceMapEntry } from './generators/source-map.js';
export { ValuesProvenance, describeOrigin, type ValueOrigin, type ValueLayer } from './tiers/provenance.js';
export { runCompat, type CompatOptions } from './actions/compat.js';
export {
  runAirgapImages,
  runAirgapBundle,
  runAirgapCollect,
  runAirgapVerify,
  runAirgapLoad,
  runAirgapExport,
  runAirgapDiff,
} from './actions/airgap.js';
export type { LoadResult, LoadedChart, LoadedImage } from './airgap/load.js';
export { runChartPush } from './actions/chart-push.js';
export { runGitops } from './actions/gitops.js';
export { runReport, type ReportOptions, type ReportResult } from './actions/report.js';
export { CONTROLS, CONTROL_MAPPINGS, controlsToItems, type Control, type ControlMapping } from './evidence/controls.js';
export { ReportSchema, REPORT_SCHEMA_ID, type ReportJson } from './schemas/report.js';
export { runLint } from './actions/lint.js';
export * from './actions/deprecated.js';
export { loadObjects, type ObjectSource } from './actions/objects.js';
