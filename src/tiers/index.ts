// Tier profiles, tenants and the tier-aware values compiler.
export { TIER_VALUES_FILES } from '../schemas/tier-names.js';
export { loadTierProfile, isBuiltinTier, builtinProfileFile, layeredLocator, type LoadedProfile, type ProfileLayer } from './profile.js';
export { loadTenants, checkTenantsDocument, type LoadedTenants } from './tenants.js';
export {
  compileValues,
  compileAllTierFiles,
  loadChartInputs,
  ALL_TIERS_TENANTS,
  type ChartInputs,
  type CompileValuesOptions,
  type CompiledValues,
} from './compile.js';
export { checkTierInvariants, type Finding } from './invariants.js';
export {
  checkCapacity,
  modelMemory,
  describeOvercommit,
  BYTES_PER_PARAMETER,
  KV_CACHE_MARGIN,
  gpuMemoryBytes,
  defaultNodeCapacity,
  type OvercommitUse,
  type CapacityResult,
} from './capacity.js';
export { profileToValues, tenantsToValues } from './to-values.js';
export { parseSetExpression, applySet, type SetExpression } from './set-values.js';
export { mergeValues, mergeHelmValues } from './merge.js';
export {
  findExternalEndpoints,
  externalEndpointsIn,
  findImageReferences,
  imageRegistryHost,
  isPrivateIPv4,
  LOCAL_HOST_SUFFIXES,
} from './endpoints.js';
export { checkSchema } from './schema-check.js';
export * from '../schemas/index.js';
