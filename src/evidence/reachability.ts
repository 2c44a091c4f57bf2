// The namespace reachability graph of an evidence pack: nodes are the namespaces of the render
// (platform and tenants), the namespaces the render does not hold but its policies name
// (kube-system, an ingress controller's, any other), and "outside the cluster"; an edge is every
// connection some pod — in the render or one that could run there — may open to another node,
// with the policies that allow it and the isolation check's verdict. Derived from the isolation
// check's own results (its reach, its exposure findings, its violations), never computed apart.
import { ConnectionSet, DNS_EXEMPTION, type ExternalAllowance, type IsolationReport } from '../checks/isolation/index.js';
import { UNPROTECTED } from '../checks/isolation/verdicts.js';
import { exposureFindings } from '../checks/isolation/exposure-verdicts.js';
import { ENTRYPOINT_LABEL, PLATFORM_LABEL } from '../model/labels.js';
import { explainConnection, type ConnectionExplanation } from '../checks/isolation/explain.js';
import { reasonText } from '../checks/isolation/explain-format.js';

/** Where a node sits: a tenant's namespace, the platform's, a namespace outside the render, or outside the cluster. */
export type NodeKind = 'platform' | 'tenant' | 'system' | 'other' | 'outside';

export interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly kind: NodeKind;
  readonly tenant?: string;
  readonly classification?: string;
}

/** One allowed connection between two different nodes. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** netpol-analyzer's wording: `TCP 8080`, `TCP 53,UDP 53`, `All Connections`. */
  readonly connections: string;
  /** The isolation check's verdict: a violation crosses a boundary it forbids. */
  readonly verdict: 'allowed' | 'violation';
  /** Why an allowed edge is allowed across namespaces, or which boundary a violation crosses. */
  readonly reason: string;
  /** The policies (or their absence) that allow it, on both ends: `NetworkPolicy ns/name (egress)`. */
  readonly allowedBy: readonly string[];
  /**
   * Between workloads of the render: the rules that allow it, as `aipc check isolation --explain`
   * words them (`NetworkPolicy 'ns/name' allows connections by Egress rule #1`).
   */
  readonly rules?: readonly string[];
}

/** The reasons of the allowed segments that allow (not the ones that merely fail to deny). */
function allowingRules(explanation: ConnectionExplanation): string[] {
  const out = new Set<string>();
  for (const seg of explanation.segments.filter((s) => s.allowed))
    for (const r of [...seg.egress.reasons, ...seg.ingress.reasons])
      if (r.layer === 'default' || ('outcome' in r ? r.outcome === 'allows' : r.action === 'Allow')) out.add(reasonText(r));
  return [...out];
}

/** A pair of nodes and whether anything crosses between them, in that direction. */
export interface Boundary {
  readonly from: string;
  readonly to: string;
  /** What separates them: `tenant`, `classification`, `cluster edge`, or `namespace` only. */
  readonly separates: readonly string[];
  readonly verdict: 'closed' | 'allowed' | 'violation';
  readonly connections?: string;
}

export interface ReachabilityGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly boundaries: readonly Boundary[];
  /** Node pairs with nothing between them, when there were too many to list one by one. */
  readonly closedNotListed: number;
}

export const OUTSIDE_NODE = 'outside the cluster';
/** Pods in namespaces the render does not hold that no selector pins to one name. */
export const OTHER_NODE = 'other namespaces';
/** Above this many nodes, closed boundaries are counted, not listed. */
export const BOUNDARY_LIST_LIMIT = 30;

interface EdgeAgg {
  conns: ConnectionSet;
  allowedBy: Set<string>;
  /** The policy rules that allow it, as the isolation explanation words them. */
  rules: Set<string>;
  dns: boolean;
  entrypoint: boolean;
}

