/**
 * The NetworkPolicy reachability engine: from Namespaces, workloads, NetworkPolicies and the admin
 * policies layered around them (AdminNetworkPolicy before, BaselineAdminNetworkPolicy after), every
 * allowed connection between workloads and between workloads and address ranges outside the
 * cluster, with protocols and ports, under Kubernetes `networking.k8s.io/v1` semantics:
 *
 * - a pod selected by no policy of a direction (see `policyTypes`; by default Ingress always,
 *   Egress when the policy has egress rules) is open in that direction;
 * - a connection needs egress allowed at the source AND ingress allowed at the destination;
 * - rules of all policies selecting a pod are ORed; peers in one rule are ORed; namespaceSelector
 *   and podSelector in one peer are ANDed; a podSelector alone means the policy's namespace;
 * - a rule without peers allows every pod and address; without ports, every port;
 * - ipBlock with except; ports with endPort; named ports resolved against the destination pod's
 *   container ports (and only if the protocol matches); TCP, UDP and SCTP.
 *
 * Its limits — it reads policies, not a CNI:
 * - pod IPs are unknown, so every ipBlock address is treated as outside the cluster (an ipBlock
 *   covering the pod CIDR does not open pod-to-pod traffic here, as it may on some CNIs);
 * - host-network pods, node/host traffic, kubelet probes and the API server are not modelled;
 * - connections are pod to pod, on the pod's container ports (no NAT): Services, NodePorts and
 *   LoadBalancers are not modelled, except that an Ingress's Service backends tell which workloads
 *   the ingress controller reaches (ingressControllerConnections);
 * - AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io) are read (admin.ts)
 *   and decide before and after NetworkPolicies (evaluate.ts); Calico and Cilium CRDs are not read;
 * - IPv6 ipBlocks count as "outside the cluster" but are not split into ranges in the connection
 *   list (which is IPv4, like netpol-analyzer's);
 * - an empty peer (`from: [{}]`), which the API server rejects, is taken to match everything.
 *
 * Cost: pods are grouped into classes (see model.ts); policy and rule selectors are evaluated once,
 * on label-index candidates; allowed peers are kept per class in maps, so the pair loop visits only
 * pairs some rule (or an unprotected side) allows. `operations` counts the work for tests.
 */
import { ConnectionSet } from './connections.js';
import { IntervalSet } from './intervals.js';
import { ALL_IPV4, formatIpv4Range, IPV4_MAX } from './ip.js';
import type { AdminPeer, AdminPodSet, AdminPolicy } from './admin.js';
import {
  baselineAllows,
  classEndpoint,
  combineLayers,
  connect,
  decideAdmin,
  INGRESS_CONTROLLER,
  NO_DECISION,
  resolvePorts,
  type AdminDecision,
  type EngineContext,
} from './evaluate.js';
export type { EngineContext } from './evaluate.js';
import { buildModel, type IsolationModel, type Policy, type PolicyRule, type PodClass, type PortSpec, type PodWorkload } from './model.js';
import { LabelIndex, type OperationCounter } from './selectors.js';
import { LabelSelector } from '../../kube/selectors.js';

/** One class-to-class connection and the policies that allow it on each side. */
export interface ClassConnection {
  readonly src: PodClass;
  readonly dst: PodClass;
  readonly conns: ConnectionSet;
  /** Policies whose egress rules allow it (`NetworkPolicy ns/name`, `AdminNetworkPolicy name`); null when no policy selects the source for egress. */
  readonly egressPolicies: readonly string[] | null;
  /** Likewise for ingress at the destination. */
  readonly ingressPolicies: readonly string[] | null;
}

/** Connections between one class and addresses outside the cluster, as allowed by one policy (or none). */
export interface ExternalAllowance {
  readonly ips: IntervalSet;
  readonly ipv6: readonly string[];
  readonly conns: ConnectionSet;
  /** Null when no policy selects the pods in this direction. */
  readonly policy: string | null;
}

