// The layered decision for one direction of one connection, shared by the pod-class engine and
// exposure analysis (one semantics, two ways of finding the pairs worth evaluating):
//
//   AdminNetworkPolicies by ascending priority, rules in order, per port: the first matching rule
//   decides (Allow and Deny final, Pass hands the port to the next layer); then, for what is left,
//   the NetworkPolicies selecting the pod in that direction (their rules ORed), or, if none does,
//   the BaselineAdminNetworkPolicy (first matching rule decides; no match allows).
import type { AdminPeer, AdminPolicy, AdminRule } from './admin.js';
import { ConnectionSet } from './connections.js';
import type { NamedPort, PortSpec } from './model.js';

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
