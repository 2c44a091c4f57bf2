/**
 * Boundary verdicts for pods that could exist. The subjects are every pod class of the input and,
 * for every namespace of the input, "any pod" there, a pod matching each of its NetworkPolicies'
 * pod selectors, and the pods other policies' rules name there. Each subject is checked against
 * the entire cluster, every representative peer its own rules name (namespaces the input does not
 * hold included: kube-system, any other) and every address range. Nothing is added to the input.
 *
 * Where exposure analysis (netpol-analyzer's) matches a representative peer by selector only, the
 * verdicts match a pod that could exist in a namespace of the input by that namespace's real
 * labels: the namespace is known, only its future pods are not. Namespaces outside the input carry
 * no tenant and no classification unless the selector that names them requires one.
 */
import type { AdminPeer } from './admin.js';
import { ConnectionSet } from './connections.js';
import type { ReachabilityResult } from './engine.js';
import { npRef } from './engine.js';
import { classEndpoint, connect, decideAdmin, isProtected, resolvePorts, type Endpoint, type PortSet } from './evaluate.js';
import { ENTIRE_CLUSTER, repEndpoint, type RepresentativePeer, representativePeerOf } from './exposure.js';
import { CLASSIFICATION_LABEL, NAME_LABEL, TENANT_LABEL, type IsolationModel, type PodClass, type Policy } from './model.js';
import { LabelIndex, type OperationCounter } from './selectors.js';
import { LabelSelector } from '../../kube/selectors.js';

/** Where a subject or peer may live, as the boundaries see it. */
export interface Place {
  /** Namespaces of the input it may be in. */
  readonly inside: readonly string[];
  /** Whether it may be in a namespace the input does not hold; with the labels the selector requires. */
  readonly outside?: { readonly name?: string; readonly tenant?: string; readonly classification?: string };
}

export interface ExposureFinding {
  /** The subject's namespace. */
  readonly namespace: string;
  /** The subject (`ns/[all pods]`, `ns/workload[Kind]`). */
  readonly subject: string;
  readonly direction: 'egress' | 'ingress';
  /** The other end (`entire-cluster`, `kube-system/[all pods]`, `[namespace with {…}]/[all pods]`). */
  readonly peer: string;
  readonly conns: ConnectionSet;
  /** Namespaces of the input the peer may be in (not the subject's own), with what reaches them there and what allows it. */
  readonly inside: readonly {
    readonly namespace: string;
    readonly conns: ConnectionSet;
    readonly example?: string;
    readonly allowedBy?: readonly string[];
  }[];
  /** The peer may be in a namespace outside the input, with the labels its selector requires. */
  readonly outside?: Place['outside'];
  /** Policies (or their absence) that allow it, on both ends. */
  readonly allowedBy: readonly string[];
  /** The destination is the cluster DNS pods (kube-system, k8s-app=kube-dns). */
  readonly dns: boolean;
  /** The peer's pods in the input all carry the entrypoint label and it is the subject's platform namespace. */
  readonly entrypoint: boolean;
  /** The subject's pods in the input all carry the entrypoint label (traffic into it from its tenants is expected). */
  readonly subjectEntrypoint: boolean;
}

export interface ExposureSummary {
  /** Subjects checked (pod classes and pods that could exist). */
  readonly subjects: number;
  /** Representative peers each subject was checked against (entire-cluster included). */
  readonly peers: readonly string[];
  readonly findings: readonly ExposureFinding[];
  /** Subjects that may send to addresses outside the cluster, with the policies allowing it. */
  readonly external: readonly { namespace: string; subject: string; conns: ConnectionSet; allowedBy: readonly string[] }[];
}

/**
 * Work done by every exposure verdict run so far (tests assert it grows linearly with the input):
 * `pairs` counts subject–target pairs whose connections were judged.
 */
export const exposureCounts: OperationCounter & { pairs: number } = {
  pairs: 0,
  selectorEvaluations: 0,
  pairEvaluations: 0,
  ruleApplications: 0,
};

interface Subject {
  readonly namespace: string;
  readonly label: string;
  readonly end: Endpoint;
  readonly entrypoint: boolean;
  /** The cluster DNS pods. */
  readonly dns: boolean;
}

