// Namespace-level verdicts, derived from the engine's class-level connections (never computed
// apart): which namespaces reach which, which reach outside the cluster, and every path that
// crosses a tenant or classification boundary or leaves the cluster where that is forbidden.
import type { Diagnostic } from '../../errors.js';
import { ConnectionSet } from './connections.js';
import { analyzeReachability, type ClassConnection, type ReachabilityResult } from './engine.js';
import { buildModel, CLASSIFICATION_LABEL, TENANT_LABEL, TIER_LABEL, type IsolationModel, type PodClass } from './model.js';
import type { OperationCounter } from './selectors.js';
import { PLATFORM_LABEL, ENTRYPOINT_LABEL } from '../../model/labels.js';

/** Classification levels, lowest first. */
import { CLASSIFICATION_LEVELS } from '../../model/crds/index.js';

export { CLASSIFICATION_LEVELS };

/** The cluster DNS pods: traffic to them on 53/UDP and 53/TCP is not a boundary crossing. */
export const DNS_EXEMPTION = { namespace: 'kube-system', labelKey: 'k8s-app', labelValue: 'kube-dns' } as const;
const DNS_CONNECTIONS = ConnectionSet.of('UDP', 53, 53).union(ConnectionSet.of('TCP', 53, 53));

export const UNPROTECTED = 'no NetworkPolicy selects these pods';
/**
 * A tenant namespace names its platform namespace (label `fractal.ai/platform`); pods there that
 * carry ENTRYPOINT_LABEL=true (the gateway) are the platform's front door, and tenants of the same
 * classification may reach them. Any other pod of the platform namespace stays a tenant boundary.
 */
export { PLATFORM_LABEL, ENTRYPOINT_LABEL } from '../../model/labels.js';

export interface IsolationOptions {
  /** No egress outside the cluster at all (tier edge). Namespaces labelled with tier `edge` forbid it regardless. */
  readonly forbidExternal?: boolean;
}

export interface NamespaceBoundary {
  readonly name: string;
  readonly tenant?: string;
  readonly classification?: string;
  readonly tier?: string;
}

/** `from` namespace's pods can open connections to `to` namespace's pods (or outside, `to: null`). */
export interface NamespaceReach {
  readonly from: string;
  /** Null: outside the cluster. */
  readonly to: string | null;
  readonly connections: string;
  /** One workload pair that has this reach, e.g. `a/x[Deployment] => b/y[Deployment]`. */
  readonly example: string;
}

export type ViolationRule = 'tenant-boundary' | 'classification-boundary' | 'external-egress';

export interface Violation {
  readonly rules: readonly ViolationRule[];
  readonly from: string;
  /** Null: outside the cluster. */
  readonly to: string | null;
  /** The connections that cross (DNS to the cluster DNS pods excluded). */
  readonly connections: string;
  readonly example: string;
  /** What allows it: `NetworkPolicy ns/name (egress)`, or `ns: no NetworkPolicy selects these pods (ingress)`. */
  readonly allowedBy: readonly string[];
  readonly message: string;
}

export interface IsolationReport {
  readonly namespaces: readonly NamespaceBoundary[];
  /** Reach between different namespaces (and within one), sorted. */
  readonly reach: readonly NamespaceReach[];
  /** Connections from outside the cluster into a namespace (`from` is the namespace receiving). */
  readonly externalIngress: readonly NamespaceReach[];
  readonly violations: readonly Violation[];
  readonly operations: OperationCounter;
  readonly notes: readonly Diagnostic[];
  readonly errors: readonly Diagnostic[];
  /** The engine result, for `--connections`. */
  readonly reachability: ReachabilityResult;
}

interface PairAggregate {
  conns: ConnectionSet;
  crossing: ConnectionSet;
  example: string;
  crossingExample: string;
  allowedBy: Set<string>;
}

const isDns = (c: PodClass) => c.namespace === DNS_EXEMPTION.namespace && c.labels[DNS_EXEMPTION.labelKey] === DNS_EXEMPTION.labelValue;
const firstWorkload = (c: PodClass) => c.workloads[0]?.id ?? `${c.namespace}/<pods>`;

