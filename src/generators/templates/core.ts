// The core group: namespace-wide objects of the release.
import { capable, clusterMetadata, document, gate, metadata, nameOf, selectorLabels } from './snippets.js';
import { workload, workloads, type Workload } from '../../model/components.js';
import { configMapTemplate, hpaTemplate, pdbTemplate, pvcTemplate } from './builders.js';
import { credentialsHookTemplate, credentialsSecretTemplate } from './credentials.js';

/** Components with ingress policies of their own; everything else accepts its own namespace. */
export const COMPONENTS_WITH_OWN_INGRESS_POLICY = ['inference', 'etl', 'gateway', 'ui', 'webhook'];

const namespace = document(
  gate(
    '.Values.namespace.create',
    [
      'apiVersion: v1',
      'kind: Namespace',
      'metadata:',
      '  name: {{ .Release.Namespace }}',
      // Helm's ownership metadata, so `helm install` adopts the Namespace applied in the
      // documented install's first step (src/model/install.ts); kept on uninstall with its PVCs
      '  annotations:',
      '    meta.helm.sh/release-name: {{ .Release.Name | quote }}',
      '    meta.helm.sh/release-namespace: {{ .Release.Namespace | quote }}',
      '    helm.sh/resource-policy: keep',
      // Argo CD applies it before the credentials hook (a Sync hook at wave -5) can create Secrets in it
      '    {{- if eq .Values.global.credentials.mode "hook" }}',
      '    argocd.argoproj.io/sync-wave: "-20"',
      '    {{- end }}',
      '  labels:',
      '    {{- include "ai-platform.labels" . | nindent 4 }}',
      '    {{- include "ai-platform.namespaceLabels" . | nindent 4 }}',
    ].join('\n'),
  ),
);

/**
 * A data store's host and port for the platform's pods: the in-chart Service, or the external
 * instance's host; nothing for a store that is off or external without a host (pods must not be
 * pointed at a Service that does not exist).
 */
function storeEndpoint(w: Workload): string[] {
  const v = `.Values.${w.key}`;
  const key = `AIPC_${w.key.toUpperCase()}`;
  return [
    `  {{- if ${v}.external.enabled }}`,
    `  {{- with ${v}.external.host }}`,
    `  ${key}_HOST: {{ . | quote }}`,
    `  ${key}_PORT: {{ $.Values.${w.key}.external.port | quote }}`,
    '  {{- end }}',
    `  {{- else if ${v}.enabled }}`,
    `  ${key}_HOST: {{ include "ai-platform.componentName" (dict "ctx" $ "component" "${w.name}") | quote }}`,
    `  ${key}_PORT: {{ ${v}.external.port | quote }}`,
    '  {{- end }}',
  ];
}

const configmapGlobal = configMapTemplate('global', 'true', [
  '  AIPC_TIER: {{ .Values.global.tier | quote }}',
  '  AIPC_PROFILE: {{ .Values.global.profile | quote }}',
  '  AIPC_CLASSIFICATION: {{ .Values.global.classification | quote }}',
  '  AIPC_CONNECTIVITY: {{ .Values.global.connectivity | quote }}',
  '  AIPC_EGRESS: {{ .Values.network.egress | quote }}',
  '  AIPC_PRIMARY_MODEL: {{ .Values.models.primary.name | quote }}',
  '  AIPC_GPU_TYPE: {{ .Values.gpu.type | quote }}',
  '  AIPC_GPU_NODES: {{ .Values.gpu.nodes | quote }}',
  '  AIPC_GPU_PER_NODE: {{ .Values.gpu.perNode | quote }}',
  '  AIPC_GPU_DYNAMIC: {{ .Values.gpu.dynamic | quote }}',
  '  AIPC_PRIMARY_PROVIDER: {{ .Values.models.primary.provider | quote }}',
  '  AIPC_FALLBACK_MODEL: {{ if .Values.models.fallback.enabled }}{{ .Values.models.fallback.name | quote }}{{ else }}""{{ end }}',
  '  AIPC_INFERENCE_URL: {{ printf "http://%s:8000" (include "ai-platform.componentName" (dict "ctx" $ "component" "inference")) | quote }}',
  ...workloads.filter((w) => w.external).flatMap(storeEndpoint),
]);