/** Checks every pod that could exist in a namespace of the input against every peer its rules name. */
export function exposureFindings(
  result: ReachabilityResult,
  dns: { namespace: string; labelKey: string; labelValue: string },
  entrypointLabel: string,
  platformLabel: string,
): ExposureSummary {
  const { model, context } = result;
  const inputNs = (name: string | undefined) => (name !== undefined && model.namespaces.get(name)?.declared ? name : undefined);
  // peers recur across subjects: their endpoints, places and entrypoint verdicts are computed once
  const endpoints = new Map<string, Endpoint>();
  const endpointOf = (rep: RepresentativePeer): Endpoint => {
    let e = endpoints.get(rep.key);
    if (!e) endpoints.set(rep.key, (e = repEndpoint(model, context, rep, { namespaceLabels: true })));
    return e;
  };
  const nsOrder = new Map([...model.namespaces.keys()].map((n, i) => [n, i]));
  const nsIndex = new LabelIndex<string>();
  for (const n of model.namespaces.values()) nsIndex.add(n.name, n.labels);
  const nsMatched = new Map<string, ReadonlySet<string>>();
  const namespacesOf = (sel: LabelSelector): ReadonlySet<string> => {
    const key = sel.canonical();
    let set = nsMatched.get(key);
    if (!set) nsMatched.set(key, (set = new Set(nsIndex.select(sel, (n) => model.namespaces.get(n)!.labels, exposureCounts))));
    return set;
  };
  const places = new Map<string, Place>();
  const placeFor = (rep: RepresentativePeer): Place => {
    let p = places.get(rep.key);
    if (!p) places.set(rep.key, (p = placeOf(rep, model.namespaces, inputNs, namespacesOf, nsOrder)));
    return p;
  };

  // subjects: real classes, and pods that could exist in each namespace of the input
  const subjects: Subject[] = model.classes.map((c) => ({
    namespace: c.namespace,
    label: c.workloads[0]?.id ?? `${c.namespace}/<pods>`,
    end: classEndpoint(context, c),
    entrypoint: c.labels[entrypointLabel] === 'true',
    dns: c.namespace === dns.namespace && c.labels[dns.labelKey] === dns.labelValue,
  }));
  const classesIn = new Map<string, PodClass[]>();
  for (const c of model.classes) {
    const list = classesIn.get(c.namespace);
    if (list) list.push(c);
    else classesIn.set(c.namespace, [c]);
  }
  const entrypoints = new Map<string, boolean>();
  const onlyEntrypoints = (ns: string, pods: LabelSelector) => {
    const key = `${ns}\u0000${pods.canonical()}`;
    let v = entrypoints.get(key);
    if (v === undefined) {
      const found = (classesIn.get(ns) ?? []).filter((c) => pods.matches(c.labels));
      entrypoints.set(key, (v = found.length > 0 && found.every((c) => c.labels[entrypointLabel] === 'true')));
    }
    return v;
  };
  const seen = new Set<string>();
  const addRep = (rep: RepresentativePeer) => {
    if (seen.has(rep.key) || inputNs(rep.namespace) === undefined) return;
    seen.add(rep.key);
    subjects.push({
      namespace: rep.namespace!,
      label: rep.label,
      end: endpointOf(rep),
      entrypoint: onlyEntrypoints(rep.namespace!, rep.podSelector),
      dns: rep.namespace === dns.namespace && pinnedValue(rep.podSelector, dns.labelKey) === dns.labelValue,
    });
  };
  for (const ns of model.namespaces.values()) {
    if (!ns.declared) continue;
    const own = LabelSelector.ofLabels({ [NAME_LABEL]: ns.name });
    addRep(representativePeerOf(own, LabelSelector.EVERYTHING));
    for (const p of context.policiesIn(ns.name)) addRep(representativePeerOf(own, p.podSelector));
  }
  for (const p of model.policies) for (const rep of rulePeers(p)) addRep(rep);

  const subjectsIn = new Map<string, Subject[]>();
  for (const s of subjects) {
    const list = subjectsIn.get(s.namespace);
    if (list) list.push(s);
    else subjectsIn.set(s.namespace, [s]);
  }
  // Which namespaces' pods each target may admit (or send to), so that a broad peer visits only the
  // targets that can answer it: a target whose policies in that direction name no pod of a foreign
  // namespace gives nothing to a subject elsewhere, and skipping it leaves every verdict unchanged.
  type Reach = { readonly all: true } | { readonly all: false; readonly from: ReadonlySet<string> };
  const reachOf = (t: Subject, direction: 'ingress' | 'egress'): Reach => {
    const nps = t.end.npPolicies(direction);
    if (t.end.admin.length || !nps.length) return { all: true };
    const from = new Set<string>();
    for (const p of nps)
      for (const rule of p[direction]) {
        if (rule.peers === null) return { all: true };
        for (const peer of rule.peers) {
          if (peer.type === 'empty') return { all: true };
          // a pod peer without a namespace selector stays in the policy's (the target's) namespace
          if (peer.type === 'pods' && peer.namespaceSelector !== undefined)
            for (const n of namespacesOf(peer.namespaceSelector)) from.add(n);
        }
      }
    return { all: false, from };
  };
  /** Per direction of the target: its namespace's targets with their reach, and who can be answered. */
  const answering = (['ingress', 'egress'] as const).map((direction) => {
    const targets = new Map<string, { t: Subject; reach: Reach }[]>();
    const always = new Set<string>();
    const byOrigin = new Map<string, Set<string>>();
    for (const [ns, list] of subjectsIn) {
      const entries = list.map((t) => ({ t, reach: reachOf(t, direction) }));
      targets.set(ns, entries);
      for (const { reach } of entries) {
        if (reach.all) always.add(ns);
        else
          for (const o of reach.from) {
            const set = byOrigin.get(o);
            if (set) set.add(ns);
            else byOrigin.set(o, new Set([ns]));
          }
      }
    }
    return { direction, targets, always, byOrigin };
  });
  const insideSets = new Map<string, ReadonlySet<string>>();
  /** The namespaces of `place` (input order) that hold a target able to answer a subject of `origin`. */
  const candidates = (rep: RepresentativePeer, place: Place, origin: string, opposite: 'ingress' | 'egress'): string[] => {
    const a = answering.find((x) => x.direction === opposite)!;
    let inside = insideSets.get(rep.key);
    if (!inside) insideSets.set(rep.key, (inside = new Set(place.inside)));
    if (!model.namespaces.has(origin)) return place.inside.filter((m) => a.targets.has(m));
    const out = new Set<string>();
    for (const m of a.always) if (inside.has(m)) out.add(m);
    for (const m of a.byOrigin.get(origin) ?? []) if (inside.has(m)) out.add(m);
    return [...out].sort((x, y) => nsOrder.get(x)! - nsOrder.get(y)!);
  };
  const answers = (reach: Reach, origin: string) => reach.all || !model.namespaces.has(origin) || reach.from.has(origin);

  const entire = endpointOf(ENTIRE_CLUSTER);
  const peerLabels = new Set<string>([ENTIRE_CLUSTER.label]);
  const findings: ExposureFinding[] = [];
  const external: ExposureSummary['external'][number][] = [];
  for (const s of subjects) {
    for (const direction of ['egress', 'ingress'] as const) {
      const peers: RepresentativePeer[] = [ENTIRE_CLUSTER, ...peersNamedBy(s.end, direction)];
      for (const rep of peers) {
        peerLabels.add(rep.label);
        const other = rep === ENTIRE_CLUSTER ? entire : endpointOf(rep);
        const ports: PortSet = direction === 'egress' ? connect(s.end, other) : connect(other, s.end);
        // unresolved named ports count as the whole protocol: the pod that could exist may name any port so
        const conns = [...ports.named].reduce(
          (acc, n) => acc.union(n.startsWith(' ') ? ConnectionSet.ALL : ConnectionSet.of(n.split(' ')[0] as 'TCP')),
          ports.conns,
        );
        if (conns.isEmpty()) continue;
        const place = placeFor(rep);
        const inside: { namespace: string; conns: ConnectionSet; example?: string; allowedBy?: string[] }[] = [];
        if (inputNs(rep.namespace)) {
          if (rep.namespace !== s.namespace) inside.push({ namespace: rep.namespace!, conns });
        } else {
          // a selector that is not a namespace name: judge each namespace of the input it matches by
          // that namespace's own pods that could exist (their policies decide the other end)
          const opposite = direction === 'egress' ? 'ingress' : 'egress';
          for (const m of candidates(rep, place, s.namespace, opposite)) {
            if (m === s.namespace) continue;
            const targets = (answering.find((x) => x.direction === opposite)!.targets.get(m) ?? [])
              .filter((x) => answers(x.reach, s.namespace))
              .map((x) => x.t);
            let got = ConnectionSet.NONE;
            let first: Subject | undefined;
            const sLabels = model.namespaces.get(s.namespace)?.labels ?? {};
            const mLabels = model.namespaces.get(m)?.labels ?? {};
            // a tenant's platform entrypoint (same level) is where it may go
            const entry =
              direction === 'egress' && sLabels[platformLabel] === m && sLabels[CLASSIFICATION_LABEL] === mLabels[CLASSIFICATION_LABEL];
            for (const t of targets) {
              if (entry && t.entrypoint) continue;
              exposureCounts.pairs++;
              const p =
                !isProtected(t.end, opposite) && !t.end.admin.length
                  ? conns
                  : (direction === 'egress' ? connect(s.end, t.end) : connect(t.end, s.end)).conns;
              if (!p.isEmpty() && !first) first = t;
              got = got.union(p);
              if (got.isAll()) break;
            }
            if (!got.isEmpty() && first) {
              // named by the two ends that meet: the subject's rule and the target's own policies
              inside.push({
                namespace: m,
                conns: got,
                example: direction === 'egress' ? `${s.label} => ${first.label}` : `${first.label} => ${s.label}`,
                allowedBy: [
                  ...attribute(s.end, direction, first.end, s.namespace, s.label),
                  ...attribute(first.end, opposite, s.end, first.namespace, first.label),
                ],
              });
            }
          }
        }
        const allowedBy = [
          ...attribute(s.end, direction, other, s.namespace, s.label),
          ...attribute(other, direction === 'egress' ? 'ingress' : 'egress', s.end, rep.namespace ?? rep.label, rep.label),
        ];
        const podPins = rep.podSelector;
        // DNS to the cluster DNS pods is expected, whichever end the subject is
        const isDns =
          direction === 'egress' ? rep.namespace === dns.namespace && pinnedValue(podPins, dns.labelKey) === dns.labelValue : s.dns;
        const entrypoint =
          direction === 'egress' &&
          rep.namespace !== undefined &&
          onlyEntrypoints(rep.namespace, podPins) &&
          model.namespaces.get(s.namespace)?.labels[platformLabel] === rep.namespace;
        findings.push({
          namespace: s.namespace,
          subject: s.label,
          direction,
          peer: rep.label,
          conns,
          inside,
          outside: place.outside,
          allowedBy,
          dns: isDns,
          entrypoint,
          subjectEntrypoint: direction === 'ingress' && s.entrypoint,
        });
      }
    }
    const out = externalEgress(s.end, result.destinationRanges);
    if (!out.conns.isEmpty())
      external.push({
        namespace: s.namespace,
        subject: s.label,
        conns: out.conns,
        allowedBy: out.by.length ? out.by : [`${s.namespace}: no NetworkPolicy selects these pods (egress of ${s.label})`],
      });
  }
  return { subjects: subjects.length, peers: [...peerLabels].sort(), findings, external };
}

