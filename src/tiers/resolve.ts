// A tier resolved once — its profile (hardware and rules), its values files in Helm's order, the
// values merged as Helm merges them, its tenants — and handed to render, checks, airgap and build,
// so none of them re-reads or re-merges the files a second way.
import { join } from 'node:path';
import { AipcError, InputError } from '../errors.js';
import { checkValuesFiles, readYamlFile, readYamlValue } from '../io/yaml-read.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { chartDir as defaultChartDir, packageRoot } from '../paths.js';
import type { Tenant } from '../schemas/tenants.js';
import type { TierProfile } from '../schemas/tier-profile.js';
import { isBuiltinTier } from '../schemas/tier-names.js';
import { asRecord } from '../util/data.js';
import { mergeHelmValues } from './merge.js';
import { loadTierProfile } from './profile.js';
import { ALL_TIERS_TENANTS, compileValues, loadChartInputs } from './compile.js';
import { builtinTierValuesFile, needsCompile, resolvedValuesFiles, type ResolveTierOptions } from './tier-files.js';
import { duplicateTenantFindings } from './tenants.js';

export { builtinTierValuesFile, needsCompile, resolvedValuesFiles, type ResolveTierOptions };

type Values = Record<string, unknown>;

/** Everything a command needs to know about the tier it works on. */
export interface ResolvedTier {
  /** The tier's name: a built-in name, or the profile's tier. */
  readonly tier: string;
  /** The profile the tier is judged against (its GPUs, nodes, rules). */
  readonly profile: TierProfile;
  readonly chartDir: string;
  /** The values files in the order Helm applies them: values.yaml, the tier file, then extra files. */
  readonly valuesFiles: readonly string[];
  /** Those files merged as Helm merges them. */
  readonly values: Values;
  /** The tenants the values deploy (whatever list the tier was compiled with). */
  readonly tenants: readonly Tenant[];
}

/**
 * Compiles the tier the options name — the profile, its tenants, the values files, then each
 * --set — as `aipc values` does (same checks, exit 2 on any problem) into `workDir`.
 */
function compileOnTheFly(o: ResolveTierOptions, dir: string): { file: string; tier: string } {
  if (!o.workDir) throw new AipcError('internal: a tier compiled on the fly needs a work directory', 3);
  const compiled = compileValues({
    tier: o.tier,
    tenantsFile: o.tenantsFile ?? (isBuiltinTier(o.tier) ? join(packageRoot(), ALL_TIERS_TENANTS[o.tier]) : undefined),
    valuesFiles: o.valuesFiles,
    sets: o.sets,
    setStrings: o.setStrings,
    setFiles: o.setFiles,
    allowOvercommit: o.allowOvercommit,
    chart: loadChartInputs(dir),
  });
  const file = join(o.workDir, `values-${compiled.profile.profile.name}.yaml`);
  writeFileAtomic(file, compiled.text);
  return { file, tier: compiled.profile.profile.tier };
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

/** Resolves a tier: its files checked once, its values merged once, its profile loaded once. */
export function resolveTier(options: ResolveTierOptions): ResolvedTier {
  const dir = options.chartDir ?? defaultChartDir();
  let tier = options.tier;
  let valuesFiles: string[];
  if (needsCompile(options)) {
    // the values files are compiled in, so the file holds everything Helm gets after values.yaml
    const compiled = compileOnTheFly(options, dir);
    tier = compiled.tier;
    valuesFiles = [join(dir, 'values.yaml'), compiled.file];
  } else {
    valuesFiles = resolvedValuesFiles(options);
    if (options.tierFile !== undefined && !isBuiltinTier(tier)) tier = loadTierProfile(options.profile ?? options.tier).profile.tier;
  }
  checkValuesFiles(valuesFiles);
  const values = readMergedValues(valuesFiles);
  const { profile } = loadTierProfile(options.profile ?? options.tier);
  refuseDuplicateTenants(valuesFiles, values);
  const tenants = (Array.isArray(values.tenants) ? values.tenants : []) as Tenant[];
  return { tier, profile, chartDir: dir, valuesFiles, values, tenants };
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
