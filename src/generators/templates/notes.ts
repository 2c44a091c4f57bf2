// templates/NOTES.txt: what was installed, how to reach the gateway and the UI, and what the
// operator must know about the credentials and certificate the chart generated.
import { GENERATED_HEADER_TPL } from '../header.js';
import { credentialSets } from '../../model/credentials.js';

/** How clients reach one of the two entry points, per network.ingress. */
const reach = (component: 'gateway' | 'ui', port: number): string =>
  [
    `{{- if not .Values.${component}.enabled }}`,
    `  ${component}: not deployed (${component}.enabled=false)`,
    `{{- else if eq .Values.network.ingress "load-balanced" }}`,
    `  ${component}: LoadBalancer Service {{ include "ai-platform.componentName" (dict "ctx" $ "component" "${component}") }}, port ${port}; its address:`,
    `    kubectl get service {{ include "ai-platform.componentName" (dict "ctx" $ "component" "${component}") }} --namespace {{ .Release.Namespace }} -o jsonpath='{.status.loadBalancer.ingress[0]}'`,
    `{{- else if .Values.${component}.ingress.enabled }}`,
    `  ${component}: http{{ if .Values.${component}.ingress.tlsSecret }}s{{ end }}://{{ .Values.${component}.ingress.host }}/ (Ingress class {{ .Values.${component}.ingress.className }})`,
    '{{- else }}',
    `  ${component}: no Ingress (${component}.ingress.enabled=false); from inside the cluster:`,
    `    kubectl port-forward service/{{ include "ai-platform.componentName" (dict "ctx" $ "component" "${component}") }} ${port}:${port} --namespace {{ .Release.Namespace }}`,
    '{{- end }}',
  ].join('\n');

/** templates/NOTES.txt. */
export const notesTxt = `${GENERATED_HEADER_TPL}
AI platform {{ .Chart.Version }} is installed as release {{ .Release.Name }} in namespace {{ .Release.Namespace }}.

Tier:           {{ .Values.global.tier }} (profile {{ .Values.global.profile }})
Classification: {{ .Values.global.classification }}
Egress:         {{ .Values.network.egress }}
Primary model:  {{ .Values.models.primary.name }}{{ if .Values.models.fallback.enabled }} (fallback {{ .Values.models.fallback.name }}){{ end }}
Registry:       {{ .Values.global.registry }}
Tenants:        {{ len .Values.tenants }}{{ range .Values.tenants }}
  - tenant-{{ .name }}{{ end }}

Reach the platform ({{ .Values.network.ingress }}):
${reach('gateway', 8080)}
${reach('ui', 3000)}
{{- if eq .Values.global.credentials.mode "existing" }}

Credentials (global.credentials.mode=existing): every password and key is read from the Secrets you
named in <component>.auth.existingSecret; the chart renders none and never changes them.
{{- else if eq .Values.global.credentials.mode "hook" }}

Credentials (global.credentials.mode=hook): the {{ include "ai-platform.componentName" (dict "ctx" $ "component" "credentials-hook") }} Job
created the Secrets that did not exist before this install or upgrade, once; it never changes one that
exists, so nothing rotates. Nothing in the render is random (GitOps-safe).
{{- else }}

Credentials: the database, Redis, ETL encryption, agent signing and gateway API keys were
generated at random into Secrets on the first install and are kept on upgrade (read back with
lookup) and on uninstall (helm.sh/resource-policy: keep). \`helm template\` (and a GitOps tool that
renders with it, such as Argo CD) has no lookup and draws new values on every render: set
global.credentials.mode to existing (your Secrets, <component>.auth.existingSecret) or hook (a
pre-install Job creates them once) there; \`helm install\`/\`helm upgrade\` (and Flux's helm-controller) keep them.
{{- end }}
{{- range $owner := list ${credentialSets.map((c) => JSON.stringify(c.owner)).join(' ')} }}
{{- with (index $.Values $owner).auth.existingSecret }}
{{ $owner }} credentials come from the existing Secret {{ . }}.
{{- end }}
{{- end }}
{{- if .Values.postgres.external.existingSecret }}
PostgreSQL credentials come from the existing Secret {{ .Values.postgres.external.existingSecret }}.
{{- end }}
{{- if and .Values.webhook.enabled (eq (include "ai-platform.webhookTLSSource" .) "generated") }}

Webhook certificate: self-signed, generated on the first install and valid for
{{ .Values.webhook.certificateValidityDays }} days (webhook.certificateValidityDays); it is kept across upgrades and is
not rotated. Rotate it by deleting the Secret {{ include "ai-platform.componentName" (dict "ctx" $ "component" "webhook-tls") }} before an upgrade,
or let cert-manager manage it (capabilities.certManager).
{{- end }}

Check the release:
  helm test {{ .Release.Name }} --namespace {{ .Release.Namespace }}
`;
