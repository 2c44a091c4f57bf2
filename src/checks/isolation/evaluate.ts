// The layered decision for one direction of one connection, shared by the pod-class engine and
// exposure analysis (one semantics, two ways of finding the pairs worth evaluating):
//
//   AdminNetworkPolicies by ascending priority, rules in order, per port: the first matching rule
//   decides (Allow and Deny final, Pass hands the port to the next layer); then, for what is left,
//   the NetworkPolicies selecting the pod in that direction (their rules ORed), or, if none does,
//   the BaselineAdminNetworkPolicy (first matching rule decides; no match allows).
import type { AdminPeer, AdminPolicy, AdminRule } from './admin.js';
import { ConnectionSet } from './connections.js';
import type { NamedPort, PodClass, Policy, PolicyRule, PortSpec } from './model.js';
import { LabelSelector } from '../../kube/selectors.js';

/** The ANP layer's outcome for one direction of one pair. */
export interface AdminDecision {
  readonly allow: ConnectionSet;
  readonly deny: ConnectionSet;
  /** `AdminNetworkPolicy name` of each policy whose Allow decided some port. */
  readonly allowedBy: readonly string[];
}

export const NO_DECISION: AdminDecision = { allow: ConnectionSet.NONE, deny: ConnectionSet.NONE, allowedBy: [] };

/**
 * Walks AdminNetworkPolicies (already the ones whose subject holds the pod, by priority) and their
 * rules of one direction; `matches` says whether a peer holds the other end, `dst` gives the
 * destination's named ports (undefined towards addresses).
 */
export function decideAdmin(
  policies: readonly AdminPolicy[],
  direction: 'ingress' | 'egress',
  matches: (peer: AdminPeer, rule: AdminRule) => boolean,
  dst: { readonly namedPorts: readonly NamedPort[] } | undefined,
): AdminDecision {
  if (!policies.length) return NO_DECISION;
  let allow = ConnectionSet.NONE;
  let deny = ConnectionSet.NONE;
  let decided = ConnectionSet.NONE;
  const allowedBy: string[] = [];
  for (const p of policies) {
    for (const rule of p[direction]) {
      if (decided.isAll()) break;
      if (!rule.peers.some((peer) => matches(peer, rule))) continue;
      const fresh = resolvePorts(rule.ports, dst).subtract(decided);
      if (fresh.isEmpty()) continue;
      decided = decided.union(fresh);
      if (rule.action === 'Allow') {
        allow = allow.union(fresh);
        if (!allowedBy.includes(p.ref)) allowedBy.push(p.ref);
      } else if (rule.action === 'Deny') deny = deny.union(fresh);
    }
  }
  return { allow, deny, allowedBy };
}

/** What the BaselineAdminNetworkPolicy leaves allowed (everything its first matching rules do not deny). */
export function baselineAllows(
  baseline: AdminPolicy | undefined,
  direction: 'ingress' | 'egress',
  matches: (peer: AdminPeer, rule: AdminRule) => boolean,
  dst: { readonly namedPorts: readonly NamedPort[] } | undefined,
): ConnectionSet {
  if (!baseline) return ConnectionSet.ALL;
  const d = decideAdmin([baseline], direction, matches, dst);
  return ConnectionSet.ALL.subtract(d.deny);
}

/** ANP outcome combined with the second layer (NetworkPolicies or the baseline). */
export function combineLayers(admin: AdminDecision, second: ConnectionSet): ConnectionSet {
  if (admin === NO_DECISION) return second;
  const rest = ConnectionSet.ALL.subtract(admin.allow).subtract(admin.deny);
  return admin.allow.union(rest.intersect(second));
}

/**
 * The connections a rule's `ports` allow towards `dst`. Named ports resolve against the
 * destination's container ports (only when the protocols agree, except an AdminNetworkPolicy
 * `namedPort`, which names no protocol); towards addresses (dst undefined) a named port matches nothing.
 */
export function resolvePorts(
  ports: readonly PortSpec[] | null,
  dst: { readonly namedPorts: readonly NamedPort[] } | undefined,
): ConnectionSet {
  if (ports === null) return ConnectionSet.ALL;
  let out = ConnectionSet.NONE;
  for (const p of ports) {
    if (p.port === undefined) out = out.union(ConnectionSet.of(p.protocol));
    else if (typeof p.port === 'number') out = out.union(ConnectionSet.of(p.protocol, p.port, p.endPort ?? p.port));
    else {
      for (const named of dst?.namedPorts ?? []) {
        if (named.name === p.port && (p.anyProtocol || named.protocol === p.protocol))
          out = out.union(ConnectionSet.of(named.protocol, named.port, named.port));
      }
    }
  }
  return out;
}

/** Per-class policy selections, computed once by the engine and shared with exposure analysis. */
export interface EngineContext {
  /** NetworkPolicies selecting the class in a direction. */
  npPolicies(c: PodClass, direction: 'ingress' | 'egress'): readonly Policy[];
  /** AdminNetworkPolicies whose subject holds the class, by priority. */
  adminFor(c: PodClass): readonly AdminPolicy[];
  baselineFor(c: PodClass): AdminPolicy | undefined;
  /** Whether a NetworkPolicy rule's peers hold the class. */
  npRuleSelects(policy: Policy, rule: PolicyRule, c: PodClass): boolean;
  /** Whether an admin rule peer holds the class. */
  adminPeerSelects(peer: AdminPeer, c: PodClass): boolean;
  /** NetworkPolicies of a namespace. */
  policiesIn(namespace: string): readonly Policy[];
}

