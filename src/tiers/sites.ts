// A fleet: the sites one run works on — each `--tier` given, or every site profile in a `--sites`
// folder with the tenant list beside it. Listed before anything is read, so every site is named
// (and reported) even when its profile turns out to be bad.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { AipcError, EXIT_USAGE, InputError } from '../errors.js';
import { isBuiltinTier } from '../schemas/tier-names.js';

/** One site of a fleet: what `--tier` and `--tenants` would say for it alone. */
export interface Site {
  /** How reports and `render --split` name it: a built-in tier's name, else the profile's file name without `.yaml`. */
  readonly name: string;
  /** A built-in tier name or a profile file. */
  readonly tier: string;
  /** Its tenant list (`<site>.tenants.yaml` beside a profile in `--sites`; `--tenants` for `--tier`). */
  readonly tenantsFile?: string;
}

const YAML = /\.ya?ml$/i;
const TENANTS = /\.tenants\.ya?ml$/i;

/** A site's name from its `--tier` value: `edge`, or `sites/berlin.yaml` → `berlin`. */
export const siteName = (tier: string): string => (isBuiltinTier(tier) ? tier : basename(tier, extname(tier)));

/**
 * The site profiles of a folder, in name order: every `*.yaml`/`*.yml` directly in `dir` except
 * `*.tenants.yaml`, each with `<site>.tenants.yaml` (or `.yml`) beside it as its tenant list when
 * there is one. Sub-folders are not read: shared bases a site `extends:` live there. A tenant list
 * with no profile of its name is refused (a misspelt site would silently deploy no tenants).
 */
export function sitesInFolder(dir: string): Site[] {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new InputError([{ file: dir, message: 'is not a directory', option: 'sitesDir' }]);
    entries = readdirSync(dir).sort();
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError([
      { file: dir, message: `cannot read the folder (${(err as NodeJS.ErrnoException).code ?? 'error'})`, option: 'sitesDir' },
    ]);
  }
  const files = entries.filter((f) => YAML.test(f) && isFile(join(dir, f)));
  const profiles = files.filter((f) => !TENANTS.test(f));
  const bases = new Set(profiles.map((f) => f.replace(YAML, '')));
  const orphans = files.filter((f) => TENANTS.test(f) && !bases.has(f.replace(TENANTS, '')));
  if (orphans.length)
    throw new InputError(
      orphans.map((f) => ({
        file: join(dir, f),
        message: `a tenant list for site ${JSON.stringify(f.replace(TENANTS, ''))}, but ${dir} has no profile ${f.replace(TENANTS, '')}.yaml`,
      })),
    );
  if (!profiles.length) throw new InputError([{ file: dir, message: 'the folder holds no site profile (*.yaml)', option: 'sitesDir' }]);
  const sites = profiles.map((f) => {
    const base = f.replace(YAML, '');
    const tenants = [`${base}.tenants.yaml`, `${base}.tenants.yml`].map((t) => join(dir, t)).find(isFile);
    return { name: base, tier: join(dir, f), ...(tenants ? { tenantsFile: tenants } : {}) };
  });
  refuseDuplicateNames(sites);
  return sites;
}

/** The sites `--tier` (repeated) names, each with the one `--tenants` list when given. */
export function sitesOfTiers(tiers: readonly string[], tenantsFile?: string): Site[] {
  const sites = tiers.map((tier) => ({ name: siteName(tier), tier, ...(tenantsFile ? { tenantsFile } : {}) }));
  refuseDuplicateNames(sites);
  return sites;
}

function refuseDuplicateNames(sites: readonly Site[]): void {
  const seen = new Map<string, string>();
  for (const s of sites) {
    const first = seen.get(s.name);
    if (first !== undefined)
      throw new AipcError(
        `two sites are named ${JSON.stringify(s.name)} (${first} and ${s.tier}); each site's results and files are kept under its name`,
        EXIT_USAGE,
      );
    seen.set(s.name, s.tier);
  }
}

const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile();
