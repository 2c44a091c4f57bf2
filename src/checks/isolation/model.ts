// From Kubernetes objects to the engine's model: namespaces, workloads, pod classes, policies.
//
// Pods are grouped into classes: pods in one namespace with equal labels and equal named container
// ports are indistinguishable to every NetworkPolicy, so the engine computes once per class.
import type { Diagnostic } from '../../errors.js';
import type { KubeObject, ManifestObject } from '../../io/manifests.js';
import { isProtocol, type Protocol } from './connections.js';
import { IntervalSet } from './intervals.js';
import { parseCidr } from './ip.js';
import { LabelSelector, type Labels } from '../../kube/selectors.js';
import { isRecord } from '../../util/data.js';
import { containersOf, podTemplatesOf } from '../../kube/workloads.js';
import { parseAdminPolicy, ruleList, type AdminPolicy } from './admin.js';
import { groupKind, groupOf, isKind } from '../../kube/gvk.js';
import { POD_TEMPLATE_KINDS } from '../../kube/workloads.js';
import { podTemplateKindsFromCrds } from '../../kube/custom-workloads.js';
import { adminNetworkPolicyProblems, networkPolicyProblems } from '../../validate/network-admission.js';

export { TENANT_LABEL, CLASSIFICATION_LABEL, TIER_LABEL } from '../../model/labels.js';
export const NAME_LABEL = 'kubernetes.io/metadata.name';

export interface NamespaceInfo {
  readonly name: string;
  /** Labels, including the implicit `kubernetes.io/metadata.name`. */
  readonly labels: Labels;
  /** False for namespaces only referred to by objects (no Namespace object in the input). */
  readonly declared: boolean;
}

export interface NamedPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/** Pods that no policy can tell apart: same namespace, same labels, same named ports. */
export interface PodClass {
  readonly index: number;
  readonly namespace: string;
  readonly labels: Labels;
  readonly namedPorts: readonly NamedPort[];
  readonly workloads: PodWorkload[];
}

/** What netpol-analyzer reports: a pod's owner, a workload object, or a bare pod. */
export interface PodWorkload {
  /** `namespace/name[Kind]` */
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  readonly classes: PodClass[];
}

export type { PortSpec } from './connections.js';
import type { PortSpec } from './connections.js';

export type RulePeer =
  | { readonly type: 'pods'; readonly namespaceSelector?: LabelSelector; readonly podSelector?: LabelSelector }
  | { readonly type: 'ipBlock'; readonly ips: IntervalSet; readonly ipv6?: string }
  /** `{}`: rejected by the API server; treated as matching every pod and address (the worst case). */
  | { readonly type: 'empty' };

export interface PolicyRule {
  readonly index: number;
  /** Null: no `from`/`to`, every pod and every address. */
  readonly peers: readonly RulePeer[] | null;
  /** Null: no `ports`, every port of every protocol. */
  readonly ports: readonly PortSpec[] | null;
}

export interface Policy {
  /** `namespace/name` */
  readonly ref: string;
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: LabelSelector;
  readonly affectsIngress: boolean;
  readonly affectsEgress: boolean;
  readonly ingress: readonly PolicyRule[];
  readonly egress: readonly PolicyRule[];
}

export interface ServiceInfo {
  readonly namespace: string;
  readonly selector: Labels;
  readonly ports: readonly {
    readonly name?: string;
    readonly port: number;
    readonly targetPort: number | string;
    readonly protocol: Protocol;
  }[];
}

export interface IngressBackend {
  /** The object that routes to it: `Ingress` or `Route`, and its `namespace/name`. */
  readonly via: { readonly kind: 'Ingress' | 'Route'; readonly ref: string };
  readonly namespace: string;
  readonly service: string;
  /** The Service port, by number or name; undefined: every port of the Service (a Route without `port`). */
  readonly port: number | string | undefined;
}

/**
 * Something about the input that makes the verdict unsound unless a person looks: a policy the API
 * server refuses or a later copy replaces (not counted), admin policies of equal priority whose
 * order the API leaves undefined, objects of kinds the analysis does not model.
 */
