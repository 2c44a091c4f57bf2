// The inference and ETL groups.
import { workload } from '../../model/components.js';
import { document, gate, metadata, nameOf, shift } from './snippets.js';
import {
  componentIngressPolicy,
  configMapTemplate,
  generatedSecretTemplate,
  hpaTemplate,
  pdbTemplate,
  pvcTemplate,
  serviceTemplate,
  yamlFile,
} from './builders.js';
import { podTemplate, workloadTemplate } from './workload.js';

const inference = workload('inference');
const vllm = workload('vllm');
const triton = workload('triton');
const etl = workload('etl');

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
      '      volumes:',
      '        - name: models',
      '          persistentVolumeClaim:',
      `            claimName: ${nameOf('models')}`,
      '        - name: tmp',
      '          emptyDir: {}',
    ].join('\n'),
  ),
);

const etlCronJob = document(
  gate(
    '.Values.etl.enabled',
    [
      'apiVersion: batch/v1',
      'kind: CronJob',
      metadata('etl-nightly'),
      'spec:',
      '  schedule: {{ .Values.etl.schedule | quote }}',
      '  concurrencyPolicy: Forbid',
      '  successfulJobsHistoryLimit: 3',
      '  failedJobsHistoryLimit: 3',
      '  jobTemplate:',
      '    spec:',
      '      backoffLimit: 2',
      shift(podTemplate({ ...etl, name: 'etl-nightly', args: ['run', '--once', '--config=/etc/etl/etl.yaml'] }), 4).replace(
        '      spec:\n',
        '      spec:\n          restartPolicy: OnFailure\n',
      ),
    ].join('\n'),
  ),
);

// The pod template the ETL service launches Jobs from, kept as a PodTemplate object.
const etlJobTemplate = document(
  gate(
    '.Values.etl.enabled',
    [
      'apiVersion: v1',
      'kind: PodTemplate',
      metadata('etl-job'),
      shift(podTemplate({ ...etl, name: 'etl-job', args: ['run', '--job', '--config=/etc/etl/etl.yaml'] }), -2).replace(
        '\n  spec:\n',
        '\n  spec:\n    restartPolicy: Never\n',
      ),
    ].join('\n'),
  ),
);

const etlServiceAccount = document(
  gate(
    '.Values.etl.enabled',
    [
      'apiVersion: v1',
      'kind: ServiceAccount',
      metadata('etl'),
      'automountServiceAccountToken: false',
      '---',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: Role',
      metadata('etl'),
      'rules:',
      '  - apiGroups: ["batch"]',
      '    resources: ["jobs"]',
      '    verbs: ["get", "list", "watch", "create", "delete"]',
      '  - apiGroups: [""]',
      '    resources: ["podtemplates"]',
      '    verbs: ["get"]',
      '---',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: RoleBinding',
      metadata('etl'),
      'roleRef:',
      '  apiGroup: rbac.authorization.k8s.io',
      '  kind: Role',
      `  name: ${nameOf('etl')}`,
      'subjects:',
      '  - kind: ServiceAccount',
      `    name: ${nameOf('etl')}`,
      '    namespace: {{ .Release.Namespace }}',
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

/** The 10 ETL templates. */
export const etlTemplates: Record<string, string> = {
  'etl-deployment': workloadTemplate(etl),
  'etl-service': serviceTemplate(etl, '.Values.etl.enabled'),
  'etl-configmap': configMapTemplate('etl-config', '.Values.etl.enabled', yamlFile('etl.yaml', '.Values.etl.config')),
  'etl-cronjob': etlCronJob,
  'etl-job-template': etlJobTemplate,
  'etl-pvc': pvcTemplate('etl-work', 'etlWork', '.Values.etl.enabled'),
  'etl-networkpolicy': componentIngressPolicy('etl', '.Values.etl.enabled', ['gateway', 'controller'], [8080]),
  'etl-hpa': hpaTemplate('etl', 'etl'),
  'etl-secret': generatedSecretTemplate('etl-secret', '.Values.etl.enabled', ['ETL_ENCRYPTION_KEY']),
  'etl-serviceaccount': etlServiceAccount,
};
