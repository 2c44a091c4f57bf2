// The observability group (9 templates).
import { workload } from '../../model/components.js';
import { capable, document, gate, metadata } from './snippets.js';
import { configMapTemplate, serviceTemplate } from './builders.js';
import { credentialsSecretTemplate } from './credentials.js';
import { workloadTemplate } from './workload.js';
import { dashboards } from './dashboards.js';
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
  'langfuse-secret': document(credentialsSecretTemplate('langfuse-secret')),
};
