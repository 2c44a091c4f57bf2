// What the API server refuses in a NetworkPolicy, an AdminNetworkPolicy or a label selector, worded
// as it words it. Re-derived from k8s.io/kubernetes pkg/apis/networking/validation/validation.go
// (ValidateNetworkPolicySpec, ValidateNetworkPolicyPort, ValidateNetworkPolicyPeer,
// ValidateIPBlock), k8s.io/apimachinery pkg/apis/meta/v1/validation (ValidateLabelSelector,
// ValidateLabelSelectorRequirement, ValidateLabels), pkg/apis/apps/validation and
// pkg/apis/core/validation (a workload's selector must match its template's labels), and
// sigs.k8s.io/network-policy-api apis/v1alpha1 (the CRDs' CEL rules: a BaselineAdminNetworkPolicy
// is named `default`, a port range starts below its end).
//
// One home for these rules: `aipc validate` reports them, and the isolation check never counts a
// policy they refuse as protection.
import { getPath, isRecord } from '../util/data.js';
import { parseIpv4Cidr } from '../util/ipv4.js';
import { ianaSvcNameErrors, labelValueErrors, qualifiedNameErrors } from '../kube/names.js';
import { LabelSelector } from '../kube/selectors.js';
import { podTemplateKindOf } from '../kube/workloads.js';

type Path = (string | number)[];

/** A problem the API server would refuse the object for. */
export interface AdmissionProblem {
  readonly path: Path;
  readonly message: string;
}

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v)));
const invalid = (path: Path, value: unknown, detail: string): AdmissionProblem => ({
  path,
  message: `Invalid value: ${show(value)}: ${detail}`,
});

/** ValidateLabels: every key a qualified name, every value a label value. */
export function labelMapProblems(labels: unknown, path: Path): AdmissionProblem[] {
  const out: AdmissionProblem[] = [];
  if (!isRecord(labels)) return out;
  for (const [key, value] of Object.entries(labels)) {
    for (const e of qualifiedNameErrors(key)) out.push(invalid([...path], key, e));
    if (typeof value === 'string') for (const e of labelValueErrors(value)) out.push(invalid([...path], value, e));
  }
  return out;
}

