// What `helm upgrade` from one render to the next would do to a running release: patches the API
// server refuses (immutable fields), objects Helm deletes and recreates under a new name (a
// StatefulSet's claims, PVCs: data), and CRD versions dropped while objects may be stored in them.
// Objects are matched as `aipc diff` matches them (API group, kind, namespace, name).
import { countChanges, diffObjects, diffValues, formatFieldPath, objectKey, objectLabel, type PathSegment } from '../diff/diff.js';
import type { KubeObject, ManifestObject } from '../io/manifests.js';
import { parseQuantity } from '../kube/quantity.js';
import { isRecord } from '../util/data.js';
import type { CompatFinding, CompatSection } from './report.js';

type Obj = KubeObject & { spec?: Record<string, unknown> };

const label = (o: KubeObject) =>
  objectLabel({
    kind: String(o.kind),
    namespace: o.metadata?.namespace ? String(o.metadata.namespace) : undefined,
    name: String(o.metadata?.name),
  });
const group = (o: KubeObject) => (String(o.apiVersion ?? '').includes('/') ? String(o.apiVersion).split('/')[0] : '');
const ns = (o: KubeObject) => (o.metadata?.namespace ? ` -n ${o.metadata.namespace}` : '');
const kubectlRef = (o: KubeObject) => `${String(o.kind).toLowerCase()} ${String(o.metadata?.name)}${ns(o)}`;
const annotations = (o: KubeObject): Record<string, unknown> => (isRecord(o.metadata?.annotations) ? o.metadata.annotations : {});

/** Top-level spec fields (or whole paths) that changed, other than `mutable` ones. */
function changedSpecFields(a: Obj, b: Obj, mutable: readonly string[]): string[] {
  const fields = diffValues(a.spec ?? {}, b.spec ?? {}).map((f) => f.path);
  return [...new Set(fields.filter((p) => !mutable.includes(String(p[0]))).map((p) => `spec.${String(p[0])}`))];
}

/** Changed paths among `paths` (each a path under the object). */
function changedAt(a: KubeObject, b: KubeObject, paths: readonly (readonly PathSegment[])[]): string[] {
  const get = (o: unknown, p: readonly PathSegment[]) => p.reduce<unknown>((v, k) => (isRecord(v) ? v[String(k)] : undefined), o);
  return paths.filter((p) => diffValues(get(a, p), get(b, p)).length > 0).map((p) => formatFieldPath(p));
}

interface ImmutableRule {
  readonly group: string;
  readonly kind: string;
  /** The immutable fields that differ. */
  readonly changed: (a: Obj, b: Obj) => string[];
  readonly migration: (o: KubeObject, fields: readonly string[]) => string;
}

const recreate = (o: KubeObject, effect: string) =>
  `delete it before the upgrade (\`kubectl delete ${kubectlRef(o)}\`${effect}) so the upgrade creates it anew, or keep the old value`;

