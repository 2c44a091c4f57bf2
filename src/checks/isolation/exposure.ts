/**
 * Exposure analysis, as np-guard/netpol-analyzer's `list --exposure` defines it: besides the pods in
 * the input, which connections the policies allow to and from pods that are not there — a pod a
 * tenant creates tomorrow, a namespace such as kube-system that the input does not hold.
 *
 * Every pod selector of a policy rule (NetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy)
 * becomes a *representative peer*: "a pod matching this pod selector in a namespace matching this
 * namespace selector" (a rule without a namespaceSelector: the policy's own namespace). A rule whose
 * selectors are both empty, or a rule without peers, is "the entire cluster". A representative peer
 * matches a rule selector only when the selector is empty or has the same requirements (it stands for
 * pods we know nothing more about); pods of a real namespace are matched by that namespace's labels.
 * A representative peer with matchLabels only that a real pod matches is dropped (the real pod
 * stands for it). Lines that the entire-cluster line already covers are dropped.
 */
import type { AdminPolicy } from './admin.js';
import { PROTOCOLS } from './connections.js';
import { externalLines, type ReachabilityResult } from './engine.js';
import { classEndpoint, connect, isProtected, type EngineContext, type Endpoint, type PortSet } from './evaluate.js';
import { NAME_LABEL, type IsolationModel, type PodClass, type PodWorkload } from './model.js';
import { LabelSelector } from '../../kube/selectors.js';

/** Pods matching `podSelector` in namespaces matching `nsSelector`, about which nothing more is known. */
export interface RepresentativePeer {
  readonly key: string;
  readonly nsSelector: LabelSelector;
  /** The namespace, when the selector names one (`kubernetes.io/metadata.name`). */
  readonly namespace?: string;
  readonly podSelector: LabelSelector;
  /** `ns/[pod with {…}]`, `[namespace with {…}]/[all pods]`, `[all namespaces]/[pod with {…}]`, `entire-cluster`. */
  readonly label: string;
  /** The policies whose rules mention it. */
  readonly origins: string[];
}

/** Any pod in any namespace. */
export const ENTIRE_CLUSTER: RepresentativePeer = {
  key: '*/*',
  nsSelector: LabelSelector.EVERYTHING,
  podSelector: LabelSelector.EVERYTHING,
  label: 'entire-cluster',
  origins: [],
};

export interface ExposureLine {
  readonly workload: PodWorkload;
  readonly peer: string;
  readonly ports: PortSet;
  /** The representative peer (undefined for address ranges). */
  readonly rep?: RepresentativePeer;
}

export interface ExposureResult {
  readonly egress: readonly ExposureLine[];
  readonly ingress: readonly ExposureLine[];
  /** `workload is not protected on Egress|Ingress` */
  readonly unprotected: readonly { readonly workload: PodWorkload; readonly direction: 'Egress' | 'Ingress' }[];
  readonly peers: readonly RepresentativePeer[];
}

const fullMatch = (rule: LabelSelector, rep: LabelSelector) => rule.isEverything() || rule.canonical() === rep.canonical();

/** The namespace a selector names by `kubernetes.io/metadata.name` alone, if it does. */
function pinnedNamespace(sel: LabelSelector): string | undefined {
  const m = /^kubernetes\.io\/metadata\.name=([^,]+)$/.exec(sel.canonical());
  return m?.[1];
}

/** The endpoint of a representative peer. */
export function repEndpoint(
  model: IsolationModel,
  ctx: EngineContext,
  rep: RepresentativePeer,
  options: { namespaceLabels?: boolean } = {},
): Endpoint {
  // netpol-analyzer matches a representative peer by selector even in a namespace of the input;
  // the verdicts (namespaceLabels) use that namespace's real labels
  const realNs = options.namespaceLabels && rep.namespace !== undefined ? model.namespaces.get(rep.namespace) : undefined;
  const nsMatches = (sel: LabelSelector) => (realNs?.declared ? sel.matches(realNs.labels) : fullMatch(sel, rep.nsSelector));
  const podMatches = (sel: LabelSelector) => fullMatch(sel, rep.podSelector);
  const subjectHolds = (a: AdminPolicy) => nsMatches(a.subject.namespaces) && (a.subject.pods === undefined || podMatches(a.subject.pods));
  const inNs = rep.namespace !== undefined ? ctx.policiesIn(rep.namespace).filter((p) => podMatches(p.podSelector)) : [];
  return {
    npPolicies: (d) => inNs.filter((p) => (d === 'ingress' ? p.affectsIngress : p.affectsEgress)),
    admin: model.adminPolicies.filter(subjectHolds),
    baseline: model.baseline && subjectHolds(model.baseline) ? model.baseline : undefined,
    heldByRule: (policy, rule) =>
      rule.peers === null ||
      rule.peers.some((peer) => {
        if (peer.type === 'empty') return true;
        if (peer.type === 'ipBlock') return false;
        const pods = peer.podSelector ?? LabelSelector.EVERYTHING;
        if (peer.namespaceSelector === undefined) return rep.namespace === policy.namespace && podMatches(pods);
        return nsMatches(peer.namespaceSelector) && podMatches(pods);
      }),
    heldByAdminPeer: (peer) => peer.type === 'pods' && nsMatches(peer.namespaces) && (peer.pods === undefined || podMatches(peer.pods)),
  };
}

