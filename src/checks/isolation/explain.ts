// Which policies and rules decide a connection. For one source and one destination (a workload or
// an address range outside the cluster), the connection space (protocol × port) is split into
// segments that one set of reasons decides, per direction: egress at the source, ingress at the
// destination. The layering is the engine's (evaluate.ts); the reasons are those netpol-analyzer's
// `list --explain` gives (pkg/netpol/eval/check.go, policy_connections.go, netpol.go):
//
// - an AdminNetworkPolicy rule that allows or denies a port decides it alone; one that passes it
//   is cited beside whatever decides the port next;
// - NetworkPolicies selecting the pod: a port is allowed by the first rule of each policy that
//   allows it (every such policy cited), else denied by each policy's first reason: no rules of the
//   direction, no rule selecting the peer, or the first rule selecting the peer whose ports differ;
// - no NetworkPolicy selects the pod: the BaselineAdminNetworkPolicy's Deny rules, else the system
//   default (allow all).
import type { AdminPeer, AdminPolicy, AdminRule } from './admin.js';
import { ConnectionSet } from './connections.js';
import type { ReachabilityResult } from './engine.js';
import { INGRESS_CONTROLLER, resolvePorts, type EngineContext } from './evaluate.js';
import { LabelSelector } from '../../kube/selectors.js';
import { IntervalSet } from './intervals.js';
import { formatIpv4Range, IPV4_MAX } from './ip.js';
import type { NamedPort, PodClass, PodWorkload, Policy, PolicyRule } from './model.js';

export type Direction = 'ingress' | 'egress';

/** One end of an explained connection: a workload of the input or an address range outside the cluster. */
export type ExplainPeer =
  | { readonly type: 'workload'; readonly workload: PodWorkload }
  | { readonly type: 'ipBlock'; readonly low: number; readonly high: number }
  /** The cluster's ingress controller (for workloads behind an Ingress or Route). */
  | { readonly type: 'ingress-controller' };

/** Why one direction of a segment is allowed or denied: one policy rule, or the default. */
export type ExplainReason =
  | {
      readonly layer: 'NetworkPolicy';
      /** `namespace/name` */
      readonly policy: string;
      readonly direction: Direction;
      /**
       * `allows`: rule `rule` allows the ports; `no-rules`: the policy selects the pod but has no
       * rule of the direction; `no-rule-selects-peer`: no rule names the peer; `ports-differ`: rule
       * `rule` names the peer, not these ports; `named-ports-unmatched`: rule `rule` names the peer
       * with named ports the destination does not declare.
       */
      readonly outcome: 'allows' | 'no-rules' | 'no-rule-selects-peer' | 'ports-differ' | 'named-ports-unmatched';
      /** Rule index (0-based) for `allows`, `ports-differ`, `named-ports-unmatched`. */
      readonly rule?: number;
      /** The pod the policy selects and the peer, as printed (`ns/name[Kind]`, `a-b[External]`). */
      readonly subject: string;
      readonly peer: string;
    }
  | {
      readonly layer: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
      readonly policy: string;
      /** AdminNetworkPolicy only. */
      readonly priority?: number;
      readonly direction: Direction;
      readonly rule: number;
      readonly ruleName: string;
      readonly action: 'Allow' | 'Deny' | 'Pass';
    }
  | {
      /** An Ingress or Route sending the cluster's ingress controller to a Service of the workload. */
      readonly layer: 'Ingress' | 'Route';
      /** `namespace/name` */
      readonly object: string;
      readonly service: string;
      readonly direction: 'ingress';
      /** `allows`: these ports are the Service's target; `ports-differ`: they are not. */
      readonly outcome: 'allows' | 'ports-differ';
    }
  /** No policy decides: allowed (Kubernetes' default). */
  | { readonly layer: 'default'; readonly direction: Direction };

/** One direction's decision for a segment. */
export interface DirectionDecision {
  readonly direction: Direction;
  readonly allowed: boolean;
  readonly reasons: readonly ExplainReason[];
}

/** Connections decided by the same reasons in both directions. */
export interface ExplainedSegment {
  readonly conns: ConnectionSet;
  /** Egress allowed and ingress allowed. */
  readonly allowed: boolean;
  readonly egress: DirectionDecision;
  readonly ingress: DirectionDecision;
}

