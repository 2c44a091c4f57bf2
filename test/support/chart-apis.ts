/** Every gated API announced, as kind-level versions (what .Capabilities.APIVersions.Has asks). */
export const ALL_GATED_APIS = [
  'policy/v1beta1/PodSecurityPolicy',
  'autoscaling.k8s.io/v1/VerticalPodAutoscaler',
  'monitoring.coreos.com/v1/ServiceMonitor',
  'monitoring.coreos.com/v1/PodMonitor',
  'monitoring.coreos.com/v1/PrometheusRule',
  'monitoring.coreos.com/v1alpha1/AlertmanagerConfig',
  'cert-manager.io/v1/Certificate',
];
/** Values that switch on every optional component. */
export const ALL_COMPONENTS_ON = [
  'vllm.enabled=true',
  'triton.enabled=true',
  'qdrant.enabled=true',
  'langfuse.enabled=true',
  'namespace.create=true',
];