/** Kubernetes' immutability rules for what a chart renders (apps/v1, batch/v1, core/v1, rbac/v1, apiextensions/v1). */
const IMMUTABLE: readonly ImmutableRule[] = [
  {
    group: 'apps',
    kind: 'StatefulSet',
    // the API server's own list: "updates to statefulset spec for fields other than ... are forbidden"
    changed: (a, b) =>
      changedSpecFields(a, b, [
        'replicas',
        'ordinals',
        'template',
        'updateStrategy',
        'revisionHistoryLimit',
        'persistentVolumeClaimRetentionPolicy',
        'minReadySeconds',
      ]),
    migration: (o) =>
      `orphan-delete the StatefulSet before the upgrade (\`kubectl delete ${kubectlRef(o)} --cascade=orphan\`): its pods and claims stay, and the upgraded StatefulSet adopts them by name; existing claims keep their old spec — or keep the old value`,
  },
  ...['Deployment', 'ReplicaSet', 'DaemonSet'].map((kind): ImmutableRule => ({
    group: 'apps',
    kind,
    changed: (a, b) => changedAt(a, b, [['spec', 'selector']]),
    migration: (o) => recreate(o, '; its pods go with it: an outage until the new ones are ready'),
  })),
  {
    group: 'batch',
    kind: 'Job',
    changed: (a, b) =>
      changedAt(a, b, [
        ['spec', 'selector'],
        ['spec', 'template'],
        ['spec', 'completionMode'],
      ]),
    migration: (o) => `${recreate(o, '')}; or make it a Helm hook with helm.sh/hook-delete-policy: before-hook-creation`,
  },
  {
    group: '',
    kind: 'Service',
    changed: (a, b) => {
      const ip = (o: Obj) => (typeof o.spec?.clusterIP === 'string' ? o.spec.clusterIP : '');
      // an unset clusterIP is assigned by the cluster and kept on update; None (headless) and fixed IPs are not
      return ip(a) !== ip(b) && (ip(a) !== '' || ip(b) !== '') ? ['spec.clusterIP'] : [];
    },
    migration: (o) => recreate(o, '; clients see a new address'),
  },
  {
    group: '',
    kind: 'PersistentVolumeClaim',
    changed: (a, b) => {
      const out = changedSpecFields(a, b, ['resources', 'volumeAttributesClassName']);
      const size = (o: Obj) =>
        isRecord(o.spec?.resources) && isRecord(o.spec.resources.requests) ? o.spec.resources.requests.storage : undefined;
      if (size(a) !== size(b) && compareQuantity(size(b), size(a)) < 0) out.push('spec.resources.requests.storage (shrunk)');
      return out;
    },
    migration: (o) =>
      `a claim's spec cannot change except to grow its storage: keep the old value, or back up the data, delete the claim (\`kubectl delete ${kubectlRef(o)}\`) and restore it after the upgrade`,
  },
  ...['ConfigMap', 'Secret'].map((kind): ImmutableRule => ({
    group: '',
    kind,
    changed: (a, b) => (a.immutable === true ? changedAt(a, b, [['data'], ['binaryData'], ['stringData'], ['immutable']]) : []),
    migration: (o) => `an immutable ${o.kind} cannot change: give the new content a new name, or ${recreate(o, '')}`,
  })),
  ...['RoleBinding', 'ClusterRoleBinding'].map((kind): ImmutableRule => ({
    group: 'rbac.authorization.k8s.io',
    kind,
    changed: (a, b) => changedAt(a, b, [['roleRef']]),
    migration: (o) => recreate(o, '; its subjects lose the role meanwhile'),
  })),
  {
    group: 'apiextensions.k8s.io',
    kind: 'CustomResourceDefinition',
    changed: (a, b) => changedAt(a, b, [['spec', 'scope']]),
    migration: () => 'a CRD cannot change scope: keep it, or define a new kind',
  },
];

/** Sign of a − b for two Kubernetes quantities; 0 when either is missing or does not parse. */
function compareQuantity(a: unknown, b: unknown): number {
  try {
    return Math.sign(parseQuantity(a as string) - parseQuantity(b as string));
  } catch {
    return 0;
  }
}

/** Helm deletes a hook Job with this policy before creating the new one: no patch, no immutability. */
const recreatedByHelm = (o: KubeObject) =>
  typeof annotations(o)['helm.sh/hook'] === 'string' &&
  String(annotations(o)['helm.sh/hook-delete-policy'] ?? '').includes('before-hook-creation');

const component = (o: KubeObject) => {
  const labels = isRecord(o.metadata?.labels) ? o.metadata.labels : {};
  return typeof labels['app.kubernetes.io/component'] === 'string' ? labels['app.kubernetes.io/component'] : undefined;
};

/** A new object of the same kind that carries the same component label: the removed one renamed. */
function renamedTo(o: KubeObject, added: readonly KubeObject[]): KubeObject | undefined {
  const c = component(o);
  const same = added.filter((n) => n.kind === o.kind && group(n) === group(o) && c !== undefined && component(n) === c);
  return same.length === 1 ? same[0] : undefined;
}