// the credentials several components share, and in hook mode the Job that creates every missing one
const secretCredentials = document(`${credentialsSecretTemplate('credentials')}\n${credentialsHookTemplate()}`);

const networkPolicyDefault = document(
  [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    metadata('default-deny'),
    'spec:',
    '  podSelector: {}',
    '  policyTypes:',
    '    - Ingress',
    '    - Egress',
    '  egress:',
    '    - to:',
    '        - podSelector: {}',
    '    {{- include "ai-platform.dnsEgressRule" . | nindent 4 }}',
    '    {{- include "ai-platform.tierEgressRules" . | nindent 4 }}',
    '---',
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    metadata('same-namespace'),
    'spec:',
    '  podSelector:',
    '    matchExpressions:',
    '      - key: app.kubernetes.io/component',
    '        operator: NotIn',
    '        values:',
    ...COMPONENTS_WITH_OWN_INGRESS_POLICY.map((c) => `          - ${c}`),
    '  policyTypes:',
    '    - Ingress',
    '  ingress:',
    '    - from:',
    '        - podSelector: {}',
    '{{- if .Values.webhook.enabled }}',
    '---',
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    metadata('webhook'),
    'spec:',
    '  podSelector:',
    '    matchLabels:',
    `      ${selectorLabels('webhook', 6)}`,
    '  policyTypes:',
    '    - Ingress',
    '  ingress:',
    '    # the API server calls the webhook from control-plane addresses, which no selector names',
    '    - ports:',
    '        - protocol: TCP',
    '          port: 9443',
    '{{- end }}',
  ].join('\n'),
);

const resourceQuota = document(
  [
    'apiVersion: v1',
    'kind: ResourceQuota',
    metadata('quota'),
    'spec:',
    '  hard:',
    '    {{- toYaml .Values.platform.resourceQuota | nindent 4 }}',
  ].join('\n'),
);

const limitRange = document(
  [
    'apiVersion: v1',
    'kind: LimitRange',
    metadata('limits'),
    'spec:',
    '  limits:',
    '    - type: Container',
    '      defaultRequest:',
    '        {{- toYaml .Values.platform.limitRange.defaultRequest | nindent 8 }}',
    '      default:',
    '        {{- toYaml .Values.platform.limitRange.default | nindent 8 }}',
  ].join('\n'),
);

// PodSecurityPolicy was removed in Kubernetes 1.25: rendered only where the cluster still serves it.
const podSecurityPolicy = document(
  gate(
    capable('policy/v1beta1/PodSecurityPolicy', 'podSecurityPolicy'),
    [
      'apiVersion: policy/v1beta1',
      'kind: PodSecurityPolicy',
      clusterMetadata('restricted'),
      'spec:',
      '  privileged: false',
      '  allowPrivilegeEscalation: false',
      '  requiredDropCapabilities:',
      '    - ALL',
      '  volumes:',
      '    - configMap',
      '    - emptyDir',
      '    - projected',
      '    - secret',
      '    - downwardAPI',
      '    - persistentVolumeClaim',
      '  hostNetwork: false',
      '  hostIPC: false',
      '  hostPID: false',
      '  runAsUser:',
      '    rule: MustRunAsNonRoot',
      '  seLinux:',
      '    rule: RunAsAny',
      '  supplementalGroups:',
      '    rule: MustRunAs',
      '    ranges:',
      '      - min: 1',
      '        max: 65535',
      '  fsGroup:',
      '    rule: MustRunAs',
      '    ranges:',
      '      - min: 1',
      '        max: 65535',
      '  readOnlyRootFilesystem: true',
      // a PSP admits no pod until RBAC lets the pod's ServiceAccount `use` it: every ServiceAccount
      // of the release namespace and of each tenant namespace may (bound per namespace, never cluster-wide)
      '---',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRole',
      clusterMetadata('psp-restricted'),
      'rules:',
      '  - apiGroups: ["policy"]',
      '    resources: ["podsecuritypolicies"]',
      '    verbs: ["use"]',
      '    resourceNames:',
      `      - ${nameOf('restricted')}`,
      ...['{{ .Release.Namespace }}', '{{ printf "tenant-%s" $tenant.name }}'].flatMap((ns, i) => [
        ...(i === 1 ? ['{{- range $tenant := .Values.tenants }}'] : []),
        '---',
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: RoleBinding',
        'metadata:',
        `  name: ${nameOf('psp-restricted')}`,
        `  namespace: ${ns}`,
        '  labels:',
        '    {{- include "ai-platform.labels" $ | nindent 4 }}',
        'roleRef:',
        '  apiGroup: rbac.authorization.k8s.io',
        '  kind: ClusterRole',
        `  name: ${nameOf('psp-restricted')}`,
        'subjects:',
        '  - apiGroup: rbac.authorization.k8s.io',
        '    kind: Group',
        `    name: system:serviceaccounts:${ns}`,
        ...(i === 1 ? ['{{- end }}'] : []),
      ]),
    ].join('\n'),
  ),
);

