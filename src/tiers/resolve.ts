// A tier resolved once — its profile (hardware and rules), its values files in Helm's order, the
// values merged as Helm merges them, its tenants — and handed to render, checks, airgap and build,
// so none of them re-reads or re-merges the files a second way.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AipcError, InputError } from '../errors.js';
import { checkValuesFiles, readYamlValue } from '../io/yaml-read.js';
import { chartDir as defaultChartDir } from '../paths.js';
import type { Tenant } from '../schemas/tenants.js';
import type { TierProfile } from '../schemas/tier-profile.js';
import { isBuiltinTier, TIER_NAMES, TIER_VALUES_FILES } from '../schemas/tier-names.js';
import { asRecord } from '../util/data.js';
import { mergeHelmValues } from './merge.js';
import { loadTierProfile } from './profile.js';

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
  /** A built-in tier name. */
  readonly tier: string;
  readonly chartDir?: string;
  /** Extra values files, applied after the tier's. */
  readonly valuesFiles?: readonly string[];
  /** A compiled tier values file, for a tier that is a profile file rather than a built-in name. */
  readonly tierFile?: string;
  /** The profile the tier was compiled from (name or file; default: the tier name). */
  readonly profile?: string;
}

/** The one place a built-in tier's values file is looked up, with the one hint for a missing one. */
export function builtinTierValuesFile(tier: string, dir: string = defaultChartDir()): string {
  if (!isBuiltinTier(tier)) {
    throw new AipcError(
      `unknown tier "${tier}"`,
      2,
      `use ${TIER_NAMES.join(', ')}, or compile a site tier with \`aipc values --tier FILE -o FILE\` and pass it with --values`,
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

/** Resolves a tier: its files checked once, its values merged once, its profile loaded once. */
export function resolveTier(options: ResolveTierOptions): ResolvedTier {
  const dir = options.chartDir ?? defaultChartDir();
  const tierFile = options.tierFile ?? builtinTierValuesFile(options.tier, dir);
  const valuesFiles = [join(dir, 'values.yaml'), tierFile, ...(options.valuesFiles ?? []).map((f) => resolve(f))];
  checkValuesFiles(valuesFiles);
  const values = readMergedValues(valuesFiles);
  const { profile } = loadTierProfile(options.profile ?? options.tier);
  const tenants = (Array.isArray(values.tenants) ? values.tenants : []) as Tenant[];
  return { tier: options.tier, profile, chartDir: dir, valuesFiles, values, tenants };
}