/** The graph of an isolation report (run with exposure on, as the checklist runs it). */
export function reachabilityGraph(report: IsolationReport): ReachabilityGraph {
  const input = new Map(report.namespaces.map((n) => [n.name, n]));
  const nodes = new Map<string, GraphNode>();
  for (const n of report.namespaces)
    nodes.set(n.name, {
      id: n.name,
      label: n.name,
      kind: n.tenant ? 'tenant' : 'platform',
      ...(n.tenant ? { tenant: n.tenant } : {}),
      ...(n.classification ? { classification: n.classification } : {}),
    });
  const outsideNode = (name: string | undefined): string => {
    const id = name ?? OTHER_NODE;
    if (!nodes.has(id)) nodes.set(id, { id, label: id, kind: id === DNS_EXEMPTION.namespace ? 'system' : 'other' });
    return id;
  };
  nodes.set(OUTSIDE_NODE, { id: OUTSIDE_NODE, label: OUTSIDE_NODE, kind: 'outside' });
  outsideNode(DNS_EXEMPTION.namespace);

  const edges = new Map<string, EdgeAgg>();
  const add = (
    from: string,
    to: string,
    conns: ConnectionSet,
    allowedBy: readonly string[],
    flags: { dns?: boolean; entrypoint?: boolean },
  ) => {
    if (from === to || conns.isEmpty()) return;
    const key = `${from}\u0000${to}`;
    let e = edges.get(key);
    if (!e) edges.set(key, (e = { conns: ConnectionSet.NONE, allowedBy: new Set(), rules: new Set(), dns: true, entrypoint: true }));
    e.conns = e.conns.union(conns);
    allowedBy.forEach((a) => e.allowedBy.add(a));
    e.dns &&= !!flags.dns;
    e.entrypoint &&= !!flags.entrypoint;
  };

  // pods of the render
  const { model, connections, egressExternal, ingressExternal } = report.reachability;
  for (const c of connections) {
    if (c.src.namespace === c.dst.namespace) continue;
    const by = [
      ...(c.egressPolicies ?? [`${c.src.namespace}: ${UNPROTECTED} (egress)`]).map((p) => (c.egressPolicies ? `${p} (egress)` : p)),
      ...(c.ingressPolicies ?? [`${c.dst.namespace}: ${UNPROTECTED} (ingress)`]).map((p) => (c.ingressPolicies ? `${p} (ingress)` : p)),
    ];
    add(c.src.namespace, c.dst.namespace, c.conns, by, {});
    // the rules that allow it, between the workloads that really run (one pair per class pair)
    const [src, dst] = [c.src.workloads[0], c.dst.workloads[0]];
    if (src && dst)
      for (const rule of allowingRules(
        explainConnection(report.reachability, { type: 'workload', workload: src }, { type: 'workload', workload: dst }),
      ))
        edges.get(`${c.src.namespace}\u0000${c.dst.namespace}`)?.rules.add(rule);
  }
  for (const cls of model.classes) {
    const outside = (a: ExternalAllowance) => !a.conns.isEmpty() && (!a.ips.isEmpty() || a.ipv6.length > 0);
    const by = (a: ExternalAllowance, direction: string) => [
      a.policy ? `${a.policy} (${direction})` : `${cls.namespace}: ${UNPROTECTED} (${direction})`,
    ];
    for (const a of egressExternal[cls.index].filter(outside)) add(cls.namespace, OUTSIDE_NODE, a.conns, by(a, 'egress'), {});
    for (const a of ingressExternal[cls.index].filter(outside)) add(OUTSIDE_NODE, cls.namespace, a.conns, by(a, 'ingress'), {});
  }

  // pods that could exist, with the policies allowing each connection
  const summary = exposureFindings(report.reachability, DNS_EXEMPTION, ENTRYPOINT_LABEL, PLATFORM_LABEL);
  for (const f of summary.findings) {
    const flags = { dns: f.dns, entrypoint: f.direction === 'egress' ? f.entrypoint : f.subjectEntrypoint };
    const pair = (other: string) => (f.direction === 'egress' ? ([f.namespace, other] as const) : ([other, f.namespace] as const));
    for (const m of f.inside) {
      const [from, to] = pair(m.namespace);
      add(from, to, m.conns, m.allowedBy ?? f.allowedBy, flags);
    }
    if (f.outside) {
      const [from, to] = pair(outsideNode(f.outside.name));
      add(from, to, f.conns, f.allowedBy, flags);
    }
  }
  for (const e of summary.external) add(e.namespace, OUTSIDE_NODE, e.conns, e.allowedBy, {});

  // the violations the check found, by the nodes they join
  const violationOf = (from: string, to: string) =>
    report.violations.find(
      (v) => nodeOf(v.from, input, nodes) === from && (v.to === null ? OUTSIDE_NODE : nodeOf(v.to, input, nodes)) === to,
    );
  const graphEdges: GraphEdge[] = [...edges]
    .map(([key, e]) => {
      const [from, to] = key.split('\u0000');
      const v = violationOf(from, to);
      return {
        from,
        to,
        connections: e.conns.toString(),
        verdict: v ? ('violation' as const) : ('allowed' as const),
        reason: v ? `crosses ${v.rules.join(' and ')}` : allowedReason(nodes.get(from)!, nodes.get(to)!, e),
        allowedBy: [...e.allowedBy].sort(),
        ...(e.rules.size ? { rules: [...e.rules].sort() } : {}),
      };
    })
    .sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to));

  const ordered = orderNodes([...nodes.values()]);
  const byPair = new Map(graphEdges.map((e) => [`${e.from}\u0000${e.to}`, e]));
  const boundaries: Boundary[] = [];
  let closedNotListed = 0;
  for (const a of ordered)
    for (const b of ordered) {
      if (a.id === b.id) continue;
      const e = byPair.get(`${a.id}\u0000${b.id}`);
      if (!e && ordered.length > BOUNDARY_LIST_LIMIT) {
        closedNotListed++;
        continue;
      }
      boundaries.push({
        from: a.id,
        to: b.id,
        separates: separates(a, b),
        verdict: e ? e.verdict : 'closed',
        ...(e ? { connections: e.connections } : {}),
      });
    }
  return { nodes: ordered, edges: graphEdges, boundaries, closedNotListed };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Platform first, then tenants, then namespaces outside the render, then outside the cluster; by name within each. */
