// Streams nobody prepared for the isolation check: kinds of another API group, policies the API
// server refuses, a policy given twice, admin policies of equal priority, the seed's two-peer DNS
// rule in the platform namespace of a real edge render, kinds the analysis does not model. Each
// attack exits 1 naming the object; each control (the same stream made right) exits 0.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAipc } from '../../support/cli.js';
import { tempDir } from '../../helpers.js';

const ns = (name: string, tenant: string) =>
  `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: {fractal.ai/tenant: ${tenant}}}\n`;
const web = (namespace: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx:1.27, ports: [{name: http, containerPort: 8080}]}]}
`;
/** Only traffic within the namespace, in both directions: what keeps two tenants apart. */
const isolate = (
  namespace: string,
  o: { apiVersion?: string; name?: string; selector?: string; types?: string; peer?: string; port?: string; to?: string } = {},
) =>
  `apiVersion: ${o.apiVersion ?? 'networking.k8s.io/v1'}
kind: NetworkPolicy
metadata: {name: ${o.name ?? 'isolate'}, namespace: ${namespace}}
spec:
  podSelector: ${o.selector ?? '{}'}
  policyTypes: ${o.types ?? '[Ingress, Egress]'}
  ingress: [{from: [${o.peer ?? '{podSelector: {}}'}], ports: [${o.port ?? '{port: 8080}'}]}]
  egress: [{to: [${o.to ?? '{podSelector: {}}'}]}]
`;
const stream = (...docs: string[]) => docs.join('---\n');
const tenants = [ns('team-a', 'a'), ns('team-b', 'b'), web('team-a'), web('team-b')];
const green = stream(...tenants, isolate('team-a'), isolate('team-b'));

/** `aipc check isolation` on a stream (written to a file: findings name it and its lines). */
async function check(input: string, ...args: string[]) {
  const file = join(tempDir(), 'stream.yaml');
  writeFileSync(file, input);
  return runAipc(['check', 'isolation', '--manifests', file, ...args]);
}

describe('the control stream', () => {
  it('passes: two tenants, each isolated', async () => {
    const r = await check(green);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});

describe('objects are read by group, version and kind', () => {
  it('a NetworkPolicy of another API group protects nothing, and is named', async () => {
    const r = await check(
      stream(...tenants, isolate('team-a', { apiVersion: 'example.com/v1' }), isolate('team-b', { apiVersion: 'example.com/v1' })),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[tenant-boundary');
    expect(r.stdout).toContain('NetworkPolicy.example.com team-a/isolate: not the Kubernetes NetworkPolicy (another API group)');
  });

  it('a Namespace of another API group moves no namespace into another tenant, and is named', async () => {
    const open = stream(...tenants);
    const moved = stream(open, 'apiVersion: example.com/v1\nkind: Namespace\nmetadata: {name: team-b, labels: {fractal.ai/tenant: a}}\n');
    const r = await check(moved);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/team-a → team-b crosses a tenant boundary \(a → b\)/);
    expect(r.stdout).toContain('Namespace.example.com default/team-b: not the Kubernetes Namespace');
  });

  it('an AdminNetworkPolicy of another API group is not one', async () => {
    const anp = `apiVersion: example.com/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny-cross}
spec:
  priority: 1
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]
`;
    const r = await check(stream(...tenants, anp));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[tenant-boundary');
    expect(r.stdout).toContain('AdminNetworkPolicy.example.com');
  });
});

describe('a policy the API server refuses is never counted', () => {
  const refused: [string, Parameters<typeof isolate>[1], string][] = [
    ['port "80" as a string', { port: '{port: "80"}' }, 'ports[0].port: Invalid value: "80"'],
    ['port 0', { port: '{port: 0}' }, 'ports[0].port: Invalid value: 0'],
    ['endPort below port', { port: '{port: 8080, endPort: 80}' }, 'must be greater than or equal to `port`'],
    ['endPort with a named port', { port: '{port: http, endPort: 9090}' }, 'may not be specified when `port` is non-numeric'],
    [
      'In without values',
      { to: '{podSelector: {matchExpressions: [{key: app, operator: In, values: []}]}}' },
      "must be specified when `operator` is 'In' or 'NotIn'",
    ],
    [
      'Exists with values',
      { selector: '{matchExpressions: [{key: app, operator: Exists, values: [web]}]}' },
      "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    ],
    ['a bad label key', { peer: '{podSelector: {matchLabels: {"bad key!": x}}}' }, 'name part must consist of'],
    [
      'except outside cidr',
      { to: '{podSelector: {}}, {ipBlock: {cidr: 10.0.0.0/8, except: [192.168.0.0/16]}}' },
      'must be a strict subset of `cidr`',
    ],
    ['three policyTypes', { types: '[Ingress, Egress, Ingress]' }, 'may not specify more than two policyTypes'],
  ];
  it.each(refused)('%s: exit 1 naming the policy and the field', async (_name, bad, message) => {
    const r = await check(stream(...tenants, isolate('team-a', { ...bad, name: 'refused' }), isolate('team-b')));
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toContain('NetworkPolicy team-a/refused is refused by the API server');
    expect(r.stdout).toContain(message);
    // the same policy made right passes
    const fixed = await check(stream(...tenants, isolate('team-a', { name: 'refused' }), isolate('team-b')));
    expect(fixed.code, fixed.stdout).toBe(0);
  });

  it('a BaselineAdminNetworkPolicy not named default: exit 1 naming it', async () => {
    const banp = (name: string) => `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: ${name}}
