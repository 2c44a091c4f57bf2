// Namespace-level verdicts, derived from the engine's class-level connections (never computed
// apart): which namespaces reach which, which reach outside the cluster, and every path that
// crosses a tenant or classification boundary or leaves the cluster where that is forbidden.
import type { Diagnostic } from '../../errors.js';
import { ConnectionSet } from './connections.js';
import { analyzeReachability, type ClassConnection, type ReachabilityResult } from './engine.js';
import {
  buildModel,
  CLASSIFICATION_LABEL,
  TENANT_LABEL,
  TIER_LABEL,
  type IsolationModel,
  type ModelFinding,
  type PodClass,
} from './model.js';
import type { OperationCounter } from './selectors.js';
import { PLATFORM_LABEL, ENTRYPOINT_LABEL } from '../../model/labels.js';
import { exposureFindings } from './exposure-verdicts.js';

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
  /** Also judge pods that could exist (exposure analysis; see exposure-verdicts.ts). */
  readonly exposure?: boolean;
  /** Unmodelled kinds (`Kind` or `Kind.group`) a person has reviewed: listed, not failures. */
  readonly acknowledgeUnmodelled?: readonly string[];
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
  /** Further destinations (or sources) with the same crossing, grouped into this one: how many, and the first names. */
  readonly more?: { readonly count: number; readonly first: readonly string[] };
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
  /**
   * Policies not counted (refused by the API server, replaced by a later copy), admin policies of
   * equal priority, kinds not modelled: each makes the verdict unsound and fails the check, except
   * acknowledged unmodelled kinds.
   */
  readonly findings: readonly ModelFinding[];
  readonly operations: OperationCounter;
  readonly notes: readonly Diagnostic[];
  readonly errors: readonly Diagnostic[];
  /** The engine result, for `--connections`. */
  readonly reachability: ReachabilityResult;
  /** With exposure on: how many pods that could exist were checked, against which representative peers. */
  readonly exposure?: { readonly subjects: number; readonly peers: readonly string[]; readonly findings: number };
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
  const built = Array.isArray(input)
    ? buildModel(input as Parameters<typeof buildModel>[0], { acknowledgeUnmodelled: options.acknowledgeUnmodelled })
    : (input as IsolationModel);
  const reachability = analyzeReachability(built);
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
      agg.allowedBy.add(a.policy ? `${a.policy} (egress)` : `${cls.namespace}: ${UNPROTECTED} (egress of ${firstWorkload(cls)})`);
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

  let exposure: IsolationReport['exposure'];
  if (options.exposure) {
    const summary = exposureFindings(reachability, DNS_EXEMPTION, ENTRYPOINT_LABEL, PLATFORM_LABEL);
    exposure = { subjects: summary.subjects, peers: summary.peers, findings: summary.findings.length };
    const known = new Map(violations.map((v) => [`${v.from}\u0000${v.to ?? ''}`, v]));
    const extra = new Map<
      string,
      {
        rules: ViolationRule[];
        from: string;
        to: string | null;
        conns: ConnectionSet;
        example: string;
        allowedBy: Set<string>;
        what: string;
      }
    >();
    const add = (
      from: string,
      to: string | null,
      rules: ViolationRule[],
      conns: ConnectionSet,
      example: string,
      allowedBy: readonly string[],
      what: string,
    ) => {
      if (!rules.length || conns.isEmpty()) return;
      const key = `${from}\u0000${to ?? ''}`;
      if (known.has(key)) return;
      const agg = extra.get(key);
      if (agg) {
        agg.conns = agg.conns.union(conns);
        allowedBy.forEach((a) => agg.allowedBy.add(a));
      } else extra.set(key, { rules, from, to, conns, example, allowedBy: new Set(allowedBy), what });
    };
    for (const f of summary.findings) {
      const example = f.direction === 'egress' ? `${f.subject} => ${f.peer}` : `${f.peer} => ${f.subject}`;
      const crossings: {
        from: string;
        to: string;
        rules: ViolationRule[];
        conns: ConnectionSet;
        example: string;
        allowedBy: readonly string[];
      }[] = [];
      for (const m of f.inside) {
        const [from, to] = f.direction === 'egress' ? [f.namespace, m.namespace] : [m.namespace, f.namespace];
        const sameLevel = boundaries.get(from)?.classification === boundaries.get(to)?.classification;
        if (f.direction === 'egress' && f.entrypoint && sameLevel) continue;
        if (
          f.direction === 'ingress' &&
          f.subjectEntrypoint &&
          sameLevel &&
          model.namespaces.get(m.namespace)?.labels[PLATFORM_LABEL] === f.namespace
        )
          continue;
        const rules = crossingRules(from, to);
        const conns = f.dns ? m.conns.subtract(DNS_CONNECTIONS) : m.conns;
        if (rules.length && !conns.isEmpty())
          crossings.push({ from, to, rules, conns, example: m.example ?? example, allowedBy: m.allowedBy ?? f.allowedBy });
      }
      if (crossings.length <= GROUP_LIMIT) {
        for (const c of crossings)
          add(
            c.from,
            c.to,
            c.rules,
            c.conns,
            c.example,
            c.allowedBy,
            c.rules.map((r) => describeCrossing(r, boundaries.get(c.from)!, boundaries.get(c.to)!)).join('; '),
          );
      } else {
        // a selector matching many namespaces of the input: one violation, the namespaces counted
        const others = crossings.map((c) => (f.direction === 'egress' ? c.to : c.from));
        const rules = [...new Set(crossings.flatMap((c) => c.rules))];
        const conns = crossings.reduce((acc, c) => acc.union(c.conns), ConnectionSet.NONE);
        const group = `${f.peer}: ${others.slice(0, 5).join(', ')} and ${others.length - 5} more namespaces of the input`;
        const [from, to] = f.direction === 'egress' ? [f.namespace, group] : [group, f.namespace];
        add(from, to, rules, conns, example, f.allowedBy, rules.map((r) => `${r}s`).join(' and '));
      }
      if (f.outside) {
        const here = boundaries.get(f.namespace)!;
        const there: NamespaceBoundary = {
          name: f.outside.name ?? f.peer,
          tenant: f.outside.tenant,
          classification: f.outside.classification,
        };
        const rules: ViolationRule[] = [];
        if (here.tenant !== there.tenant) rules.push('tenant-boundary');
        // a classified namespace sends nowhere but its own level, the DNS pods and what the tier
        // allows: a namespace outside the input (kube-system, any other) is of no level unless the
        // selector pins this one, so egress there crosses; ingress from it crosses when the selector pins another level
        const crosses =
          f.direction === 'egress' && here.classification !== undefined
            ? there.classification !== here.classification
            : there.classification !== undefined && there.classification !== here.classification;
        if (crosses) rules.push('classification-boundary');
        const conns = f.dns ? f.conns.subtract(DNS_CONNECTIONS) : f.conns;
        const [a, b] = f.direction === 'egress' ? [here, there] : [there, here];
        const peer = `${f.peer} (outside the input)`;
        const [from, to] = f.direction === 'egress' ? [f.namespace, peer] : [peer, f.namespace];
        add(from, to, rules, conns, example, f.allowedBy, rules.map((r) => describeCrossing(r, a, b)).join('; '));
      }
    }
    for (const e of summary.external) {
      const tier = boundaries.get(e.namespace)?.tier;
      if (!options.forbidExternal && tier !== 'edge') continue;
      add(e.namespace, null, ['external-egress'], e.conns, `${e.subject} => outside the cluster`, e.allowedBy, 'out of the cluster');
    }
    for (const v of extra.values()) {
      const allowedBy = [...v.allowedBy].sort();
      const conns = v.conns.toString();
      violations.push({
        rules: v.rules,
        from: v.from,
        to: v.to,
        connections: conns,
        example: v.example,
        allowedBy,
        message:
          v.to === null
            ? `${v.from} can reach outside the cluster (a pod that could run there), which ${boundaries.get(v.from)?.tier === 'edge' ? 'tier edge' : 'this check'} forbids: ${conns} (e.g. ${v.example}); allowed by ${allowedBy.join('; ')}`
            : `${v.from} → ${v.to} crosses ${v.what}: ${conns} (e.g. ${v.example}); allowed by ${allowedBy.join('; ')}`,
      });
    }
  }

  const byName = (a: string | null, b: string | null) =>
    (a ?? '\uffff') < (b ?? '\uffff') ? -1 : (a ?? '\uffff') > (b ?? '\uffff') ? 1 : 0;
  reach.sort((a, b) => byName(a.from, b.from) || byName(a.to, b.to));
  violations.sort((a, b) => byName(a.from, b.from) || byName(a.to, b.to));
  const grouped = groupViolations(violations);
  return {
    namespaces: [...boundaries.values()].sort((a, b) => byName(a.name, b.name)),
    reach,
    externalIngress: [...externalIngress]
      .map(([ns, agg]) => ({ from: ns, to: null, connections: agg.conns.toString(), example: `outside the cluster => ${agg.example}` }))
      .sort((a, b) => byName(a.from, b.from)),
    violations: grouped,
    findings: model.findings,
    operations: ops,
    notes,
    errors: model.errors,
    reachability,
    exposure,
  };
}

