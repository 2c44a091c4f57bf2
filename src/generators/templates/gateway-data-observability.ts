// The gateway/UI, data and observability groups.
import { workload } from '../../model/components.js';
import { capable, document, gate, inChart, metadata, nameOf } from './snippets.js';
import { configMapTemplate, generatedSecretTemplate, ingressPolicyBody, pvcTemplate, serviceTemplate, yamlFile } from './builders.js';
import { workloadTemplate } from './workload.js';
import { dashboards } from './dashboards.js';
import { PLATFORM_LABEL } from '../../model/labels.js';

const gateway = workload('gateway');
const ui = workload('ui');

/** An Ingress (internal-only tiers) plus the NetworkPolicy that lets clients reach the pods. */
function ingressTemplate(component: 'gateway' | 'ui', port: number, allowTenants: boolean): string {
  const v = `.Values.${component}`;
  const ingress = [
    `{{- if and ${v}.ingress.enabled (eq .Values.network.ingress "internal-only") }}`,
    'apiVersion: networking.k8s.io/v1',
    'kind: Ingress',
    metadata(component),
    'spec:',
    `  ingressClassName: {{ ${v}.ingress.className }}`,
    `  {{- with ${v}.ingress.tlsSecret }}`,
    '  tls:',
    `    - hosts: [{{ $.Values.${component}.ingress.host | quote }}]`,
    '      secretName: {{ . }}',
    '  {{- end }}',
    '  rules:',
    `    - host: {{ ${v}.ingress.host | quote }}`,
    '      http:',
    '        paths:',
    '          - path: /',
    '            pathType: Prefix',
    '            backend:',
    '              service:',
    `                name: ${nameOf(component)}`,
    '                port:',
    '                  name: http',
    '---',
    '{{- end }}',
  ];
  const peers = [
    '        - podSelector: {}',
    '        - namespaceSelector:',
    '            matchLabels:',
    '              kubernetes.io/metadata.name: {{ .Values.network.ingressControllerNamespace }}',
    ...(allowTenants
      ? [
          "        # agents in this release's tenant namespaces",
          '        - namespaceSelector:',
          '            matchLabels:',
          `              ${PLATFORM_LABEL}: {{ .Release.Namespace }}`,
        ]
      : []),
  ];
  const loadBalanced = [
    '    {{- if eq .Values.network.ingress "load-balanced" }}',
    '    # load-balanced tiers: clients arrive through the cloud load balancer',
    '    - ports:',
    '        - protocol: TCP',
    `          port: ${port}`,
    '    {{- end }}',
  ];
  const policy = [ingressPolicyBody(component, peers, [port], loadBalanced)];
  return document(gate(`${v}.enabled`, [...ingress, ...policy].join('\n')));
}

/** The 8 gateway/UI templates. */
export const gatewayUiTemplates: Record<string, string> = {
  'gateway-deployment': workloadTemplate(gateway),
  'gateway-service': serviceTemplate(gateway, '.Values.gateway.enabled', { loadBalanced: true }),
  'gateway-ingress': ingressTemplate('gateway', 8080, true),
  'gateway-configmap': configMapTemplate('gateway-config', '.Values.gateway.enabled', [
    '  gateway.yaml: |',
    '    {{- toYaml .Values.gateway.config | nindent 4 }}',
    '    egress: {{ .Values.network.egress }}',
    '    {{- with .Values.network.approvedEgress }}',
    '    approvedEgress:',
    '      {{- toYaml . | nindent 6 }}',
    '    {{- end }}',
  ]),
  'ui-deployment': workloadTemplate(ui),
  'ui-service': serviceTemplate(ui, '.Values.ui.enabled', { loadBalanced: true }),
  'ui-configmap': configMapTemplate('ui-config', '.Values.ui.enabled', yamlFile('ui.yaml', '.Values.ui.config')),
  'ui-ingress': ingressTemplate('ui', 3000, false),
};

const postgres = workload('postgres');
const neo4j = workload('neo4j');
const redis = workload('redis');
const qdrant = workload('qdrant');

