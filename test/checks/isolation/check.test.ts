// Namespace-level verdicts: a clean multi-tenant fixture, the mistakes that must break it (each
// named by the policy that allows the crossing), linear growth of the work, and the CLI.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifestInputs } from '../../../src/io/manifests.js';
import { formatIsolationReport, isolationFails } from '../../../src/checks/isolation/format.js';
import { checkIsolation, type IsolationReport } from '../../../src/checks/isolation/verdicts.js';
import { packageRoot } from '../../../src/paths.js';
import type { KubeObject } from '../../../src/io/manifests.js';
import { runCli } from '../../helpers.js';

const FIXTURE = join(packageRoot(), 'test/fixtures/isolation/multi-tenant.yaml');

function fixture(): KubeObject[] {
  const { objects, diagnostics } = readManifestInputs([FIXTURE]);
  expect(diagnostics).toEqual([]);
  return objects.map((o) => structuredClone(o.object));
}

// policies are edited in place by the mutation tests
type Spec = Record<string, any>;
function specOf(objects: KubeObject[], namespace: string, name: string): Spec {
  const found = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata?.namespace === namespace && o.metadata?.name === name);
  if (!found) throw new Error(`no NetworkPolicy ${namespace}/${name} in the fixture`);
  return found.spec as Spec;
}

const messages = (r: IsolationReport) => r.violations.map((v) => v.message);

describe('multi-tenant fixture', () => {
  it('passes as written, even with egress outside the cluster forbidden', () => {
    const report = checkIsolation(fixture(), { forbidExternal: true });
    expect(report.errors).toEqual([]);
    expect(messages(report)).toEqual([]);
    // DNS to kube-system/kube-dns is reach, but not a boundary crossing
    expect(report.reach).toContainEqual(expect.objectContaining({ from: 'team-alpha', to: 'kube-system', connections: 'TCP 53,UDP 53' }));
  });

  it('fails on the two-peer DNS rule (SPEC mistake 2): egress to every pod in kube-system', () => {
    const objects = fixture();
    specOf(objects, 'team-alpha', 'allow-dns').egress[0].to = [
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } },
      { podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
    ];
    const report = checkIsolation(objects);
    expect(report.violations).toHaveLength(1);
    const [v] = report.violations;
    expect(v).toMatchObject({
      from: 'team-alpha',
      to: 'kube-system',
      connections: 'TCP 53,UDP 53',
      rules: ['tenant-boundary', 'classification-boundary'],
    });
    expect(v.example).toBe('team-alpha/agent[Deployment] => kube-system/metrics-server[Deployment]');
    expect(v.message).toContain('NetworkPolicy team-alpha/allow-dns (egress)');
  });

  it('fails when a tenant loses its NetworkPolicies', () => {
    const objects = fixture().filter((o) => !(o.kind === 'NetworkPolicy' && o.metadata?.namespace === 'team-alpha'));
    const report = checkIsolation(objects, { forbidExternal: true });
    const text = messages(report).join('\n');
    expect(text).toContain('team-alpha: no NetworkPolicy selects these pods');
    // the platform gateway now gets in, and team-alpha gets out
    expect(report.violations.map((v) => `${v.from} → ${v.to ?? 'outside'}`)).toEqual([
      'aipc-platform → team-alpha',
      'team-alpha → kube-system',
      'team-alpha → outside',
    ]);
  });

  it('fails on an empty peer, from: [{}]: the API server refuses the policy, so it is not counted and the check names it', () => {
    const objects = fixture();
    specOf(objects, 'team-alpha', 'allow-same-namespace').ingress[0].from = [{}];
    const report = checkIsolation(objects);
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: 'refused', object: 'NetworkPolicy team-alpha/allow-same-namespace' }),
    ]);
    expect(report.findings[0].message).toContain('spec.ingress[0].from[0]: Required value: must specify a peer');
    expect(isolationFails(report)).toBe(true);
  });

  it('fails on egress to ipBlock 0.0.0.0/0 on edge', () => {
    const objects = fixture();
    specOf(objects, 'team-alpha', 'allow-dns').egress.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] });
    expect(messages(checkIsolation(objects, { forbidExternal: false }))).toEqual([]);
    const report = checkIsolation(objects, { forbidExternal: true });
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]).toMatchObject({
      rules: ['external-egress'],
      from: 'team-alpha',
      to: null,
      connections: 'All Connections',
    });
    expect(report.violations[0].message).toContain('NetworkPolicy team-alpha/allow-dns (egress)');
  });

  it('forbids egress outside the cluster for namespaces labelled with tier edge', () => {
    const objects = fixture();
    specOf(objects, 'team-alpha', 'allow-dns').egress.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] });
    const alpha = objects.find((o) => o.kind === 'Namespace' && o.metadata?.name === 'team-alpha')!;
    (alpha.metadata!.labels as Record<string, string>)['fractal.ai/tier'] = 'edge';
    expect(checkIsolation(objects).violations.map((v) => v.rules)).toEqual([['external-egress']]);
  });

  it('fails on a namespaceSelector that matches every namespace', () => {
    const objects = fixture();
    specOf(objects, 'team-alpha', 'allow-same-namespace').ingress[0].from = [{ namespaceSelector: {} }];
    const report = checkIsolation(objects);
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]).toMatchObject({ from: 'aipc-platform', to: 'team-alpha', connections: 'TCP 8080' });
    expect(report.violations[0].message).toContain('NetworkPolicy team-alpha/allow-same-namespace (ingress)');
    expect(report.violations[0].message).toContain('NetworkPolicy aipc-platform/gateway-to-tenants (egress)');
  });

  it('reports a classification boundary within one tenant', () => {
    const objects = fixture();
    const beta = objects.find((o) => o.kind === 'Namespace' && o.metadata?.name === 'team-beta')!;
    (beta.metadata!.labels as Record<string, string>)['fractal.ai/tenant'] = 'team-alpha';
    (beta.metadata!.labels as Record<string, string>)['fractal.ai/classification'] = 'top-secret';
    specOf(objects, 'team-beta', 'allow-same-namespace').egress[0].to = [
      { namespaceSelector: { matchLabels: { 'fractal.ai/tenant': 'team-alpha' } } },
    ];
    specOf(objects, 'team-alpha', 'allow-same-namespace').ingress[0].from = [
      { namespaceSelector: { matchLabels: { 'fractal.ai/tenant': 'team-alpha' } } },
    ];
    const report = checkIsolation(objects);
    expect(report.violations.map((v) => [v.from, v.to, v.rules])).toEqual([['team-beta', 'team-alpha', ['classification-boundary']]]);
  });
});

