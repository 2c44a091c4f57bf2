// What a change opens and closes: the connections added, removed and changed between two object
// sets, workload by workload and range by range, as netpol-analyzer's `diff` computes them
// (pkg/netpol/diff/diff.go): both connection lists are refined to the address ranges of either
// side, compared pair by pair, and ranges with the same change merged back into maximal ranges.
// For a reviewer, the changes are also summed up per namespace pair with the rules that now allow
// (or deny) them, taken from the explanation of the new side (explain.ts).
import { ConnectionSet } from './connections.js';
import { analyzeReachability, connectionEntries, type ConnectionEnd, type ConnectionEntry, type ReachabilityResult } from './engine.js';
import { buildModel, type IsolationModel } from './model.js';
import type { LabelSelector } from '../../kube/selectors.js';

type ModelInput = Parameters<typeof buildModel>[0][number];
import { explainConnection, type ExplainPeer, type ExplainReason } from './explain.js';
import { reasonText } from './explain-format.js';
import { formatIpv4Range } from './ip.js';

export type ReachChangeType = 'changed' | 'added' | 'removed';

/** One pair whose allowed connections differ. */
export interface ReachChange {
  readonly change: ReachChangeType;
  readonly src: ConnectionEnd;
  readonly dst: ConnectionEnd;
  /** Allowed before and after (NONE when the pair had, or has, no connection). */
  readonly before: ConnectionSet;
  readonly after: ConnectionSet;
  /** The workload ends that exist on only one side (added or removed with the change). */
  readonly srcNewOrRemoved: boolean;
  readonly dstNewOrRemoved: boolean;
}

/** Every pair whose connections differ between two analyses. */
export interface ReachabilityDiff {
  readonly before: ReachabilityResult;
  readonly after: ReachabilityResult;
  readonly changes: readonly ReachChange[];
}

/** Cut points: every start and every end+1 of the given ranges. */
function cutsOf(entries: readonly ConnectionEntry[], side: 'src' | 'dst'): number[] {
  const cuts = new Set<number>();
  for (const e of entries) {
    const end = e[side];
    if (end.type === 'ipBlock') {
      cuts.add(end.low);
      cuts.add(end.high + 1);
    }
  }
  return [...cuts].sort((a, b) => a - b);
}

const ipEnd = (low: number, high: number): ConnectionEnd => ({
  type: 'ipBlock',
  name: `${formatIpv4Range(low, high)}[External]`,
  low,
  high,
});

/** An entry split at the cuts that fall inside its address range (netpol-analyzer's disjoint refinement). */
function refine(e: ConnectionEntry, srcCuts: readonly number[], dstCuts: readonly number[]): ConnectionEntry[] {
  const split = (end: ConnectionEnd, cuts: readonly number[]): ConnectionEnd[] => {
    if (end.type !== 'ipBlock') return [end];
    const out: ConnectionEnd[] = [];
    let lo = end.low;
    for (const c of cuts) {
      if (c <= lo || c > end.high) continue;
      out.push(ipEnd(lo, c - 1));
      lo = c;
    }
    out.push(ipEnd(lo, end.high));
    return out;
  };
  return split(e.src, srcCuts).flatMap((src) => split(e.dst, dstCuts).map((dst) => ({ src, dst, conns: e.conns })));
}

const workloadNames = (r: ReachabilityResult) => new Set(r.model.workloads.map((w) => w.id));

/** The connections added, removed and changed from `before` to `after`. */
export function reachabilityDiff(before: ReachabilityResult, after: ReachabilityResult): ReachabilityDiff {
  const one = connectionEntries(before);
  const two = connectionEntries(after);
  const srcCuts = cutsOf([...one, ...two], 'src');
  const dstCuts = cutsOf([...one, ...two], 'dst');
  const pairs = new Map<string, { src: ConnectionEnd; dst: ConnectionEnd; first?: ConnectionSet; second?: ConnectionSet }>();
  const add = (entries: readonly ConnectionEntry[], key: 'first' | 'second') => {
    for (const e of entries)
      for (const r of refine(e, srcCuts, dstCuts)) {
        const k = `${r.src.name} => ${r.dst.name}`;
        const pair = pairs.get(k) ?? { src: r.src, dst: r.dst };
        pair[key] = r.conns;
        pairs.set(k, pair);
      }
  };
  add(one, 'first');
  add(two, 'second');

  const names1 = workloadNames(before);
  const names2 = workloadNames(after);
  const raw: ReachChange[] = [];
  for (const p of pairs.values()) {
    const change: ReachChangeType | undefined =
      p.first && p.second ? (p.first.equals(p.second) ? undefined : 'changed') : p.first ? 'removed' : 'added';
    if (!change) continue;
    const other = change === 'removed' ? names2 : names1;
    const missing = (end: ConnectionEnd) => change !== 'changed' && end.type === 'workload' && !other.has(end.name);
    raw.push({
      change,
      src: p.src,
      dst: p.dst,
      before: p.first ?? ConnectionSet.NONE,
      after: p.second ?? ConnectionSet.NONE,
      srcNewOrRemoved: missing(p.src),
      dstNewOrRemoved: missing(p.dst),
    });
  }
  return { before, after, changes: mergeRanges(raw) };
}

