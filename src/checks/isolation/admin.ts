// AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1): parsing
// into the engine's model. They are cluster-scoped; their subjects and peers select namespaces, or
// pods within selected namespaces; egress peers may also be `networks` (CIDRs) and `nodes`.
import type { Diagnostic } from '../../errors.js';
import { isRecord } from '../../util/data.js';
import { isProtocol } from './connections.js';
import { IntervalSet } from './intervals.js';
import { parseCidr } from './ip.js';
import { LabelSelector } from '../../kube/selectors.js';
import type { PortSpec } from './connections.js';

/** A policy's `ingress` or `egress` rules (a non-list is reported and read as none) and the key their peers sit under. */
export function ruleList(
  spec: Record<string, unknown>,
  key: 'ingress' | 'egress',
  fail: (path: string, message: string) => void,
): { items: Record<string, unknown>[]; peerKey: 'from' | 'to' } {
  const peerKey = key === 'ingress' ? 'from' : 'to';
  const raw = spec[key];
  if (raw === undefined || raw === null) return { items: [], peerKey };
  if (!Array.isArray(raw)) {
    fail(`spec.${key}`, 'must be a list');
    return { items: [], peerKey };
  }
  return { items: raw.map((r) => (isRecord(r) ? r : {})), peerKey };
}

export type AdminAction = 'Allow' | 'Deny' | 'Pass';

/** Pods in namespaces matching `namespaces`, whose labels match `pods` (undefined: every pod). */
export interface AdminPodSet {
  readonly namespaces: LabelSelector;
  readonly pods?: LabelSelector;
}

export type AdminPeer =
  | ({ readonly type: 'pods' } & AdminPodSet)
  | { readonly type: 'networks'; readonly ips: IntervalSet; readonly ipv6: readonly string[] }
  /** Node IPs are not known to the model: the peer matches no pod and no modelled address. */
  | { readonly type: 'nodes' };

export interface AdminRule {
  readonly index: number;
  readonly name: string;
  readonly action: AdminAction;
  readonly peers: readonly AdminPeer[];
  /** Null: every port of every protocol. */
  readonly ports: readonly PortSpec[] | null;
}

export interface AdminPolicy {
  /** `AdminNetworkPolicy name` or `BaselineAdminNetworkPolicy name`: how reports cite it. */
  readonly ref: string;
  readonly kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
  readonly name: string;
  /** AdminNetworkPolicy only; lower is evaluated first. */
  readonly priority: number;
  readonly subject: AdminPodSet;
  readonly ingress: readonly AdminRule[];
  readonly egress: readonly AdminRule[];
}

const ACTIONS: readonly AdminAction[] = ['Allow', 'Deny', 'Pass'];