spec:
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]
`;
    const r = await check(stream(green, banp('strict')));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('BaselineAdminNetworkPolicy strict is refused by the API server (metadata.name');
    expect((await check(stream(green, banp('default')))).code).toBe(0);
  });
});

describe('a policy given twice: the last copy applied is the one the cluster keeps', () => {
  const emptyCopy = isolate('team-a', { selector: '{matchLabels: {nothing: here}}' });
  // team-b may send anywhere: only team-a's own policy keeps team-b out
  const bOpen = isolate('team-b', { types: '[Ingress]' });
  it('a deny-all followed by a copy that selects nothing: the boundary is open and both copies are named', async () => {
    const r = await check(stream(...tenants, isolate('team-a'), bOpen, emptyCopy));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[tenant-boundary');
    expect(r.stdout).toMatch(/NetworkPolicy team-a\/isolate is given twice \(\S*stream\.yaml:\d+ and \S*stream\.yaml:\d+\)/);
  });
  it('the other order keeps the deny-all, and still names the duplicate', async () => {
    const r = await check(stream(...tenants, emptyCopy, isolate('team-a'), bOpen));
    expect(r.stdout).not.toContain('[tenant-boundary');
    expect(r.stdout).toContain('NetworkPolicy team-a/isolate is given twice');
    expect(r.code).toBe(1);
  });
});

describe('AdminNetworkPolicies of equal priority', () => {
  const anp = (name: string, priority: number, action: string) => `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: ${name}}
spec:
  priority: ${priority}
  subject: {namespaces: {}}
  ingress: [{action: ${action}, from: [{namespaces: {}}]}]
  egress: [{action: ${action}, to: [{namespaces: {}}]}]
`;
  it('a tie with conflicting rules is reported, naming both', async () => {
    const r = await check(stream(green, anp('allow-all', 10, 'Allow'), anp('deny-all', 10, 'Deny')));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('AdminNetworkPolicy allow-all and AdminNetworkPolicy deny-all share priority 10');
  });
  it('distinct priorities, deny first: passes', async () => {
    const r = await check(stream(green, anp('allow-all', 10, 'Allow'), anp('deny-all', 5, 'Deny')));
    expect(r.code, r.stdout).toBe(0);
  });
  it('equal priorities over subjects that cannot overlap are no tie', async () => {
    const only = (name: string, tenant: string) =>
      anp(name, 10, 'Deny').replace('subject: {namespaces: {}}', `subject: {namespaces: {matchLabels: {fractal.ai/tenant: ${tenant}}}}`);
    const r = await check(stream(green, only('deny-a', 'a'), only('deny-b', 'b')));
    expect(r.code, r.stdout).toBe(0);
  });
});

describe('kinds the analysis does not model', () => {
  it.each([
    ['kubevirt.io/v1', 'VirtualMachine', 'team-a', 'VirtualMachine.kubevirt.io'],
    ['k8s.cni.cncf.io/v1', 'NetworkAttachmentDefinition', 'team-a', 'NetworkAttachmentDefinition.k8s.cni.cncf.io'],
    ['k8s.ovn.org/v1', 'UserDefinedNetwork', 'team-a', 'UserDefinedNetwork.k8s.ovn.org'],
    // a custom resource shaped like a workload whose CRD is not in the input: its pods are unknown
    ['example.com/v1', 'Worker', 'team-a', 'Worker.example.com'],
  ])('%s %s: a warning and exit 1, unless acknowledged', async (apiVersion, kind, namespace, groupKind) => {
    const extra = `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x, namespace: ${namespace}}\nspec:\n  template:\n    metadata: {labels: {app: vm}}\n    spec: {containers: [{name: c, image: i:1}]}\n`;
    const r = await check(stream(green, extra));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${groupKind} ${namespace}/x`);
    const connections = await check(stream(green, extra), '--connections');
    expect(connections.code).toBe(1);
    expect(connections.stderr).toMatch(/warning: \S*stream\.yaml:\d+: /);
    expect(connections.stderr).toContain(groupKind);
    const acknowledged = await check(stream(green, extra), '--acknowledge-unmodelled', groupKind);
    expect(acknowledged.code, acknowledged.stdout).toBe(0);
    expect(acknowledged.stdout).toContain('(acknowledged)');
    expect((await check(stream(green, extra), '--acknowledge-unmodelled', kind)).code).toBe(0);
  });
});

