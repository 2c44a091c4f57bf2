// The API server's rules for NetworkPolicy, AdminNetworkPolicy, label selectors and workload
// selectors (k8s.io/kubernetes pkg/apis/networking/validation, pkg/apis/apps/validation,
// k8s.io/apimachinery pkg/apis/meta/v1/validation; network-policy-api's CRD rules), through
// `aipc validate`: each refused object is invalid, naming the field; each control is valid.
import { describe, expect, it } from 'vitest';
import { runAipc } from '../support/cli.js';

const np = (spec: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: team-a}
spec:
${spec}`;

const deployment = (selector: string, labels = '{app: web}') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: team-a}
spec:
  selector: ${selector}
  template:
    metadata: {labels: ${labels}}
    spec: {containers: [{name: c, image: nginx:1.27}]}
`;

const refused: [string, string, string, string][] = [
  [
    'port "80" as a string',
    np('  podSelector: {}\n  ingress: [{ports: [{port: "80"}]}]'),
    'spec.ingress[0].ports[0].port',
    'at least one letter',
  ],
  ['port 0', np('  podSelector: {}\n  ingress: [{ports: [{port: 0}]}]'), 'spec.ingress[0].ports[0].port', 'between 1 and 65535'],
  [
    'endPort below port',
    np('  podSelector: {}\n  egress: [{ports: [{port: 90, endPort: 80}]}]'),
    'spec.egress[0].ports[0].endPort',
    'greater than or equal',
  ],
  [
    'endPort with a named port',
    np('  podSelector: {}\n  ingress: [{ports: [{port: http, endPort: 90}]}]'),
    'spec.ingress[0].ports[0].endPort',
    'non-numeric',
  ],
  [
    'In without values',
    np('  podSelector: {matchExpressions: [{key: app, operator: In, values: []}]}'),
    'spec.podSelector.matchExpressions[0].values',
    "'In' or 'NotIn'",
  ],
  [
    'Exists with values',
    np('  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchExpressions: [{key: team, operator: Exists, values: [a]}]}}]}]'),
    'spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values',
    "'Exists' or 'DoesNotExist'",
  ],
  ['a bad label key', np('  podSelector: {matchLabels: {"bad key!": x}}'), 'spec.podSelector.matchLabels', 'name part must consist'],
  [
    'except outside cidr',
    np('  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [192.168.0.0/16]}}]}]'),
    'spec.egress[0].to[0].ipBlock.except[0]',
    'strict subset',
  ],
  [
    'three policyTypes',
    np('  podSelector: {}\n  policyTypes: [Ingress, Egress, Ingress]'),
    'spec.policyTypes',
    'more than two policyTypes',
  ],
  ['an empty peer', np('  podSelector: {}\n  ingress: [{from: [{}]}]'), 'spec.ingress[0].from[0]', 'must specify a peer'],
  [
    'a BaselineAdminNetworkPolicy not named default',
    'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: strict}\nspec:\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]\n',
    'metadata.name',
    'metadata.name="default"',
  ],
  [
    'an AdminNetworkPolicy selector In without values',
    'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: a}\nspec:\n  priority: 5\n  subject: {namespaces: {matchExpressions: [{key: t, operator: NotIn}]}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]\n',
    'spec.subject.namespaces.matchExpressions[0].values',
    "'In' or 'NotIn'",
  ],
  [
    'a Deployment whose selector misses its template',
    deployment('{matchLabels: {app: api}}'),
    'spec.template.metadata.labels',
    'does not match template',
  ],
  ['a Deployment with an empty selector', deployment('{}'), 'spec.selector', 'empty selector is invalid'],
  [
    'a StatefulSet whose selector expression misses its template',
    deployment('{matchExpressions: [{key: app, operator: NotIn, values: [web]}]}').replace('kind: Deployment', 'kind: StatefulSet'),
    'spec.template.metadata.labels',
    'does not match template',
  ],
  [
    'a DaemonSet whose selector misses its template',
    deployment('{matchLabels: {app: api}}').replace('kind: Deployment', 'kind: DaemonSet'),
    'spec.template.metadata.labels',
    'does not match template',
  ],
  [
    'a ReplicaSet whose selector misses its template',
    deployment('{matchLabels: {app: api}}').replace('kind: Deployment', 'kind: ReplicaSet'),
    'spec.template.metadata.labels',
    'does not match template',
  ],
  [
    'a Job with a manual selector that misses its template',
    `apiVersion: batch/v1\nkind: Job\nmetadata: {name: j, namespace: a}\nspec:\n  manualSelector: true\n  selector: {matchLabels: {app: x}}\n  template:\n    metadata: {labels: {app: y}}\n    spec: {restartPolicy: Never, containers: [{name: c, image: busybox:1.36}]}\n`,
    'spec.template.metadata.labels',
    'does not match template',
  ],
];

const accepted: [string, string][] = [
  ['numeric port and endPort', np('  podSelector: {}\n  egress: [{ports: [{port: 80, endPort: 90}]}]')],
  ['a named port', np('  podSelector: {}\n  ingress: [{ports: [{port: http}]}]')],
  [
    'except inside cidr, two policyTypes',
    np('  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]}]'),
  ],
  [
    'namespace AND pod selector in one peer',
    np(
      '  podSelector: {}\n  egress: [{to: [{namespaceSelector: {matchLabels: {a: b}}, podSelector: {matchExpressions: [{key: k, operator: Exists}]}}]}]',
    ),
  ],
  ['a Deployment whose selector matches', deployment('{matchLabels: {app: web}, matchExpressions: [{key: tier, operator: DoesNotExist}]}')],
  [
    'a BaselineAdminNetworkPolicy named default',
    'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]\n',
  ],
];

describe('validate: what the API server refuses in policies, selectors and workloads', () => {
  it.each(refused)('%s is invalid', async (_name, doc, path, message) => {
    const r = await runAipc(['validate', '-', '--format', 'json'], { input: doc });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    const issues = report.objects.flatMap((o: { errors?: { path: string; message: string }[] }) => o.errors ?? []);
    expect(
      issues.some((i: { path: string; message: string }) => i.path === path && i.message.includes(message)),
      JSON.stringify(issues),
    ).toBe(true);
  });

  it.each(accepted)('%s is valid', async (_name, doc) => {
    const r = await runAipc(['validate', '-'], { input: doc });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('a CR of kind NetworkPolicy in another group is judged by its own CRD, not these rules', async () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: networkpolicies.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: NetworkPolicy, plural: networkpolicies, singular: networkpolicy, listKind: NetworkPolicyList}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
---
apiVersion: example.com/v1
kind: NetworkPolicy
metadata: {name: np, namespace: team-a}
spec:
  podSelector: {}
  ingress: [{ports: [{port: "80"}]}]
`;
    const r = await runAipc(['validate', '-'], { input: crd });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});