export interface ModelFinding {
  readonly kind: 'refused' | 'duplicate' | 'priority-tie' | 'unmodelled';
  /** `NetworkPolicy ns/name`, `AdminNetworkPolicy name`, `VirtualMachine.kubevirt.io ns/name`. */
  readonly object: string;
  readonly file: string;
  readonly line?: number;
  readonly message: string;
  /** For unmodelled kinds: `Kind.group`, what `--acknowledge-unmodelled` names. */
  readonly groupKind?: string;
  /** Acknowledged by the caller: listed, not a failure. */
  readonly acknowledged?: boolean;
}

export interface IsolationModel {
  readonly namespaces: ReadonlyMap<string, NamespaceInfo>;
  readonly classes: readonly PodClass[];
  readonly workloads: readonly PodWorkload[];
  readonly policies: readonly Policy[];
  /** AdminNetworkPolicies, by ascending priority. */
  readonly adminPolicies: readonly AdminPolicy[];
  /** The BaselineAdminNetworkPolicy (the API admits one, named `default`). */
  readonly baseline?: AdminPolicy;
  /** Services with a selector, by `namespace/name` (for Ingress backends). */
  readonly services: ReadonlyMap<string, ServiceInfo>;
  /** Backends of Ingress objects: traffic the cluster's ingress controller sends. */
  readonly ingressBackends: readonly IngressBackend[];
  /** Findings about the input itself (see ModelFinding). */
  readonly findings: ModelFinding[];
  /** Malformed objects (bad input). */
  readonly errors: Diagnostic[];
  /** Things the model does not represent, or represents by a stated assumption. */
  readonly notes: Diagnostic[];
}

type Input = ManifestObject | KubeObject;

const NETWORKING = 'networking.k8s.io';
const POLICY_NETWORKING = 'policy.networking.k8s.io';
/** The kinds the model reads, by group: a kind of the same name in another group is another kind. */
const MODELLED: readonly (readonly [kind: string, groups: readonly string[]])[] = [
  ['Namespace', ['']],
  ['Pod', ['']],
  ['Service', ['']],
  ['NetworkPolicy', [NETWORKING]],
  ['Ingress', [NETWORKING]],
  ['AdminNetworkPolicy', [POLICY_NETWORKING]],
  ['BaselineAdminNetworkPolicy', [POLICY_NETWORKING]],
  ['Route', ['route.openshift.io']],
  ...POD_TEMPLATE_KINDS.map((k) => [k.kind, k.groups] as const),
];

/**
 * Kinds that change who can reach whom and that the model does not read: their presence makes
 * the connection list incomplete, so they are reported (netpol-analyzer ignores them silently).
 */
const UNMODELLED: readonly (readonly [group: string, kind: string, why: string])[] = [
  ['kubevirt.io', 'VirtualMachine', 'its virtual machine runs in a pod the input does not describe'],
  ['kubevirt.io', 'VirtualMachineInstance', 'its virtual machine runs in a pod the input does not describe'],
  ['kubevirt.io', 'VirtualMachineInstanceReplicaSet', 'its virtual machines run in pods the input does not describe'],
  ['pool.kubevirt.io', 'VirtualMachinePool', 'its virtual machines run in pods the input does not describe'],
  [
    'k8s.cni.cncf.io',
    'NetworkAttachmentDefinition',
    'pods attached to a secondary network reach each other there, outside NetworkPolicies',
  ],
  ['k8s.cni.cncf.io', 'MultiNetworkPolicy', 'policies of secondary networks are not read'],
  ['k8s.ovn.org', 'UserDefinedNetwork', 'a user-defined network isolates or joins namespaces outside NetworkPolicies'],
  ['k8s.ovn.org', 'ClusterUserDefinedNetwork', 'a user-defined network isolates or joins namespaces outside NetworkPolicies'],
  ['k8s.ovn.org', 'EgressFirewall', 'egress firewall rules are not read'],
  ['crd.projectcalico.org', 'GlobalNetworkPolicy', 'Calico policies are not read'],
  ['projectcalico.org', 'GlobalNetworkPolicy', 'Calico policies are not read'],
  ['cilium.io', 'CiliumNetworkPolicy', 'Cilium policies are not read'],
  ['cilium.io', 'CiliumClusterwideNetworkPolicy', 'Cilium policies are not read'],
];

