// Classification at the admin tier: cluster-scoped AdminNetworkPolicies (one per level) that deny
// traffic between namespaces of different classification levels, which no namespace's own
// NetworkPolicy can override, and a BaselineAdminNetworkPolicy default-deny for the chart's
// namespaces that have no NetworkPolicy of their own. Rendered where the cluster serves
// policy.networking.k8s.io/v1alpha1 (capabilities.adminNetworkPolicy: auto|always|never); the
// namespace NetworkPolicies stay for clusters without it.
import { CLASSIFICATION_LEVELS } from '../../model/crds/dsl.js';
import { CLASSIFICATION_LABEL } from '../../model/labels.js';
import { capable, document, gate } from './snippets.js';

const API = 'policy.networking.k8s.io/v1alpha1';
/** Evaluated before the other admin policies a cluster may hold in the usual 50-1000 range. */
export const CLASSIFICATION_PRIORITY = 20;

/** Namespaces carrying some classification other than `level` (unlabelled ones, e.g. kube-system, are not a level). */
const otherLevels = (level: string, indent: number): string =>
  [
    'namespaces:',
    '  matchExpressions:',
    `    - key: ${CLASSIFICATION_LABEL}`,
    '      operator: Exists',
    `    - key: ${CLASSIFICATION_LABEL}`,
    '      operator: NotIn',
    `      values: [${JSON.stringify(level)}]`,
  ]
    .map((l) => ' '.repeat(indent) + l)
    .join('\n');

const boundary = (level: string): string =>
  [
    '---',
    `apiVersion: ${API}`,
    'kind: AdminNetworkPolicy',
    'metadata:',
    `  name: {{ include "ai-platform.fullname" . }}-classification-boundary-${level}`,
    '  labels:',
    '    {{- include "ai-platform.labels" . | nindent 4 }}',
    'spec:',
    `  priority: ${CLASSIFICATION_PRIORITY}`,
    '  subject:',
    '    namespaces:',
    '      matchLabels:',
    `        ${CLASSIFICATION_LABEL}: ${JSON.stringify(level)}`,
    '  ingress:',
    '    - name: deny-from-other-levels',
    '      action: Deny',
    '      from:',
    `        - ${otherLevels(level, 10).trimStart()}`,
    '  egress:',
    '    - name: deny-to-other-levels',
    '      action: Deny',
    '      to:',
    `        - ${otherLevels(level, 10).trimStart()}`,
  ].join('\n');

const baseline = [
  '---',
  `apiVersion: ${API}`,
  'kind: BaselineAdminNetworkPolicy',
  'metadata:',
  '  # the API admits one, named default',
  '  name: default',
  '  labels:',
  '    {{- include "ai-platform.labels" . | nindent 4 }}',
  'spec:',
  '  subject:',
  '    namespaces:',
  '      matchLabels:',
  '        app.kubernetes.io/part-of: ai-platform',
  '  ingress:',
  '    - name: default-deny-ingress',
  '      action: Deny',
  '      from:',
  '        - namespaces: {}',
  '  egress:',
  '    - name: default-deny-egress',
  '      action: Deny',
  '      to:',
  '        - namespaces: {}',
  '        - networks: ["0.0.0.0/0", "::/0"]',
].join('\n');

/** `templates/admin-network-policy.yaml`: the classification boundaries and the baseline default-deny. */
export const adminNetworkPolicy = document(
  gate(capable(`${API}/AdminNetworkPolicy`, 'adminNetworkPolicy'), [...CLASSIFICATION_LEVELS.map(boundary), baseline].join('\n')),
);
