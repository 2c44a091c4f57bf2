// templates/NOTES.txt.
import { GENERATED_HEADER_TPL } from '../header.js';
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

Check the release:
  helm test {{ .Release.Name }} --namespace {{ .Release.Namespace }}
`;