/** Joins changes that differ only in adjacent address ranges of one end (netpol-analyzer's mergeIPblocks). */
function mergeRanges(changes: readonly ReachChange[]): ReachChange[] {
  const out: ReachChange[] = [];
  const groups = new Map<string, ReachChange[]>();
  for (const c of changes) {
    const ipSide = c.dst.type === 'ipBlock' ? 'dst' : c.src.type === 'ipBlock' ? 'src' : undefined;
    if (!ipSide) {
      out.push(c);
      continue;
    }
    const other = ipSide === 'dst' ? c.src : c.dst;
    const key = [ipSide, c.change, other.name, c.before.toString(), c.after.toString()].join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const group of groups.values()) {
    const ipSide = group[0].dst.type === 'ipBlock' ? 'dst' : 'src';
    const ranges = group
      .map((c) => c[ipSide] as Extract<ConnectionEnd, { type: 'ipBlock' }>)
      .sort((a, b) => a.low - b.low)
      .reduce<[number, number][]>((acc, r) => {
        const last = acc[acc.length - 1];
        if (last && r.low <= last[1] + 1) last[1] = Math.max(last[1], r.high);
        else acc.push([r.low, r.high]);
        return acc;
      }, []);
    for (const [low, high] of ranges) out.push({ ...group[0], [ipSide]: ipEnd(low, high) });
  }
  return out;
}

const CATEGORY_ORDER: readonly ReachChangeType[] = ['changed', 'added', 'removed'];
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** netpol-analyzer's `diff` text: changed, added, removed lines (sorted), ingress-controller lines last. */
export function netpolDiffText(
  diff: ReachabilityDiff,
  names: { readonly ref1: string; readonly ref2: string } = { ref1: 'ref1', ref2: 'ref2' },
): string {
  const line = (c: ReachChange) => {
    const ref1 = c.change === 'added' ? 'No Connections' : c.before.toString();
    const ref2 = c.change === 'removed' ? 'No Connections' : c.after.toString();
    let out = `diff-type: ${c.change}, source: ${c.src.name}, destination: ${c.dst.name}, ${names.ref1}: ${ref1}, ${names.ref2}: ${ref2}`;
    const info = [c.srcNewOrRemoved ? c.src.name : undefined, c.dstNewOrRemoved ? c.dst.name : undefined].filter(Boolean);
    if (info.length) out += `, workloads-diff-info: workload ${info.join(' and ')} ${c.change}`;
    return out;
  };
  // no change: netpol-analyzer prints nothing (and logs "No connections diff")
  if (!diff.changes.length) return '';
  const lines: string[] = ['Connectivity diff:'];
  for (const fromController of [false, true])
    for (const type of CATEGORY_ORDER)
      lines.push(
        ...diff.changes
          .filter((c) => c.change === type && (c.src.type === 'ingress-controller') === fromController)
          .map(line)
          .sort(cmp),
      );
  return `${lines.join('\n')}\n`;
}

/** A reviewer's line: connections one namespace (or range) gains or loses towards another, and why. */
export interface ReachLine {
  readonly reach: 'now' | 'no-longer';
  /** Namespace of a workload end; the range for addresses; `{ingress-controller}`. */
  readonly from: string;
  readonly to: string;
  /** The connections gained or lost (`TCP 5432`). */
  readonly connections: string;
  /** The workload pairs concerned (`ns/a[Deployment] → ns/b[StatefulSet]`). */
  readonly pairs: readonly string[];
  /** For `now`: the policies and rules that allow it; for `no-longer`: what denies it now, or that an end is gone. */
  readonly because: readonly string[];
  /** The whole line, as `aipc diff` prints it. */
  readonly text: string;
}