/** ValidateLabelSelector: operators with and without values, keys, values, matchLabels. */
export function labelSelectorProblems(selector: unknown, path: Path): AdmissionProblem[] {
  const out: AdmissionProblem[] = [];
  if (!isRecord(selector)) return out;
  const exprs = selector.matchExpressions;
  if (Array.isArray(exprs))
    exprs.forEach((e: unknown, i: number) => {
      if (!isRecord(e)) return;
      const at = [...path, 'matchExpressions', i];
      const values = Array.isArray(e.values) ? e.values : [];
      switch (e.operator) {
        case 'In':
        case 'NotIn':
          if (!values.length)
            out.push({ path: [...at, 'values'], message: "Required value: must be specified when `operator` is 'In' or 'NotIn'" });
          break;
        case 'Exists':
        case 'DoesNotExist':
          if (values.length)
            out.push({
              path: [...at, 'values'],
              message: "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            });
          break;
        default:
          out.push({
            path: [...at, 'operator'],
            message: `Unsupported value: ${show(e.operator)}: supported values: "In", "NotIn", "Exists", "DoesNotExist"`,
          });
      }
      if (typeof e.key === 'string') for (const m of qualifiedNameErrors(e.key)) out.push(invalid([...at, 'key'], e.key, m));
      values.forEach((v: unknown, j: number) => {
        if (typeof v === 'string') for (const m of labelValueErrors(v)) out.push(invalid([...at, 'values', j], v, m));
      });
    });
  out.push(...labelMapProblems(selector.matchLabels, [...path, 'matchLabels']));
  return out;
}

const PORT_RANGE = 'must be between 1 and 65535, inclusive';
const isPortNumber = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;

function policyPortProblems(p: Record<string, unknown>, path: Path): AdmissionProblem[] {
  const out: AdmissionProblem[] = [];
  if (p.protocol !== undefined && p.protocol !== null && !['TCP', 'UDP', 'SCTP'].includes(p.protocol as string))
    out.push({ path: [...path, 'protocol'], message: `Unsupported value: ${show(p.protocol)}: supported values: "SCTP", "TCP", "UDP"` });
  const { port, endPort } = p;
  const hasEnd = endPort !== undefined && endPort !== null;
  if (port === undefined || port === null) {
    if (hasEnd) out.push(invalid([...path, 'endPort'], endPort, 'may not be specified when `port` is not specified'));
  } else if (typeof port === 'number') {
    if (!isPortNumber(port)) out.push(invalid([...path, 'port'], port, PORT_RANGE));
    if (hasEnd && typeof endPort === 'number') {
      if (endPort < port) out.push(invalid([...path, 'endPort'], port, 'must be greater than or equal to `port`'));
      if (!isPortNumber(endPort)) out.push(invalid([...path, 'endPort'], endPort, PORT_RANGE));
    }
  } else if (typeof port === 'string') {
    // an IntOrString given as a string is a port name, even when it reads as a number ("80")
    if (hasEnd) out.push(invalid([...path, 'endPort'], endPort, 'may not be specified when `port` is non-numeric'));
    for (const e of ianaSvcNameErrors(port)) out.push(invalid([...path, 'port'], port, e));
  }
  return out;
}

type Cidr = { family: 4; low: number; high: number } | { family: 6 };

function parseCidr(text: string): Cidr | undefined {
  if (text.includes(':')) {
    const m = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(text);
    return m && Number(m[2]) <= 128 && m[1].includes(':') ? { family: 6 } : undefined;
  }
  const r = parseIpv4Cidr(text);
  return r && { family: 4, ...r };
}

function ipBlockProblems(block: Record<string, unknown>, path: Path): AdmissionProblem[] {
  const out: AdmissionProblem[] = [];
  if (typeof block.cidr !== 'string' || block.cidr === '') {
    out.push({ path: [...path, 'cidr'], message: 'Required value' });
    return out;
  }
  const cidr = parseCidr(block.cidr);
  if (!cidr) {
    out.push(invalid([...path, 'cidr'], block.cidr, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
    return out;
  }
  const except = Array.isArray(block.except) ? block.except : [];
  except.forEach((e: unknown, i: number) => {
    const at = [...path, 'except', i];
    const ex = typeof e === 'string' ? parseCidr(e) : undefined;
    if (!ex) return void out.push(invalid(at, e, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
    const strict =
      ex.family === cidr.family &&
      (ex.family === 6 || (cidr.family === 4 && ex.low >= cidr.low && ex.high <= cidr.high && ex.high - ex.low < cidr.high - cidr.low));
    if (!strict) out.push(invalid(at, e, 'must be a strict subset of `cidr`'));
  });
  return out;
}

function peerProblems(peer: unknown, path: Path): AdmissionProblem[] {
  const out: AdmissionProblem[] = [];
  const p = isRecord(peer) ? peer : {};
  const present = (k: string) => p[k] !== undefined && p[k] !== null;
  let count = 0;
  if (present('podSelector')) {
    count++;
    out.push(...labelSelectorProblems(p.podSelector, [...path, 'podSelector']));
  }
  if (present('namespaceSelector')) {
    count++;
    out.push(...labelSelectorProblems(p.namespaceSelector, [...path, 'namespaceSelector']));
  }
  if (present('ipBlock')) {
    count++;
    if (isRecord(p.ipBlock)) out.push(...ipBlockProblems(p.ipBlock, [...path, 'ipBlock']));
  }
  if (count === 0) out.push({ path, message: 'Required value: must specify a peer' });
  else if (present('ipBlock') && count > 1) out.push({ path, message: 'Forbidden: may not specify both ipBlock and another peer' });
  return out;
}

/** ValidateNetworkPolicySpec: what the API server refuses in a `networking.k8s.io/v1` NetworkPolicy. */
export function networkPolicyProblems(object: Record<string, unknown>): AdmissionProblem[] {
  const spec = object.spec;
  if (!isRecord(spec)) return [];
  const out: AdmissionProblem[] = [...labelSelectorProblems(spec.podSelector, ['spec', 'podSelector'])];
  for (const [key, peerKey] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    const rules = spec[key];
    if (!Array.isArray(rules)) continue;
    rules.forEach((rule: unknown, i: number) => {
      if (!isRecord(rule)) return;
      const at: Path = ['spec', key, i];
      if (Array.isArray(rule.ports))
        rule.ports.forEach((p: unknown, j: number) => {
          if (isRecord(p)) out.push(...policyPortProblems(p, [...at, 'ports', j]));
        });
      const peers = rule[peerKey];
      if (Array.isArray(peers)) peers.forEach((peer: unknown, j: number) => out.push(...peerProblems(peer, [...at, peerKey, j])));
    });
  }
  const types = spec.policyTypes;
  if (Array.isArray(types)) {
    if (types.length > 2) out.push(invalid(['spec', 'policyTypes'], types, 'may not specify more than two policyTypes'));
    else
      types.forEach((t: unknown, i: number) => {
        if (t !== 'Ingress' && t !== 'Egress')
          out.push({ path: ['spec', 'policyTypes', i], message: `Unsupported value: ${show(t)}: supported values: "Ingress", "Egress"` });
      });
  }
  return out;
}

/**
 * An AdminNetworkPolicy or BaselineAdminNetworkPolicy (`policy.networking.k8s.io/v1alpha1`): the
 * CRDs' CEL rules the structural schema cannot say, and label selectors the implementations cannot
 * convert (labels.Selector refuses what ValidateLabelSelector refuses).
 */
export function adminNetworkPolicyProblems(kind: string, object: Record<string, unknown>): AdmissionProblem[] {
  const out: AdmissionProblem[] = [];
  const name = getPath(object, ['metadata', 'name']);
  if (kind === 'BaselineAdminNetworkPolicy' && name !== 'default')
    out.push({
      path: ['metadata', 'name'],
      message: `Invalid value: ${show(name)}: Only one baseline admin network policy with metadata.name="default" can be created in the cluster`,
    });
  const spec = object.spec;
  if (!isRecord(spec)) return out;
  const podSet = (raw: unknown, path: Path) => {
    if (!isRecord(raw)) return;
    if (raw.namespaces !== undefined) out.push(...labelSelectorProblems(raw.namespaces, [...path, 'namespaces']));
    if (raw.nodes !== undefined) out.push(...labelSelectorProblems(raw.nodes, [...path, 'nodes']));
    if (isRecord(raw.pods)) {
      out.push(...labelSelectorProblems(raw.pods.namespaceSelector, [...path, 'pods', 'namespaceSelector']));
      out.push(...labelSelectorProblems(raw.pods.podSelector, [...path, 'pods', 'podSelector']));
    }
  };
  podSet(spec.subject, ['spec', 'subject']);
  for (const [key, peerKey] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    const rules = spec[key];
    if (!Array.isArray(rules)) continue;
    rules.forEach((rule: unknown, i: number) => {
      if (!isRecord(rule)) return;
      const at: Path = ['spec', key, i];
      const peers = rule[peerKey];
      if (Array.isArray(peers)) peers.forEach((peer: unknown, j: number) => podSet(peer, [...at, peerKey, j]));
      if (Array.isArray(rule.ports))
        rule.ports.forEach((p: unknown, j: number) => {
          const range = isRecord(p) && isRecord(p.portRange) ? p.portRange : undefined;
          if (range && typeof range.start === 'number' && typeof range.end === 'number' && !(range.start < range.end))
            out.push({ path: [...at, 'ports', j, 'portRange'], message: 'Invalid value: "object": Start port must be less than End port' });
        });
    });
  }
  return out;
}

/** Whether an empty selector is refused, and whether the selector is a plain map (ReplicationController), per workload kind. */
const WORKLOAD_SELECTORS: Record<string, { readonly emptyRefused: boolean; readonly map?: boolean }> = {
  Deployment: { emptyRefused: true },
  ReplicaSet: { emptyRefused: true },
  StatefulSet: { emptyRefused: true },
  DaemonSet: { emptyRefused: true },
  Job: { emptyRefused: false },
  ReplicationController: { emptyRefused: false, map: true },
};

/** Whether labels satisfy a metav1.LabelSelector (or a plain map selector); undefined when the selector does not convert. */
function selectorMatches(selector: Record<string, unknown>, labels: Record<string, unknown>, map: boolean): boolean | undefined {
  const strings = (m: Record<string, unknown>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, String(v)]));
  const parsed = map ? LabelSelector.ofLabels(strings(selector)) : LabelSelector.parse(selector);
  return typeof parsed === 'string' ? undefined : parsed.matches(strings(labels));
}

/**
 * A workload's selector: required and non-empty (apps kinds), valid, and matching its pod
 * template's labels — the API server refuses a Deployment whose pods its selector would not own.
 * A Job's selector is checked only with `manualSelector: true` (otherwise the API server generates it).
 */
export function workloadSelectorProblems(kind: string, object: Record<string, unknown>): AdmissionProblem[] {
  const rule = WORKLOAD_SELECTORS[kind];
  const podKind = podTemplateKindOf(object, { builtinOnly: true });
  if (!rule || !podKind) return [];
  const template = [...podKind.path, 'metadata', 'labels'];
  const selector = getPath(object, ['spec', 'selector']);
  if (kind === 'Job' && getPath(object, ['spec', 'manualSelector']) !== true) return [];
  const out: AdmissionProblem[] = [];
  if (selector === undefined || selector === null) {
    if (rule.emptyRefused) out.push({ path: ['spec', 'selector'], message: 'Required value' });
    return out;
  }
  if (!isRecord(selector)) return out;
  if (!rule.map) out.push(...labelSelectorProblems(selector, ['spec', 'selector']));
  const empty = rule.map
    ? Object.keys(selector).length === 0
    : !(isRecord(selector.matchLabels) && Object.keys(selector.matchLabels).length) &&
      !(Array.isArray(selector.matchExpressions) && selector.matchExpressions.length);
  if (empty) {
    if (rule.emptyRefused) out.push(invalid(['spec', 'selector'], selector, `empty selector is invalid for ${kind.toLowerCase()}`));
    return out;
  }
  if (out.length) return out;
  const labels = getPath(object, template);
  const matches = selectorMatches(selector, isRecord(labels) ? labels : {}, rule.map === true);
  if (matches === false) out.push(invalid(template, isRecord(labels) ? labels : {}, '`selector` does not match template `labels`'));
  return out;
}