export interface ReachabilityResult {
  readonly model: IsolationModel;
  readonly connections: readonly ClassConnection[];
  /** Per class index: what the class may send outside the cluster. */
  readonly egressExternal: readonly (readonly ExternalAllowance[])[];
  /** Per class index: what the class may receive from outside the cluster. */
  readonly ingressExternal: readonly (readonly ExternalAllowance[])[];
  /** Address ranges the ingress (sources) and egress (destinations) sides are split into. */
  readonly sourceRanges: readonly (readonly [number, number])[];
  readonly destinationRanges: readonly (readonly [number, number])[];
  readonly operations: OperationCounter;
  /** What the engine knows per class, for analyses of peers that are not in the input (exposure). */
  readonly context: EngineContext;
}

interface Allow {
  conns: ConnectionSet;
  readonly policies: Set<string>;
}

interface RuleSelection {
  readonly classes: readonly PodClass[];
  readonly ips: IntervalSet;
  readonly ipv6: readonly string[];
}

/** Computes every allowed connection. Accepts a built model or raw objects. */
export function analyzeReachability(input: IsolationModel | Parameters<typeof buildModel>[0]): ReachabilityResult {
  const model = Array.isArray(input) ? buildModel(input) : (input as IsolationModel);
  const ops: OperationCounter = { selectorEvaluations: 0, pairEvaluations: 0, ruleApplications: 0 };
  const { classes, policies } = model;

  const nsIndex = new LabelIndex<string>();
  for (const ns of model.namespaces.values()) nsIndex.add(ns.name, ns.labels);
  const nsLabels = (name: string) => model.namespaces.get(name)!.labels;
  const classIndex = new LabelIndex<PodClass>();
  const classesByNs = new Map<string, LabelIndex<PodClass>>();
  for (const c of classes) {
    classIndex.add(c, c.labels);
    let idx = classesByNs.get(c.namespace);
    if (!idx) classesByNs.set(c.namespace, (idx = new LabelIndex<PodClass>()));
    idx.add(c, c.labels);
  }
  const labelsOf = (c: PodClass) => c.labels;
  const podsIn = (ns: string, sel: LabelSelector): PodClass[] => classesByNs.get(ns)?.select(sel, labelsOf, ops) ?? [];
  const podsAcross = (namespaces: readonly string[], podSel: LabelSelector): PodClass[] => {
    if (namespaces.length <= 1 || podSel.isEverything()) return namespaces.flatMap((ns) => podsIn(ns, podSel));
    // many namespaces and a specific pod selector: narrow by pod labels first
    const nsSet = new Set(namespaces);
    return classIndex.select(podSel, labelsOf, ops).filter((c) => nsSet.has(c.namespace));
  };
  const selectPodSet = (set: AdminPodSet): PodClass[] =>
    podsAcross(nsIndex.select(set.namespaces, nsLabels, ops), set.pods ?? LabelSelector.EVERYTHING);

  // Which classes each policy applies to, per direction.
  const inPolicies: Policy[][] = classes.map(() => []);
  const outPolicies: Policy[][] = classes.map(() => []);
  for (const p of policies) {
    for (const c of podsIn(p.namespace, p.podSelector)) {
      if (p.affectsIngress) inPolicies[c.index].push(p);
      if (p.affectsEgress) outPolicies[c.index].push(p);
    }
  }
  // Admin policies whose subject holds each class (by priority), and the classes each admin peer selects.
  const adminFor: AdminPolicy[][] = classes.map(() => []);
  for (const a of model.adminPolicies) for (const c of selectPodSet(a.subject)) adminFor[c.index].push(a);
  const baselineFor: (AdminPolicy | undefined)[] = classes.map(() => undefined);
  if (model.baseline) for (const c of selectPodSet(model.baseline.subject)) baselineFor[c.index] = model.baseline;
  const peerSelection = new Map<AdminPeer, Set<number>>();
  const adminPeerClasses = (peer: AdminPeer): Set<number> => {
    let set = peerSelection.get(peer);
    if (!set) peerSelection.set(peer, (set = new Set(peer.type === 'pods' ? selectPodSet(peer).map((c) => c.index) : [])));
    return set;
  };
  const adminMatchesClass = (c: PodClass) => (peer: AdminPeer) => adminPeerClasses(peer).has(c.index);

  const selectionCache = new Map<PolicyRule, RuleSelection>();
  const selectRule = (policy: Policy, rule: PolicyRule): RuleSelection => {
    const cached = selectionCache.get(rule);
    if (cached) return cached;
    let result: RuleSelection;
    if (rule.peers === null || rule.peers.some((p) => p.type === 'empty')) {
      result = { classes, ips: ALL_IPV4, ipv6: ['::/0'] };
    } else {
      const selected = new Set<PodClass>();
      let ips = IntervalSet.EMPTY;
      const ipv6: string[] = [];
      for (const peer of rule.peers) {
        if (peer.type === 'ipBlock') {
          ips = ips.union(peer.ips);
          if (peer.ipv6) ipv6.push(peer.ipv6);
        } else if (peer.type === 'pods') {
          const podSel = peer.podSelector ?? LabelSelector.EVERYTHING;
          const found =
            peer.namespaceSelector === undefined
              ? podsIn(policy.namespace, podSel)
              : podsAcross(nsIndex.select(peer.namespaceSelector, nsLabels, ops), podSel);
          for (const c of found) selected.add(c);
        }
      }
      result = { classes: [...selected], ips, ipv6 };
    }
    selectionCache.set(rule, result);
    return result;
  };

  // Ingress: for each protected destination, who may connect and on what.
  const inAllow: (Map<number, Allow> | undefined)[] = classes.map(() => undefined);
  const inExternal: ExternalAllowance[][] = classes.map(() => []);
  const allowedInto: number[][] = classes.map(() => []); // source class → protected destinations allowing it
  const openIngress: PodClass[] = [];
  for (const d of classes) {
    if (!inPolicies[d.index].length) {
      openIngress.push(d);
      inExternal[d.index].push({ ips: ALL_IPV4, ipv6: ['::/0'], conns: ConnectionSet.ALL, policy: null });
      continue;
    }
    const allow = new Map<number, Allow>();
    inAllow[d.index] = allow;
    for (const p of inPolicies[d.index]) {
      for (const rule of p.ingress) {
        const conns = resolvePorts(rule.ports, d);
        if (conns.isEmpty()) continue;
        const sel = selectRule(p, rule);
        for (const s of sel.classes) {
          ops.ruleApplications++;
          if (addAllow(allow, s.index, conns, npRef(p))) allowedInto[s.index].push(d.index);
        }
        if (!sel.ips.isEmpty() || sel.ipv6.length) inExternal[d.index].push({ ips: sel.ips, ipv6: sel.ipv6, conns, policy: npRef(p) });
      }
    }
  }

  // Egress: for each protected source, where it may connect and on what.
  const outAllow: (Map<number, Allow> | undefined)[] = classes.map(() => undefined);
  const npEgressExternal: ExternalAllowance[][] = classes.map(() => []);
  for (const s of classes) {
    if (!outPolicies[s.index].length) continue;
    const allow = new Map<number, Allow>();
    outAllow[s.index] = allow;
    for (const p of outPolicies[s.index]) {
      for (const rule of p.egress) {
        const sel = selectRule(p, rule);
        const fixed = hasNamedPort(rule.ports) ? undefined : resolvePorts(rule.ports, undefined);
        for (const d of sel.classes) {
          const conns = fixed ?? resolvePorts(rule.ports, d);
          ops.ruleApplications++;
          if (!conns.isEmpty()) addAllow(allow, d.index, conns, npRef(p));
        }
        const extConns = fixed ?? resolvePorts(rule.ports, undefined);
        if ((!sel.ips.isEmpty() || sel.ipv6.length) && !extConns.isEmpty()) {
          npEgressExternal[s.index].push({ ips: sel.ips, ipv6: sel.ipv6, conns: extConns, policy: npRef(p) });
        }
      }
    }
  }

  // Pairs admin Allow rules add beyond what NetworkPolicies enumerate.
  const adminTargets: Set<number>[] = classes.map(() => new Set());
  const hasAdmin = model.adminPolicies.length > 0;
  if (hasAdmin) {
    for (const c of classes) {
      for (const a of adminFor[c.index]) {
        for (const rule of a.egress)
          if (rule.action === 'Allow') for (const peer of rule.peers) for (const d of adminPeerClasses(peer)) adminTargets[c.index].add(d);
        for (const rule of a.ingress)
          if (rule.action === 'Allow') for (const peer of rule.peers) for (const s of adminPeerClasses(peer)) adminTargets[s].add(c.index);
      }
    }
  }

  const egressOf = (s: PodClass, d: PodClass): Layered => {
    const admin = decideAdmin(adminFor[s.index], 'egress', adminMatchesClass(d), d);
    const np = outAllow[s.index];
    const entry = np?.get(d.index);
    const second = np ? (entry?.conns ?? ConnectionSet.NONE) : baselineAllows(baselineFor[s.index], 'egress', adminMatchesClass(d), d);
    return layered(admin, second, np ? [...(entry?.policies ?? [])] : null);
  };
  const ingressOf = (s: PodClass, d: PodClass): Layered => {
    const admin = decideAdmin(adminFor[d.index], 'ingress', adminMatchesClass(s), d);
    const np = inAllow[d.index];
    const entry = np?.get(s.index);
    const second = np ? (entry?.conns ?? ConnectionSet.NONE) : baselineAllows(baselineFor[d.index], 'ingress', adminMatchesClass(s), d);
    return layered(admin, second, np ? [...(entry?.policies ?? [])] : null);
  };

  // Pairs: egress ∧ ingress, over the candidates some rule (or an unprotected side) allows.
  const connections: ClassConnection[] = [];
  for (const s of classes) {
    const candidates = new Set<number>(adminTargets[s.index]);
    const out = outAllow[s.index];
    if (out) for (const d of out.keys()) candidates.add(d);
    else {
      for (const d of openIngress) candidates.add(d.index);
      for (const d of allowedInto[s.index]) candidates.add(d);
    }
    for (const dIndex of candidates) {
      ops.pairEvaluations++;
      const dst = classes[dIndex];
      const eg = egressOf(s, dst);
      if (eg.conns.isEmpty()) continue;
      const ing = ingressOf(s, dst);
      const conns = eg.conns.intersect(ing.conns);
      if (!conns.isEmpty()) connections.push({ src: s, dst, conns, egressPolicies: eg.by, ingressPolicies: ing.by });
    }
  }

  // Outside the cluster. Ingress from addresses: no admin peer names addresses, so only the
  // NetworkPolicies (or the baseline, which cannot name them either) decide.
  const destinationRanges = splitRanges([
    ...policies.flatMap((p) => p.egress.flatMap((r) => ruleIps(r))),
    ...[...model.adminPolicies, ...(model.baseline ? [model.baseline] : [])].flatMap((a) =>
      a.egress.flatMap((r) => r.peers.flatMap((peer) => (peer.type === 'networks' ? [peer.ips] : []))),
    ),
  ]);
  const outExternal: ExternalAllowance[][] = classes.map((s) => {
    const np = outAllow[s.index] ? npEgressExternal[s.index] : undefined;
    if (!adminFor[s.index].length && !baselineFor[s.index])
      return np ?? [{ ips: ALL_IPV4, ipv6: ['::/0'], conns: ConnectionSet.ALL, policy: null }];
    // admin policies decide per address range
    const out: ExternalAllowance[] = np ? np.filter((a) => a.ips.isEmpty()) : [];
    for (const [lo, hi] of destinationRanges) {
      const inRange = (peer: AdminPeer) => peer.type === 'networks' && peer.ips.intervals.some(([a, b]) => a <= lo && lo <= b);
      const admin = decideAdmin(adminFor[s.index], 'egress', inRange, undefined);
      const second = np ? allowedForRange(np, lo) : baselineAllows(baselineFor[s.index], 'egress', inRange, undefined);
      const conns = combineLayers(admin, second);
      if (conns.isEmpty()) continue;
      const by = [
        ...admin.allowedBy,
        ...(np ? np.filter((a) => a.ips.intervals.some(([a0, b0]) => a0 <= lo && lo <= b0)).map((a) => a.policy!) : []),
      ];
      out.push({ ips: IntervalSet.range(lo, hi), ipv6: [], conns, policy: by.length ? [...new Set(by)].join(', ') : null });
    }
    return out;
  });

  const ruleSets = new Map<PolicyRule, Set<PodClass>>();
  const byNamespace = new Map<string, Policy[]>();
  for (const p of policies) {
    const list = byNamespace.get(p.namespace);
    if (list) list.push(p);
    else byNamespace.set(p.namespace, [p]);
  }
  const context: EngineContext = {
    npPolicies: (c, direction) => (direction === 'ingress' ? inPolicies : outPolicies)[c.index],
    adminFor: (c) => adminFor[c.index],
    baselineFor: (c) => baselineFor[c.index],
    npRuleSelects: (policy, rule, c) => {
      let set = ruleSets.get(rule);
      if (!set) ruleSets.set(rule, (set = new Set(selectRule(policy, rule).classes)));
      return set.has(c);
    },
    adminPeerSelects: (peer, c) => adminPeerClasses(peer).has(c.index),
    policiesIn: (namespace) => byNamespace.get(namespace) ?? [],
  };

  return {
    model,
    connections,
    context,
    egressExternal: outExternal,
    ingressExternal: inExternal,
    sourceRanges: splitRanges(policies.flatMap((p) => p.ingress.flatMap((r) => ruleIps(r)))),
    destinationRanges,
    operations: ops,
  };
}