/** The 12 data templates. */
export const dataTemplates: Record<string, string> = {
  'postgres-statefulset': workloadTemplate(postgres),
  'postgres-service': serviceTemplate(postgres, inChart('postgres'), { headless: true }),
  'postgres-pvc': pvcTemplate('postgres-data', 'postgres', inChart('postgres')),
  'postgres-secret': generatedSecretTemplate(
    'postgres-credentials',
    `and (${inChart('postgres')}) (not .Values.postgres.external.existingSecret)`,
    ['POSTGRES_PASSWORD'],
    {
      POSTGRES_USER: 'aiplatform',
    },
  ),
  'postgres-configmap': configMapTemplate(
    'postgres-config',
    inChart('postgres'),
    yamlFile('postgresql.conf.yaml', '.Values.postgres.config'),
  ),
  'neo4j-statefulset': workloadTemplate(neo4j),
  'neo4j-service': serviceTemplate(neo4j, inChart('neo4j'), { headless: true }),
  'neo4j-pvc': pvcTemplate('neo4j-data', 'neo4j', inChart('neo4j')),
  'redis-statefulset': workloadTemplate(redis),
  'redis-service': serviceTemplate(redis, inChart('redis'), { headless: true }),
  'qdrant-statefulset': workloadTemplate(qdrant),
  'qdrant-service': serviceTemplate(qdrant, inChart('qdrant'), { headless: true }),
};

const promGate = (kind: string) => capable(`monitoring.coreos.com/${kind}`, 'prometheusOperator');

const prometheusRules = document(
  gate(
    promGate('v1/PrometheusRule'),
    [
      'apiVersion: monitoring.coreos.com/v1',
      'kind: PrometheusRule',
      metadata('alerts'),
      'spec:',
      '  groups:',
      '    - name: ai-platform',
      '      rules:',
      '        - alert: AIPlatformBudgetExhausted',
      '          expr: max by (namespace, budgetquota) (fractal_budgetquota_used_ratio) >= 1',
      '          for: 1m',
      '          labels:',
      '            severity: critical',
      '          annotations:',
      '            summary: A BudgetQuota is exhausted; new runs are refused (fail-closed).',
      '        - alert: AIPlatformInferenceDown',
      '          expr: absent(up{job=~".*inference.*"} == 1)',
      '          for: 5m',
      '          labels:',
      '            severity: critical',
      '          annotations:',
      '            summary: No inference server is up.',
      '        - alert: AIPlatformShardRunFailures',
      '          expr: sum(rate(fractal_shardrun_failed_total[15m])) > 0.1',
      '          for: 15m',
      '          labels:',
      '            severity: warning',
      '          annotations:',
      '            summary: ShardRuns are failing.',
    ].join('\n'),
  ),
);

const alertmanagerConfig = document(
  gate(
    promGate('v1alpha1/AlertmanagerConfig'),
    [
      'apiVersion: monitoring.coreos.com/v1alpha1',
      'kind: AlertmanagerConfig',
      metadata('alerts'),
      'spec:',
      '  route:',
      '    receiver: {{ .Values.monitoring.alertReceiver }}',
      '    groupBy: ["alertname", "namespace"]',
      '    matchers:',
      '      - name: alertname',
      '        matchType: "=~"',
      '        value: "AIPlatform.*"',
      '  receivers:',
      '    # an in-cluster receiver only: air-gapped tiers have no external notification endpoint',
      '    - name: {{ .Values.monitoring.alertReceiver }}',
    ].join('\n'),
  ),
);

const langfuse = workload('langfuse');

/** The 9 observability templates. */
export const observabilityTemplates: Record<string, string> = {
  'prometheus-rules': prometheusRules,
  'grafana-dashboard-agents': dashboards.agents,
  'grafana-dashboard-inference': dashboards.inference,
  'grafana-dashboard-budgets': dashboards.budgets,
  'alertmanager-config': alertmanagerConfig,
  'langfuse-deployment': workloadTemplate(langfuse),
  'langfuse-service': serviceTemplate(langfuse, '.Values.langfuse.enabled'),
  'langfuse-configmap': configMapTemplate('langfuse-config', '.Values.langfuse.enabled', [
    '  TELEMETRY_ENABLED: {{ .Values.langfuse.config.telemetryEnabled | quote }}',
    '  NEXTAUTH_URL: {{ printf "http://%s:3000" (include "ai-platform.componentName" (dict "ctx" $ "component" "langfuse")) | quote }}',
  ]),
  'langfuse-secret': generatedSecretTemplate('langfuse-secret', '.Values.langfuse.enabled', ['NEXTAUTH_SECRET', 'SALT']),
};