/** Every protocol and port between a source and a destination, split by the reasons that decide it. */
export interface ConnectionExplanation {
  readonly src: ExplainPeer;
  readonly dst: ExplainPeer;
  /** `ns/name[Kind]` or `A.B.C.D-E.F.G.H[External]`. */
  readonly srcName: string;
  readonly dstName: string;
  /** What is allowed in all (egress ∧ ingress). */
  readonly allowed: ConnectionSet;
  /** Disjoint, covering every protocol and port. */
  readonly segments: readonly ExplainedSegment[];
  /** Both directions decided by the default alone, for every port: no policy has a say. */
  readonly defaultOnly: boolean;
}

/** How netpol-analyzer (and every report here) names a peer. */
export function peerName(peer: ExplainPeer): string {
  if (peer.type === 'ingress-controller') return '{ingress-controller}';
  return peer.type === 'workload' ? peer.workload.id : `${formatIpv4Range(peer.low, peer.high)}[External]`;
}

interface Piece {
  readonly conns: ConnectionSet;
  readonly allowed: boolean;
  readonly reasons: readonly ExplainReason[];
}

/** A decision map: disjoint pieces covering every protocol and port. */
type PieceMap = Piece[];

/** Applies `f` to the part of each piece inside `region`; the rest is kept as it was. */
function paint(map: PieceMap, region: ConnectionSet, f: (p: Piece) => Piece): PieceMap {
  if (region.isEmpty()) return map;
  const out: PieceMap = [];
  for (const p of map) {
    const inside = p.conns.intersect(region);
    if (inside.isEmpty()) {
      out.push(p);
      continue;
    }
    const rest = p.conns.subtract(region);
    if (!rest.isEmpty()) out.push({ ...p, conns: rest });
    out.push(f({ ...p, conns: inside }));
  }
  return out;
}

const reasonKey = (r: ExplainReason) => JSON.stringify(r);
function unionReasons(a: readonly ExplainReason[], b: readonly ExplainReason[]): ExplainReason[] {
  const seen = new Set(a.map(reasonKey));
  return [...a, ...b.filter((r) => !seen.has(reasonKey(r)))];
}

/** Joins pieces with equal outcome and reasons. */
function normalize(map: PieceMap): PieceMap {
  const byKey = new Map<string, Piece>();
  for (const p of map) {
    const key = `${p.allowed}\u0000${p.reasons.map(reasonKey).sort().join('\u0000')}`;
    const prev = byKey.get(key);
    byKey.set(key, prev ? { ...prev, conns: prev.conns.union(p.conns) } : p);
  }
  return [...byKey.values()];
}

/** An end of the connection as the decision needs it. */
interface End {
  readonly peer: ExplainPeer;
  readonly name: string;
  readonly cls?: PodClass;
}

function npRuleHolds(ctx: EngineContext, policy: Policy, rule: PolicyRule, other: End): boolean {
  if (other.cls) return ctx.npRuleSelects(policy, rule, other.cls);
  if (other.peer.type === 'ingress-controller') return INGRESS_CONTROLLER.heldByRule(policy, rule);
  if (other.peer.type !== 'ipBlock') return false;
  const { low, high } = other.peer;
  return (
    rule.peers === null ||
    rule.peers.some((p) => p.type === 'empty' || (p.type === 'ipBlock' && p.ips.covers(IntervalSet.range(low, high))))
  );
}

function adminPeerHolds(ctx: EngineContext, peer: AdminPeer, other: End, direction: Direction): boolean {
  if (other.cls) return ctx.adminPeerSelects(peer, other.cls);
  if (other.peer.type === 'ingress-controller') return INGRESS_CONTROLLER.heldByAdminPeer(peer);
  if (other.peer.type !== 'ipBlock' || direction !== 'egress' || peer.type !== 'networks') return false;
  return peer.ips.covers(IntervalSet.range(other.peer.low, other.peer.high));
}