function unwrap(input: Input): { object: KubeObject; file: string; line?: number } {
  if ('itemPath' in input && 'source' in input && typeof input.file === 'string') {
    const m = input as ManifestObject;
    // items of a typed list (`PodList`, `NamespaceList`) usually carry no kind of their own
    if (m.object.kind === undefined && m.itemPath.length) {
      const listKind = /["']?kind["']?\s*:\s*["']?([A-Za-z]+)List\b/.exec(m.source)?.[1];
      if (listKind) return { object: { ...m.object, kind: listKind }, file: m.file, line: m.line };
    }
    return { object: m.object, file: m.file, line: m.line };
  }
  return { object: input as KubeObject, file: '<input>' };
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(v)) for (const [k, val] of Object.entries(v)) if (val !== null && val !== undefined) out[k] = String(val);
  return out;
}

/** Options of the model. */
export interface ModelOptions {
  /** Kinds the caller has looked at (`Kind` or `Kind.group`): their unmodelled findings are listed, not failures. */
  readonly acknowledgeUnmodelled?: readonly string[];
}

/** Builds the model from any mix of objects; kinds that do not matter are ignored, kinds that would matter are reported. */
export function buildModel(inputs: readonly Input[], options: ModelOptions = {}): IsolationModel {
  const errors: Diagnostic[] = [];
  const notes: Diagnostic[] = [];
  const findings: ModelFinding[] = [];
  const declared = new Map<string, { labels: Labels; where: Where }>();
  const podSpecs = new Map<
    string,
    { namespace: string; labels: Labels; podSpec: unknown; workload: { name: string; kind: string }; where: Where }
  >();
  // the cluster keeps the last object applied under a name: later copies replace earlier ones
  const policies = new Map<string, { policy: Policy | undefined; where: Where }>();
  const admins = new Map<string, { policy: AdminPolicy | undefined; where: Where }>();
  const services = new Map<string, ServiceInfo>();
  const ingressBackends: IngressBackend[] = [];
  const acknowledged = new Set(options.acknowledgeUnmodelled ?? []);
  const replaced = (object: string, where: Where, earlier: Where) =>
    findings.push({
      kind: 'duplicate',
      object,
      ...where,
      message: `${object} is given twice (${at(earlier)} and ${at(where)}): the cluster keeps the last applied, so the earlier copy is not counted`,
    });
  const unmodelled = (object: KubeObject, where: Where, ref: string, why: string) => {
    const gk = groupKind(typeof object.apiVersion === 'string' ? groupOf(object.apiVersion) : '', String(object.kind));
    findings.push({
      kind: 'unmodelled',
      object: `${gk} ${ref}`,
      ...where,
      groupKind: gk,
      message: `${gk} ${ref}: ${why}; the verdict does not cover it${acknowledged.has(gk) || acknowledged.has(String(object.kind)) ? ' (acknowledged)' : ` (--acknowledge-unmodelled ${gk} once reviewed)`}`,
      acknowledged: acknowledged.has(gk) || acknowledged.has(String(object.kind)) || undefined,
    });
  };

  // custom resources whose CRD in the input embeds a pod template run pods like any workload
  const customKinds = podTemplateKindsFromCrds(inputs.map((i) => unwrap(i).object));
  for (const input of inputs) {
    const { object, file, line } = unwrap(input);
    const kind = object.kind;
    const meta = isRecord(object.metadata) ? object.metadata : {};
    const name = typeof meta.name === 'string' ? meta.name : '';
    const namespace = typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : 'default';
    const spec = isRecord(object.spec) ? object.spec : {};
    const where: Where = { file, line };
    if (typeof kind !== 'string') continue;
    const modelled =
      MODELLED.find(([k, groups]) => k === kind && isKind(object, groups, k)) ??
      customKinds.find((k) => k.kind === kind && isKind(object, k.groups, k.kind));
    if (!modelled) {
      const listed = UNMODELLED.find(([group, k]) => k === kind && isKind(object, group, k));
      const ref = listed && isClusterScopedKind(kind) ? name : `${namespace}/${name}`;
      if (listed) unmodelled(object, where, ref, listed[2]);
      else if (MODELLED.some(([k]) => k === kind))
        unmodelled(object, where, `${namespace}/${name}`, `not the Kubernetes ${kind} (another API group): not counted as one`);
      else if (hasPodTemplate(spec)) unmodelled(object, where, `${namespace}/${name}`, 'its pods (spec.template) are not modelled');
      continue;
    }
    if (kind === 'Namespace') {
      const earlier = declared.get(name);
      if (earlier) replaced(`Namespace ${name}`, where, earlier.where);
      declared.set(name, { labels: { ...stringMap(meta.labels), [NAME_LABEL]: name }, where });
    } else if (kind === 'Pod') {
      let owner = { name, kind: 'Pod' };
      const refs = Array.isArray(meta.ownerReferences) ? meta.ownerReferences : [];
      const controller = refs.find((r) => isRecord(r) && r.controller === true) as Record<string, unknown> | undefined;
      if (controller && controller.kind !== 'Node' && typeof controller.name === 'string') {
        owner = { name: controller.name, kind: typeof controller.kind === 'string' && controller.kind ? controller.kind : 'Pod' };
      }
      addPod(`Pod ${namespace}/${name}`, { namespace, labels: stringMap(meta.labels), podSpec: spec, workload: owner, where });
    } else if (kind === 'NetworkPolicy') {
      const ref = `NetworkPolicy ${namespace}/${name}`;
      const earlier = policies.get(`${namespace}/${name}`);
      if (earlier) replaced(ref, where, earlier.where);
      const refusedBy = networkPolicyProblems(object);
      if (refusedBy.length) refused(ref, where, refusedBy);
      const policy = refusedBy.length ? undefined : parsePolicy(namespace, name, spec, where, errors, notes);
      policies.set(`${namespace}/${name}`, { policy, where });
    } else if (kind === 'Service') {
      if (!isRecord(spec.selector)) continue;
      const ports = (Array.isArray(spec.ports) ? spec.ports : []).flatMap((p) => {
        if (!isRecord(p) || typeof p.port !== 'number') return [];
        const protocol = p.protocol === undefined ? 'TCP' : p.protocol;
        if (!isProtocol(protocol)) return [];
        const target = typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? p.targetPort : p.port;
        return [{ name: typeof p.name === 'string' ? p.name : undefined, port: p.port, targetPort: target, protocol }];
      });
      services.set(`${namespace}/${name}`, { namespace, selector: stringMap(spec.selector), ports });
    } else if (kind === 'Ingress') {
      const backend = (b: unknown) => {
        const svc = isRecord(b) && isRecord(b.service) ? b.service : undefined;
        const port = svc && isRecord(svc.port) ? (typeof svc.port.number === 'number' ? svc.port.number : svc.port.name) : undefined;
        if (svc && typeof svc.name === 'string' && (typeof port === 'number' || typeof port === 'string'))
          ingressBackends.push({ via: { kind: 'Ingress', ref: `${namespace}/${name}` }, namespace, service: svc.name, port });
      };
      backend(spec.defaultBackend);
      for (const rule of Array.isArray(spec.rules) ? spec.rules : [])
        for (const path of isRecord(rule) && isRecord(rule.http) && Array.isArray(rule.http.paths) ? rule.http.paths : [])
          if (isRecord(path)) backend(path.backend);
    } else if (kind === 'Route') {
      // an OpenShift Route sends the router's traffic to its Service (`to`) and alternate backends,
      // on `port.targetPort` or, without it, every port of the Service (netpol-analyzer's ingress analyzer)
      const target = isRecord(spec.port) ? spec.port.targetPort : undefined;
      const port = typeof target === 'number' || (typeof target === 'string' && target !== '') ? target : undefined;
      for (const to of [spec.to, ...(Array.isArray(spec.alternateBackends) ? spec.alternateBackends : [])]) {
        if (!isRecord(to) || typeof to.name !== 'string') continue;
        if (to.kind !== undefined && to.kind !== '' && to.kind !== 'Service') {
          notes.push({
            ...where,
            path: 'spec.to',
            message: `Route ${namespace}/${name}: a backend of kind ${String(to.kind)} is not a Service; ignored`,
          });
          continue;
        }
        ingressBackends.push({ via: { kind: 'Route', ref: `${namespace}/${name}` }, namespace, service: to.name, port });
      }
    } else if (kind === 'AdminNetworkPolicy' || kind === 'BaselineAdminNetworkPolicy') {
      const ref = `${kind} ${name}`;
      const earlier = admins.get(ref);
      if (earlier) replaced(ref, where, earlier.where);
      const refusedBy = adminNetworkPolicyProblems(kind, object);
      if (refusedBy.length) refused(ref, where, refusedBy);
      const policy = refusedBy.length ? undefined : parseAdminPolicy(kind, name, spec, where, errors, notes);
      admins.set(ref, { policy, where });
    } else if (kind !== 'PodTemplate') {
      // a PodTemplate object runs no pod; every other workload kind runs its template's pods
      for (const t of podTemplatesOf(object, { extra: customKinds })) {
        const tmeta = t.metadata;
        addPod(`${kind} ${namespace}/${name}`, {
          namespace,
          labels: stringMap(tmeta.labels),
          podSpec: t.spec,
          workload: { name, kind },
          where,
        });
      }
    }
  }

  function addPod(
    ref: string,
    pod: { namespace: string; labels: Labels; podSpec: unknown; workload: { name: string; kind: string }; where: Where },
  ): void {
    const earlier = podSpecs.get(ref);
    if (earlier) replaced(ref, pod.where, earlier.where);
    podSpecs.set(ref, pod);
  }
  function refused(ref: string, where: Where, problems: readonly { path: readonly (string | number)[]; message: string }[]): void {
    const why = problems.map((p) => `${formatFieldPath(p.path)}: ${p.message}`).join('; ');
    findings.push({
      kind: 'refused',
      object: ref,
      ...where,
      message: `${ref} is refused by the API server (${why}): it never exists in the cluster, so it is not counted`,
    });
  }

  const policyList = [...policies.values()].flatMap((p) => (p.policy ? [p.policy] : []));
  const adminPolicies: AdminPolicy[] = [];
  let baseline: AdminPolicy | undefined;
  for (const { policy } of admins.values()) {
    if (!policy) continue;
    if (policy.kind === 'AdminNetworkPolicy') adminPolicies.push(policy);
    else baseline = policy;
  }
  adminPolicies.sort((a, b) => a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  findings.push(...priorityTies(adminPolicies, admins));

  const namespaces = new Map<string, NamespaceInfo>();
  for (const [name, { labels }] of declared) namespaces.set(name, { name, labels, declared: true });
  const ensureNamespace = (name: string): void => {
    if (!namespaces.has(name)) namespaces.set(name, { name, labels: { [NAME_LABEL]: name }, declared: false });
  };

  const classes: PodClass[] = [];
  const classByKey = new Map<string, PodClass>();
  const workloads = new Map<string, PodWorkload>();
  for (const p of podSpecs.values()) {
    ensureNamespace(p.namespace);
    const namedPorts = containerNamedPorts(p.podSpec);
    const key = JSON.stringify([p.namespace, Object.entries(p.labels).sort(), namedPorts.map((n) => [n.name, n.port, n.protocol])]);
    let cls = classByKey.get(key);
    if (!cls) {
      cls = { index: classes.length, namespace: p.namespace, labels: p.labels, namedPorts, workloads: [] };
      classes.push(cls);
      classByKey.set(key, cls);
    }
    const id = `${p.namespace}/${p.workload.name}[${p.workload.kind}]`;
    let w = workloads.get(id);
    if (!w) {
      w = { id, namespace: p.namespace, name: p.workload.name, kind: p.workload.kind, classes: [] };
      workloads.set(id, w);
    }
    if (!w.classes.includes(cls)) w.classes.push(cls);
    if (!cls.workloads.includes(w)) cls.workloads.push(w);
  }
  for (const p of policyList) ensureNamespace(p.namespace);
  return {
    namespaces,
    classes,
    workloads: [...workloads.values()],
    policies: policyList,
    adminPolicies,
    baseline,
    services,
    ingressBackends,
    findings,
    errors,
    notes,
  };
}

type Where = { readonly file: string; readonly line?: number };
const at = (w: Where) => `${w.file}${w.line ? `:${w.line}` : ''}`;
const formatFieldPath = (path: readonly (string | number)[]) =>
  path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i ? `.${k}` : k)).join('');