/** Above this many destinations with the same crossing from one source, they are reported as one violation. */
export const GROUP_LIMIT = 5;
const NAMES_SHOWN = 10;

/**
 * Keeps reports proportional to what a person reads: crossings from one source with the same
 * rules and connections to more than GROUP_LIMIT destinations become one violation naming the
 * first destinations and counting the rest (open namespaces would otherwise give one per pair).
 */
export function groupViolations(violations: readonly Violation[]): Violation[] {
  const groups = new Map<string, Violation[]>();
  for (const v of violations) {
    const key = `${v.from}\u0000${v.rules.join(',')}\u0000${v.connections}\u0000${v.to === null ? 'outside' : ''}`;
    const list = groups.get(key);
    if (list) list.push(v);
    else groups.set(key, [v]);
  }
  const out: Violation[] = [];
  for (const list of groups.values()) {
    if (list.length <= GROUP_LIMIT) {
      out.push(...list);
      continue;
    }
    const [head, ...rest] = list;
    const names = rest.map((v) => v.to ?? 'outside');
    const allowedBy = [...new Set(list.flatMap((v) => v.allowedBy))].sort();
    const shownBy = allowedBy.slice(0, NAMES_SHOWN);
    const moreBy = allowedBy.length > NAMES_SHOWN ? `; and ${allowedBy.length - NAMES_SHOWN} more` : '';
    const to = `${head.to} and ${rest.length} more (${names.slice(0, NAMES_SHOWN).join(', ')}${rest.length > NAMES_SHOWN ? ', …' : ''})`;
    out.push({
      ...head,
      more: { count: rest.length, first: names.slice(0, NAMES_SHOWN) },
      allowedBy: shownBy,
      message: `${head.from} → ${to} cross ${head.rules.join(' and ')}: ${head.connections} (e.g. ${head.example}); allowed by ${shownBy.join('; ')}${moreBy}`,
    });
  }
  return out;
}

function attribution(c: ClassConnection): string[] {
  const out: string[] = [];
  if (c.egressPolicies === null) out.push(`${c.src.namespace}: ${UNPROTECTED} (egress of ${firstWorkload(c.src)})`);
  else for (const p of c.egressPolicies) out.push(`${p} (egress)`);
  if (c.ingressPolicies === null) out.push(`${c.dst.namespace}: ${UNPROTECTED} (ingress of ${firstWorkload(c.dst)})`);
  else for (const p of c.ingressPolicies) out.push(`${p} (ingress)`);
  return out;
}

function describeCrossing(rule: ViolationRule, a: NamespaceBoundary, b: NamespaceBoundary): string {
  if (rule === 'tenant-boundary') return `a tenant boundary (${a.tenant ?? 'no tenant'} → ${b.tenant ?? 'no tenant'})`;
  return `a classification boundary (${a.classification ?? 'unlabelled'} → ${b.classification ?? 'unlabelled'})`;
}
