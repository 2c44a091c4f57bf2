// An evidence pack's content (report.json), assembled from what the other areas found — the
// checklist, pod security, lint, images, capacity, isolation — as they found it: a pure step with
// no I/O, so the action reads everything once and the formatters only present.
import type { ChecklistResult } from '../checks/checklist/checklist.js';
import type { PodSecurityReport } from '../checks/pod-security/check.js';
import type { LintReport } from '../checks/lint/run.js';
import type { ImageUse } from '../airgap/images.js';
import type { BundleEvidence } from '../airgap/bundle-check.js';
import type { CapacityResult } from '../tiers/capacity.js';
import type { TierProfile } from '../schemas/tier-profile.js';
import type { Tenant } from '../schemas/tenants.js';
import type { IsolationReport } from '../checks/isolation/index.js';
import { REPORT_FORMAT, REPORT_SCHEMA_ID, type ReportIdentity, type ReportJson } from '../schemas/report.js';
import { CONTROL_MAPPINGS, controlsToItems } from './controls.js';
import { reachabilityGraph } from './reachability.js';

/** Everything a pack is made of, computed once by the report action. */
export interface PackInputs {
  readonly identity: ReportIdentity;
  readonly checklist: ChecklistResult;
  readonly podSecurity: PodSecurityReport;
  readonly lint: LintReport;
  readonly registry: string;
  readonly images: readonly ImageUse[];
  /** Digests the release data pins, by the image reference the tier deploys. */
  readonly pinnedDigests: ReadonlyMap<string, string>;
  readonly bundle?: BundleEvidence;
  readonly capacity: CapacityResult;
  readonly profile: TierProfile;
  readonly tenants: readonly Tenant[];
  readonly isolation: IsolationReport;
}

const controlsOf = (item: string): string[] => [...(CONTROL_MAPPINGS.find((m) => m.item === item)?.controls ?? [])];

/** The report.json of a pack (paths as the areas wrote them: the action names them for the reader). */
export function assemblePack(p: PackInputs): ReportJson {
  const graph = reachabilityGraph(p.isolation);
  const bundleDigests = new Map((p.bundle?.images ?? []).map((i) => [i.name, i.digest]));
  const bundleOk = p.bundle ? !p.bundle.problems.length && !p.bundle.identityProblems.length : false;
  return {
    $schema: REPORT_SCHEMA_ID,
    format: REPORT_FORMAT,
    identity: p.identity,
    checklist: {
      ok: p.checklist.ok,
      items: p.checklist.items.map((i) => ({
        id: i.id,
        title: i.title,
        status: i.status,
        evidence: [...i.evidence],
        controls: controlsOf(i.id),
      })),
    },
    podSecurity: {
      requiredLevel: p.podSecurity.requiredLevel,
      policyVersion: p.podSecurity.version,
      ok: p.podSecurity.ok,
      workloads: p.podSecurity.workloads.map((w) => ({
        ref: w.ref,
        level: w.level,
        verdict: w.verdict,
        ...(w.exception ? { exception: `${w.exception.workload} may be ${w.exception.level}: ${w.exception.reason}` } : {}),
        failures: w.failures.map((f) => ({ check: f.check, path: f.path, found: f.found, required: f.required })),
      })),
      namespaceFindings: p.podSecurity.namespaceFindings.map((f) => f.message),
    },
    lint: {
      checks: p.lint.checks.length,
      objects: p.lint.objects,
      findings: p.lint.findings.map((f) => ({ check: f.check, object: objectName(f), path: f.path, message: f.message })),
      accepted: p.lint.excepted.map((e) => ({
        check: e.finding.check,
        object: objectName(e.finding),
        message: e.finding.message,
        reason: e.exception.reason,
      })),
      exemptedByAnnotation: p.lint.exempted,
    },
    images: {
      registry: p.registry,
      images: p.images.map((i) => {
        const fromBundle = bundleOk ? bundleDigests.get(i.image) : undefined;
        const pinned = p.pinnedDigests.get(i.image);
        return {
          image: i.image,
          ...(fromBundle
            ? { digest: fromBundle, digestSource: 'verified bundle' as const }
            : pinned
              ? { digest: pinned, digestSource: 'release data' as const }
              : {}),
          pulledBy: [...new Set(i.users.map((u) => (u.container ? `${u.object} (${u.container})` : u.object)))],
        };
      }),
      ...(p.bundle
        ? {
            bundle: {
              name: p.bundle.dir,
              verified: bundleOk,
              evidence: [...p.bundle.matched, ...p.bundle.identityMatched],
              problems: [...new Set([...p.bundle.problems, ...p.bundle.identityProblems])],
              images: p.bundle.images.length,
            },
          }
        : {}),
    },
    capacity: {
      gpuType: p.profile.hardware.gpuType,
      gpus: p.profile.hardware.gpuNodes * p.profile.hardware.gpusPerNode,
      tenantGpus: p.tenants.reduce((sum, t) => sum + (t.quota?.gpu ?? 0), 0),
      findings: p.capacity.findings.map((f) => f.message),
      overcommit: p.capacity.overcommit.map(
        (o) =>
          `${o.resource}: ${o.requested} requested of ${o.capacity}, allowed by ${o.allowedBy === 'profile' ? `the profile's ratio ${o.ratio}` : '--allow-overcommit'}`,
      ),
    },
    isolation: {
      nodes: graph.nodes.map((n) => ({ ...n })),
      edges: graph.edges.map(({ rules, ...e }) => ({ ...e, allowedBy: [...e.allowedBy], ...(rules ? { rules: [...rules] } : {}) })),
      boundaries: graph.boundaries.map((b) => ({ ...b, separates: [...b.separates] })),
      closedNotListed: graph.closedNotListed,
      violations: p.isolation.violations.map((v) => v.message),
    },
    controls: {
      mappings: CONTROL_MAPPINGS.map((m) => ({ item: m.item, controls: [...m.controls], rationale: m.rationale })),
      byControl: controlsToItems().map((r) => ({ control: r.control.id, title: r.control.title, items: r.items })),
    },
  };
}

const objectName = (f: { kind: string; namespace: string; name: string }) => `${f.kind}/${f.namespace ? `${f.namespace}/` : ''}${f.name}`;

/**
 * Every string of the pack with absolute paths replaced by the names a reader knows: `names` maps
 * an absolute path (a file, a directory) to how it is shown; longer paths first, so a file inside a
 * named directory keeps its own name. What the areas wrote (evidence lines naming a bundle
 * directory, a values file) then carries no path of the machine that ran it.
 */
export function renamePaths<T>(value: T, names: ReadonlyMap<string, string>): T {
  const entries = [...names].filter(([from]) => from.length > 1).sort((a, b) => b[0].length - a[0].length);
  const fix = (s: string): string => {
    let out = s;
    for (const [from, to] of entries) if (out.includes(from)) out = out.split(from).join(to);
    return out;
  };
  const walk = (v: unknown): unknown =>
    typeof v === 'string'
      ? fix(v)
      : Array.isArray(v)
        ? v.map(walk)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
          : v;
  return walk(value) as T;
}