function peerLabel(ns: LabelSelector, pods: LabelSelector): { label: string; namespace?: string } {
  const namespace = pinnedNamespace(ns);
  const nsPart = namespace ?? (ns.isEverything() ? '[all namespaces]' : `[namespace with {${ns.format()}}]`);
  const podPart = pods.isEverything() ? '[all pods]' : `[pod with {${pods.format()}}]`;
  return { label: `${nsPart}/${podPart}`, namespace };
}

/** The representative peer for a namespace selector and a pod selector. */
export function representativePeerOf(ns: LabelSelector, pods: LabelSelector): RepresentativePeer {
  if (ns.isEverything() && pods.isEverything()) return ENTIRE_CLUSTER;
  return { key: `${ns.canonical()}/${pods.canonical()}`, nsSelector: ns, podSelector: pods, ...peerLabel(ns, pods), origins: [] };
}

/** The representative peers the rules of every policy mention (entire-cluster rules excluded), first mention first. */
export function representativePeers(model: IsolationModel): RepresentativePeer[] {
  const byKey = new Map<string, RepresentativePeer>();
  const add = (ns: LabelSelector, pods: LabelSelector, origin: string) => {
    if (ns.isEverything() && pods.isEverything()) return;
    const key = `${ns.canonical()}/${pods.canonical()}`;
    const existing = byKey.get(key);
    if (existing) {
      if (!existing.origins.includes(origin)) existing.origins.push(origin);
      return;
    }
    byKey.set(key, { ...representativePeerOf(ns, pods), origins: [origin] });
  };
  for (const p of model.policies) {
    const own = LabelSelector.ofLabels({ [NAME_LABEL]: p.namespace });
    for (const rule of [...p.ingress, ...p.egress])
      for (const peer of rule.peers ?? [])
        if (peer.type === 'pods')
          add(peer.namespaceSelector ?? own, peer.podSelector ?? LabelSelector.EVERYTHING, `NetworkPolicy ${p.ref}`);
  }
  for (const a of [...model.adminPolicies, ...(model.baseline ? [model.baseline] : [])])
    for (const rule of [...a.ingress, ...a.egress])
      for (const peer of rule.peers) if (peer.type === 'pods') add(peer.namespaces, peer.pods ?? LabelSelector.EVERYTHING, a.ref);

  // a real pod stands for a matchLabels-only peer it matches
  const nsLabels = (c: PodClass) => model.namespaces.get(c.namespace)!.labels;
  return [...byKey.values()].filter((r) => {
    const plain = (s: LabelSelector) => !s.isEverything() && s.requirements.length === 0;
    if (!plain(r.nsSelector) || !plain(r.podSelector)) return true;
    return !model.classes.some((c) => r.podSelector.matches(c.labels) && r.nsSelector.matches(nsLabels(c)));
  });
}

const samePorts = (a: PortSet, b: PortSet) =>
  a.conns.equals(b.conns) && a.named.size === b.named.size && [...a.named].every((n) => b.named.has(n));
const union = (a: PortSet, b: PortSet): PortSet => ({ conns: a.conns.union(b.conns), named: new Set([...a.named, ...b.named]) });
const isEmptyPorts = (p: PortSet) => p.conns.isEmpty() && !p.named.size;

