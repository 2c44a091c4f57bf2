// The evidence pack's reachability graph on a real render: as rendered, every tenant reaches only
// the platform's gateway and DNS; with one policy pair opening a port from one tenant to another,
// that connection is a red edge naming both policies, its boundary a violation, the reverse closed.
import { beforeAll, describe, expect, it } from 'vitest';
import { runRender } from '../../src/actions/render.js';
import type { ManifestObject } from '../../src/io/manifests.js';
import { checkIsolation } from '../../src/checks/isolation/index.js';
import { checklistIsolationOptions } from '../../src/checks/checklist/checklist.js';
import { OUTSIDE_NODE, reachabilityGraph } from '../../src/evidence/reachability.js';
import { reachabilitySvg, TENANTS_UNGROUPED } from '../../src/evidence/svg.js';
import type { GraphEdge, GraphNode } from '../../src/evidence/reachability.js';

let objects: ManifestObject[];
beforeAll(async () => {
  objects = await runRender({ tier: 'datacenter' });
}, 300_000);

const policy = (namespace: string, name: string, spec: object): ManifestObject => ({
  object: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { namespace, name }, spec },
  file: 'mutation.yaml',
  line: 1,
  source: '',
  itemPath: [],
});
const nsPeer = (ns: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } });

describe('reachability graph of the datacenter render', () => {
  it('as rendered: tenants reach the gateway and DNS, no edge crosses a boundary, tenant pairs closed', () => {
    const graph = reachabilityGraph(checkIsolation([...objects], checklistIsolationOptions('datacenter')));
    const tenants = graph.nodes.filter((n) => n.kind === 'tenant').map((n) => n.id);
    expect(tenants).toEqual(['tenant-team-alpha', 'tenant-team-beta', 'tenant-team-gamma']);
    expect(graph.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['ai-platform', 'kube-system', OUTSIDE_NODE]));
    expect(graph.edges.filter((e) => e.verdict === 'violation')).toEqual([]);
    for (const t of tenants) {
      expect(graph.edges.find((e) => e.from === t && e.to === 'ai-platform')?.reason).toContain('gateway');
      for (const u of tenants) if (t !== u) expect(graph.boundaries.find((b) => b.from === t && b.to === u)?.verdict).toBe('closed');
    }
    const svg = reachabilitySvg(graph);
    expect(svg).not.toContain('class="edge violation"');
    expect(svg).toContain('>tenant-team-beta</text>');
  });

  it('one tenant opened to another: a red edge naming both policies, a violated boundary, the reverse still closed', () => {
    const opened = [
      ...objects,
      policy('tenant-team-alpha', 'to-beta-postgres', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [nsPeer('tenant-team-beta')], ports: [{ protocol: 'TCP', port: 5432 }] }],
      }),
      policy('tenant-team-beta', 'from-alpha-postgres', {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [nsPeer('tenant-team-alpha')], ports: [{ protocol: 'TCP', port: 5432 }] }],
      }),
    ];
    const graph = reachabilityGraph(checkIsolation(opened, checklistIsolationOptions('datacenter')));
    const edge = graph.edges.find((e) => e.from === 'tenant-team-alpha' && e.to === 'tenant-team-beta');
    expect(edge).toMatchObject({ verdict: 'violation', connections: 'TCP 5432' });
    expect(edge!.reason).toContain('tenant-boundary');
    expect(edge!.allowedBy).toEqual(
      expect.arrayContaining([
        'NetworkPolicy tenant-team-alpha/to-beta-postgres (egress)',
        'NetworkPolicy tenant-team-beta/from-alpha-postgres (ingress)',
      ]),
    );
    expect(graph.boundaries.find((b) => b.from === 'tenant-team-alpha' && b.to === 'tenant-team-beta')?.verdict).toBe('violation');
    expect(graph.boundaries.find((b) => b.from === 'tenant-team-beta' && b.to === 'tenant-team-alpha')?.verdict).toBe('closed');
    const svg = reachabilitySvg(graph);
    expect(svg.match(/class="edge violation"/g)).toHaveLength(1);
    expect(svg).toContain('tenant-team-alpha → tenant-team-beta: TCP 5432 (violation');
  });

  it('between workloads that run, an edge names the rules that allow it, as check isolation --explain words them', () => {
    const pod = (namespace: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'app', namespace, labels: { app: 'app' } },
      spec: { containers: [{ name: 'c', image: 'r/i:1', ports: [{ containerPort: 5432 }] }] },
    });
    const opened = [
      ...objects,
      pod('tenant-team-alpha'),
      pod('tenant-team-beta'),
      policy('tenant-team-alpha', 'to-beta-postgres', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [nsPeer('tenant-team-beta')], ports: [{ protocol: 'TCP', port: 5432 }] }],
      }),
      policy('tenant-team-beta', 'from-alpha-postgres', {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [nsPeer('tenant-team-alpha')], ports: [{ protocol: 'TCP', port: 5432 }] }],
      }),
    ];
    const graph = reachabilityGraph(checkIsolation(opened, checklistIsolationOptions('datacenter')));
    const edge = graph.edges.find((e) => e.from === 'tenant-team-alpha' && e.to === 'tenant-team-beta');
    expect(edge?.rules).toEqual(
      expect.arrayContaining([
        "NetworkPolicy 'tenant-team-alpha/to-beta-postgres' allows connections by Egress rule #1",
        "NetworkPolicy 'tenant-team-beta/from-alpha-postgres' allows connections by Ingress rule #1",
      ]),
    );
    // without the pods the same policies leave the rules unnamed (no workload to explain), not wrong
    const closed = reachabilityGraph(checkIsolation(objects, checklistIsolationOptions('datacenter')));
    expect(closed.edges.find((e) => e.from === 'tenant-team-alpha' && e.to === 'tenant-team-beta')).toBeUndefined();
  });

  it('draws the same picture every time (a fixed layout)', () => {
    const report = () => reachabilitySvg(reachabilityGraph(checkIsolation([...objects], checklistIsolationOptions('datacenter'))));
    expect(report()).toBe(report());
  });
});

describe('the picture of many tenants', () => {
  it('draws tenants of the same reach as one node, and a tenant crossing a boundary alone', () => {
    const names = Array.from({ length: TENANTS_UNGROUPED + 4 }, (_, i) => `tenant-t${String(i).padStart(2, '0')}`);
    const nodes: GraphNode[] = [
      { id: 'ai-platform', label: 'ai-platform', kind: 'platform' },
      ...names.map((id): GraphNode => ({ id, label: id, kind: 'tenant' })),
      { id: 'kube-system', label: 'kube-system', kind: 'system' },
    ];
    const edge = (from: string, to: string, verdict: GraphEdge['verdict'] = 'allowed'): GraphEdge => ({
      from,
      to,
      connections: 'TCP 8080',
      verdict,
      reason: '',
      allowedBy: [],
    });
    const edges = [...names.map((t) => edge(t, 'ai-platform')), edge(names[0], names[1], 'violation')];
    const svg = reachabilitySvg({ nodes, edges, boundaries: [], closedNotListed: 0 });
    // the two tenants of the violation alone, the rest one node
    expect(svg).toContain(`>${names.length - 2} tenants: ${names[2]} … ${names[names.length - 1]}</text>`);
    expect(svg).toContain(`>${names[0]}</text>`);
    expect(svg).toContain(`>${names[1]}</text>`);
    expect(svg.match(/class="node tenant"/g)).toHaveLength(3);
    expect(svg.match(/class="edge violation"/g)).toHaveLength(1);
  });
});
