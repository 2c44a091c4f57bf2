// A tier resolved once — its profile (hardware and rules), its values files in Helm's order, the
// values merged as Helm merges them, its tenants — and handed to render, checks, airgap and build,
// so none of them re-reads or re-merges the files a second way. This is the one place every
// command resolves a tier, so the tier's rules are checked here, whatever the input form.
import { join, resolve } from 'node:path';
import { AipcError, InputError, type Diagnostic } from '../errors.js';
import { checkValuesFiles, readYamlFile, readYamlValue } from '../io/yaml-read.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { chartDir as defaultChartDir, packageRoot } from '../paths.js';
import type { Tenant } from '../schemas/tenants.js';
import type { TierProfile } from '../schemas/tier-profile.js';
import { isBuiltinTier } from '../schemas/tier-names.js';
import { asRecord, hasPath } from '../util/data.js';
import { mergeHelmValues } from './merge.js';
import { loadTierProfile, type LoadedProfile } from './profile.js';
import { ALL_TIERS_TENANTS, compileValues, displayPath, effectiveProfile, loadChartInputs } from './compile.js';
import { builtinTierValuesFile, needsCompile, resolvedValuesFiles, type ResolveTierOptions } from './tier-files.js';
import { duplicateTenantFindings, sortDiagnostics } from './tenants.js';
import { checkTierInvariants } from './invariants.js';
import { checkCapacity } from './capacity.js';
import { checkReleaseNamespace } from './namespace.js';
import { ValuesProvenance } from './provenance.js';
import { chartDefaultOrigin, valuesFileOrigin } from './origins.js';

export { builtinTierValuesFile, needsCompile, resolvedValuesFiles, type ResolveTierOptions };

type Values = Record<string, unknown>;

/** Everything a command needs to know about the tier it works on. */
export interface ResolvedTier {
  /** The tier's kind: edge, datacenter or connected (a site profile's is the tier it extends). */
  readonly tier: string;
  /** The tier's own name: a built-in tier's, or the site profile's `name` (what reports call it). */
  readonly name: string;
  /** The profile the tier is judged against (its GPUs, nodes, rules). */
  readonly profile: TierProfile;
  readonly chartDir: string;
  /** The values files handed to Helm, in its order: values.yaml, the tier file, then the extra files. */
  readonly valuesFiles: readonly string[];
  /** The operator's own `-f` files among them (empty when they were compiled into the tier file). */
  readonly extraValuesFiles: readonly string[];
  /** The values files merged as Helm merges them: what the chart is rendered with. */
  readonly mergedValues: Values;
  /** What the tier's files change over the chart's values.yaml (the tier file and the extra files merged). */
  readonly overrideValues: Values;
  /** The tenants the values deploy (whatever list the tier was compiled with). */
  readonly tenants: readonly Tenant[];
  /** What the values were made from, as the user named it (paths relative where possible, never a temporary file). */
  readonly sources: readonly string[];
  /**
   * Which input last set each values path: the compile's own record when the tier was compiled
   * (profile, tenants, -f, --set, compiler rules), else the values file that sets it (read on first call).
   */
  readonly provenance: () => ValuesProvenance;
}

/** The inputs of a tier as reports name them. */
function sourcesOf(options: ResolveTierOptions, dir: string, tenantsFile: string | undefined, compiled: boolean): string[] {
  const show = (f: string) => displayPath(resolve(f));
  return [
    show(join(dir, 'values.yaml')),
    compiled
      ? isBuiltinTier(options.tier)
        ? `profiles/${options.tier}.yaml (built-in tier ${options.tier}, compiled)`
        : `${show(options.tier)} (profile, compiled)`
      : show(options.tierFile ?? builtinTierValuesFile(options.tier, dir)),
    ...(compiled && tenantsFile !== undefined ? [`${show(tenantsFile)} (tenants)`] : []),
    ...(options.extraValuesFiles ?? []).map(show),
    ...(options.set ?? []).map((s) => `--set ${s}`),
    ...(options.setString ?? []).map((s) => `--set-string ${s}`),
    ...(options.setFile ?? []).map((s) => `--set-file ${s}`),
  ];
}

/** The tenant list a built-in tier is compiled with when none is given: one default in every command. */
export function defaultTenantsFile(tier: string): string | undefined {
  return isBuiltinTier(tier) ? join(packageRoot(), ALL_TIERS_TENANTS[tier]) : undefined;
}

/** Reads and merges values files in order (each must be one YAML mapping). */
export function readMergedValues(files: readonly string[]): Values {
  let merged: Values = {};
  for (const file of files) {
    const value = asRecord(readYamlValue(file));
    if (!value) throw new InputError([{ file, message: 'expected a YAML mapping of values' }]);
    merged = mergeHelmValues(merged, value);
  }
  return merged;
}