const CLUSTER_SCOPED_UNMODELLED = new Set(['ClusterUserDefinedNetwork', 'GlobalNetworkPolicy', 'CiliumClusterwideNetworkPolicy']);
const isClusterScopedKind = (kind: string) => CLUSTER_SCOPED_UNMODELLED.has(kind);

/** A custom resource shaped like a workload: a pod template with containers under `spec.template`. */
function hasPodTemplate(spec: Record<string, unknown>): boolean {
  const t = spec.template;
  return isRecord(t) && isRecord(t.spec) && Array.isArray(t.spec.containers);
}

/**
 * AdminNetworkPolicies of equal priority whose subjects may hold the same pods: the API leaves
 * their order undefined (implementations differ), so a verdict that depends on it is not sound.
 */
function priorityTies(sorted: readonly AdminPolicy[], where: ReadonlyMap<string, { where: Where }>): ModelFinding[] {
  const out: ModelFinding[] = [];
  const disjoint = (a: AdminPolicy, b: AdminPolicy) =>
    a.subject.namespaces.disjointFrom(b.subject.namespaces) ||
    (a.subject.pods !== undefined && b.subject.pods !== undefined && a.subject.pods.disjointFrom(b.subject.pods));
  const hasRules = (a: AdminPolicy) => a.ingress.length + a.egress.length > 0;
  for (let i = 0; i < sorted.length; i++)
    for (let j = i + 1; j < sorted.length && sorted[j].priority === sorted[i].priority; j++) {
      const [a, b] = [sorted[i], sorted[j]];
      if (!hasRules(a) || !hasRules(b) || disjoint(a, b)) continue;
      out.push({
        kind: 'priority-tie',
        object: a.ref,
        ...(where.get(b.ref)?.where ?? { file: '<input>' }),
        message: `${a.ref} and ${b.ref} share priority ${a.priority} and their subjects may hold the same pods: the API leaves their order undefined, so the verdict may differ between clusters (here ${a.name} is applied first, by name)`,
      });
    }
  return out;
}