/** A short citation of an allowing reason. */
function allowedByText(r: ExplainReason): string {
  switch (r.layer) {
    case 'default':
      return r.direction === 'egress' ? 'no egress policy selects the source' : 'no ingress policy selects the destination';
    case 'NetworkPolicy':
      return `NetworkPolicy ${r.policy} (${r.direction} rule #${(r.rule ?? 0) + 1})`;
    case 'Ingress':
    case 'Route':
      return `${r.layer} ${r.object} (service ${r.service})`;
    case 'AdminNetworkPolicy':
    case 'BaselineAdminNetworkPolicy':
      return `${r.layer} ${r.policy} (${r.priority !== undefined ? `priority ${r.priority}, ` : ''}${r.direction} rule ${r.ruleName}: ${r.action})`;
  }
}

function explainPeer(result: ReachabilityResult, end: ConnectionEnd): ExplainPeer | undefined {
  if (end.type === 'ipBlock') return { type: 'ipBlock', low: end.low, high: end.high };
  if (end.type === 'ingress-controller') return { type: 'ingress-controller' };
  const workload = result.model.workloads.find((w) => w.id === end.name);
  return workload && { type: 'workload', workload };
}

/** Why `conns` between two ends are allowed (or denied) in `result`: the reasons of the segments that decide them. */
function reasonsFor(result: ReachabilityResult, src: ConnectionEnd, dst: ConnectionEnd, conns: ConnectionSet, allowed: boolean): string[] {
  const s = explainPeer(result, src);
  const d = explainPeer(result, dst);
  if (!s || !d) return [`${!s ? src.name : dst.name} is removed`];
  const reasons: ExplainReason[] = [];
  for (const seg of explainConnection(result, s, d).segments) {
    if (seg.allowed !== allowed || seg.conns.intersect(conns).isEmpty()) continue;
    for (const dir of [seg.egress, seg.ingress]) if (allowed || !dir.allowed) reasons.push(...dir.reasons);
  }
  const decisive = reasons.some((r) => r.layer !== 'default') ? reasons.filter((r) => r.layer !== 'default') : reasons;
  const texts = decisive.map((r) => (allowed ? allowedByText(r) : reasonText(r)));
  return [...new Set(texts)].sort(cmp);
}

const endGroup = (end: ConnectionEnd) => (end.type === 'workload' ? end.workload.namespace : end.name);
const SHOWN = 3;

/**
 * The diff summed up for a reviewer: per source and destination namespace, the connections now
 * reachable (with the rules that allow them) and no longer reachable (with what denies them now);
 * crossings between namespaces first.
 */
export function reachabilityLines(diff: ReachabilityDiff): ReachLine[] {
  const groups = new Map<
    string,
    { reach: ReachLine['reach']; from: string; to: string; connections: string; because: string[]; pairs: string[] }
  >();
  const add = (reach: ReachLine['reach'], c: ReachChange, conns: ConnectionSet) => {
    if (conns.isEmpty()) return;
    const because = reasonsFor(diff.after, c.src, c.dst, conns, reach === 'now');
    const from = endGroup(c.src);
    const to = endGroup(c.dst);
    const key = [reach, from, to, conns.toString(), ...because].join('\u0000');
    const g = groups.get(key) ?? { reach, from, to, connections: conns.toString(), because, pairs: [] };
    g.pairs.push(`${c.src.name} → ${c.dst.name}`);
    groups.set(key, g);
  };
  for (const c of diff.changes) {
    add('now', c, c.after.subtract(c.before));
    add('no-longer', c, c.before.subtract(c.after));
  }
  const lines = [...groups.values()].map((g): ReachLine => {
    const pairs = g.pairs.sort(cmp);
    const shown = pairs.length <= SHOWN ? pairs.join(', ') : `${pairs.slice(0, SHOWN).join(', ')} and ${pairs.length - SHOWN} more`;
    const why = g.reach === 'now' ? `allowed by ${g.because.join('; ')}` : `now ${g.because.join('; ')}`;
    const head = g.reach === 'now' ? 'now reachable' : 'no longer reachable';
    return { ...g, pairs, text: `${head}: ${g.from} → ${g.to} ${g.connections}, ${why} (${shown})` };
  });
  const cross = (l: ReachLine) => (l.from === l.to ? 1 : 0);
  return lines.sort(
    (a, b) =>
      (a.reach === b.reach ? 0 : a.reach === 'now' ? -1 : 1) ||
      cross(a) - cross(b) ||
      cmp(a.from, b.from) ||
      cmp(a.to, b.to) ||
      cmp(a.text, b.text),
  );
}