interface Layered {
  readonly conns: ConnectionSet;
  /** Policies that allow it; null when nothing selects the pod in this direction. */
  readonly by: string[] | null;
}

function layered(admin: AdminDecision, second: ConnectionSet, npBy: string[] | null): Layered {
  const conns = combineLayers(admin, second);
  if (admin === NO_DECISION) return { conns, by: npBy };
  const by = [...admin.allowedBy];
  if (!conns.subtract(admin.allow).isEmpty()) by.push(...(npBy ?? []));
  return { conns, by: by.length || npBy ? by : null };
}

/** How reports cite a NetworkPolicy. */
export const npRef = (p: Policy): string => `NetworkPolicy ${p.ref}`;

function addAllow(map: Map<number, Allow>, key: number, conns: ConnectionSet, policy: string): boolean {
  const existing = map.get(key);
  if (existing) {
    existing.conns = existing.conns.union(conns);
    existing.policies.add(policy);
    return false;
  }
  map.set(key, { conns, policies: new Set([policy]) });
  return true;
}

function hasNamedPort(ports: readonly PortSpec[] | null): boolean {
  return ports !== null && ports.some((p) => typeof p.port === 'string');
}

export { resolvePorts };

function ruleIps(rule: PolicyRule): IntervalSet[] {
  return (rule.peers ?? []).flatMap((p) => (p.type === 'ipBlock' ? [p.ips] : []));
}