/** N tenant namespaces, each with 2 workloads and 2 policies, plus kube-system/kube-dns. */
function generatedTenants(n: number): KubeObject[] {
  const objects: KubeObject[] = [
    { kind: 'Namespace', metadata: { name: 'kube-system' } },
    {
      kind: 'Deployment',
      metadata: { name: 'coredns', namespace: 'kube-system' },
      spec: { template: { metadata: { labels: { 'k8s-app': 'kube-dns' } } } },
    },
    {
      kind: 'NetworkPolicy',
      metadata: { name: 'kube-dns', namespace: 'kube-system' },
      spec: {
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ namespaceSelector: {} }],
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
        ],
      },
    },
  ];
  for (let i = 0; i < n; i++) {
    const ns = `tenant-${i}`;
    objects.push({
      kind: 'Namespace',
      metadata: { name: ns, labels: { 'fractal.ai/tenant': ns, 'fractal.ai/classification': i % 2 ? 'secret' : 'unclassified' } },
    });
    for (const app of ['agent', 'inference']) {
      objects.push({
        kind: 'Deployment',
        metadata: { name: app, namespace: ns },
        spec: { template: { metadata: { labels: { app } }, spec: { containers: [{ ports: [{ name: 'http', containerPort: 8080 }] }] } } },
      });
    }
    objects.push({
      kind: 'NetworkPolicy',
      metadata: { name: 'isolate', namespace: ns },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ podSelector: {} }] }],
        egress: [{ to: [{ podSelector: {} }] }],
      },
    });
    objects.push({
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-dns', namespace: ns },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
        ],
      },
    });
  }
  return objects;
}

