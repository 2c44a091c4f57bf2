// The agent group: CRDs (mirrored from crds/), the controller, the admission webhook and its TLS.
import { workload } from '../../model/components.js';
import { customResourceDefinitionFor, type FractalKind } from '../../model/crds/index.js';
import { formatYaml } from '../../io/yaml-format.js';
import { document, gate, metadata, nameOf } from './snippets.js';
import { configMapTemplate, serviceTemplate, yamlFile } from './builders.js';
import { credentialsSecretTemplate } from './credentials.js';
import { workloadTemplate } from './workload.js';
import { GENERATED_SECRET_ANNOTATION } from '../../model/labels.js';

/** A CRD mirrored into templates/ for GitOps renders (crds/ is what `helm install` uses). */
function crdTemplate(kind: FractalKind): string {
  const crd = customResourceDefinitionFor(kind);
  const yaml = formatYaml(crd).trimEnd();
  // the CRD is static data; keep template delimiters in it (none expected) from being executed
  if (yaml.includes('{{')) throw new Error(`CRD ${kind} contains template delimiters`);
  const withWave = yaml.replace(/^ {2}annotations:\n/m, '  annotations:\n    argocd.argoproj.io/sync-wave: "-10"\n');
  return document(gate('.Values.crds.templated', withWave));
}

// where the serving certificate comes from (ai-platform.webhookTLSSource): the site's Secret and
// its CA bundle; cert-manager (a self-signed Issuer and a Certificate, CA injected by cert-manager);
// or, in generate mode only, a CA and serving certificate generated once (kept across upgrades via lookup)
const tlsSource = '{{- $tlsSource := include "ai-platform.webhookTLSSource" . }}';

const webhookCertificate = document(
  gate(
    '.Values.webhook.enabled',
    [
      tlsSource,
      '{{- if eq $tlsSource "cert-manager" }}',
      'apiVersion: cert-manager.io/v1',
      'kind: Issuer',
      metadata('webhook-issuer'),
      'spec:',
      '  selfSigned: {}',
      '---',
      'apiVersion: cert-manager.io/v1',
      'kind: Certificate',
      metadata('webhook'),
      'spec:',
      `  secretName: ${nameOf('webhook-tls')}`,
      '  dnsNames:',
      `    - ${nameOf('webhook')}.{{ .Release.Namespace }}.svc`,
      `    - ${nameOf('webhook')}.{{ .Release.Namespace }}.svc.cluster.local`,
      '  issuerRef:',
      '    kind: Issuer',
      `    name: ${nameOf('webhook-issuer')}`,
      '  privateKey:',
      '    algorithm: ECDSA',
      '    size: 256',
      '{{- else if eq $tlsSource "generated" }}',
      '{{- $tls := include "ai-platform.webhookTLS" . | fromYaml }}',
      'apiVersion: v1',
      'kind: Secret',
      metadata('webhook-tls', { annotations: [`${GENERATED_SECRET_ANNOTATION}: "true"`] }),
      'type: kubernetes.io/tls',
      'data:',
      '  ca.crt: {{ $tls.ca | quote }}',
      '  tls.crt: {{ $tls.cert | quote }}',
      '  tls.key: {{ $tls.key | quote }}',
      '{{- end }}',
    ].join('\n'),
  ),
);

function webhookConfiguration(
  kind: 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration',
  path: string,
  operations: string[],
): string {
  const short = kind === 'ValidatingWebhookConfiguration' ? 'validating' : 'mutating';
  return document(
    gate(
      '.Values.webhook.enabled',
      [
        tlsSource,
        'apiVersion: admissionregistration.k8s.io/v1',
        `kind: ${kind}`,
        'metadata:',
        `  name: ${nameOf(short)}`,
        '  labels:',
        '    {{- include "ai-platform.labels" . | nindent 4 }}',
        '  {{- if eq $tlsSource "cert-manager" }}',
        '  annotations:',
        `    cert-manager.io/inject-ca-from: {{ .Release.Namespace }}/${nameOf('webhook')}`,
        '  {{- end }}',
        'webhooks:',
        `  - name: ${short}.fractal.ai`,
        '    admissionReviewVersions: ["v1"]',
        '    sideEffects: None',
        '    failurePolicy: {{ .Values.webhook.failurePolicy }}',
        '    timeoutSeconds: 10',
        '    clientConfig:',
        '      service:',
        `        name: ${nameOf('webhook')}`,
        '        namespace: {{ .Release.Namespace }}',
        `        path: ${path}`,
        '        port: 9443',
        '      {{- if eq $tlsSource "existing" }}',
        '      caBundle: {{ required "webhook.tls.caBundle is required with webhook.tls.existingSecret: the base64 PEM of the CA that signed it" .Values.webhook.tls.caBundle | quote }}',
        '      {{- else if eq $tlsSource "generated" }}',
        '      caBundle: {{ (include "ai-platform.webhookTLS" . | fromYaml).ca | quote }}',
        '      {{- end }}',
        '    rules:',
        '      - apiGroups: ["fractal.ai"]',
        '        apiVersions: ["v1alpha1"]',
        `        operations: [${operations.map((o) => JSON.stringify(o)).join(', ')}]`,
        '        resources: ["kagents", "shardruns", "toolcalls", "budgetquotas", "blackboards"]',
        '        scope: Namespaced',
      ].join('\n'),
    ),
  );
}

const defaultBudgetQuota = document(
  [
    'apiVersion: fractal.ai/v1alpha1',
    'kind: BudgetQuota',
    metadata('default'),
    'spec:',
    '  maxTotalTokens: {{ int64 .Values.budgets.default.maxTotalTokens }}',
    '  maxTotalCost: {{ .Values.budgets.default.maxTotalCost | quote }}',
    '  currency: USD',
    '  maxConcurrentRuns: {{ .Values.budgets.default.maxConcurrentRuns }}',
    '  enforcement:',
    '    mode: FailClosed',
  ].join('\n'),
);

const controller = workload('controller');
const webhook = workload('webhook');

/** The 15 agent templates. */
export const agentTemplates: Record<string, string> = {
  'kagent-crd': crdTemplate('KAgent'),
  'shardrun-crd': crdTemplate('ShardRun'),
  'toolcall-crd': crdTemplate('ToolCall'),
  'budgetquota-crd': crdTemplate('BudgetQuota'),
  'blackboard-crd': crdTemplate('Blackboard'),
  'controller-deployment': workloadTemplate(controller),
  'controller-service': serviceTemplate(controller, '.Values.controller.enabled'),
  'webhook-deployment': workloadTemplate(webhook),
  'webhook-service': serviceTemplate(webhook, '.Values.webhook.enabled'),
  'webhook-certificate': webhookCertificate,
  validatingwebhook: webhookConfiguration('ValidatingWebhookConfiguration', '/validate', ['CREATE', 'UPDATE']),
  mutatingwebhook: webhookConfiguration('MutatingWebhookConfiguration', '/mutate', ['CREATE']),
  'agent-configmap': configMapTemplate('agent-config', '.Values.controller.enabled', [
    ...yamlFile('controller.yaml', '.Values.controller.config'),
    '  classification.yaml: |',
    '    level: {{ .Values.global.classification }}',
    '    egressAllowed: {{ ne .Values.network.egress "deny-all" }}',
    '    audit:',
    '      enabled: true',
  ]),
  'agent-secret': document(credentialsSecretTemplate('agent-secret')),
  'default-budgetquota': defaultBudgetQuota,
};