/** The representative peers a NetworkPolicy's rules name. */
function rulePeers(p: Policy): RepresentativePeer[] {
  const own = LabelSelector.ofLabels({ [NAME_LABEL]: p.namespace });
  return [...p.ingress, ...p.egress].flatMap((rule) =>
    (rule.peers ?? []).flatMap((peer) =>
      peer.type === 'pods' ? [representativePeerOf(peer.namespaceSelector ?? own, peer.podSelector ?? LabelSelector.EVERYTHING)] : [],
    ),
  );
}

/** The peers the subject's own rules of one direction name (admin policies included). */
function peersNamedBy(end: Endpoint, direction: 'ingress' | 'egress'): RepresentativePeer[] {
  const out: RepresentativePeer[] = [];
  for (const p of end.npPolicies(direction)) {
    const own = LabelSelector.ofLabels({ [NAME_LABEL]: p.namespace });
    for (const rule of p[direction])
      for (const peer of rule.peers ?? [])
        if (peer.type === 'pods')
          out.push(representativePeerOf(peer.namespaceSelector ?? own, peer.podSelector ?? LabelSelector.EVERYTHING));
  }
  for (const a of [...end.admin, ...(end.baseline ? [end.baseline] : [])])
    for (const rule of a[direction])
      for (const peer of rule.peers)
        if (peer.type === 'pods') out.push(representativePeerOf(peer.namespaces, peer.pods ?? LabelSelector.EVERYTHING));
  return out.filter((r) => !(r.nsSelector.isEverything() && r.podSelector.isEverything()));
}

