// What kind of change a reviewer is looking at, and in which order to show it: objects that
// appear or disappear, then what runs (images), who may do what (RBAC), who may talk to whom
// (NetworkPolicies), what is exposed (Services, Ingresses, Gateway routes), the API itself (CRDs),
// other security-relevant fields, and then the rest. `--fail-on` gates on the same categories.
import { OptionError } from '../errors.js';
import type { DiffReport, FieldChange, ObjectChange, PathSegment } from './diff.js';

/** Categories in rank order: a lower index is shown first. */
export const CATEGORIES = ['added', 'removed', 'image', 'rbac', 'networkpolicy', 'service', 'crd', 'security', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Headings of the categories in reports. */
export const CATEGORY_TITLES: Record<Category, string> = {
  added: 'Added objects',
  removed: 'Removed objects',
  image: 'Images',
  rbac: 'RBAC',
  networkpolicy: 'NetworkPolicies',
  service: 'Services, Ingresses and routes',
  crd: 'CustomResourceDefinitions',
  security: 'Security-relevant fields',
  other: 'Other changes',
};

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
const RBAC_FIELDS = new Set(['rules', 'subjects', 'roleRef', 'aggregationRule']);
const SERVICE_KINDS = new Set([
  'Service',
  'Ingress',
  'IngressClass',
  'Gateway',
  'HTTPRoute',
  'GRPCRoute',
  'TLSRoute',
  'TCPRoute',
  'UDPRoute',
]);
const ADMISSION_KINDS = new Set([
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'PodSecurityPolicy',
]);
/** Fields that widen or narrow what a pod may do on its node or in the API. */
const SECURITY_KEYS = new Set([
  'securityContext',
  'privileged',
  'allowPrivilegeEscalation',
  'capabilities',
  'runAsUser',
  'runAsGroup',
  'runAsNonRoot',
  'readOnlyRootFilesystem',
  'seccompProfile',
  'appArmorProfile',
  'seLinuxOptions',
  'procMount',
  'hostNetwork',
  'hostPID',
  'hostIPC',
  'hostUsers',
  'hostPath',
  'hostPort',
  'serviceAccountName',
  'serviceAccount',
  'automountServiceAccountToken',
]);

const keys = (path: readonly PathSegment[]): string[] => path.filter((s): s is string => typeof s === 'string');

/** The category of one field change of an object of `kind`. */
export function fieldCategory(kind: string, f: FieldChange): Category {
  const ks = keys(f.path);
  const last = ks[ks.length - 1];
  if (last === 'image' || last === 'images') return 'image';
  if (ks[0] === 'metadata') return 'other';
  if (RBAC_KINDS.has(kind) && RBAC_FIELDS.has(ks[0])) return 'rbac';
  if (kind === 'NetworkPolicy') return 'networkpolicy';
  if (SERVICE_KINDS.has(kind)) return 'service';
  if (kind === 'CustomResourceDefinition') return 'crd';
  if (ADMISSION_KINDS.has(kind) || ks.some((k) => SECURITY_KEYS.has(k))) return 'security';
  // an added or removed container brings or takes its image
  if (hasImage(f.after) || hasImage(f.before)) return 'image';
  return 'other';
}

function hasImage(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return v.some(hasImage);
  const m = v as Record<string, unknown>;
  return typeof m.image === 'string' || Object.values(m).some((x) => typeof x === 'object' && hasImage(x));
}

/** The category an object's kind gives an added or removed object of it (besides `added`/`removed`). */
function kindCategory(kind: string): Category | undefined {
  if (RBAC_KINDS.has(kind)) return 'rbac';
  if (kind === 'NetworkPolicy') return 'networkpolicy';
  if (SERVICE_KINDS.has(kind)) return 'service';
  if (kind === 'CustomResourceDefinition') return 'crd';
  if (ADMISSION_KINDS.has(kind)) return 'security';
  return undefined;
}

/** Every category an object change falls in (an added ClusterRole is `added` and `rbac`). */
export function objectCategories(o: ObjectChange): Set<Category> {
  const out = new Set<Category>();
  if (o.change !== 'changed') {
    out.add(o.change);
    const k = kindCategory(o.kind);
    if (k) out.add(k);
    if (hasImage(o.object)) out.add('image');
    return out;
  }
  for (const f of o.fields) out.add(fieldCategory(o.kind, f));
  return out;
}

/** The rank of a set of categories: its first in {@link CATEGORIES} order. */
export function rankOf(categories: Iterable<Category>): number {
  let best = CATEGORIES.length - 1;
  for (const c of categories) best = Math.min(best, CATEGORIES.indexOf(c));
  return best;
}

/** Parses `--fail-on a,b,c`; `any` stands for every category. Unknown names are a usage error (exit 2). */
export function parseFailOn(values: readonly string[]): Set<Category> {
  const names = values.flatMap((v) => v.split(',')).map((s) => s.trim());
  const unknown = names.filter((n) => n !== 'any' && !(CATEGORIES as readonly string[]).includes(n));
  if (unknown.length) {
    throw new OptionError(
      'failOn',
      `unknown categor${unknown.length > 1 ? 'ies' : 'y'} ${unknown.join(', ')}; use ${CATEGORIES.join(', ')} or any`,
    );
  }
  return new Set(names.includes('any') ? CATEGORIES : (names as Category[]));
}

/** Objects per category, for CI gates: an object counts once in each category it falls in. */
export function categoryCounts(report: DiffReport): Record<Category, number> {
  const counts = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  for (const section of report.sections) for (const o of section.objects) for (const c of objectCategories(o)) counts[c]++;
  return counts;
}

/** The `--fail-on` gates a report trips, in rank order, with how many objects trip each. */
export function trippedGates(report: DiffReport, gates: ReadonlySet<Category>): { category: Category; objects: number }[] {
  const counts = categoryCounts(report);
  return CATEGORIES.filter((c) => gates.has(c) && counts[c] > 0).map((category) => ({ category, objects: counts[category] }));
}
