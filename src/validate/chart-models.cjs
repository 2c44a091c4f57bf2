// The models of the built-in kinds the chart renders, each required by its literal name so that
// esbuild bundles them into dist/ (one chunk instead of ~350 files resolved and read one by one,
// ~125 ms on every build). Other kinds load from node_modules on first use. Keys are the module
// names of the shape table (src/validate/shapes.ts); test/cli/startup.test.ts checks that every kind the
// chart renders is here. ObjectMeta's validator checks every custom resource's metadata.
module.exports = {
  '@kubernetes-models/apimachinery/_schemas/IoK8sApimachineryPkgApisMetaV1ObjectMeta': () =>
    require('@kubernetes-models/apimachinery/_schemas/IoK8sApimachineryPkgApisMetaV1ObjectMeta'),
  'kubernetes-models/apps/v1/Deployment': () => require('kubernetes-models/apps/v1/Deployment'),
  'kubernetes-models/apps/v1/StatefulSet': () => require('kubernetes-models/apps/v1/StatefulSet'),
  'kubernetes-models/v1/Service': () => require('kubernetes-models/v1/Service'),
  'kubernetes-models/v1/ConfigMap': () => require('kubernetes-models/v1/ConfigMap'),
  'kubernetes-models/v1/Secret': () => require('kubernetes-models/v1/Secret'),
  'kubernetes-models/v1/ServiceAccount': () => require('kubernetes-models/v1/ServiceAccount'),
  'kubernetes-models/v1/PersistentVolumeClaim': () => require('kubernetes-models/v1/PersistentVolumeClaim'),
  'kubernetes-models/v1/Namespace': () => require('kubernetes-models/v1/Namespace'),
  'kubernetes-models/v1/ResourceQuota': () => require('kubernetes-models/v1/ResourceQuota'),
  'kubernetes-models/v1/LimitRange': () => require('kubernetes-models/v1/LimitRange'),
  'kubernetes-models/v1/Pod': () => require('kubernetes-models/v1/Pod'),
  'kubernetes-models/v1/PodTemplate': () => require('kubernetes-models/v1/PodTemplate'),
  'kubernetes-models/batch/v1/Job': () => require('kubernetes-models/batch/v1/Job'),
  'kubernetes-models/batch/v1/CronJob': () => require('kubernetes-models/batch/v1/CronJob'),
  'kubernetes-models/networking.k8s.io/v1/NetworkPolicy': () => require('kubernetes-models/networking.k8s.io/v1/NetworkPolicy'),
  'kubernetes-models/networking.k8s.io/v1/Ingress': () => require('kubernetes-models/networking.k8s.io/v1/Ingress'),
  'kubernetes-models/rbac.authorization.k8s.io/v1/Role': () => require('kubernetes-models/rbac.authorization.k8s.io/v1/Role'),
  'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding': () => require('kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding'),
  'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole': () => require('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole'),
  'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding': () =>
    require('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding'),
  'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler': () => require('kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler'),
  'kubernetes-models/policy/v1/PodDisruptionBudget': () => require('kubernetes-models/policy/v1/PodDisruptionBudget'),
  'kubernetes-models/scheduling.k8s.io/v1/PriorityClass': () => require('kubernetes-models/scheduling.k8s.io/v1/PriorityClass'),
  'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition': () =>
    require('kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition'),
  'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration': () =>
    require('kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration'),
  'kubernetes-models/admissionregistration.k8s.io/v1/MutatingWebhookConfiguration': () =>
    require('kubernetes-models/admissionregistration.k8s.io/v1/MutatingWebhookConfiguration'),
};