function pinnedValue(sel: LabelSelector, key: string): string | undefined {
  const m = sel.matchLabels.find(([k]) => k === key);
  if (m) return m[1];
  const r = sel.requirements.find((q) => q.key === key && q.operator === 'In' && q.values.length === 1);
  return r?.values[0];
}

function placeOf(
  rep: RepresentativePeer,
  namespaces: IsolationModel['namespaces'],
  inputNs: (name: string | undefined) => string | undefined,
  namespacesOf: (sel: LabelSelector) => ReadonlySet<string>,
  order: ReadonlyMap<string, number>,
): Place {
  if (inputNs(rep.namespace)) return { inside: [rep.namespace!] };
  const inside = [...namespacesOf(rep.nsSelector)].filter((n) => namespaces.get(n)!.declared).sort((a, b) => order.get(a)! - order.get(b)!);
  return {
    inside,
    outside: {
      name: rep.namespace,
      tenant: pinnedValue(rep.nsSelector, TENANT_LABEL),
      classification: pinnedValue(rep.nsSelector, CLASSIFICATION_LABEL),
    },
  };
}

/** Which policies of `end` allow traffic in `direction` with `other` (or that none selects it). */
function attribute(end: Endpoint, direction: 'ingress' | 'egress', other: Endpoint, namespace: string, label: string): string[] {
  if (!isProtected(end, direction)) return [`${namespace}: no NetworkPolicy selects these pods (${direction} of ${label})`];
  const out: string[] = [];
  for (const a of end.admin)
    for (const rule of a[direction])
      if (rule.action === 'Allow' && rule.peers.some((p: AdminPeer) => other.heldByAdminPeer(p))) out.push(`${a.ref} (${direction})`);
  for (const p of end.npPolicies(direction)) if (p[direction].some((r) => other.heldByRule(p, r))) out.push(`${npRef(p)} (${direction})`);
  if (!end.npPolicies(direction).length && end.baseline) out.push(`${end.baseline.ref} (${direction}, no rule denies)`);
  return [...new Set(out)];
}

