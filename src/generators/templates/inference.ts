// The inference group (12 templates).
import { workload } from '../../model/components.js';
import { document, gate, metadata, nameOf } from './snippets.js';
import { componentIngressPolicy, configMapTemplate, hpaTemplate, pdbTemplate, pvcTemplate, serviceTemplate } from './builders.js';
import { workloadTemplate } from './workload.js';
const inference = workload('inference');
const vllm = workload('vllm');
const triton = workload('triton');

const inferenceConfig = configMapTemplate('inference-config', '.Values.inference.enabled', [
  '  inference.yaml: |',
  '    models:',
  '      primary:',
  '        {{- toYaml .Values.models.primary | nindent 8 }}',
  '        path: /models/primary',
  '      {{- if .Values.models.fallback.enabled }}',
  '      fallback:',
  '        {{- toYaml (omit .Values.models.fallback "enabled") | nindent 8 }}',
  '        path: /models/fallback',
  '      {{- end }}',
  '    server:',
  '      {{- toYaml .Values.inference.config | nindent 6 }}',
]);

// Weights go on the models PVC, copied by this Job (a ConfigMap holds at most 1 MiB). A hook, so
// each install or upgrade runs it afresh (a Job's pod template cannot be changed in place).
const modelLoaderJob = document(
  gate(
    'and .Values.inference.enabled .Values.modelLoader.enabled',
    [
      'apiVersion: batch/v1',
      'kind: Job',
      metadata('model-loader', {
        annotations: [
          'helm.sh/hook: post-install,post-upgrade',
          'helm.sh/hook-weight: "0"',
          'helm.sh/hook-delete-policy: before-hook-creation',
        ],
      }),
      'spec:',
      '  backoffLimit: {{ .Values.modelLoader.backoffLimit }}',
      '  ttlSecondsAfterFinished: 86400',
      '  template:',
      '    metadata:',
      '      labels:',
      '        {{- include "ai-platform.componentLabels" (dict "ctx" $ "component" "model-loader") | nindent 8 }}',
      '    spec:',
      '      restartPolicy: OnFailure',
      `      serviceAccountName: {{ include "ai-platform.serviceAccountName" (dict "ctx" $ "account" "default") }}`,
      '      automountServiceAccountToken: false',
      '      securityContext:',
      '        {{- include "ai-platform.podSecurityContext" (dict "uid" 10001) | nindent 8 }}',
      '      containers:',
      '        - name: model-loader',
      '          image: {{ include "ai-platform.image" (dict "global" .Values.global "image" .Values.inference.image) | quote }}',
      '          imagePullPolicy: {{ .Values.global.imagePullPolicy }}',
      '          args:',
      '            - "load-models"',
      '            - {{ printf "--source=%s" .Values.modelLoader.source | quote }}',
      '            - "--target=/models"',
      '            - {{ printf "--model=primary=%s" .Values.models.primary.name | quote }}',
      '            {{- if .Values.models.fallback.enabled }}',
      '            - {{ printf "--model=fallback=%s" .Values.models.fallback.name | quote }}',
      '            {{- end }}',
      '          resources:',
      '            {{- toYaml .Values.modelLoader.resources | nindent 12 }}',
      '          securityContext:',
      '            {{- include "ai-platform.containerSecurityContext" . | nindent 12 }}',
      '          volumeMounts:',
      '            - name: models',
      '              mountPath: /models',
      '            - name: tmp',
      '              mountPath: /tmp',
      // the air-gap import: a claim holding a bundle's models/, read at the default --source
      '            {{- with .Values.modelLoader.importClaim }}',
      '            - name: bundle',
      '              mountPath: /bundle',
      '              readOnly: true',
      '            {{- end }}',
      '      volumes:',
      '        - name: models',
      '          persistentVolumeClaim:',
      `            claimName: ${nameOf('models')}`,
      '        - name: tmp',
      '          emptyDir: {}',
      '        {{- with .Values.modelLoader.importClaim }}',
      '        - name: bundle',
      '          persistentVolumeClaim:',
      '            claimName: {{ . | quote }}',
      '            readOnly: true',
      '        {{- end }}',
    ].join('\n'),
  ),
);

const replicasOrMin = (key: string) =>
  `(ternary .Values.${key}.autoscaling.minReplicas .Values.${key}.replicas .Values.${key}.autoscaling.enabled)`;

/** The 12 inference templates. */
export const inferenceTemplates: Record<string, string> = {
  'inference-deployment': workloadTemplate(inference),
  'inference-service': serviceTemplate(inference, '.Values.inference.enabled'),
  'inference-configmap': inferenceConfig,
  'inference-hpa': hpaTemplate('inference', 'inference'),
  'inference-pdb': pdbTemplate('inference', 'inference', replicasOrMin('inference')),
  'inference-networkpolicy': componentIngressPolicy('inference', '.Values.inference.enabled', ['gateway', 'controller', 'etl'], [8000]),
  'model-loader-job': modelLoaderJob,
  'model-pvc': pvcTemplate('model-cache', 'modelCache', '.Values.inference.enabled'),
  'vllm-deployment': workloadTemplate(vllm),
  'vllm-service': serviceTemplate(vllm, '.Values.vllm.enabled'),
  'triton-deployment': workloadTemplate(triton),
  'triton-service': serviceTemplate(triton, '.Values.triton.enabled'),
};
