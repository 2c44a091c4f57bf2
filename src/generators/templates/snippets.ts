// Small Go-template fragments shared by the template builders, so that names, labels and
// gates are spelled once.
import { GENERATED_HEADER_TPL } from '../header.js';

/** `include "ai-platform.componentName"` for a component (max 63, or 52 for StatefulSets). */
export const nameOf = (component: string, max?: number): string =>
  `{{ include "ai-platform.componentName" (dict "ctx" $ "component" "${component}"${max ? ` "max" ${max}` : ''}) }}`;

/** The metadata block of a namespaced object of the release. */
export function metadata(component: string, options: { max?: number; annotations?: string[]; extraLabels?: string[] } = {}): string {
  const lines = [
    'metadata:',
    `  name: ${nameOf(component, options.max)}`,
    '  namespace: {{ .Release.Namespace }}',
    '  labels:',
    `    {{- include "ai-platform.componentLabels" (dict "ctx" $ "component" "${component}") | nindent 4 }}`,
    ...(options.extraLabels ?? []).map((l) => `    ${l}`),
  ];
  if (options.annotations?.length) lines.push('  annotations:', ...options.annotations.map((a) => `    ${a}`));
  return lines.join('\n');
}

/** The metadata block of a cluster-scoped object of the release (no namespace). */
export const clusterMetadata = (component: string): string =>
  ['metadata:', `  name: ${nameOf(component)}`, '  labels:', '    {{- include "ai-platform.labels" . | nindent 4 }}'].join('\n');

/** Selector labels of a component, indented by `indent` spaces. */
export const selectorLabels = (component: string, indent: number): string =>
  `{{- include "ai-platform.selectorLabels" (dict "ctx" $ "component" "${component}") | nindent ${indent} }}`;

/** Wraps a body in `{{- if COND }} ... {{- end }}`. */
export const gate = (condition: string, body: string): string => `{{- if ${condition} }}\n${body}\n{{- end }}`;

/** Condition: a values switch is on. */
export const enabled = (key: string): string => `.Values.${key}.enabled`;

/** Condition: an in-chart data store is rendered (enabled and not replaced by an external one). */
export const inChart = (key: string): string => `and .Values.${key}.enabled (not .Values.${key}.external.enabled)`;

/** Condition: an optional API is available (see ai-platform.capable). */
export const capable = (api: string, mode: string): string =>
  `include "ai-platform.capable" (dict "ctx" $ "api" "${api}" "mode" .Values.capabilities.${mode})`;

/** A document of a template: the generated-code marker, then the body. */
export const document = (body: string): string => `${GENERATED_HEADER_TPL}\n${body}\n`;

/**
 * Shifts template text right (or left, for negative `by`) by `by` spaces, adjusting every
 * `nindent N` with it, since nindent counts from column 0, not from the line it sits on.
 */
export function shift(text: string, by: number): string {
  return text
    .split('\n')
    .map((line) => {
      if (!line) return line;
      const moved = by >= 0 ? ' '.repeat(by) + line : line.slice(-by);
      return moved.replace(/nindent (\d+)/g, (_, n: string) => `nindent ${Number(n) + by}`);
    })
    .join('\n');
}