/** Connections with named ports a representative peer cannot resolve (`TCP http`). */
export interface PortSet {
  readonly conns: ConnectionSet;
  /** `PROTOCOL name`, protocol empty for an AdminNetworkPolicy `namedPort`. */
  readonly named: ReadonlySet<string>;
}

const EMPTY_PORTS: PortSet = { conns: ConnectionSet.NONE, named: new Set() };

/** One end of a connection as the layered decision sees it. */
export interface Endpoint {
  npPolicies(direction: 'ingress' | 'egress'): readonly Policy[];
  readonly admin: readonly AdminPolicy[];
  readonly baseline?: AdminPolicy;
  /** Container ports by name; undefined for a representative peer (names stay unresolved). */
  readonly namedPorts?: readonly NamedPort[];
  /** Whether a NetworkPolicy rule's peers hold this end. */
  heldByRule(policy: Policy, rule: PolicyRule): boolean;
  heldByAdminPeer(peer: AdminPeer): boolean;
}

/** The endpoint of a real pod class. */
export function classEndpoint(ctx: EngineContext, c: PodClass): Endpoint {
  return {
    npPolicies: (d) => ctx.npPolicies(c, d),
    admin: ctx.adminFor(c),
    baseline: ctx.baselineFor(c),
    namedPorts: c.namedPorts,
    heldByRule: (p, r) => ctx.npRuleSelects(p, r, c),
    heldByAdminPeer: (peer) => ctx.adminPeerSelects(peer, c),
  };
}

/** Named ports of a rule towards a destination that cannot resolve them. */
function namedOf(ports: readonly PortSpec[] | null): string[] {
  return (ports ?? []).flatMap((p) => (typeof p.port === 'string' ? [`${p.anyProtocol ? '' : p.protocol} ${p.port}`] : []));
}

/** One direction of the layered decision, `subject` holding the policies, `peer` the other end. */
function layer(subject: Endpoint, direction: 'ingress' | 'egress', peer: Endpoint, dst: Endpoint): PortSet {
  const dstPorts = dst.namedPorts ? { namedPorts: dst.namedPorts } : undefined;
  const named = new Set<string>();
  const admin = decideAdmin(subject.admin, direction, (p) => peer.heldByAdminPeer(p), dstPorts);
  if (!dstPorts)
    for (const a of subject.admin)
      for (const r of a[direction])
        if (r.action === 'Allow' && r.peers.some((p) => peer.heldByAdminPeer(p))) namedOf(r.ports).forEach((n) => named.add(n));
  const nps = subject.npPolicies(direction);
  let second: ConnectionSet;
  if (nps.length) {
    second = ConnectionSet.NONE;
    for (const p of nps) {
      for (const rule of p[direction]) {
        if (!peer.heldByRule(p, rule)) continue;
        second = second.union(resolvePorts(rule.ports, dstPorts));
        if (!dstPorts) namedOf(rule.ports).forEach((n) => named.add(n));
      }
    }
  } else second = baselineAllows(subject.baseline, direction, (p) => peer.heldByAdminPeer(p), dstPorts);
  return { conns: combineLayers(admin, second), named };
}

/** Connections from `src` to `dst`: egress at the source and ingress at the destination. */
export function connect(src: Endpoint, dst: Endpoint): PortSet {
  const out = layer(src, 'egress', dst, dst);
  if (out.conns.isEmpty() && !out.named.size) return EMPTY_PORTS;
  const inn = layer(dst, 'ingress', src, dst);
  const conns = out.conns.intersect(inn.conns);
  const named = new Set<string>();
  for (const n of out.named) if (inn.conns.isAll() || inn.named.has(n)) named.add(n);
  for (const n of inn.named) if (out.conns.isAll()) named.add(n);
  return { conns, named };
}

/** Whether an endpoint is selected by some policy (NetworkPolicy or admin policy) in a direction. */
export function isProtected(e: Endpoint, direction: 'ingress' | 'egress'): boolean {
  return e.npPolicies(direction).length > 0 || e.admin.some((a) => a[direction].length > 0) || (e.baseline?.[direction].length ?? 0) > 0;
}

/**
 * The cluster's ingress controller (for Ingress objects): a pod no policy selects, in a namespace
 * only an empty namespace selector matches.
 */
export const INGRESS_CONTROLLER: Endpoint = {
  npPolicies: () => [],
  admin: [],
  heldByRule: (_policy, rule) =>
    rule.peers === null ||
    rule.peers.some(
      (p) =>
        p.type === 'empty' ||
        (p.type === 'pods' && p.namespaceSelector?.isEverything() === true && (p.podSelector ?? LabelSelector.EVERYTHING).isEverything()),
    ),
  heldByAdminPeer: (peer) =>
    peer.type === 'pods' && peer.namespaces.isEverything() && (peer.pods ?? LabelSelector.EVERYTHING).isEverything(),
};