export function orderNodes(nodes: readonly GraphNode[]): GraphNode[] {
  const rank: Record<NodeKind, number> = { platform: 0, tenant: 1, system: 2, other: 3, outside: 4 };
  return [...nodes].sort((a, b) => rank[a.kind] - rank[b.kind] || cmp(a.id, b.id));
}

/** The node a violation's end names: a namespace of the input, or `kube-system/[…] (outside the input)`. */
function nodeOf(end: string, input: ReadonlyMap<string, unknown>, nodes: ReadonlyMap<string, GraphNode>): string {
  if (input.has(end) || nodes.has(end)) return end;
  const ns = /^([a-z0-9][-a-z0-9]*)\//.exec(end)?.[1];
  return ns && nodes.has(ns) ? ns : OTHER_NODE;
}

function separates(a: GraphNode, b: GraphNode): string[] {
  if (a.kind === 'outside' || b.kind === 'outside') return ['cluster edge'];
  const out: string[] = [];
  if (a.tenant !== b.tenant) out.push('tenant');
  if (a.classification !== b.classification) out.push('classification');
  return out.length ? out : ['namespace'];
}

function allowedReason(from: GraphNode, to: GraphNode, e: EdgeAgg): string {
  if (e.dns) return 'cluster DNS (kube-system kube-dns pods, port 53) only';
  if (e.entrypoint) return "the platform's gateway, its tenants' entrypoint";
  if (to.kind === 'outside') return "egress the tier's rules allow";
  if (from.kind === 'outside') return 'ingress from outside the cluster the policies allow';
  return 'crosses no tenant or classification boundary the check enforces';
}
