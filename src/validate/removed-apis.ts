// API versions that kubernetes-models still ships but Kubernetes 1.33 no longer serves, with the
// release that removed them (Kubernetes' deprecated API migration guide). An object in one of
// these is an error even though a schema exists: the cluster would refuse it.

/** `group/version` → release that removed it; `group/version/Kind` overrides for single kinds. */
const REMOVED: Record<string, string> = {
  'apps/v1beta1': '1.16',
  'apps/v1beta2': '1.16',
  'extensions/v1beta1': '1.16',
  'extensions/v1beta1/Ingress': '1.22',
  'admissionregistration.k8s.io/v1beta1': '1.22',
  'apiextensions.k8s.io/v1beta1': '1.22',
  'apiregistration.k8s.io/v1beta1': '1.22',
  'authentication.k8s.io/v1beta1': '1.22',
  'authorization.k8s.io/v1beta1': '1.22',
  'certificates.k8s.io/v1beta1': '1.22',
  'coordination.k8s.io/v1beta1': '1.22',
  'networking.k8s.io/v1beta1': '1.22',
  'rbac.authorization.k8s.io/v1beta1': '1.22',
  'scheduling.k8s.io/v1beta1': '1.22',
  'storage.k8s.io/v1beta1': '1.22',
  'storage.k8s.io/v1beta1/CSIStorageCapacity': '1.27',
  'batch/v1beta1': '1.25',
  'discovery.k8s.io/v1beta1': '1.25',
  'events.k8s.io/v1beta1': '1.25',
  'autoscaling/v2beta1': '1.25',
  'policy/v1beta1': '1.25',
  'node.k8s.io/v1beta1': '1.25',
  'autoscaling/v2beta2': '1.26',
  'flowcontrol.apiserver.k8s.io/v1beta1': '1.26',
  'flowcontrol.apiserver.k8s.io/v1beta2': '1.29',
  'flowcontrol.apiserver.k8s.io/v1beta3': '1.32',
};

/** The Kubernetes release that removed `apiVersion` `kind`, or undefined if 1.33 serves it. */
export function removedIn(apiVersion: string, kind: string): string | undefined {
  return REMOVED[`${apiVersion}/${kind}`] ?? REMOVED[apiVersion];
}
