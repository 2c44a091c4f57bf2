// _helpers.tpl: the named templates every other template uses (Helm starter names, dotted
// `ai-platform.*` namespace as in Bitnami's common chart).
import { GENERATED_HEADER_TPL } from './header.js';
import { CLASSIFICATION_LABEL, TIER_LABEL } from '../model/labels.js';

/** The content of templates/_helpers.tpl. */
export function helpersTpl(): string {
  return `${GENERATED_HEADER_TPL}
{{/* Chart name, truncated to 63 characters (a DNS label). */}}
{{- define "ai-platform.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Fully qualified app name, at most 63 characters. A release name that starts with a digit gets an
"r" prefix, so every Service name derived from it is a DNS-1035 label (must start with a letter).
*/}}
{{- define "ai-platform.fullname" -}}
{{- $name := "" -}}
{{- if .Values.fullnameOverride -}}
{{- $name = .Values.fullnameOverride -}}
{{- else -}}
{{- $chart := default .Chart.Name .Values.nameOverride -}}
{{- if contains $chart .Release.Name -}}
{{- $name = .Release.Name -}}
{{- else -}}
{{- $name = printf "%s-%s" .Release.Name $chart -}}
{{- end -}}
{{- end -}}
{{- if regexMatch "^[0-9]" $name -}}
{{- $name = printf "r%s" $name -}}
{{- end -}}
{{- $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Name of one component's objects: the full name, shortened so that "-<component>" always fits in
.max characters (default 63; StatefulSets pass 52 so the controller's revision hash still fits).
The component suffix is never cut, so two components never collide after truncation.
*/}}
{{- define "ai-platform.componentName" -}}
{{- $max := .max | default 63 | int -}}
{{- $suffix := printf "-%s" .component -}}
{{- $base := include "ai-platform.fullname" .ctx | trunc (int (sub $max (len $suffix))) | trimSuffix "-" -}}
{{- printf "%s%s" $base $suffix -}}
{{- end -}}

{{/* Chart name and version, for the helm.sh/chart label. */}}
{{- define "ai-platform.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "ai-platform.labels" -}}
helm.sh/chart: {{ include "ai-platform.chart" . }}
app.kubernetes.io/name: {{ include "ai-platform.name" . }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: ai-platform
${TIER_LABEL}: {{ .Values.global.tier }}
${CLASSIFICATION_LABEL}: {{ .Values.global.classification }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels that select one component's pods (never change after install). */}}
{{- define "ai-platform.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ai-platform.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name | quote }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Labels of one component's objects: common labels plus its selector labels. */}}
{{- define "ai-platform.componentLabels" -}}
{{ include "ai-platform.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* ServiceAccount name of a component ("default" means the platform's shared account). */}}
{{- define "ai-platform.serviceAccountName" -}}
{{- if eq .account "default" -}}
{{- include "ai-platform.componentName" (dict "ctx" .ctx "component" "workload") -}}
{{- else -}}
{{- include "ai-platform.componentName" (dict "ctx" .ctx "component" .account) -}}
{{- end -}}
{{- end -}}

{{/*
Full image reference: <registry>/<repository>:<tag>, then @<digest> when one is pinned (the
container runtime pulls by digest; the tag stays for people). The image's own registry wins over
global.registry.
*/}}
{{- define "ai-platform.image" -}}
{{- $registry := .image.registry | default .global.registry | trimSuffix "/" -}}
{{- $ref := printf "%s/%s:%s" $registry .image.repository (toString .image.tag) -}}
{{- if .image.digest -}}{{- $ref = printf "%s@%s" $ref .image.digest -}}{{- end -}}
{{- $ref -}}
{{- end -}}

{{/*
Whether an optional API is available: "always" forces it, "never" forbids it, "auto" asks
.Capabilities (kind-level, e.g. monitoring.coreos.com/v1/ServiceMonitor). Returns "true" or "".
*/}}
{{- define "ai-platform.capable" -}}
{{- if eq .mode "always" -}}true
{{- else if eq .mode "auto" -}}{{- if .ctx.Capabilities.APIVersions.Has .api -}}true{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Name of the Secret holding one component's credentials: the site's own (<owner>.auth.existingSecret,
else the older key passed as .legacy), or the one the chart generates or its hook creates.
*/}}
{{- define "ai-platform.credentialsSecretName" -}}
{{- (index .ctx.Values .owner).auth.existingSecret | default .legacy | default (include "ai-platform.componentName" (dict "ctx" .ctx "component" .secret)) -}}
{{- end -}}

{{/*
Data of a Secret the chart generates: values already in the cluster are kept (lookup), so upgrades
never rotate them; only a first install draws new random values. Under "helm template" lookup is
empty, so rendered output carries fresh random values; aipc's own renders redact them.
*/}}
{{- define "ai-platform.generatedSecretData" -}}
{{- $existing := lookup "v1" "Secret" .ctx.Release.Namespace .name -}}
{{- $data := dict -}}
{{- if $existing }}{{- $data = $existing.data | default dict -}}{{- end -}}
{{- range $key := .keys }}
{{ $key }}: {{ get $data $key | default (randAlphaNum 32 | b64enc) | quote }}
{{- end }}
{{- end -}}

{{/*
Where the webhook's serving certificate comes from: "existing" (webhook.tls.existingSecret), then
"cert-manager" when the cluster has it, then "generated" (genCA at render time). A GitOps mode
(global.credentials.mode existing or hook) allows nothing random at render time, so it fails
rather than generate one.
*/}}
{{- define "ai-platform.webhookTLSSource" -}}
{{- if .Values.webhook.tls.existingSecret -}}existing
{{- else if include "ai-platform.capable" (dict "ctx" . "api" "cert-manager.io/v1/Certificate" "mode" .Values.capabilities.certManager) -}}cert-manager
{{- else if eq .Values.global.credentials.mode "generate" -}}generated
{{- else -}}
{{- fail (printf "global.credentials.mode is %s, so nothing may be random at render time: set webhook.tls.existingSecret (a kubernetes.io/tls Secret) and webhook.tls.caBundle, or let cert-manager issue the webhook certificate (capabilities.certManager: always, or auto on a cluster serving cert-manager.io/v1)" .Values.global.credentials.mode) -}}
{{- end -}}
{{- end -}}

{{/* Name of the webhook's TLS Secret: the site's own, or the one cert-manager or the chart writes. */}}
{{- define "ai-platform.webhookTLSSecretName" -}}
{{- .Values.webhook.tls.existingSecret | default (include "ai-platform.componentName" (dict "ctx" . "component" "webhook-tls")) -}}
{{- end -}}

{{/*
The webhook's CA and serving certificate when cert-manager is not used, as YAML {ca, cert, key}
(base64). Generated once per render and shared by the Secret and both webhook configurations;
an existing Secret in the cluster is reused, so upgrades keep the same certificate.
*/}}
{{- define "ai-platform.webhookTLS" -}}
{{- if not (hasKey .Values "__webhookTLS") -}}
{{- $secretName := include "ai-platform.componentName" (dict "ctx" . "component" "webhook-tls") -}}
{{- $existing := lookup "v1" "Secret" .Release.Namespace $secretName -}}
{{- if and $existing $existing.data -}}
{{- $_ := set .Values "__webhookTLS" (dict "ca" (get $existing.data "ca.crt") "cert" (get $existing.data "tls.crt") "key" (get $existing.data "tls.key")) -}}
{{- else -}}
{{- $service := include "ai-platform.componentName" (dict "ctx" . "component" "webhook") -}}
{{- $altNames := list (printf "%s.%s.svc" $service .Release.Namespace) (printf "%s.%s.svc.cluster.local" $service .Release.Namespace) -}}
{{- $ca := genCA (printf "%s-ca" $service) (int .Values.webhook.certificateValidityDays) -}}
{{- $cert := genSignedCert (first $altNames) nil $altNames (int .Values.webhook.certificateValidityDays) $ca -}}
{{- $_ := set .Values "__webhookTLS" (dict "ca" ($ca.Cert | b64enc) "cert" ($cert.Cert | b64enc) "key" ($cert.Key | b64enc)) -}}
{{- end -}}
{{- end -}}
{{- toYaml (get .Values "__webhookTLS") -}}
{{- end -}}

{{/* Pod-level security context meeting the Pod Security Standards "restricted" profile. */}}
{{- define "ai-platform.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container-level security context meeting the "restricted" profile. */}}
{{- define "ai-platform.containerSecurityContext" -}}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Namespace labels: Pod Security Admission levels (classification and tier come with ai-platform.labels). */}}
{{- define "ai-platform.namespaceLabels" -}}
pod-security.kubernetes.io/enforce: {{ .Values.global.podSecurityLevel }}
pod-security.kubernetes.io/enforce-version: v1.33
pod-security.kubernetes.io/audit: restricted
pod-security.kubernetes.io/audit-version: v1.33
pod-security.kubernetes.io/warn: restricted
pod-security.kubernetes.io/warn-version: v1.33
{{- end -}}

{{/* The one DNS egress peer: the cluster DNS pods in their namespace (ANDed, not two peers). */}}
{{- define "ai-platform.dnsEgressRule" -}}
- to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: {{ .Values.network.dns.namespace }}
      podSelector:
        matchLabels:
          {{- toYaml .Values.network.dns.podLabels | nindent 10 }}
  ports:
    - protocol: UDP
      port: 53
    - protocol: TCP
      port: 53
{{- end -}}

{{/* Egress beyond the cluster that the tier allows (nothing for deny-all). */}}
{{- define "ai-platform.tierEgressRules" -}}
{{- if eq .Values.network.egress "internal-only" }}
- to:
    {{- range .Values.network.internalCIDRs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
{{- else if eq .Values.network.egress "allow-approved" }}
{{- range .Values.network.approvedEgress }}
- to:
    - ipBlock:
        cidr: {{ .cidr }}
  ports:
    {{- range .ports }}
    - protocol: TCP
      port: {{ . }}
    {{- end }}
{{- end }}
{{- end }}
{{- end -}}
`;
}
