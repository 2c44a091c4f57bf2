// Air gap: the images a tier pulls, the bundle that carries everything across, and its check.
export {
  listImages,
  listObjectImages,
  checkImagesInRegistry,
  isInRegistry,
  parseImageRef,
  rewriteImageRef,
  formatImageUser,
  type ImageUse,
  type ImageUser,
  type ImageRef,
  type ImageFinding,
  type ImageFindingReason,
} from './images.js';
export { collectImages, valuesFilesFor, type CollectOptions, type CollectedImages } from './collect.js';
export { readMergedValues, registryOf, modelsOf, airgapValuesOverride, AIRGAP_VALUES_FILE, type ModelEntry } from './values.js';
export {
  writeBundle,
  resolveCreated,
  packageChart,
  formatModels,
  formatImageMap,
  formatImageList,
  formatImageFindings,
  type BundleOptions,
  type BundleResult,
} from './bundle.js';
export { verifyBundle, bundleIsIntact, formatVerifyReport, type VerifyResult, type ChangedFile } from './verify.js';
export {
  formatManifest,
  parseManifest,
  hashFile,
  isSafeBundlePath,
  MANIFEST_FILE,
  type BundleManifest,
  type BundleFile,
} from './manifest.js';