function containerNamedPorts(podSpec: unknown): NamedPort[] {
  const out: NamedPort[] = [];
  // the regular containers' ports: what a Service's named targetPort resolves against
  for (const { container: c } of containersOf(podSpec, { init: false, ephemeral: false })) {
    const ports = Array.isArray(c.ports) ? c.ports : [];
    for (const p of ports) {
      if (!isRecord(p) || typeof p.name !== 'string' || !p.name || typeof p.containerPort !== 'number') continue;
      const protocol = p.protocol === undefined ? 'TCP' : p.protocol;
      if (isProtocol(protocol)) out.push({ name: p.name, port: p.containerPort, protocol });
    }
  }
  return out;
}

function parsePolicy(
  namespace: string,
  name: string,
  spec: Record<string, unknown>,
  where: { file: string; line?: number },
  errors: Diagnostic[],
  notes: Diagnostic[],
): Policy | undefined {
  const ref = `${namespace}/${name}`;
  const fail = (path: string, message: string) => errors.push({ ...where, path, message: `NetworkPolicy ${ref}: ${message}` });
  const podSelector = LabelSelector.parse(spec.podSelector);
  if (typeof podSelector === 'string') {
    fail('spec.podSelector', podSelector);
    return undefined;
  }
  const parseRules = (key: 'ingress' | 'egress'): PolicyRule[] => {
    const { items, peerKey } = ruleList(spec, key, fail);
    return items.map((rule, index): PolicyRule => {
      const path = `spec.${key}[${index}]`;
      return {
        index,
        peers: parsePeers(rule[peerKey], `${path}.${peerKey}`),
        ports: parsePorts(rule.ports, `${path}.ports`),
      };
    });
  };
  const parsePeers = (raw: unknown, path: string): RulePeer[] | null => {
    if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) return null;
    if (!Array.isArray(raw)) {
      fail(path, 'must be a list');
      return [];
    }
    const peers: RulePeer[] = [];
    raw.forEach((p, i) => {
      const peer = isRecord(p) ? p : {};
      const at = `${path}[${i}]`;
      if (peer.ipBlock !== undefined && peer.ipBlock !== null) {
        if (peer.podSelector !== undefined || peer.namespaceSelector !== undefined) {
          fail(at, 'ipBlock cannot be combined with podSelector or namespaceSelector');
          return;
        }
        const block = isRecord(peer.ipBlock) ? peer.ipBlock : {};
        const cidr = typeof block.cidr === 'string' ? parseCidr(block.cidr) : undefined;
        if (!cidr) {
          fail(`${at}.ipBlock.cidr`, `invalid CIDR ${JSON.stringify(block.cidr)}`);
          return;
        }
        if (cidr.family === 6) {
          notes.push({
            ...where,
            path: `${at}.ipBlock.cidr`,
            message: `NetworkPolicy ${ref}: IPv6 block ${cidr.text} is counted as "outside the cluster" but not split into address ranges`,
          });
          peers.push({ type: 'ipBlock', ips: IntervalSet.EMPTY, ipv6: cidr.text });
          return;
        }
        let ips = cidr.ips;
        const except = Array.isArray(block.except) ? block.except : [];
        except.forEach((e, j) => {
          const ex = typeof e === 'string' ? parseCidr(e) : undefined;
          if (!ex) fail(`${at}.ipBlock.except[${j}]`, `invalid CIDR ${JSON.stringify(e)}`);
          else if (ex.family === 4) ips = ips.subtract(ex.ips);
        });
        peers.push({ type: 'ipBlock', ips });
        return;
      }
      if (peer.podSelector === undefined && peer.namespaceSelector === undefined) {
        notes.push({
          ...where,
          path: at,
          message: `NetworkPolicy ${ref}: an empty peer ({}) is rejected by the API server; assumed to match every pod and address`,
        });
        peers.push({ type: 'empty' });
        return;
      }
      const ns = peer.namespaceSelector === undefined ? undefined : LabelSelector.parse(peer.namespaceSelector);
      const pods = peer.podSelector === undefined ? undefined : LabelSelector.parse(peer.podSelector);
      if (typeof ns === 'string') return void fail(`${at}.namespaceSelector`, ns);
      if (typeof pods === 'string') return void fail(`${at}.podSelector`, pods);
      peers.push({ type: 'pods', namespaceSelector: ns, podSelector: pods });
    });
    return peers;
  };
  const parsePorts = (raw: unknown, path: string): PortSpec[] | null => {
    if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) return null;
    if (!Array.isArray(raw)) {
      fail(path, 'must be a list');
      return [];
    }
    const out: PortSpec[] = [];
    raw.forEach((p, i) => {
      const at = `${path}[${i}]`;
      const port = isRecord(p) ? p : {};
      const protocol = port.protocol === undefined || port.protocol === null ? 'TCP' : port.protocol;
      if (!isProtocol(protocol)) return void fail(`${at}.protocol`, `unknown protocol ${JSON.stringify(protocol)}`);
      const value = port.port;
      if (value === undefined || value === null) return void out.push({ protocol });
      if (typeof value === 'string' && /^\d+$/.test(value))
        return void out.push({ protocol, port: Number(value), endPort: numberOrUndefined(port.endPort) });
      if (typeof value === 'string') return void out.push({ protocol, port: value });
      if (typeof value !== 'number' || !Number.isInteger(value)) return void fail(`${at}.port`, `invalid port ${JSON.stringify(value)}`);
      out.push({ protocol, port: value, endPort: numberOrUndefined(port.endPort) });
    });
    return out;
  };
  const ingress = parseRules('ingress');
  const egress = parseRules('egress');
  let affectsIngress = true;
  let affectsEgress = egress.length > 0;
  if (Array.isArray(spec.policyTypes) && spec.policyTypes.length) {
    affectsIngress = spec.policyTypes.includes('Ingress');
    affectsEgress = spec.policyTypes.includes('Egress');
  }
  return { ref, namespace, name, podSelector, affectsIngress, affectsEgress, ingress, egress };
}

function numberOrUndefined(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}
