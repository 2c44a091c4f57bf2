// Object identity: an object is its API group, version and kind, not its kind alone. A custom
// resource of kind `NetworkPolicy` in group `crd.projectcalico.org` is not a networking.k8s.io
// NetworkPolicy, and nothing that reads one may take it for the other. This file also holds the
// one table of the kinds aipc knows: their groups and whether they live in a namespace.
import { isRecord } from '../util/data.js';

/** An object's API group, version and kind; `group` is '' for the core group (`apiVersion: v1`). */
export interface Gvk {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** The group of an apiVersion: `apps/v1` → `apps`, `v1` → '' (core). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The version of an apiVersion: `apps/v1` → `v1`, `v1` → `v1`. */
export function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.indexOf('/') + 1);
}

/** The group, version and kind of an object; undefined when apiVersion or kind is not a string. */
export function gvkOf(object: unknown): Gvk | undefined {
  if (!isRecord(object) || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') return undefined;
  return { group: groupOf(object.apiVersion), version: versionOf(object.apiVersion), kind: object.kind };
}

/** Kubernetes' GroupKind string: `Deployment.apps`, `NetworkPolicy.networking.k8s.io`, `Pod` for the core group. */
export const groupKind = (group: string, kind: string): string => (group ? `${kind}.${group}` : kind);

/**
 * Whether `object` is of `kind` in one of `groups`. An object without an apiVersion is judged by
 * its kind alone (the API server refuses it anyway; the reports about it still name its kind);
 * with one, the group must match.
 */
export function isKind(object: unknown, groups: string | readonly string[], kind: string): boolean {
  if (!isRecord(object) || object.kind !== kind) return false;
  if (typeof object.apiVersion !== 'string') return true;
  const group = groupOf(object.apiVersion);
  return typeof groups === 'string' ? group === groups : groups.includes(group);
}

/** A kind aipc knows: the groups that serve it (current first) and whether its objects live in a namespace. */
export interface KnownKind {
  readonly kind: string;
  readonly groups: readonly string[];
  readonly namespaced: boolean;
}

const ns = (kind: string, ...groups: string[]): KnownKind => ({ kind, groups, namespaced: true });
const cluster = (kind: string, ...groups: string[]): KnownKind => ({ kind, groups, namespaced: false });

/** The built-in kinds and the custom resources aipc reads, with their groups (legacy groups after the current one). */
export const KNOWN_KINDS: readonly KnownKind[] = [
  ns('Pod', ''),
  ns('PodTemplate', ''),
  ns('ReplicationController', ''),
  ns('Service', ''),
  ns('Endpoints', ''),
  ns('ConfigMap', ''),
  ns('Secret', ''),
  ns('ServiceAccount', ''),
  ns('PersistentVolumeClaim', ''),
  ns('LimitRange', ''),
  ns('ResourceQuota', ''),
  ns('Event', '', 'events.k8s.io'),
  cluster('Namespace', ''),
  cluster('Node', ''),
  cluster('PersistentVolume', ''),
  cluster('ComponentStatus', ''),
  ns('Deployment', 'apps', 'extensions'),
  ns('StatefulSet', 'apps'),
  ns('DaemonSet', 'apps', 'extensions'),
  ns('ReplicaSet', 'apps', 'extensions'),
  ns('ControllerRevision', 'apps'),
  ns('Job', 'batch'),
  ns('CronJob', 'batch'),
  ns('HorizontalPodAutoscaler', 'autoscaling'),
  ns('PodDisruptionBudget', 'policy'),
  cluster('PodSecurityPolicy', 'policy', 'extensions'),
  ns('NetworkPolicy', 'networking.k8s.io', 'extensions'),
  ns('Ingress', 'networking.k8s.io', 'extensions'),
  cluster('IngressClass', 'networking.k8s.io'),
  cluster('IPAddress', 'networking.k8s.io'),
  cluster('ServiceCIDR', 'networking.k8s.io'),
  ns('EndpointSlice', 'discovery.k8s.io'),
  ns('Role', 'rbac.authorization.k8s.io'),
  ns('RoleBinding', 'rbac.authorization.k8s.io'),
  cluster('ClusterRole', 'rbac.authorization.k8s.io'),
  cluster('ClusterRoleBinding', 'rbac.authorization.k8s.io'),
  cluster('StorageClass', 'storage.k8s.io'),
  cluster('CSIDriver', 'storage.k8s.io'),
  cluster('CSINode', 'storage.k8s.io'),
  cluster('VolumeAttachment', 'storage.k8s.io'),
  ns('CSIStorageCapacity', 'storage.k8s.io'),
  cluster('PriorityClass', 'scheduling.k8s.io'),
  cluster('RuntimeClass', 'node.k8s.io'),
  ns('Lease', 'coordination.k8s.io'),
  cluster('ValidatingWebhookConfiguration', 'admissionregistration.k8s.io'),
  cluster('MutatingWebhookConfiguration', 'admissionregistration.k8s.io'),
  cluster('ValidatingAdmissionPolicy', 'admissionregistration.k8s.io'),
  cluster('ValidatingAdmissionPolicyBinding', 'admissionregistration.k8s.io'),
  cluster('MutatingAdmissionPolicy', 'admissionregistration.k8s.io'),
  cluster('MutatingAdmissionPolicyBinding', 'admissionregistration.k8s.io'),
  cluster('CustomResourceDefinition', 'apiextensions.k8s.io'),
  cluster('APIService', 'apiregistration.k8s.io'),
  cluster('CertificateSigningRequest', 'certificates.k8s.io'),
  cluster('FlowSchema', 'flowcontrol.apiserver.k8s.io'),
  cluster('PriorityLevelConfiguration', 'flowcontrol.apiserver.k8s.io'),
  cluster('DeviceClass', 'resource.k8s.io'),
  cluster('ResourceSlice', 'resource.k8s.io'),
  ns('ResourceClaim', 'resource.k8s.io'),
  ns('ResourceClaimTemplate', 'resource.k8s.io'),
  // custom resources aipc renders or reads
  cluster('AdminNetworkPolicy', 'policy.networking.k8s.io'),
  cluster('BaselineAdminNetworkPolicy', 'policy.networking.k8s.io'),
  cluster('GatewayClass', 'gateway.networking.k8s.io'),
  ns('Gateway', 'gateway.networking.k8s.io'),
  ns('HTTPRoute', 'gateway.networking.k8s.io'),
  ns('Certificate', 'cert-manager.io'),
  ns('Issuer', 'cert-manager.io'),
  cluster('ClusterIssuer', 'cert-manager.io'),
  ns('ServiceMonitor', 'monitoring.coreos.com'),
  ns('PodMonitor', 'monitoring.coreos.com'),
  ns('PrometheusRule', 'monitoring.coreos.com'),
  cluster('SecurityContextConstraints', 'security.openshift.io'),
  // OpenShift 3 served DeploymentConfig in the core group as well
  ns('DeploymentConfig', 'apps.openshift.io', ''),
];

const byKind = new Map<string, KnownKind[]>();
for (const k of KNOWN_KINDS) byKind.set(k.kind, [...(byKind.get(k.kind) ?? []), k]);

/** The known kind an object (or a `{kind, apiVersion}` reference) is, if any; without an apiVersion, by kind alone. */
export function knownKindOf(kind: string, apiVersion?: string): KnownKind | undefined {
  const candidates = byKind.get(kind);
  if (!candidates) return undefined;
  if (apiVersion === undefined) return candidates[0];
  const group = groupOf(apiVersion);
  return candidates.find((k) => k.groups.includes(group));
}

/**
 * Whether objects of `kind` (in `apiVersion`'s group, when given) live outside namespaces: the
 * API server ignores a namespace on them. Kinds aipc does not know are taken as namespaced.
 */
export function isClusterScoped(kind: string, apiVersion?: string): boolean {
  const known = knownKindOf(kind, apiVersion);
  return known !== undefined && !known.namespaced;
}