/**
 * Pods that could exist, per namespace: one with no labels, and one for each pod selector some
 * policy applies there (its subject, or a rule's peer). A platform's tenant namespaces often run no
 * pod when the chart is rendered, yet a policy opening one tenant to another opens them for the
 * pods that will run; these stand in for them (named `{any pod}`, `{app=db}`).
 */
function podsThatCouldExist(models: readonly IsolationModel[]): Map<string, Record<string, string>[]> {
  const out = new Map<string, Map<string, Record<string, string>>>();
  const add = (namespace: string, selector: LabelSelector | undefined) => {
    const labels = selector ? selector.sampleLabels() : {};
    if (!labels) return;
    const key = JSON.stringify(Object.entries(labels).sort());
    if (!out.has(namespace)) out.set(namespace, new Map([['[]', {}]]));
    out.get(namespace)!.set(key, { ...labels });
  };
  for (const model of models) {
    const namespaces = [...model.namespaces.values()];
    const matching = (sel: LabelSelector) => namespaces.filter((n) => sel.matches(n.labels)).map((n) => n.name);
    for (const n of namespaces) add(n.name, undefined);
    for (const p of model.policies) {
      add(p.namespace, p.podSelector);
      for (const rule of [...p.ingress, ...p.egress])
        for (const peer of rule.peers ?? [])
          if (peer.type === 'pods')
            for (const ns of peer.namespaceSelector ? matching(peer.namespaceSelector) : [p.namespace]) add(ns, peer.podSelector);
    }
    for (const a of [...model.adminPolicies, ...(model.baseline ? [model.baseline] : [])]) {
      for (const ns of matching(a.subject.namespaces)) add(ns, a.subject.pods);
      for (const rule of [...a.ingress, ...a.egress])
        for (const peer of rule.peers) if (peer.type === 'pods') for (const ns of matching(peer.namespaces)) add(ns, peer.pods);
    }
  }
  return new Map([...out].map(([ns, sets]) => [ns, [...sets.values()]]));
}

const podName = (labels: Record<string, string>) =>
  Object.keys(labels).length
    ? `{${Object.entries(labels)
        .sort(([a], [b]) => cmp(a, b))
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}}`
    : '{any pod}';

/**
 * The reachability diff of two object sets, with pods that could exist added to both (in the
 * namespaces each side has), so that a policy change shows even where no pod runs yet.
 */
export function reachabilityDiffOfObjects(before: readonly ModelInput[], after: readonly ModelInput[]): ReachabilityDiff {
  const models = [buildModel(before), buildModel(after)];
  const extra = podsThatCouldExist(models);
  const withPods = (objects: readonly ModelInput[], model: IsolationModel): ModelInput[] => [
    ...objects,
    ...[...extra].flatMap(([namespace, sets]) =>
      model.namespaces.has(namespace)
        ? sets.map((labels) => ({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: podName(labels), namespace, labels },
            spec: { containers: [] },
          }))
        : [],
    ),
  ];
  return reachabilityDiff(analyzeReachability(withPods(before, models[0])), analyzeReachability(withPods(after, models[1])));
}

/**
 * Kinds that never run a pod or decide a connection: a diff of large renders need not keep them
 * for the reachability lines (everything else is kept, custom workloads and their CRDs included).
 */
const NO_REACHABILITY = new Set([
  'ConfigMap',
  'Secret',
  'ServiceAccount',
  'Role',
  'RoleBinding',
  'ClusterRole',
  'ClusterRoleBinding',
  'ResourceQuota',
  'LimitRange',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
  'PersistentVolumeClaim',
  'PriorityClass',
  'ServiceMonitor',
  'PodMonitor',
  'PrometheusRule',
]);

/** Whether an object can change who reaches whom (what the reachability diff must see). */
export function affectsReachability(object: { readonly kind?: unknown }): boolean {
  return !(typeof object.kind === 'string' && NO_REACHABILITY.has(object.kind));
}