describe('OpenShift Routes feed the ingress analysis (netpol-analyzer ingress_analyzer.go)', () => {
  const svc = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: team-a}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}, {name: admin, port: 81, targetPort: 9090}]
`;
  const route = (port: string) => `apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: web, namespace: team-a}
spec:
  to: {kind: Service, name: web}
${port}`;
  const open = stream(...tenants);
  it.each([
    ['a target port by name', '  port: {targetPort: http}\n', 'TCP 8080'],
    ['a target port by number', '  port: {targetPort: 8080}\n', 'TCP 8080'],
    ['no port: every port of the Service', '', 'TCP 8080,9090'],
  ])('%s', async (_name, port, conns) => {
    const r = await check(stream(open, svc, route(port)), '--connections');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`{ingress-controller} => team-a/web[Deployment] : ${conns}`);
  });
  it('a Route of another group is no Route', async () => {
    const r = await check(stream(open, svc, route('').replace('route.openshift.io/v1', 'example.com/v1')), '--connections');
    expect(r.stdout).not.toContain('{ingress-controller}');
    expect(r.code).toBe(1);
  });
});

describe("the seed's two-peer DNS rule in the platform namespace of a real edge render", () => {
  const dnsRule = (name: string, peers: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ai-platform}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: ${peers}
    ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
`;
  const kubeSystem = '{kubernetes.io/metadata.name: kube-system}';
  it('opens UDP 53 to every pod of kube-system from a classified namespace: exit 1 naming the policy; the one-peer rule passes', async () => {
    const render = await runAipc(['render', '--tier', 'edge']);
    expect(render.code, render.stderr).toBe(0);
    // no kube-system object: the namespace is outside the input, where pods could exist
    expect(render.stdout).not.toMatch(/^ {2}namespace: kube-system$|^kind: Namespace\nmetadata:\n {2}name: kube-system$/m);
    expect(render.stdout).toMatch(/^kind: Namespace\nmetadata:\n {2}name: ai-platform\n/m);
    const twoPeer = dnsRule(
      'dns-two-peer',
      `[{namespaceSelector: {matchLabels: ${kubeSystem}}}, {podSelector: {matchLabels: {k8s-app: kube-dns}}}]`,
    );
    const attack = await check(render.stdout + twoPeer, '--tier', 'edge');
    expect(attack.code, attack.stdout).toBe(1);
    expect(attack.stdout).toMatch(
      /ai-platform → kube-system\/\[all pods\] \(outside the input\) crosses a classification boundary .*UDP 53.*NetworkPolicy ai-platform\/dns-two-peer \(egress\)/,
    );
    const onePeer = dnsRule(
      'dns-one-peer',
      `[{namespaceSelector: {matchLabels: ${kubeSystem}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]`,
    );
    const control = await check(render.stdout + onePeer, '--tier', 'edge');
    expect(control.code, control.stdout).toBe(0);
  });
});

describe('workloads in custom resources run pods the verdicts judge', () => {
  it('an Argo Rollout in a tenant namespace: its pods cross an open boundary', async () => {
    const rollout = web('team-a').replace('apiVersion: apps/v1\nkind: Deployment', 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout');
    const r = await check(stream(ns('team-a', 'a'), ns('team-b', 'b'), rollout, web('team-b')), '--connections');
    expect(r.stdout).toContain('team-a/web[Rollout] => team-b/web[Deployment] : All Connections');
    const isolated = await check(
      stream(ns('team-a', 'a'), ns('team-b', 'b'), rollout, web('team-b'), isolate('team-a'), isolate('team-b')),
    );
    expect(isolated.code, isolated.stdout).toBe(0);
  });
});

describe('unresolved named ports', () => {
  it('are printed sorted by name, after the numbers, as netpol-analyzer sorts them (PortSet.String)', async () => {
    const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: named, namespace: team-a}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: [{to: [{namespaceSelector: {matchLabels: {team: x}}}], ports: [{port: zeta}, {port: 8080}, {port: alpha}, {port: mid}]}]
`;
    const r = await check(stream(...tenants, policy), '--connections', '--exposure');
    expect(r.stdout).toMatch(/team-a\/web\[Deployment\] \s*\t=> \t\[namespace with \{team=x\}\]\/\[all pods\] : TCP 8080,alpha,mid,zeta/);
  });
});