/** One NetworkPolicy's decision for one direction (netpol.go GetXgressAllowedConns, first reason wins within a policy). */
function policyDecision(
  ctx: EngineContext,
  policy: Policy,
  direction: Direction,
  subject: End,
  other: End,
  dstPorts: { readonly namedPorts: readonly NamedPort[] } | undefined,
): PieceMap {
  const base = { layer: 'NetworkPolicy', policy: policy.ref, direction, subject: subject.name, peer: other.name } as const;
  const rules = policy[direction];
  if (!rules.length) return [{ conns: ConnectionSet.ALL, allowed: false, reasons: [{ ...base, outcome: 'no-rules' }] }];
  let map: PieceMap = [{ conns: ConnectionSet.ALL, allowed: false, reasons: [] }];
  let selected = false;
  for (const rule of rules) {
    if (!npRuleHolds(ctx, policy, rule, other)) continue;
    selected = true;
    const conns = resolvePorts(rule.ports, dstPorts);
    const allows: ExplainReason = { ...base, outcome: 'allows', rule: rule.index };
    map = paint(map, conns, (p) => (p.allowed ? p : { ...p, allowed: true, reasons: [allows] }));
    const why: ExplainReason = {
      ...base,
      outcome: conns.isEmpty() && (rule.ports ?? []).some((p) => typeof p.port === 'string') ? 'named-ports-unmatched' : 'ports-differ',
      rule: rule.index,
    };
    map = paint(map, ConnectionSet.ALL.subtract(conns), (p) => (p.allowed || p.reasons.length ? p : { ...p, reasons: [why] }));
  }
  if (!selected) return [{ conns: ConnectionSet.ALL, allowed: false, reasons: [{ ...base, outcome: 'no-rule-selects-peer' }] }];
  return map;
}

/** The NetworkPolicy layer: policies ORed; a port's reasons are every policy's that agrees with the outcome. */
function networkPolicyLayer(
  ctx: EngineContext,
  policies: readonly Policy[],
  direction: Direction,
  subject: End,
  other: End,
  dstPorts: { readonly namedPorts: readonly NamedPort[] } | undefined,
): PieceMap {
  let map: PieceMap = [{ conns: ConnectionSet.ALL, allowed: false, reasons: [] }];
  for (const policy of policies) {
    for (const q of policyDecision(ctx, policy, direction, subject, other, dstPorts)) {
      map = paint(map, q.conns, (p) => {
        if (p.allowed === q.allowed) return { ...p, reasons: unionReasons(p.reasons, q.reasons) };
        return q.allowed ? { ...p, allowed: true, reasons: q.reasons } : p;
      });
    }
  }
  return map;
}

interface AdminPiece {
  readonly conns: ConnectionSet;
  readonly action: AdminRule['action'];
  readonly reason: ExplainReason;
}

/** Admin policies in order, rules in order: the first matching rule decides each port. */
function adminPieces(
  ctx: EngineContext,
  policies: readonly AdminPolicy[],
  direction: Direction,
  other: End,
  dstPorts: { readonly namedPorts: readonly NamedPort[] } | undefined,
): AdminPiece[] {
  const out: AdminPiece[] = [];
  let decided = ConnectionSet.NONE;
  for (const a of policies) {
    for (const rule of a[direction]) {
      if (decided.isAll()) return out;
      if (!rule.peers.some((peer) => adminPeerHolds(ctx, peer, other, direction))) continue;
      const fresh = resolvePorts(rule.ports, dstPorts).subtract(decided);
      if (fresh.isEmpty()) continue;
      decided = decided.union(fresh);
      out.push({
        conns: fresh,
        action: rule.action,
        reason: {
          layer: a.kind,
          policy: a.name,
          ...(a.kind === 'AdminNetworkPolicy' ? { priority: a.priority } : {}),
          direction,
          rule: rule.index,
          ruleName: rule.name,
          action: rule.action,
        },
      });
    }
  }
  return out;
}

