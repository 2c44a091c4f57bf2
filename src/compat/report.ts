// What `aipc compat` finds and how a release's version must move for it. Every finding carries
// the migration note an operator or the release author acts on.
import semver from 'semver';
import type { RenderedInputs } from '../diff/diff.js';

/**
 * breaking: an upgrade fails, loses data or refuses values valid before (needs a major bump);
 * warning: may break some users (needs a minor bump); additive: new API (minor); info: a
 * behaviour change that keeps the API (patch).
 */
export type Severity = 'breaking' | 'warning' | 'additive' | 'info';

export interface CompatFinding {
  readonly severity: Severity;
  /** e.g. `values.key-removed`, `immutable.statefulset`, `statefulset.renamed`. */
  readonly rule: string;
  /** What it is about: a values key (`gateway.replicas`) or an object (`StatefulSet ai-platform/x`). */
  readonly subject: string;
  readonly message: string;
  /** What to do about it. */
  readonly migration: string;
}

/** One tier: its values file against the new schema, and what upgrading its release would do. */
export interface CompatSection {
  /** A built-in tier, or a site profile's name. */
  readonly tier: string;
  /** What each side was rendered from (tier, profile, tenants, files read, `@REF` for a side at a git ref). */
  readonly rendered?: { readonly before: RenderedInputs; readonly after: RenderedInputs };
  readonly note?: string;
  readonly findings: readonly CompatFinding[];
  /** Rendered objects added, removed and changed (the same diff `aipc diff` reports). */
  readonly objects: { readonly added: number; readonly removed: number; readonly changed: number };
}

export type Bump = 'none' | 'patch' | 'minor' | 'major';

export interface VersionVerdict {
  readonly before: string;
  readonly after: string;
  /** The bump made (`downgrade` when the version went down). */
  readonly bump: Bump | 'downgrade';
  /** The least bump the findings need. */
  readonly required: Bump;
  readonly ok: boolean;
  readonly message: string;
}

export interface CompatReport {
  readonly before: string;
  readonly after: string;
  /** The values API (values.schema.json, values.yaml defaults, CRDs): the same for every tier. */
  readonly chart: readonly CompatFinding[];
  readonly sections: readonly CompatSection[];
  readonly version: VersionVerdict;
  /** Whether anything is breaking or the version bump is short of what the change needs. */
  readonly failed: boolean;
}

const ORDER: readonly Bump[] = ['none', 'patch', 'minor', 'major'];
const NEEDS: Readonly<Record<Severity, Bump>> = { breaking: 'major', warning: 'minor', additive: 'minor', info: 'patch' };

/** The least bump `findings` need; any rendered change at all needs a patch. */
export function requiredBump(findings: readonly CompatFinding[], anyChange: boolean): Bump {
  let need: Bump = anyChange ? 'patch' : 'none';
  for (const f of findings) if (ORDER.indexOf(NEEDS[f.severity]) > ORDER.indexOf(need)) need = NEEDS[f.severity];
  return need;
}

/**
 * Judges the chart version change against what changed. Below 1.0.0 SemVer lets a minor bump
 * carry breaking changes (§4), so there `major` is satisfied by a minor bump.
 */
export function judgeVersion(before: string, after: string, required: Bump): VersionVerdict {
  const a = semver.parse(before);
  const b = semver.parse(after);
  const base = { before, after, required };
  if (!a || !b) {
    return { ...base, bump: 'none', ok: false, message: `not SemVer: ${!a ? before : after}; Helm needs a SemVer 2 chart version` };
  }
  if (semver.lt(b, a)) return { ...base, bump: 'downgrade', ok: false, message: `${before} → ${after} goes down; a release must go up` };
  const diff = semver.diff(a, b);
  // 1.2.0 → 1.2.1-rc.1 moves as far as its release would; rc.1 → rc.2 counts as a patch
  const bump: Bump = diff === null ? 'none' : diff === 'prerelease' ? 'patch' : (diff.replace(/^pre/, '') as Bump);
  const need: Bump = required === 'major' && a.major === 0 ? 'minor' : required;
  const ok = ORDER.indexOf(bump) >= ORDER.indexOf(need);
  const made = bump === 'none' ? 'unchanged' : `a ${bump} bump`;
  const message = ok
    ? `${before} → ${after}: ${made}, enough for ${required === 'none' ? 'no change' : `a ${required} change`}`
    : `${before} → ${after}: ${made}, but the changes need a ${required === 'major' && a.major === 0 ? 'minor (0.x) or major' : required} bump; set chart.version in release.yaml to ${suggest(a, required)}`;
  return { ...base, bump, ok, message };
}

function suggest(v: semver.SemVer, need: Bump): string {
  if (need === 'none') return v.version;
  const release = need === 'major' && v.major === 0 ? 'minor' : need;
  return semver.inc(v.version, release) ?? v.version;
}