/**
 * Resolves a tier: compiled once in memory when it must be (a profile file, tenants, --set), the
 * compiled file written only for Helm and never read back; otherwise its files read and merged
 * once. Every form is held to the tier's rules before anything is rendered or written: exit 2
 * naming the file, line and column (or the flag) of the value the tier forbids.
 */
export function resolveTier(options: ResolveTierOptions): ResolvedTier {
  if (options.namespace !== undefined) checkReleaseNamespace(options.namespace);
  const dir = options.chartDir ?? defaultChartDir();
  if (needsCompile(options)) {
    if (!options.workDir) throw new AipcError('internal: a tier compiled on the fly needs a work directory', 3);
    const chart = loadChartInputs(dir);
    const tenantsFile = options.tenantsFile ?? defaultTenantsFile(options.tier);
    const compiled = compileValues({ ...options, tenantsFile, chart });
    // written only because Helm reads files; what was computed is what is handed on
    const file = join(options.workDir, `values-${compiled.profile.profile.name}.yaml`);
    writeFileAtomic(file, compiled.text);
    return {
      tier: compiled.profile.profile.tier,
      name: compiled.profile.profile.name,
      profile: compiled.profile.profile,
      chartDir: dir,
      valuesFiles: [join(dir, 'values.yaml'), file],
      extraValuesFiles: [],
      mergedValues: mergeHelmValues(chart.defaults, compiled.overrides),
      overrideValues: compiled.overrides,
      tenants: compiled.tenants,
      sources: sourcesOf(options, dir, tenantsFile, true),
      provenance: () => compiled.provenance,
    };
  }
  const valuesFiles = resolvedValuesFiles(options);
  checkValuesFiles(valuesFiles);
  // each file read once; merged in Helm's order (a null deletes), with and without values.yaml
  const layers = valuesFiles.map((f) => readMergedValues([f]));
  const mergedValues = layers.reduce(mergeHelmValues, {});
  const overrideValues = layers.slice(1).reduce(mergeHelmValues, {});
  const loaded = loadTierProfile(options.profile ?? options.tier);
  const tier = isBuiltinTier(options.tier) ? options.tier : loaded.profile.tier;
  refuseDuplicateTenants(valuesFiles, mergedValues);
  // the tier file kept its promises when it was compiled (and `generate --check` says it is current);
  // -f files layered over it are held to them here
  if (options.extraValuesFiles?.length) checkMergedTier(loaded, valuesFiles.slice(1), mergedValues, options.allowOvercommit);
  const tenants = (Array.isArray(mergedValues.tenants) ? mergedValues.tenants : []) as Tenant[];
  return {
    tier,
    name: loaded.profile.name,
    profile: loaded.profile,
    chartDir: dir,
    valuesFiles,
    extraValuesFiles: valuesFiles.slice(2),
    mergedValues,
    overrideValues,
    tenants,
    sources: sourcesOf(options, dir, undefined, false),
    provenance: once(() => filesProvenance(valuesFiles)),
  };
}

const once = <T>(make: () => T): (() => T) => {
  let made: T | undefined;
  return () => (made ??= make());
};

/** The values files' own record: each path from the last file that sets it, else values.yaml's line. */
function filesProvenance(files: readonly string[]): ValuesProvenance {
  const [defaults, ...layers] = files.map((f) => readYamlFile(f));
  const origins = new ValuesProvenance(chartDefaultOrigin(defaults));
  for (const doc of layers) origins.record([], doc.value, valuesFileOrigin(doc));
  return origins;
}

/**
 * The tier's invariants and capacity over values files layered on a compiled tier file, each
 * finding placed in the last file that sets the field (else the profile that does).
 */
function checkMergedTier(loaded: LoadedProfile, files: readonly string[], merged: Values, allowOvercommit?: boolean): void {
  const tenants = (Array.isArray(merged.tenants) ? merged.tenants : []) as Tenant[];
  const findings = [
    ...checkTierInvariants(loaded.profile, merged),
    ...checkCapacity(effectiveProfile(loaded.profile, merged), tenants, { values: merged, allowOvercommit }).findings,
  ];
  if (!findings.length) return;
  const docs = files.map((f) => readYamlFile(f)).reverse();
  const diagnostics: Diagnostic[] = findings.map((f) => {
    const doc = docs.find((d) => hasPath(d.value, f.path));
    return (doc ?? docs[docs.length - 1]).diagnostic(f.path, f.message, f.rule);
  });
  throw new InputError(sortDiagnostics(diagnostics));
}

/** Duplicate tenants in the merged values are an input error, placed in the file whose list won. */
function refuseDuplicateTenants(files: readonly string[], values: Values): void {
  const findings = duplicateTenantFindings(values.tenants);
  if (!findings.length) return;
  // lists are replaced, not merged: the last file with a tenants list is the one Helm uses
  const file = [...files].reverse().find((f) => asRecord(readYamlValue(f))?.tenants !== undefined) ?? files[files.length - 1];
  const doc = readYamlFile(file);
  throw new InputError(findings.map((f) => doc.diagnostic(f.path, f.message, f.rule)));
}
