// A bundle's identity (chart, version, tier, creation time) against what the operator expects:
// `--tier`, `--not-before`, and the bundle `load` loaded last, recorded beside the values file it
// wrote. An authentic but older bundle (a rollback) or another tier's is refused unless the
// operator says so: a valid signature says who made a bundle, not that it is the one wanted.
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import semver from 'semver';
import { AipcError, EXIT_USAGE } from '../errors.js';
import { formatYaml } from '../io/yaml-format.js';
import { readYamlFile } from '../io/yaml-read.js';
import { GENERATED_MARKER } from '../generators/header.js';
import type { BundleManifest } from './manifest.js';

/** What identifies a bundle for freshness: its chart and version, tier and creation time. */
export interface BundleIdentity {
  readonly chart: string;
  readonly version: string;
  readonly tier: string;
  readonly created: string;
}

/** What the operator expects of the bundle. */
export interface IdentityExpectation {
  readonly tier?: string;
  /** ISO 8601: the bundle must be created at or after it. */
  readonly notBefore?: string;
  /** The bundle loaded last, and the file that records it. */
  readonly last?: { readonly identity: BundleIdentity; readonly file: string };
}

/** The identity of a manifest. */
export const identityOf = (m: BundleManifest): BundleIdentity => ({
  chart: m.chart.name,
  version: m.chart.version,
  tier: m.tier,
  created: m.created,
});

/** Every way `m` differs from what is expected, one sentence each (empty: it is the bundle wanted). */
export function identityProblems(m: BundleManifest, e: IdentityExpectation): string[] {
  const problems: string[] = [];
  if (e.tier !== undefined && m.tier !== e.tier) problems.push(`the bundle is of tier ${m.tier}; tier ${e.tier} was asked for`);
  if (e.notBefore !== undefined && Date.parse(m.created) < Date.parse(e.notBefore))
    problems.push(`the bundle was created ${m.created}, before --not-before ${e.notBefore}`);
  if (e.last) {
    const { identity: last, file } = e.last;
    if (last.tier !== m.tier) problems.push(`the bundle is of tier ${m.tier}; the bundle loaded last (${file}) is of tier ${last.tier}`);
    const a = semver.valid(m.chart.version);
    const b = semver.valid(last.version);
    if (last.chart !== m.chart.name)
      problems.push(`the bundle carries chart ${m.chart.name}; the bundle loaded last (${file}) carried ${last.chart}`);
    else if (a && b && semver.lt(a, b))
      problems.push(`the bundle's chart version ${m.chart.version} is older than ${last.version}, loaded last (${file})`);
    else if ((!a || !b || semver.eq(a, b)) && Date.parse(m.created) < Date.parse(last.created))
      problems.push(`the bundle was created ${m.created}, before the bundle loaded last (${last.created}, ${file})`);
  }
  return problems;
}

/** The error for identity problems: exit 1, each named, with the override. */
export function identityError(dir: string, problems: readonly string[], what: string): AipcError {
  return new AipcError(
    `${dir} is not the bundle asked for; ${what}:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    1,
    'if this bundle is the one wanted (a deliberate rollback or tier change), add --allow-other-bundle',
  );
}

/** The file beside a values file that records the bundle loaded with it. */
export function loadedRecordFor(valuesFile: string): string {
  const name = basename(valuesFile).replace(/\.ya?ml$/, '');
  return join(dirname(valuesFile), `${name}.bundle.yaml`);
}

/** The bundle recorded beside `valuesFile`, when there is one. A record that cannot be read is exit 2. */
export function readLoadedRecord(valuesFile: string): { identity: BundleIdentity; file: string; manifestSha256?: string } | undefined {
  const file = loadedRecordFor(valuesFile);
  if (!existsSync(file)) return undefined;
  const doc = readYamlFile(file);
  const v = (doc.value ?? {}) as Record<string, unknown>;
  for (const key of ['chart', 'version', 'tier', 'created'] as const)
    if (typeof v[key] !== 'string' || !v[key])
      throw new AipcError(`${file}: ${key}: expected a string (the record of the bundle loaded last)`, EXIT_USAGE);
  return {
    identity: { chart: v.chart as string, version: v.version as string, tier: v.tier as string, created: v.created as string },
    file,
    ...(typeof v.manifestSha256 === 'string' ? { manifestSha256: v.manifestSha256 } : {}),
  };
}

/** The record's text. */
export function formatLoadedRecord(
  identity: BundleIdentity,
  manifestSha256: string,
  chart?: { readonly reference: string; readonly crdStep: string },
): string {
  return formatYaml(
    { ...identity, manifestSha256, ...(chart ? { chartReference: chart.reference, crdStepBeforeUpgrade: chart.crdStep } : {}) },
    {
      header: [
        GENERATED_MARKER,
        'The bundle `aipc airgap load` loaded last with the values file beside this one: a later load refuses an',
        'older bundle or another tier unless given --allow-other-bundle. Before `helm upgrade` of an existing',
        "release, run crdStepBeforeUpgrade: `helm upgrade` never touches the chart's crds/.",
      ],
    },
  );
}

/** True when `path` is `dir` or inside it (links resolved where they exist). */
export function isInside(path: string, dir: string): boolean {
  const real = (p: string): string => {
    let head = resolve(p);
    const tail: string[] = [];
    while (!existsSync(head) && dirname(head) !== head) {
      tail.unshift(basename(head));
      head = dirname(head);
    }
    return join(realpathSync(head), ...tail);
  };
  const d = real(dir);
  const p = real(path);
  return p === d || p.startsWith(`${d}${sep}`);
}
