// The rendered tiers with their sample tenants, judged for every pod that could run there (exposure
// analysis; no pod is added to the stream): no path crosses a tenant or classification boundary,
// and nothing on edge reaches outside the cluster. The mistakes that must break that, each on the
// real edge render and named by the policy that allows it.
import { beforeAll, describe, expect, it } from 'vitest';
import { checkIsolation } from '../../../src/checks/isolation/index.js';
import { renderTierObjects } from '../../../src/render/render.js';
import type { KubeObject } from '../../../src/io/manifests.js';
import { runCli } from '../../helpers.js';

describe.each(['edge', 'datacenter', 'connected'])('isolation of the %s tier', (tier) => {
  it('has no boundary-crossing path for any pod that could exist (and on edge nothing reaches outside)', async () => {
    const rendered = (await renderTierObjects(tier)).map((m) => m.object);
    const report = checkIsolation(rendered, { forbidExternal: tier === 'edge', exposure: true });
    expect(report.violations.map((v) => v.message)).toEqual([]);
    const tenants = report.namespaces.filter((n) => n.tenant).map((n) => n.name);
    expect(tenants.length).toBeGreaterThan(0);
    // the proof covers pods that could exist in every tenant namespace and the namespaces outside the render
    for (const t of tenants) expect(report.exposure?.peers).toContain(`${t}/[all pods]`);
    expect(report.exposure?.peers).toEqual(expect.arrayContaining(['entire-cluster', 'kube-system/[pod with {k8s-app=kube-dns}]']));
    expect(report.exposure!.subjects).toBeGreaterThan(tenants.length);
  });
});

const TENANT = 'tenant-team-alpha';
const policy = (name: string, spec: object): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: TENANT },
  spec,
});
const dns = [
  { protocol: 'UDP', port: 53 },
  { protocol: 'TCP', port: 53 },
];

describe('mutations of the real edge render (no pod injected)', () => {
  let edge: KubeObject[];
  beforeAll(async () => {
    edge = (await renderTierObjects('edge')).map((m) => m.object);
    expect(edge.some((o) => o.kind === 'Pod' && o.metadata?.namespace === TENANT)).toBe(false);
  });
  const check = (extra: KubeObject) => checkIsolation([...edge, extra], { forbidExternal: true, exposure: true });

  it.each([
    [
      'the two-peer DNS rule (every pod in kube-system on 53)',
      policy('dns-two-peer', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } },
              { podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
            ],
            ports: dns,
          },
        ],
      }),
      /tenant-team-alpha → kube-system\/\[all pods\] \(outside the input\) crosses a tenant boundary.*TCP 53,UDP 53.*NetworkPolicy tenant-team-alpha\/dns-two-peer \(egress\)/,
    ],
    [
      'a tenant allow-all',
      policy('allow-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{}] }),
      /tenant-team-alpha → entire-cluster \(outside the input\) crosses a tenant boundary.*NetworkPolicy tenant-team-alpha\/allow-all \(egress\)/,
    ],
    [
      'an ipBlock 0.0.0.0/0 egress on edge',
      policy('to-world', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }),
      /tenant-team-alpha can reach outside the cluster.*tier edge forbids.*NetworkPolicy tenant-team-alpha\/to-world \(egress\)/,
    ],
    [
      'a namespaceSelector matching every namespace',
      policy('all-namespaces', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {} }] }] }),
      /tenant-team-alpha → entire-cluster \(outside the input\) crosses a tenant boundary.*NetworkPolicy tenant-team-alpha\/all-namespaces \(egress\)/,
    ],
  ])('fails on %s, naming the policy', (_name, extra, message) => {
    const report = check(extra);
    expect(report.violations.map((v) => v.message)).toContainEqual(expect.stringMatching(message));
    // without exposure analysis the same stream passes: the proof would be vacuous
    if (!/ipBlock/.test(_name)) expect(checkIsolation([...edge, extra], { forbidExternal: true }).violations).toEqual([]);
  });
});

describe('aipc check isolation --tier', () => {
  it('exits 0 on edge and names every namespace in the matrix', () => {
    const r = runCli(['check', 'isolation', '--tier', 'edge', '--format', 'markdown']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('| **tenant-team-alpha** |');
    expect(r.stdout).toContain('None: no path crosses a tenant or classification boundary');
  });
});

describe('classification at the admin tier (AdminNetworkPolicy)', () => {
  const ANP = 'policy.networking.k8s.io/v1alpha1/AdminNetworkPolicy';
  // a namespace of another level beside the edge tier (secret), and a tenant-written allow-all
  const topSecret: KubeObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'other-level', labels: { 'fractal.ai/classification': 'top-secret' } },
  };
  const allowAll = policy('allow-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{}] });
  // between namespaces of the input: the extra namespace has no policy of its own, so its egress to
  // namespaces outside the input (of no level) is a violation of its own, asserted below
  const classification = (objects: KubeObject[]) =>
    checkIsolation(objects, { forbidExternal: true, exposure: true })
      .violations.filter((v) => v.rules.includes('classification-boundary') && !v.to?.includes('(outside the input)'))
      .map((v) => v.message);

  it('is rendered only where the cluster serves the API (auto), always or never by the switch', async () => {
    const kinds = async (options: Parameters<typeof renderTierObjects>[1]) =>
      (await renderTierObjects('edge', options)).map((m) => m.object.kind).filter((k) => String(k).includes('AdminNetworkPolicy'));
    expect(await kinds({})).toEqual([]);
    expect(await kinds({ apiVersions: [ANP] })).toEqual([
      'AdminNetworkPolicy',
      'AdminNetworkPolicy',
      'AdminNetworkPolicy',
      'BaselineAdminNetworkPolicy',
    ]);
    expect(await kinds({ apiVersions: [ANP], set: ['capabilities.adminNetworkPolicy=never'] })).toEqual([]);
    expect((await kinds({ set: ['capabilities.adminNetworkPolicy=always'] })).length).toBe(4);
  });

  it('overrides a tenant allow-all across levels when present; without it the allow-all is a violation', async () => {
    const withAdmin = (await renderTierObjects('edge', { apiVersions: [ANP] })).map((m) => m.object);
    const without = (await renderTierObjects('edge')).map((m) => m.object);
    // as rendered: with the admin policies the levels are apart; without them the one pod open to
    // every namespace (the webhook, which the API server must reach) is open to other levels too
    expect(classification([...withAdmin, topSecret])).toEqual([]);
    expect(
      checkIsolation([...withAdmin, topSecret], { forbidExternal: true, exposure: true }).violations.map((v) => v.message),
    ).toContainEqual(
      expect.stringMatching(
        /^other-level → entire-cluster \(outside the input\) crosses a classification boundary \(top-secret → unlabelled\)/,
      ),
    );
    const bare = classification([...without, topSecret]);
    expect(bare.length).toBeGreaterThan(0);
    for (const m of bare)
      expect(m).toMatch(/^other-level → ai-platform .*TCP 9443 .*NetworkPolicy ai-platform\/ai-platform-webhook \(ingress\)/);
    // the tenant opens its namespace: only the AdminNetworkPolicy keeps the levels apart
    expect(classification([...withAdmin, topSecret, allowAll])).toEqual([]);
    expect(classification([...without, topSecret, allowAll])).toContainEqual(
      expect.stringMatching(
        /tenant-team-alpha → other-level crosses .*a classification boundary \(secret → top-secret\).*NetworkPolicy tenant-team-alpha\/allow-all \(egress\)/,
      ),
    );
  });
});