/** Parses one AdminNetworkPolicy or BaselineAdminNetworkPolicy; problems go to `errors`/`notes`. */
export function parseAdminPolicy(
  kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy',
  name: string,
  spec: Record<string, unknown>,
  where: { file: string; line?: number },
  errors: Diagnostic[],
  notes: Diagnostic[],
): AdminPolicy | undefined {
  const ref = `${kind} ${name}`;
  let ok = true;
  const fail = (path: string, message: string) => {
    ok = false;
    errors.push({ ...where, path, message: `${ref}: ${message}` });
  };
  const selector = (raw: unknown, path: string): LabelSelector => {
    const sel = LabelSelector.parse(raw);
    if (typeof sel === 'string') {
      fail(path, sel);
      return LabelSelector.EVERYTHING;
    }
    return sel;
  };
  const podSet = (raw: unknown, path: string): AdminPodSet | undefined => {
    const r = isRecord(raw) ? raw : {};
    if (r.namespaces !== undefined && r.namespaces !== null) return { namespaces: selector(r.namespaces, `${path}.namespaces`) };
    if (isRecord(r.pods)) {
      return {
        namespaces: selector(r.pods.namespaceSelector, `${path}.pods.namespaceSelector`),
        pods: selector(r.pods.podSelector, `${path}.pods.podSelector`),
      };
    }
    return undefined;
  };

  let priority = 0;
  if (kind === 'AdminNetworkPolicy') {
    if (typeof spec.priority !== 'number' || !Number.isInteger(spec.priority) || spec.priority < 0 || spec.priority > 1000) {
      fail('spec.priority', `priority must be an integer 0…1000, found ${JSON.stringify(spec.priority)}`);
    } else priority = spec.priority;
  }
  const subject = podSet(spec.subject, 'spec.subject');
  if (!subject) fail('spec.subject', 'needs namespaces or pods');

  const ports = (raw: unknown, path: string): PortSpec[] | null => {
    if (raw === undefined || raw === null) return null;
    if (!Array.isArray(raw)) {
      fail(path, 'must be a list');
      return [];
    }
    const out: PortSpec[] = [];
    raw.forEach((p, i) => {
      const at = `${path}[${i}]`;
      const entry = isRecord(p) ? p : {};
      if (typeof entry.namedPort === 'string') return void out.push({ protocol: 'TCP', port: entry.namedPort, anyProtocol: true });
      const spec = isRecord(entry.portNumber) ? entry.portNumber : isRecord(entry.portRange) ? entry.portRange : undefined;
      if (!spec) return void fail(at, 'needs portNumber, portRange or namedPort');
      const protocol = spec.protocol === undefined ? 'TCP' : spec.protocol;
      if (!isProtocol(protocol)) return void fail(`${at}.protocol`, `unknown protocol ${JSON.stringify(protocol)}`);
      if (isRecord(entry.portNumber)) {
        if (typeof spec.port !== 'number') return void fail(`${at}.portNumber.port`, `invalid port ${JSON.stringify(spec.port)}`);
        return void out.push({ protocol, port: spec.port });
      }
      if (typeof spec.start !== 'number' || typeof spec.end !== 'number')
        return void fail(`${at}.portRange`, 'start and end must be numbers');
      out.push({ protocol, port: spec.start, endPort: spec.end });
    });
    return out;
  };

  const rules = (key: 'ingress' | 'egress'): AdminRule[] => {
    const { items, peerKey } = ruleList(spec, key, fail);
    return items.map((rule, index): AdminRule => {
      const path = `spec.${key}[${index}]`;
      const action = rule.action as AdminAction;
      if (!ACTIONS.includes(action)) fail(`${path}.action`, `action must be Allow, Deny or Pass, found ${JSON.stringify(rule.action)}`);
      const peers: AdminPeer[] = [];
      const rawPeers = Array.isArray(rule[peerKey]) ? (rule[peerKey] as unknown[]) : [];
      if (!rawPeers.length) fail(`${path}.${peerKey}`, 'needs at least one peer');
      rawPeers.forEach((p, i) => {
        const at = `${path}.${peerKey}[${i}]`;
        const peer = isRecord(p) ? p : {};
        if (key === 'egress' && Array.isArray(peer.networks)) {
          let ips = IntervalSet.EMPTY;
          const ipv6: string[] = [];
          peer.networks.forEach((n, j) => {
            const cidr = typeof n === 'string' ? parseCidr(n) : undefined;
            if (!cidr) fail(`${at}.networks[${j}]`, `invalid CIDR ${JSON.stringify(n)}`);
            else if (cidr.family === 6) ipv6.push(cidr.text);
            else ips = ips.union(cidr.ips);
          });
          if (ipv6.length)
            notes.push({
              ...where,
              path: `${at}.networks`,
              message: `${ref}: IPv6 networks ${ipv6.join(', ')} are not split into address ranges`,
            });
          return void peers.push({ type: 'networks', ips, ipv6 });
        }
        if (key === 'egress' && peer.nodes !== undefined) {
          notes.push({ ...where, path: `${at}.nodes`, message: `${ref}: node addresses are not modelled; this peer matches nothing here` });
          return void peers.push({ type: 'nodes' });
        }
        const set = podSet(peer, at);
        if (!set) return void fail(at, key === 'egress' ? 'needs namespaces, pods, networks or nodes' : 'needs namespaces or pods');
        peers.push({ type: 'pods', ...set });
      });
      return {
        index,
        name: typeof rule.name === 'string' ? rule.name : `#${index + 1}`,
        action,
        peers,
        ports: ports(rule.ports, `${path}.ports`),
      };
    });
  };
  const ingress = rules('ingress');
  const egress = rules('egress');
  if (!ok || !subject) return undefined;
  return { ref, kind, name, priority, subject, ingress, egress };
}