const serviceAccount = document(
  [
    ['workload', 'true'],
    ['controller', '.Values.controller.enabled'],
  ]
    .map(([component, condition]) =>
      [
        `{{- if ${condition} }}`,
        '---',
        'apiVersion: v1',
        'kind: ServiceAccount',
        metadata(component),
        // tokens are mounted per pod, only where a pod talks to the API server
        'automountServiceAccountToken: false',
        '{{- end }}',
      ].join('\n'),
    )
    .join('\n'),
);

const role = document(
  gate(
    '.Values.controller.enabled',
    [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: Role',
      metadata('controller'),
      'rules:',
      '  - apiGroups: ["coordination.k8s.io"]',
      '    resources: ["leases"]',
      '    verbs: ["get", "list", "watch", "create", "update", "patch"]',
      '  - apiGroups: [""]',
      '    resources: ["configmaps", "events"]',
      '    verbs: ["get", "list", "watch", "create", "patch"]',
    ].join('\n'),
  ),
);

/** The controller's (Cluster)RoleBinding: its ServiceAccount bound to the role of the same name. */
function controllerBinding(kind: 'RoleBinding' | 'ClusterRoleBinding'): string {
  const roleKind = kind === 'RoleBinding' ? 'Role' : 'ClusterRole';
  return document(
    gate(
      '.Values.controller.enabled',
      [
        'apiVersion: rbac.authorization.k8s.io/v1',
        `kind: ${kind}`,
        kind === 'RoleBinding' ? metadata('controller') : clusterMetadata('controller'),
        'roleRef:',
        '  apiGroup: rbac.authorization.k8s.io',
        `  kind: ${roleKind}`,
        `  name: ${nameOf('controller')}`,
        'subjects:',
        '  - kind: ServiceAccount',
        `    name: ${nameOf('controller')}`,
        '    namespace: {{ .Release.Namespace }}',
      ].join('\n'),
    ),
  );
}

// The controller reconciles fractal.ai resources in every tenant namespace; agents themselves get
// only namespace-scoped Roles (tenant-namespace.yaml).
const clusterRole = document(
  gate(
    '.Values.controller.enabled',
    [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRole',
      clusterMetadata('controller'),
      'rules:',
      '  - apiGroups: ["fractal.ai"]',
      '    resources: ["kagents", "shardruns", "toolcalls", "budgetquotas", "blackboards"]',
      '    verbs: ["get", "list", "watch", "update", "patch"]',
      '  - apiGroups: ["fractal.ai"]',
      '    resources: ["kagents/status", "shardruns/status", "toolcalls/status", "budgetquotas/status", "blackboards/status"]',
      '    verbs: ["get", "update", "patch"]',
      '  - apiGroups: [""]',
      '    resources: ["namespaces"]',
      '    verbs: ["get", "list", "watch"]',
    ].join('\n'),
  ),
);

const priorityClass = document(
  [
    'apiVersion: scheduling.k8s.io/v1',
    'kind: PriorityClass',
    clusterMetadata('platform'),
    'value: {{ .Values.platform.priorityClass.value }}',
    'globalDefault: false',
    'preemptionPolicy: PreemptLowerPriority',
    'description: Pods of the AI platform',
  ].join('\n'),
);