/** One direction's decision map: `subject` holds the policies, `other` is the peer. */
function directionMap(ctx: EngineContext, direction: Direction, subject: End, other: End, dst: End): PieceMap {
  const dstPorts = dst.cls ? { namedPorts: dst.cls.namedPorts } : undefined;
  const cls = subject.cls;
  const admins = cls ? adminPieces(ctx, ctx.adminFor(cls), direction, other, dstPorts) : [];
  const decided = admins.filter((a) => a.action !== 'Pass').reduce((s, a) => s.union(a.conns), ConnectionSet.NONE);
  const adminFinal = (map: PieceMap): PieceMap => {
    let out = map;
    for (const a of admins) {
      out = paint(out, a.conns, (p) =>
        a.action === 'Pass'
          ? { ...p, reasons: unionReasons([a.reason], p.reasons) }
          : { ...p, allowed: a.action === 'Allow', reasons: [a.reason] },
      );
    }
    return out;
  };
  if (decided.isAll()) return adminFinal([{ conns: ConnectionSet.ALL, allowed: false, reasons: [] }]);
  const nps = cls ? ctx.npPolicies(cls, direction) : [];
  if (nps.length) return adminFinal(networkPolicyLayer(ctx, nps, direction, subject, other, dstPorts));
  const baseline = cls ? ctx.baselineFor(cls) : undefined;
  let second: PieceMap = [{ conns: ConnectionSet.ALL, allowed: true, reasons: [{ layer: 'default', direction }] }];
  // a baseline Allow leaves the default's reason: only its Deny rules are cited (check.go getXgressDefaultConns)
  if (baseline)
    for (const b of adminPieces(ctx, [baseline], direction, other, dstPorts))
      if (b.action === 'Deny') second = paint(second, b.conns, (p) => ({ ...p, allowed: false, reasons: [b.reason] }));
  return adminFinal(second);
}

function endOf(peer: ExplainPeer): End {
  return { peer, name: peerName(peer), cls: peer.type === 'workload' ? peer.workload.classes[0] : undefined };
}

/** Explains every protocol and port from `src` to `dst` (at least one of them a workload). */
export function explainConnection(result: ReachabilityResult, src: ExplainPeer, dst: ExplainPeer): ConnectionExplanation {
  if (src.type === 'ingress-controller' && dst.type === 'workload') {
    const e = explainIngressController(result, dst.workload);
    if (e) return e;
  }
  const ctx = result.context;
  const s = endOf(src);
  const d = endOf(dst);
  return combine(result, src, dst, s, d, normalize(directionMap(ctx, 'egress', s, d, d)), normalize(directionMap(ctx, 'ingress', d, s, d)));
}

/** Egress and ingress decisions intersected into segments. */
function combine(
  _result: ReachabilityResult,
  src: ExplainPeer,
  dst: ExplainPeer,
  s: End,
  d: End,
  egress: PieceMap,
  ingress: PieceMap,
): ConnectionExplanation {
  const segments: ExplainedSegment[] = [];
  let allowed = ConnectionSet.NONE;
  for (const e of egress)
    for (const i of ingress) {
      const conns = e.conns.intersect(i.conns);
      if (conns.isEmpty()) continue;
      const both = e.allowed && i.allowed;
      if (both) allowed = allowed.union(conns);
      segments.push({
        conns,
        allowed: both,
        egress: { direction: 'egress', allowed: e.allowed, reasons: e.reasons },
        ingress: { direction: 'ingress', allowed: i.allowed, reasons: i.reasons },
      });
    }
  const onlyDefault = (x: DirectionDecision) => x.reasons.length === 1 && x.reasons[0].layer === 'default';
  return {
    src,
    dst,
    srcName: s.name,
    dstName: d.name,
    allowed,
    segments,
    defaultOnly: segments.every((g) => onlyDefault(g.egress) && onlyDefault(g.ingress)),
  };
}

/** The segment deciding one protocol and port. */
export function decisionFor(explanation: ConnectionExplanation, protocol: 'TCP' | 'UDP' | 'SCTP', port: number): ExplainedSegment {
  const probe = ConnectionSet.of(protocol, port, port);
  return explanation.segments.find((s) => !s.conns.intersect(probe).isEmpty())!;
}

/** Finds a workload by `ns/name[Kind]` or `ns/name`; undefined when absent or ambiguous. */
export function findWorkload(result: ReachabilityResult, ref: string): PodWorkload | undefined {
  const exact = result.model.workloads.find((w) => w.id === ref);
  if (exact) return exact;
  const found = result.model.workloads.filter((w) => `${w.namespace}/${w.name}` === ref);
  return found.length === 1 ? found[0] : undefined;
}

/**
 * Every pair netpol-analyzer's `list --explain` lists: each ordered pair of distinct workloads, and
 * each workload with each address range its policies distinguish (ingress ranges as sources,
 * egress ranges as destinations). Sorted by source, then destination name.
 */