/** What a subject may send to addresses outside the cluster, over the engine's address ranges. */
function externalEgress(end: Endpoint, ranges: readonly (readonly [number, number])[]): { conns: ConnectionSet; by: string[] } {
  let conns = ConnectionSet.NONE;
  const by = new Set<string>();
  const nps = end.npPolicies('egress');
  for (const [lo] of ranges) {
    const holds = (peer: AdminPeer) => peer.type === 'networks' && peer.ips.intervals.some(([a, b]) => a <= lo && lo <= b);
    const admin = decideAdmin(end.admin, 'egress', holds, undefined);
    let second = ConnectionSet.NONE;
    if (nps.length) {
      for (const p of nps)
        for (const rule of p.egress) {
          const hit =
            rule.peers === null ||
            rule.peers.some(
              (peer) =>
                peer.type === 'empty' ||
                (peer.type === 'ipBlock' && (peer.ips.intervals.some(([a, b]) => a <= lo && lo <= b) || !!peer.ipv6)),
            );
          if (!hit) continue;
          const c = resolvePorts(rule.ports, undefined);
          if (!c.isEmpty()) {
            second = second.union(c);
            by.add(`${npRef(p)} (egress)`);
          }
        }
    } else {
      const base = end.baseline ? decideAdmin([end.baseline], 'egress', holds, undefined) : undefined;
      second = ConnectionSet.ALL.subtract(base?.deny ?? ConnectionSet.NONE);
    }
    const rest = ConnectionSet.ALL.subtract(admin.allow).subtract(admin.deny);
    const allowed = admin.allow.union(rest.intersect(second));
    if (!admin.allow.isEmpty()) admin.allowedBy.forEach((a) => by.add(`${a} (egress)`));
    conns = conns.union(allowed);
  }
  return { conns, by: [...by].sort() };
}