const vpa = document(
  gate(
    `and .Values.controller.enabled (${capable('autoscaling.k8s.io/v1/VerticalPodAutoscaler', 'verticalPodAutoscaler')})`,
    [
      'apiVersion: autoscaling.k8s.io/v1',
      'kind: VerticalPodAutoscaler',
      metadata('controller'),
      'spec:',
      '  targetRef:',
      '    apiVersion: apps/v1',
      '    kind: Deployment',
      `    name: ${nameOf('controller')}`,
      '  updatePolicy:',
      '    updateMode: {{ .Values.controller.verticalAutoscaling.updateMode | quote }}',
    ].join('\n'),
  ),
);

const monitorGate = (condition: string, kind: string) =>
  `and ${condition} (${capable(`monitoring.coreos.com/v1/${kind}`, 'prometheusOperator')})`;

/** Lets the Prometheus pods (in their own namespace) reach a scrape target's port: the namespace's policies admit only itself. */
const scrapePolicy = (component: string, portName: string): string[] => [
  '---',
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  metadata(`${component}-scrape`),
  'spec:',
  '  podSelector:',
  '    matchLabels:',
  `      ${selectorLabels(component, 6)}`,
  '  policyTypes:',
  '    - Ingress',
  '  ingress:',
  '    - from:',
  '        - namespaceSelector:',
  '            matchLabels:',
  '              kubernetes.io/metadata.name: {{ .Values.monitoring.prometheus.namespace | quote }}',
  '          podSelector:',
  '            matchLabels:',
  '              {{- toYaml .Values.monitoring.prometheus.podLabels | nindent 14 }}',
  '      ports:',
  '        - protocol: TCP',
  `          port: ${workload(component).ports.find((p) => p.name === portName)!.containerPort}`,
];

const podMonitor = document(
  gate(
    monitorGate('.Values.controller.enabled', 'PodMonitor'),
    [
      'apiVersion: monitoring.coreos.com/v1',
      'kind: PodMonitor',
      metadata('controller'),
      'spec:',
      '  selector:',
      '    matchLabels:',
      `      ${selectorLabels('controller', 6)}`,
      '  podMetricsEndpoints:',
      '    - port: metrics',
      '      interval: {{ .Values.monitoring.scrapeInterval }}',
      ...scrapePolicy('controller', 'metrics'),
    ].join('\n'),
  ),
);

const serviceMonitor = document(
  gate(
    monitorGate('.Values.gateway.enabled', 'ServiceMonitor'),
    [
      'apiVersion: monitoring.coreos.com/v1',
      'kind: ServiceMonitor',
      metadata('gateway'),
      'spec:',
      '  selector:',
      '    matchLabels:',
      `      ${selectorLabels('gateway', 6)}`,
      '  endpoints:',
      '    - port: http',
      '      path: /metrics',
      '      interval: {{ .Values.monitoring.scrapeInterval }}',
      ...scrapePolicy('gateway', 'http'),
    ].join('\n'),
  ),
);

/** The 20 core templates. */
export const coreTemplates: Record<string, string> = {
  namespace,
  'configmap-global': configmapGlobal,
  'secret-credentials': secretCredentials,
  'pvc-models': pvcTemplate('models', 'models', 'true'),
  'pvc-data': pvcTemplate('data', 'data', '.Values.etl.enabled'),
  'networkpolicy-default': networkPolicyDefault,
  resourcequota: resourceQuota,
  limitrange: limitRange,
  podsecuritypolicy: podSecurityPolicy,
  serviceaccount: serviceAccount,
  role,
  rolebinding: controllerBinding('RoleBinding'),
  clusterrole: clusterRole,
  clusterrolebinding: controllerBinding('ClusterRoleBinding'),
  priorityclass: priorityClass,
  // one PDB per workload that may run more than one pod, except those whose group renders its own
  poddisruptionbudget: document(
    workloads
      .filter((w) => (w.pdbTemplate ?? 'poddisruptionbudget') === 'poddisruptionbudget')
      .map(pdbTemplate)
      .join('\n'),
  ),
  horizontalpodautoscaler: hpaTemplate('gateway', 'gateway'),
  verticalpodautoscaler: vpa,
  podmonitor: podMonitor,
  servicemonitor: serviceMonitor,
};