/** Exposure of every workload of the input, per direction. */
export function analyzeExposure(result: ReachabilityResult): ExposureResult {
  const { model, context } = result;
  const peers = representativePeers(model);
  const repEnds = peers.map((r) => repEndpoint(model, context, r));
  const entire = repEndpoint(model, context, ENTIRE_CLUSTER);
  const egress = new Map<string, ExposureLine>();
  const ingress = new Map<string, ExposureLine>();
  const unprotected = new Map<string, { workload: PodWorkload; direction: 'Egress' | 'Ingress' }>();
  const put = (map: Map<string, ExposureLine>, line: ExposureLine) => {
    const key = `${line.workload.id}\u0000${line.peer}`;
    const prev = map.get(key);
    map.set(key, prev ? { ...prev, ports: union(prev.ports, line.ports) } : line);
  };

  for (const c of model.classes) {
    const me = classEndpoint(context, c);
    for (const direction of ['egress', 'ingress'] as const) {
      const map = direction === 'egress' ? egress : ingress;
      const pair = (other: Endpoint) => (direction === 'egress' ? connect(me, other) : connect(other, me));
      const whole = pair(entire);
      if (!isProtected(me, direction)) {
        for (const w of c.workloads)
          unprotected.set(`${w.id}\u0000${direction}`, { workload: w, direction: direction === 'egress' ? 'Egress' : 'Ingress' });
      }
      for (const w of c.workloads)
        if (!isEmptyPorts(whole)) put(map, { workload: w, peer: ENTIRE_CLUSTER.label, ports: whole, rep: ENTIRE_CLUSTER });
      if (!isProtected(me, direction)) continue;
      peers.forEach((rep, i) => {
        const ports = pair(repEnds[i]);
        // kept unless it says what the entire-cluster line says (an admin Deny can make it narrower, even empty)
        if (samePorts(ports, whole)) return;
        for (const w of c.workloads) put(map, { workload: w, peer: rep.label, ports, rep });
      });
    }
  }
  // address ranges are listed for the workloads exposed to pods (in either direction)
  const exposed = new Set([...egress.values(), ...ingress.values()].map((l) => l.workload));
  for (const e of externalLines(result)) {
    const ports = { conns: e.conns, named: new Set<string>() };
    const outward = e.direction === 'egress';
    if (exposed.has(e.workload)) put(outward ? egress : ingress, { workload: e.workload, peer: `${e.range}[External]`, ports });
  }
  const sorted = (m: Map<string, ExposureLine>) => [...m.values()].sort((a, b) => cmp(a.workload.id, b.workload.id) || cmp(a.peer, b.peer));
  return {
    egress: sorted(egress),
    ingress: sorted(ingress),
    unprotected: [...unprotected.values()].sort((a, b) => cmp(a.workload.id, b.workload.id) || cmp(a.direction, b.direction)),
    peers,
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// Go's sort.Strings: by UTF-8 bytes (UTF-16 code units agree on the names ports may have)
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** netpol-analyzer's rendering of a connection set that may hold unresolved named ports. */
export function formatPorts(p: PortSet): string {
  if (p.conns.isAll() || !p.named.size) return p.conns.toString();
  const parts: string[] = [];
  // named ports after the numbers, sorted by name (netpol-analyzer's PortSet.String: sort.Strings)
  const anyProtocol = [...p.named]
    .filter((n) => n.startsWith(' '))
    .map((n) => n.slice(1))
    .sort(byName);
  if (anyProtocol.length) parts.push(` ${anyProtocol.join(',')}`);
  for (const proto of PROTOCOLS) {
    const nums = p.conns.ports(proto);
    const names = [...p.named]
      .filter((n) => n.startsWith(`${proto} `))
      .map((n) => n.slice(proto.length + 1))
      .sort(byName);
    if (nums.isEmpty() && !names.length) continue;
    parts.push(`${proto} ${[...(nums.isEmpty() ? [] : [nums.toString()]), ...names].join(',')}`);
  }
  return parts.join(',');
}

/** The exposure sections in netpol-analyzer's text format (after the connection lines). */
export function exposureText(exposure: ExposureResult): string[] {
  const width = Math.max(0, ...[...exposure.egress, ...exposure.ingress].map((l) => l.workload.id.length));
  const line = (l: ExposureLine, arrow: string) => `${l.workload.id.padEnd(width)} \t${arrow} \t${l.peer} : ${formatPorts(l.ports)}`;
  const out = ['Exposure Analysis Result:'];
  if (exposure.egress.length) out.push('Egress Exposure:', ...exposure.egress.map((l) => line(l, '=>')));
  if (exposure.ingress.length) {
    if (exposure.egress.length) out.push('');
    out.push('Ingress Exposure:', ...exposure.ingress.map((l) => line(l, '<=')));
  }
  if (exposure.unprotected.length) {
    out.push('', 'Workloads not protected by network policies:');
    for (const u of exposure.unprotected) out.push(`${u.workload.id} is not protected on ${u.direction}`);
  }
  return out;
}
