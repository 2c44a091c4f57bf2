// The 86 template names of the SPEC, by group. Users and docs refer to these file names.
import type { GroupName } from './components.js';

export const templateNamesByGroup: Readonly<Record<GroupName, readonly string[]>> = {
  core: [
    'namespace', 'configmap-global', 'secret-credentials', 'pvc-models', 'pvc-data', 'networkpolicy-default',
    'resourcequota', 'limitrange', 'podsecuritypolicy', 'serviceaccount', 'role', 'rolebinding', 'clusterrole',
    'clusterrolebinding', 'priorityclass', 'poddisruptionbudget', 'horizontalpodautoscaler', 'verticalpodautoscaler',
    'podmonitor', 'servicemonitor',
  ],
  agent: [
    'kagent-crd', 'shardrun-crd', 'toolcall-crd', 'budgetquota-crd', 'blackboard-crd', 'controller-deployment',
    'controller-service', 'webhook-deployment', 'webhook-service', 'webhook-certificate', 'validatingwebhook',
    'mutatingwebhook', 'agent-configmap', 'agent-secret', 'default-budgetquota',
  ],
  inference: [
    'inference-deployment', 'inference-service', 'inference-configmap', 'inference-hpa', 'inference-pdb',
    'inference-networkpolicy', 'model-loader-job', 'model-pvc', 'vllm-deployment', 'vllm-service',
    'triton-deployment', 'triton-service',
  ],
  etl: [
    'etl-deployment', 'etl-service', 'etl-configmap', 'etl-cronjob', 'etl-job-template', 'etl-pvc',
    'etl-networkpolicy', 'etl-hpa', 'etl-secret', 'etl-serviceaccount',
  ],
  'gateway-ui': [
    'gateway-deployment', 'gateway-service', 'gateway-ingress', 'gateway-configmap', 'ui-deployment', 'ui-service',
    'ui-configmap', 'ui-ingress',
  ],
  data: [
    'postgres-statefulset', 'postgres-service', 'postgres-pvc', 'postgres-secret', 'postgres-configmap',
    'neo4j-statefulset', 'neo4j-service', 'neo4j-pvc', 'redis-statefulset', 'redis-service', 'qdrant-statefulset',
    'qdrant-service',
  ],
  observability: [
    'prometheus-rules', 'grafana-dashboard-agents', 'grafana-dashboard-inference', 'grafana-dashboard-budgets',
    'alertmanager-config', 'langfuse-deployment', 'langfuse-service', 'langfuse-configmap', 'langfuse-secret',
  ],
};

/** All 86 names, in group order. */
export const templateNames: readonly string[] = Object.values(templateNamesByGroup).flat();