/** Runs the engine and derives namespace reach and boundary violations. */
export function checkIsolation(input: IsolationModel | Parameters<typeof buildModel>[0], options: IsolationOptions = {}): IsolationReport {
  const reachability = analyzeReachability(input);
  const { model } = reachability;
  const ops = reachability.operations;
  const boundaries = new Map<string, NamespaceBoundary>();
  for (const ns of model.namespaces.values()) {
    boundaries.set(ns.name, {
      name: ns.name,
      tenant: ns.labels[TENANT_LABEL],
      classification: ns.labels[CLASSIFICATION_LABEL],
      tier: ns.labels[TIER_LABEL],
    });
  }
  const notes: Diagnostic[] = [...model.notes];
  for (const b of boundaries.values()) {
    if (b.classification !== undefined && !(CLASSIFICATION_LEVELS as readonly string[]).includes(b.classification)) {
      notes.push({
        file: `Namespace/${b.name}`,
        path: `metadata.labels["${CLASSIFICATION_LABEL}"]`,
        message: `unknown classification ${JSON.stringify(b.classification)}; expected one of ${CLASSIFICATION_LEVELS.join(', ')}`,
      });
    }
  }
  const crossingRules = (from: string, to: string): ViolationRule[] => {
    if (from === to) return [];
    const a = boundaries.get(from)!;
    const b = boundaries.get(to)!;
    const rules: ViolationRule[] = [];
    if (a.tenant !== b.tenant) rules.push('tenant-boundary');
    if (a.classification !== b.classification) rules.push('classification-boundary');
    return rules;
  };

  const isPlatformEntry = (c: ClassConnection): boolean => {
    const src = model.namespaces.get(c.src.namespace);
    return (
      c.dst.labels[ENTRYPOINT_LABEL] === 'true' &&
      src?.labels[PLATFORM_LABEL] === c.dst.namespace &&
      boundaries.get(c.src.namespace)?.classification === boundaries.get(c.dst.namespace)?.classification
    );
  };

  const pairs = new Map<string, PairAggregate>();
  for (const c of reachability.connections) {
    const key = `${c.src.namespace}\u0000${c.dst.namespace}`;
    let agg = pairs.get(key);
    const example = `${firstWorkload(c.src)} => ${firstWorkload(c.dst)}`;
    if (!agg)
      pairs.set(
        key,
        (agg = { conns: ConnectionSet.NONE, crossing: ConnectionSet.NONE, example, crossingExample: '', allowedBy: new Set() }),
      );
    agg.conns = agg.conns.union(c.conns);
    if (!crossingRules(c.src.namespace, c.dst.namespace).length) continue;
    const crossing = isDns(c.dst) ? c.conns.subtract(DNS_CONNECTIONS) : isPlatformEntry(c) ? ConnectionSet.NONE : c.conns;
    if (crossing.isEmpty()) continue;
    agg.crossing = agg.crossing.union(crossing);
    if (!agg.crossingExample) agg.crossingExample = example;
    for (const a of attribution(c)) agg.allowedBy.add(a);
  }

  const reach: NamespaceReach[] = [];
  const violations: Violation[] = [];
  for (const [key, agg] of pairs) {
    const [from, to] = key.split('\u0000');
    reach.push({ from, to, connections: agg.conns.toString(), example: agg.example });
    if (agg.crossing.isEmpty()) continue;
    const rules = crossingRules(from, to);
    const allowedBy = [...agg.allowedBy].sort();
    const what = rules.map((r) => describeCrossing(r, boundaries.get(from)!, boundaries.get(to)!)).join('; ');
    violations.push({
      rules,
      from,
      to,
      connections: agg.crossing.toString(),
      example: agg.crossingExample,
      allowedBy,
      message: `${from} → ${to} crosses ${what}: ${agg.crossing.toString()} (e.g. ${agg.crossingExample}); allowed by ${allowedBy.join('; ')}`,
    });
  }

  // Outside the cluster.
  const externalEgress = new Map<string, { conns: ConnectionSet; example: string; allowedBy: Set<string> }>();
  const externalIngress = new Map<string, { conns: ConnectionSet; example: string }>();
  for (const cls of model.classes) {
    for (const a of reachability.egressExternal[cls.index]) {
      if (a.conns.isEmpty() || (a.ips.isEmpty() && !a.ipv6.length)) continue;
      let agg = externalEgress.get(cls.namespace);
      if (!agg) externalEgress.set(cls.namespace, (agg = { conns: ConnectionSet.NONE, example: firstWorkload(cls), allowedBy: new Set() }));
      agg.conns = agg.conns.union(a.conns);
      agg.allowedBy.add(
        a.policy ? `NetworkPolicy ${a.policy} (egress)` : `${cls.namespace}: ${UNPROTECTED} (egress of ${firstWorkload(cls)})`,
      );
    }
    for (const a of reachability.ingressExternal[cls.index]) {
      if (a.conns.isEmpty() || (a.ips.isEmpty() && !a.ipv6.length)) continue;
      const agg = externalIngress.get(cls.namespace);
      if (agg) agg.conns = agg.conns.union(a.conns);
      else externalIngress.set(cls.namespace, { conns: a.conns, example: firstWorkload(cls) });
    }
  }
  for (const [ns, agg] of externalEgress) {
    reach.push({ from: ns, to: null, connections: agg.conns.toString(), example: `${agg.example} => outside the cluster` });
    const tier = boundaries.get(ns)?.tier;
    if (!options.forbidExternal && tier !== 'edge') continue;
    const allowedBy = [...agg.allowedBy].sort();
    violations.push({
      rules: ['external-egress'],
      from: ns,
      to: null,
      connections: agg.conns.toString(),
      example: `${agg.example} => outside the cluster`,
      allowedBy,
      message: `${ns} can reach outside the cluster, which ${tier === 'edge' ? 'tier edge' : 'this check'} forbids: ${agg.conns.toString()} (e.g. ${agg.example}); allowed by ${allowedBy.join('; ')}`,
    });
  }

  const byName = (a: string | null, b: string | null) =>
    (a ?? '\uffff') < (b ?? '\uffff') ? -1 : (a ?? '\uffff') > (b ?? '\uffff') ? 1 : 0;
  reach.sort((a, b) => byName(a.from, b.from) || byName(a.to, b.to));
  violations.sort((a, b) => byName(a.from, b.from) || byName(a.to, b.to));
  return {
    namespaces: [...boundaries.values()].sort((a, b) => byName(a.name, b.name)),
    reach,
    externalIngress: [...externalIngress]
      .map(([ns, agg]) => ({ from: ns, to: null, connections: agg.conns.toString(), example: `outside the cluster => ${agg.example}` }))
      .sort((a, b) => byName(a.from, b.from)),
    violations,
    operations: ops,
    notes,
    errors: model.errors,
    reachability,
  };
}

function attribution(c: ClassConnection): string[] {
  const out: string[] = [];
  if (c.egressPolicies === null) out.push(`${c.src.namespace}: ${UNPROTECTED} (egress of ${firstWorkload(c.src)})`);
  else for (const p of c.egressPolicies) out.push(`NetworkPolicy ${p} (egress)`);
  if (c.ingressPolicies === null) out.push(`${c.dst.namespace}: ${UNPROTECTED} (ingress of ${firstWorkload(c.dst)})`);
  else for (const p of c.ingressPolicies) out.push(`NetworkPolicy ${p} (ingress)`);
  return out;
}

function describeCrossing(rule: ViolationRule, a: NamespaceBoundary, b: NamespaceBoundary): string {
  if (rule === 'tenant-boundary') return `a tenant boundary (${a.tenant ?? 'no tenant'} → ${b.tenant ?? 'no tenant'})`;
  return `a classification boundary (${a.classification ?? 'unlabelled'} → ${b.classification ?? 'unlabelled'})`;
}
