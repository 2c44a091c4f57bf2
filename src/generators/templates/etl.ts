// The ETL group (10 templates).
import { workload } from '../../model/components.js';
import { document, gate, metadata, nameOf, shift } from './snippets.js';
import { componentIngressPolicy, configMapTemplate, hpaTemplate, pvcTemplate, serviceTemplate, yamlFile } from './builders.js';
import { podTemplate, workloadTemplate } from './workload.js';
import { credentialsSecretTemplate } from './credentials.js';
const etl = workload('etl');
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
      shift(
        podTemplate({ ...etl, name: 'etl-nightly', usesKubernetesApi: false, args: ['run', '--once', '--config=/etc/etl/etl.yaml'] }),
        4,
      ).replace('      spec:\n', '      spec:\n          restartPolicy: OnFailure\n'),
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
      shift(
        podTemplate({ ...etl, name: 'etl-job', usesKubernetesApi: false, args: ['run', '--job', '--config=/etc/etl/etl.yaml'] }),
        -2,
      ).replace('\n  spec:\n', '\n  spec:\n    restartPolicy: Never\n'),
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
  'etl-secret': document(credentialsSecretTemplate('etl-secret')),
  'etl-serviceaccount': etlServiceAccount,
};
