// The helm test hooks (templates/tests/).
import { document, gate, nameOf } from './snippets.js';
function testPod(name: string, condition: string, url: string): string {
  return document(
    gate(
      `and .Values.tests.enabled ${condition}`,
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        `  name: ${nameOf(`test-${name}`)}`,
        '  namespace: {{ .Release.Namespace }}',
        '  labels:',
        `    {{- include "ai-platform.componentLabels" (dict "ctx" $ "component" "test-${name}") | nindent 4 }}`,
        '  annotations:',
        '    helm.sh/hook: test',
        '    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded',
        'spec:',
        '  restartPolicy: Never',
        `  serviceAccountName: {{ include "ai-platform.serviceAccountName" (dict "ctx" $ "account" "default") }}`,
        '  automountServiceAccountToken: false',
        `  priorityClassName: ${nameOf('platform')}`,
        '  securityContext:',
        '    {{- include "ai-platform.podSecurityContext" (dict "uid" 10001) | nindent 4 }}',
        '  containers:',
        '    - name: probe',
        '      image: {{ include "ai-platform.image" (dict "global" .Values.global "image" .Values.controller.image) | quote }}',
        '      imagePullPolicy: {{ .Values.global.imagePullPolicy }}',
        '      args:',
        '        - "probe"',
        `        - "--url=${url}"`,
        '      resources:',
        '        requests:',
        '          cpu: 50m',
        '          memory: 64Mi',
        '        limits:',
        '          cpu: 200m',
        '          memory: 128Mi',
        '      securityContext:',
        '        {{- include "ai-platform.containerSecurityContext" . | nindent 8 }}',
      ].join('\n'),
    ),
  );
}

/** templates/tests/*.yaml, keyed by name without extension. */
export const testTemplates: Record<string, string> = {
  'test-connection': testPod('connection', '.Values.gateway.enabled', `http://${nameOf('gateway')}:8080/healthz`),
  'test-inference': testPod('inference', '.Values.inference.enabled', `http://${nameOf('inference')}:8000/healthz`),
  'test-agent': testPod('agent', '.Values.controller.enabled', `http://${nameOf('controller')}:8080/healthz`),
};
