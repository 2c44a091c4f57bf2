// A tier resolved once — its profile (hardware and rules), its values files in Helm's order, the
// values merged as Helm merges them, its tenants — and handed to render, checks, airgap and build,
// so none of them re-reads or re-merges the files a second way.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AipcError, InputError } from '../errors.js';
import { checkValuesFiles, readYamlFile, readYamlValue } from '../io/yaml-read.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { chartDir as defaultChartDir, packageRoot } from '../paths.js';
import type { Tenant } from '../schemas/tenants.js';
import type { TierProfile } from '../schemas/tier-profile.js';
import { isBuiltinTier, TIER_NAMES, TIER_VALUES_FILES } from '../schemas/tier-names.js';
import { asRecord } from '../util/data.js';
import { mergeHelmValues } from './merge.js';
import { loadTierProfile } from './profile.js';
import { ALL_TIERS_TENANTS, compileValues, loadChartInputs } from './compile.js';
import { duplicateTenantFindings } from './tenants.js';

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

export interface ResolveTierOptions {
  /** A built-in tier name, or a profile file (compiled on the fly into `workDir`). */
  readonly tier: string;
  readonly chartDir?: string;
  /** Extra values files, applied after the tier's. */
  readonly valuesFiles?: readonly string[];
  /** A compiled tier values file, for a tier that is a profile file rather than a built-in name. */
  readonly tierFile?: string;
  /** The profile the tier was compiled from (name or file; default: the tier name). */
  readonly profile?: string;
  /** Tenant list to compile in (default: a built-in tier's shipped list; none for a profile file). */
  readonly tenantsFile?: string;
  /** `--set`, `--set-string`, `--set-file`, compiled in after the values files. */
  readonly sets?: readonly string[];
  readonly setStrings?: readonly string[];
  readonly setFiles?: readonly string[];
  readonly allowOvercommit?: boolean;
  /** Where a tier compiled on the fly is written (needed when the tier must be compiled). */
  readonly workDir?: string;
}

/** Whether the inputs name something other than a built-in tier's shipped values file. */
export function needsCompile(o: ResolveTierOptions): boolean {
  return (
    o.tierFile === undefined &&
    (!isBuiltinTier(o.tier) || o.tenantsFile !== undefined || !!o.sets?.length || !!o.setStrings?.length || !!o.setFiles?.length)
  );
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

/** The one place a built-in tier's values file is looked up, with the one hint for a missing one. */
export function builtinTierValuesFile(tier: string, dir: string = defaultChartDir()): string {
  if (!isBuiltinTier(tier)) {
    throw new AipcError(
      `unknown tier "${tier}"`,
      2,
      `use ${TIER_NAMES.join(', ')}, or give a site tier's profile file itself: --tier site.yaml [--tenants FILE]`,
    );
  }
  const file = join(dir, TIER_VALUES_FILES[tier]);
  if (!existsSync(file)) throw new AipcError(`${file} does not exist`, 2, 'compile the tier values files with `aipc values --all`');
  return file;
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

/** The values files of a tier that needs no compiling (see needsCompile), in Helm's order, unread. */
export function resolvedValuesFiles(options: ResolveTierOptions): string[] {
  const dir = options.chartDir ?? defaultChartDir();
  const tierFile = options.tierFile ?? builtinTierValuesFile(options.tier, dir);
  return [join(dir, 'values.yaml'), tierFile, ...(options.valuesFiles ?? []).map((f) => resolve(f))];
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