function claimNames(sts: Obj): string[] {
  const templates = Array.isArray(sts.spec?.volumeClaimTemplates) ? (sts.spec.volumeClaimTemplates as KubeObject[]) : [];
  return templates.map((t) => `${String(t.metadata?.name)}-${String(sts.metadata?.name)}-0`);
}

/** Claims the pods mount by name (pod volumes), which outlive the StatefulSet and carry over. */
function mountedClaims(sts: Obj): string[] {
  const template = isRecord(sts.spec?.template) ? sts.spec.template : {};
  const volumes = isRecord(template.spec) && Array.isArray(template.spec.volumes) ? template.spec.volumes : [];
  return volumes.filter(isRecord).flatMap((v) => (isRecord(v.persistentVolumeClaim) ? [String(v.persistentVolumeClaim.claimName)] : []));
}

/**
 * A StatefulSet gone from the new render (renamed when a new one has its component label). Its
 * volumeClaimTemplates' claims stay behind and a renamed one starts with new, empty claims: data
 * loss, breaking. Claims mounted by name carry over, so without templates it is an outage, a warning.
 */
function removedStatefulSet(o: Obj, to: Obj | undefined): CompatFinding {
  const templated = claimNames(o);
  const mounted = mountedClaims(o);
  const kept = mounted.length ? `; the claims it mounts by name (${mounted.join(', ')}) are not deleted` : '';
  const left = templated.length ? `its volumeClaimTemplates' claims (${templated.join(', ')}, …) stay behind, unused` : '';
  if (to) {
    const fresh = claimNames(to);
    return {
      severity: templated.length ? 'breaking' : 'warning',
      rule: 'statefulset.renamed',
      subject: label(o),
      message: `${label(o)} is renamed ${label(to)}: Helm deletes it and creates the new one, so its pods restart under new names${
        templated.length ? `; ${left}, and the new one's templates make new, empty claims (${fresh.join(', ') || 'none'}, …)` : ''
      }${kept}`,
      migration: templated.length
        ? `keep the old name, or move the data: before the upgrade scale ${String(o.metadata?.name)} to 0 and set its volumes' persistentVolumeReclaimPolicy to Retain; afterwards bind them to claims named as the new StatefulSet's (${fresh.join(', ') || 'none'})`
        : `keep the old name, or plan the outage: ${String(o.metadata?.name)}'s pods stop before ${String(to.metadata?.name)}'s start${mounted.length ? ' (a ReadWriteOnce claim attaches to one node at a time)' : ''}`,
    };
  }
  return {
    severity: templated.length ? 'breaking' : 'warning',
    rule: 'statefulset.removed',
    subject: label(o),
    message: `${label(o)} is removed: Helm deletes it on upgrade${templated.length ? `; ${left}` : ''}${kept}`,
    migration: templated.length
      ? `back up its data first; delete its claims after the upgrade once the data is no longer needed (\`kubectl get pvc${ns(o)}\`)`
      : 'check nothing depends on it; its claims (if any) are removed only if the chart removes them',
  };
}

function removedClaim(o: KubeObject, to: KubeObject | undefined): CompatFinding {
  const kept = annotations(o)['helm.sh/resource-policy'] === 'keep';
  const what = to ? `renamed ${label(to)}` : 'removed';
  return {
    severity: kept ? 'warning' : 'breaking',
    rule: to ? 'pvc.renamed' : 'pvc.removed',
    subject: label(o),
    message: kept
      ? `${label(o)} is ${what}; it carries helm.sh/resource-policy: keep, so Helm leaves it (and its data) but no longer manages it`
      : `${label(o)} is ${what}: Helm deletes the claim on upgrade and, with the usual Delete reclaim policy, its volume and data${to ? `; the new claim starts empty` : ''}`,
    migration: to
      ? `keep the old name, or before the upgrade set the volume's persistentVolumeReclaimPolicy to Retain and afterwards bind it to ${label(to)} (spec.volumeName)`
      : 'back up the data, or annotate the claim helm.sh/resource-policy: keep before upgrading',
  };
}

interface CrdVersion {
  readonly name: string;
  readonly served: boolean;
  readonly storage: boolean;
}

function crdVersions(o: Obj): CrdVersion[] {
  const list = Array.isArray(o.spec?.versions) ? o.spec.versions : [];
  return list.filter(isRecord).map((v) => ({ name: String(v.name), served: v.served === true, storage: v.storage === true }));
}

function crdFindings(a: Obj, b: Obj | undefined): CompatFinding[] {
  const after = new Map((b ? crdVersions(b) : []).map((v) => [v.name, v]));
  const out: CompatFinding[] = [];
  for (const v of crdVersions(a)) {
    const now = after.get(v.name);
    if (now?.served) continue;
    const gone = now ? 'is no longer served' : b ? 'is removed' : 'is removed with the CRD';
    out.push(
      v.storage
        ? {
            severity: 'breaking',
            rule: 'crd.stored-version-removed',
            subject: `${label(a)} ${v.name}`,
            message: `version ${v.name} of ${String(a.metadata?.name)} ${gone}, but it is the old storage version: every object written by the old release is stored as ${v.name}`,
            migration: `before the upgrade make the new storage version storage: true while ${v.name} is still served, rewrite every object (read and write each), then drop ${v.name} from the CRD's status.storedVersions (\`kubectl get crd ${String(a.metadata?.name)} -o jsonpath='{.status.storedVersions}'\`)`,
          }
        : {
            severity: 'breaking',
            rule: 'crd.version-removed',
            subject: `${label(a)} ${v.name}`,
            message: `version ${v.name} of ${String(a.metadata?.name)} ${gone}: clients and manifests using it fail, and objects once stored as ${v.name} may remain in status.storedVersions`,
            migration: `move clients and manifests to ${
              [...after.values()]
                .filter((x) => x.served)
                .map((x) => x.name)
                .join(', ') || 'a served version'
            }; check status.storedVersions before removing it`,
          },
    );
  }
  return out;
}

const isNamespace = (o: KubeObject) => o.kind === 'Namespace' && group(o) === '';
const releaseOf = (o: KubeObject) => {
  const labels = isRecord(o.metadata?.labels) ? o.metadata.labels : {};
  return typeof labels['app.kubernetes.io/instance'] === 'string' ? labels['app.kubernetes.io/instance'] : 'RELEASE';
};

/**
 * The two namespace blockers: a Namespace the new render adds although the old release already
 * lived in it (`helm upgrade` refuses to adopt an object it does not own: "invalid ownership
 * metadata"), and a Namespace the new render drops (Helm deletes it, and the namespace controller
 * everything in it; with `helm.sh/resource-policy: keep` it stays, but the policies, quota and
 * RBAC Helm rendered into it are deleted, so what runs there is left without its isolation).
 */
function namespaceFindings(before: readonly ManifestObject[], oldBy: Map<string, Obj>, newBy: Map<string, Obj>): CompatFinding[] {
  const lived = new Set(before.map((m) => m.object.metadata?.namespace).filter((n): n is string => typeof n === 'string'));
  const out: CompatFinding[] = [];
  for (const [key, b] of newBy) {
    if (!isNamespace(b) || oldBy.has(key)) continue;
    const name = String(b.metadata?.name);
    if (!lived.has(name)) continue;
    const release = releaseOf(b);
    const releaseNamespace = String(annotations(b)['meta.helm.sh/release-namespace'] ?? name);
    out.push({
      severity: 'breaking',
      rule: 'namespace.adoption',
      subject: label(b),
      message: `${label(b)} is rendered by the new chart, but the old release already runs in it and does not own it: helm upgrade fails ("invalid ownership metadata") instead of adopting it`,
      migration: `before the upgrade hand the namespace to the release: \`kubectl label namespace ${name} app.kubernetes.io/managed-by=Helm --overwrite\` and \`kubectl annotate namespace ${name} meta.helm.sh/release-name=${release} meta.helm.sh/release-namespace=${releaseNamespace} --overwrite\``,
    });
  }
  for (const [key, a] of oldBy) {
    if (!isNamespace(a) || newBy.has(key)) continue;
    const name = String(a.metadata?.name);
    const kept = annotations(a)['helm.sh/resource-policy'] === 'keep';
    const rendered = [...oldBy.values()].filter((o) => o.metadata?.namespace === name).map((o) => String(o.kind));
    const lost = [...new Set(rendered)].sort().join(', ') || 'nothing';
    out.push(
      kept
        ? {
            severity: 'breaking',
            rule: 'namespace.removed',
            subject: label(a),
            message: `${label(a)} is removed from the chart; it carries helm.sh/resource-policy: keep, so the namespace and every workload in it stay, but Helm deletes what it rendered there (${lost}): what still runs there is left without its network policies and quota`,
            migration: `back up what runs in ${name}, then delete it after the upgrade (\`kubectl delete namespace ${name}\`), or keep it in the chart`,
          }
        : {
            severity: 'breaking',
            rule: 'namespace.removed',
            subject: label(a),
            message: `${label(a)} is removed: Helm deletes the namespace on upgrade, and with it everything in it — workloads, claims and data included, not only what the chart rendered there`,
            migration: `back up what runs in ${name} first, or annotate it before the upgrade so it stays (\`kubectl annotate namespace ${name} helm.sh/resource-policy=keep\`) and delete it once its data is gone`,
          },
    );
  }
  return out;
}

/** Upgrade blockers and object counts between the renders of one tier by the old and new chart. */
export function upgradeFindings(
  before: readonly ManifestObject[],
  after: readonly ManifestObject[],
): Pick<CompatSection, 'findings' | 'objects'> {
  const changes = diffObjects(before, after);
  const oldBy = new Map(before.map((m) => [objectKey(m.object), m.object as Obj]));
  const newBy = new Map(after.map((m) => [objectKey(m.object), m.object as Obj]));
  const added = [...newBy].filter(([k]) => !oldBy.has(k)).map(([, o]) => o);
  const findings: CompatFinding[] = [];
  for (const [key, a] of oldBy) {
    const b = newBy.get(key);
    if (a.kind === 'CustomResourceDefinition' && group(a) === 'apiextensions.k8s.io') findings.push(...crdFindings(a, b));
    if (!b) {
      if (a.kind === 'StatefulSet' && group(a) === 'apps') findings.push(removedStatefulSet(a, renamedTo(a, added) as Obj | undefined));
      else if (a.kind === 'PersistentVolumeClaim' && group(a) === '') findings.push(removedClaim(a, renamedTo(a, added)));
      continue;
    }
    const rule = IMMUTABLE.find((r) => r.kind === a.kind && r.group === group(a));
    if (!rule || (a.kind === 'Job' && recreatedByHelm(b))) continue;
    const fields = rule.changed(a, b);
    if (!fields.length) continue;
    findings.push({
      severity: 'breaking',
      rule: `immutable.${String(a.kind).toLowerCase()}`,
      subject: label(a),
      message: `${label(a)}: ${fields.join(', ')} ${fields.length > 1 ? 'are' : 'is'} immutable; helm upgrade fails (the API server refuses the patch)`,
      migration: rule.migration(a, fields),
    });
  }
  findings.push(...namespaceFindings(before, oldBy, newBy));
  const counts = countChanges(changes);
  const removedOther = changes.filter(
    (c) => c.change === 'removed' && !['StatefulSet', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'Namespace'].includes(c.kind),
  );
  for (const c of removedOther)
    findings.push({
      severity: 'warning',
      rule: 'object.removed',
      subject: objectLabel(c),
      message: `${objectLabel(c)} is removed: Helm deletes it on upgrade`,
      migration: 'check nothing outside the chart depends on it',
    });
  if (counts.added)
    findings.push({
      severity: 'additive',
      rule: 'objects.added',
      subject: `${counts.added} object(s)`,
      message: `${counts.added} object(s) added: ${changes
        .filter((c) => c.change === 'added')
        .map(objectLabel)
        .join(', ')}`,
      migration: 'none needed',
    });
  return { findings, objects: counts };
}