export function explainAll(result: ReachabilityResult): ConnectionExplanation[] {
  const workloads: ExplainPeer[] = result.model.workloads.map((workload) => ({ type: 'workload', workload }));
  const ranges = (list: readonly (readonly [number, number])[]): ExplainPeer[] =>
    (list.length ? list : [[0, IPV4_MAX] as const]).map(([low, high]) => ({ type: 'ipBlock', low, high }));
  const out: ConnectionExplanation[] = [];
  for (const src of [...ranges(result.sourceRanges), ...workloads])
    for (const dst of [...ranges(result.destinationRanges), ...workloads]) {
      if (src.type === 'ipBlock' && dst.type === 'ipBlock') continue;
      if (src.type === 'workload' && dst.type === 'workload' && src.workload === dst.workload) continue;
      out.push(explainConnection(result, src, dst));
    }
  for (const workload of result.model.workloads) {
    const e = explainIngressController(result, workload);
    if (e && !e.allowed.isEmpty()) out.push(e);
  }
  return out.sort((a, b) => cmp(a.srcName, b.srcName) || cmp(a.dstName, b.dstName));
}

/**
 * The ingress controller to a workload behind Ingress or Route objects (netpol-analyzer's ingress
 * analyzer, connlist.go getIngressAllowedConnections): each object allows the Service's target port
 * on TCP and cites itself for every other port; that is intersected with the policies' ingress
 * decision for a pod of no particular namespace, every reason of both kept. Undefined when no
 * object routes to the workload.
 */
export function explainIngressController(result: ReachabilityResult, workload: PodWorkload): ConnectionExplanation | undefined {
  const { model } = result;
  const cls = workload.classes[0];
  let routed: PieceMap | undefined;
  for (const b of model.ingressBackends) {
    const svc = model.services.get(`${b.namespace}/${b.service}`);
    if (!svc || svc.namespace !== cls.namespace || !Object.keys(svc.selector).length) continue;
    if (!LabelSelector.ofLabels(svc.selector).matches(cls.labels)) continue;
    // as the engine's ingressControllerConnections: a backend port that is no Service port may name a target port
    const ports =
      b.port === undefined
        ? svc.ports
        : [
            svc.ports.find((p) => (typeof b.port === 'number' ? p.port === b.port : p.name === b.port)) ??
              svc.ports.find((p) => p.targetPort === b.port),
          ].filter((p) => p !== undefined);
    let target = ConnectionSet.NONE;
    for (const p of ports) {
      const named = typeof p.targetPort === 'string' ? cls.namedPorts.find((n) => n.name === p.targetPort) : undefined;
      if (typeof p.targetPort === 'number') target = target.union(ConnectionSet.of('TCP', p.targetPort, p.targetPort));
      else if (named && named.protocol === 'TCP') target = target.union(ConnectionSet.of('TCP', named.port, named.port));
    }
    const base = { layer: b.via.kind, object: b.via.ref, service: b.service, direction: 'ingress' } as const;
    const piece: PieceMap = paint(
      [{ conns: ConnectionSet.ALL, allowed: false, reasons: [{ ...base, outcome: 'ports-differ' }] }],
      target,
      (p) => ({ ...p, allowed: true, reasons: [{ ...base, outcome: 'allows' }] }),
    );
    if (!routed) routed = piece;
    else
      for (const q of piece)
        routed = paint(routed, q.conns, (p) => {
          if (p.allowed === q.allowed) return { ...p, reasons: unionReasons(p.reasons, q.reasons) };
          return q.allowed ? { ...p, allowed: true, reasons: q.reasons } : p;
        });
  }
  if (!routed) return undefined;
  const src: ExplainPeer = { type: 'ingress-controller' };
  const dst: ExplainPeer = { type: 'workload', workload };
  const s: End = { peer: src, name: peerName(src) };
  const d = endOf(dst);
  // the policies' decision, the default's reason dropped (connlist.go: RemoveDefaultRule) and every reason of both sides kept
  let ingress: PieceMap = normalize(directionMap(result.context, 'ingress', d, s, d)).map((p) =>
    p.reasons.length === 1 && p.reasons[0].layer === 'default' ? { ...p, reasons: [] } : p,
  );
  for (const q of routed)
    ingress = paint(ingress, q.conns, (p) => ({ ...p, allowed: p.allowed && q.allowed, reasons: unionReasons(q.reasons, p.reasons) }));
  return combine(
    result,
    src,
    dst,
    s,
    d,
    [{ conns: ConnectionSet.ALL, allowed: true, reasons: [{ layer: 'default', direction: 'egress' }] }],
    normalize(ingress),
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