/** Splits 0.0.0.0-255.255.255.255 at every boundary of the given sets. */
function splitRanges(sets: readonly IntervalSet[]): [number, number][] {
  const cuts = new Set<number>();
  for (const s of sets) {
    for (const [lo, hi] of s.intervals) {
      if (lo > 0) cuts.add(lo);
      if (hi < IPV4_MAX) cuts.add(hi + 1);
    }
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: [number, number][] = [];
  let start = 0;
  for (const c of sorted) {
    out.push([start, c - 1]);
    start = c;
  }
  out.push([start, IPV4_MAX]);
  return out;
}

/** What a list of allowances allows for one address range (which lies wholly inside or outside each). */
function allowedForRange(list: readonly ExternalAllowance[], low: number): ConnectionSet {
  let conns = ConnectionSet.NONE;
  for (const a of list) {
    if (a.ips.intervals.some(([lo, hi]) => lo <= low && low <= hi)) conns = conns.union(a.conns);
  }
  return conns;
}

/** A workload's connections with one address range outside the cluster. */
export interface ExternalLine {
  readonly workload: PodWorkload;
  readonly direction: 'egress' | 'ingress';
  /** `A.B.C.D-E.F.G.H` */
  readonly range: string;
  /** The range's first and last address. */
  readonly low: number;
  readonly high: number;
  readonly conns: ConnectionSet;
}

/** Every workload's connections with address ranges, one entry per range and direction. */
export function externalLines(result: ReachabilityResult): ExternalLine[] {
  const out: ExternalLine[] = [];
  for (const cls of result.model.classes) {
    for (const [direction, ranges, lists] of [
      ['egress', result.destinationRanges, result.egressExternal],
      ['ingress', result.sourceRanges, result.ingressExternal],
    ] as const) {
      for (const [lo, hi] of ranges) {
        const conns = allowedForRange(lists[cls.index], lo);
        if (!conns.isEmpty())
          for (const w of cls.workloads) out.push({ workload: w, direction, range: formatIpv4Range(lo, hi), low: lo, high: hi, conns });
      }
    }
  }
  return out;
}

/**
 * What the cluster's ingress controller may send to each workload behind an Ingress: the Service's
 * target port, as far as the workload's ingress policies admit a pod of no particular namespace.
 */
export function ingressControllerConnections(result: ReachabilityResult): Map<PodWorkload, ConnectionSet> {
  const out = new Map<PodWorkload, ConnectionSet>();
  const { model, context } = result;
  for (const b of model.ingressBackends) {
    const svc = model.services.get(`${b.namespace}/${b.service}`);
    // a backend port that is no Service port but a target port is taken as that target (as
    // netpol-analyzer does); no port (a Route without one): every port of the Service
    const ports =
      b.port === undefined
        ? (svc?.ports ?? [])
        : [
            svc?.ports.find((p) => (typeof b.port === 'number' ? p.port === b.port : p.name === b.port)) ??
              svc?.ports.find((p) => p.targetPort === b.port),
          ].filter((p) => p !== undefined);
    if (!svc || !Object.keys(svc.selector).length) continue;
    const selector = LabelSelector.ofLabels(svc.selector);
    for (const port of ports)
      for (const c of model.classes) {
        if (c.namespace !== svc.namespace || !selector.matches(c.labels)) continue;
        const named = typeof port.targetPort === 'string' ? c.namedPorts.find((n) => n.name === port.targetPort) : undefined;
        const target =
          typeof port.targetPort === 'number'
            ? ConnectionSet.of(port.protocol, port.targetPort, port.targetPort)
            : named
              ? ConnectionSet.of(named.protocol, named.port, named.port)
              : ConnectionSet.NONE;
        const conns = connect(INGRESS_CONTROLLER, classEndpoint(context, c)).conns.intersect(target);
        if (conns.isEmpty()) continue;
        for (const w of c.workloads) out.set(w, (out.get(w) ?? ConnectionSet.NONE).union(conns));
      }
  }
  return out;
}

/** One end of an allowed connection: a workload, an address range, or the cluster's ingress controller. */
export type ConnectionEnd =
  | { readonly type: 'workload'; readonly name: string; readonly workload: PodWorkload }
  | { readonly type: 'ipBlock'; readonly name: string; readonly low: number; readonly high: number }
  | { readonly type: 'ingress-controller'; readonly name: string };

/** An allowed connection between two ends, connections of all their pods joined. */
export interface ConnectionEntry {
  readonly src: ConnectionEnd;
  readonly dst: ConnectionEnd;
  readonly conns: ConnectionSet;
}

/** Every allowed connection between distinct ends, one entry per pair, sorted as netpol-analyzer sorts its lines. */
export function connectionEntries(result: ReachabilityResult): ConnectionEntry[] {
  const byPair = new Map<string, ConnectionEntry>();
  const add = (src: ConnectionEnd, dst: ConnectionEnd, conns: ConnectionSet) => {
    const key = `${src.name} => ${dst.name}`;
    const prev = byPair.get(key);
    byPair.set(key, { src, dst, conns: prev ? prev.conns.union(conns) : conns });
  };
  const workload = (w: PodWorkload): ConnectionEnd => ({ type: 'workload', name: w.id, workload: w });
  for (const c of result.connections) {
    for (const ws of c.src.workloads) {
      for (const wd of c.dst.workloads) if (ws !== wd) add(workload(ws), workload(wd), c.conns);
    }
  }
  const controller: ConnectionEnd = { type: 'ingress-controller', name: '{ingress-controller}' };
  for (const [w, conns] of ingressControllerConnections(result)) add(controller, workload(w), conns);
  for (const e of externalLines(result)) {
    const range: ConnectionEnd = { type: 'ipBlock', name: `${e.range}[External]`, low: e.low, high: e.high };
    if (e.direction === 'egress') add(workload(e.workload), range, e.conns);
    else add(range, workload(e.workload), e.conns);
  }
  const line = (e: ConnectionEntry) => `${e.src.name} => ${e.dst.name} : ${e.conns.toString()}`;
  return [...byPair.values()].sort((a, b) => (line(a) < line(b) ? -1 : line(a) > line(b) ? 1 : 0));
}

/** Every allowed connection, one line each, in np-guard/netpol-analyzer's format, sorted. */
export function connectionLines(result: ReachabilityResult): string[] {
  return connectionEntries(result).map((e) => `${e.src.name} => ${e.dst.name} : ${e.conns.toString()}`);
}
