// Which values files a tier is rendered with, known without reading them: what `aipc build`
// needs to start Helm before the heavier modules (profiles, schemas, the model) have loaded.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AipcError, OptionError } from '../errors.js';
import { chartDir as defaultChartDir } from '../paths.js';
import { closestTier, isBuiltinTier, TIER_NAMES, TIER_VALUES_FILES } from '../schemas/tier-names.js';
import { hasSetValues, type ValuesInput } from '../model/values-input.js';

/** The tier a command works on and its inputs (the values input as Helm's values.Options holds it). */
export interface ResolveTierOptions extends ValuesInput {
  /** A built-in tier name, or a profile file (compiled on the fly into `workDir`). */
  readonly tier: string;
  readonly chartDir?: string;
  /** A compiled tier values file, for a tier that is a profile file rather than a built-in name. */
  readonly tierFile?: string;
  /** The profile the tier was compiled from (name or file; default: the tier name). */
  readonly profile?: string;
  /** Tenant list to compile in (default: a built-in tier's shipped list; none for a profile file). */
  readonly tenantsFile?: string;
  readonly allowOvercommit?: boolean;
  /** The release namespace the tier is installed in (checked: never a reserved one). */
  readonly namespace?: string;
  /** Where a tier compiled on the fly is written (needed when the tier must be compiled). */
  readonly workDir?: string;
  /** Compile even a built-in tier's shipped values, so every value knows the input that set it (`aipc explain`). */
  readonly compile?: boolean;
}

/** Whether the inputs name something other than a built-in tier's shipped values file. */
export function needsCompile(o: ResolveTierOptions): boolean {
  return o.tierFile === undefined && (o.compile === true || !isBuiltinTier(o.tier) || o.tenantsFile !== undefined || hasSetValues(o));
}

/** The one place a built-in tier's values file is looked up, with the one hint for a missing one. */
export function builtinTierValuesFile(tier: string, dir: string = defaultChartDir()): string {
  if (!isBuiltinTier(tier)) {
    const meant = closestTier(tier);
    throw new OptionError(
      'tier',
      `unknown tier "${tier}"${meant ? `; did you mean ${meant}?` : ''}`,
      `use ${TIER_NAMES.join(', ')}, or give a site tier's profile file itself (site.yaml, with its tenant list)`,
    );
  }
  const file = join(dir, TIER_VALUES_FILES[tier]);
  if (!existsSync(file)) throw new AipcError(`${file} does not exist`, 2, 'compile the tier values files with `aipc values --all`');
  return file;
}

/** The values files of a tier that needs no compiling (see needsCompile), in Helm's order, unread. */
export function resolvedValuesFiles(options: ResolveTierOptions): string[] {
  const dir = options.chartDir ?? defaultChartDir();
  const tierFile = options.tierFile ?? builtinTierValuesFile(options.tier, dir);
  return [join(dir, 'values.yaml'), tierFile, ...(options.extraValuesFiles ?? []).map((f) => resolve(f))];
}
