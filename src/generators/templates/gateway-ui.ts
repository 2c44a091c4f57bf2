// The gateway/UI group (8 templates).
import { workload } from '../../model/components.js';
import { document, gate, metadata, nameOf } from './snippets.js';
import { configMapTemplate, ingressPolicyBody, serviceTemplate, yamlFile } from './builders.js';
import { workloadTemplate } from './workload.js';
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
    `  ingressClassName: {{ ${v}.ingress.className | quote }}`,
    `  {{- with ${v}.ingress.tlsSecret }}`,
    '  tls:',
    `    - hosts: [{{ $.Values.${component}.ingress.host | quote }}]`,
    '      secretName: {{ . | quote }}',
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