describe('scale', () => {
  const work = (n: number) => {
    const { operations } = checkIsolation(generatedTenants(n), { forbidExternal: true });
    return operations.selectorEvaluations + operations.pairEvaluations + operations.ruleApplications;
  };

  it('does work linear in the number of tenants (ops for 400 tenants ≤ 5× ops for 100)', () => {
    const small = work(100);
    const large = work(400);
    expect(large / small).toBeLessThanOrEqual(5);
    expect(large / small).toBeGreaterThanOrEqual(3); // the counter counts something real
  });

  // namespaces with a pod each and no NetworkPolicy: every pair is open, every pair crosses a tenant boundary
  const openNamespaces = (n: number): KubeObject[] =>
    Array.from({ length: n }, (_, i) => {
      const ns = `open-${String(i).padStart(4, '0')}`;
      return [
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: ns, labels: { 'fractal.ai/tenant': ns, 'fractal.ai/classification': 'secret' } },
        },
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'agent', namespace: ns, labels: { app: 'agent' } }, spec: { containers: [] } },
      ];
    }).flat();

  it.each([
    ['open namespaces, text', () => openNamespaces, 'text', false],
    ['open namespaces, markdown, exposure', () => openNamespaces, 'markdown', true],
    ['isolated tenants, text, exposure', () => generatedTenants, 'text', true],
  ] as const)('keeps the report linear in the tenants (%s): 4× tenants, at most 5× the bytes', (_name, gen, format, exposure) => {
    const size = (n: number) => formatIsolationReport(checkIsolation(gen()(n), { forbidExternal: true, exposure }), format).length;
    const small = size(25);
    const large = size(100);
    expect(large / small).toBeLessThanOrEqual(5);
  });

  it('checks 1,000 tenants cleanly', () => {
    const report = checkIsolation(generatedTenants(1000), { forbidExternal: true });
    expect(report.violations).toEqual([]);
    expect(report.reach.filter((r) => r.from !== r.to && r.to !== 'kube-system')).toEqual([]);
  });
});

describe('aipc check isolation (CLI)', () => {
  it('exits 0 on the clean fixture and prints plain text (the matrix is the Markdown format)', () => {
    const r = runCli(['check', 'isolation', '--manifests', FIXTURE, '--forbid-external']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}team-alpha: .*team-alpha all/m);
    expect(r.stdout).toContain('Violations: none (no path crosses');
    expect(r.stdout).not.toMatch(/^(#|\|)/m);
    const md = runCli(['check', 'isolation', '--manifests', FIXTURE, '--forbid-external', '--format', 'markdown']);
    expect(md.stdout).toContain('| **team-alpha** |');
    expect(md.stdout).toContain('None: no path crosses');
  });

  it('exits 1 and names the policy when a boundary is crossed (stdin, markdown with mermaid)', () => {
    const objects = fixture();
    specOf(objects, 'team-alpha', 'allow-same-namespace').ingress[0].from = [{ namespaceSelector: {} }];
    const r = runCli(['check', 'isolation', '--manifests', '-', '--format', 'markdown'], {
      input: objects.map((o) => JSON.stringify(o)).join('\n---\n'),
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('```mermaid');
    expect(r.stdout).toContain('NetworkPolicy team-alpha/allow-same-namespace (ingress)');
  });

  it('prints sorted connection lines with --connections', () => {
    const r = runCli(['check', 'isolation', '--manifests', FIXTURE, '--connections']);
    expect(r.code).toBe(0);
    const out = r.stdout.trim().split('\n');
    expect(out).toEqual([...out].sort());
    expect(out).toContain('team-alpha/agent[Deployment] => kube-system/coredns[Deployment] : TCP 53,UDP 53');
  });

  it('emits JSON and Mermaid', () => {
    const json = JSON.parse(runCli(['check', 'isolation', '--manifests', FIXTURE, '--format', 'json']).stdout);
    expect(json.violations).toEqual([]);
    expect(json.operations.selectorEvaluations).toBeGreaterThan(0);
    expect(runCli(['check', 'isolation', '--manifests', FIXTURE, '--format', 'mermaid']).stdout).toMatch(/^flowchart LR/);
  });

  it("applies a tier's rules to a given stream (--tier with --manifests), with exposure", () => {
    const r = runCli(['check', 'isolation', '--tier', 'edge', '--manifests', FIXTURE]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('Violations: none (no path crosses');
  });

  it('exits 2 on bad input', () => {
    const bad = runCli(['check', 'isolation', '--manifests', '-'], {
      input: 'kind: NetworkPolicy\nmetadata: {name: x}\nspec:\n  ingress: 5\n',
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('spec.ingress');
    // a policy the API server refuses is a finding (exit 1), not bad input
    const refused = runCli(['check', 'isolation', '--manifests', '-'], {
      input: 'kind: NetworkPolicy\nmetadata: {name: x}\nspec:\n  ingress:\n  - from:\n    - ipBlock: {cidr: nope}\n',
    });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('NetworkPolicy default/x is refused by the API server (spec.ingress[0].from[0].ipBlock.cidr');
    expect(runCli(['check', 'isolation', '--manifests', '/no/such/file']).code).toBe(2);
    const both = runCli(['check', 'isolation', '--tier', 'edge', '--values', FIXTURE, '--manifests', FIXTURE]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--values: renders the tier; it cannot be combined with --manifests');
    expect(runCli(['check', 'isolation']).code).toBe(2);
  });
});
