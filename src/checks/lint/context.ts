// The indexed view of a manifest stream every lint check reads: objects with their kind, name,
// namespace and labels; the pod-owning objects ("workloads", as kube-linter calls deployment-likes)
// with their pod template, replicas and selector; lookups by kind and name.
import type { ManifestObject } from '../../io/manifests.js';
import { asRecord, getPath, type FieldPath } from '../../util/data.js';
import { isClusterScoped } from '../../kube/gvk.js';
import { LabelSelector, type Labels } from '../../kube/selectors.js';
import { LabelIndex, SelectorIndex } from '../../kube/label-index.js';
import { containersOf as podContainers, podTemplateKindOf, type ContainerRef as KubeContainerRef } from '../../kube/workloads.js';
import { podTemplateKindsFromCrds } from '../../kube/custom-workloads.js';

type Obj = Record<string, unknown>;

/** One object of the stream, with the fields most checks read. */
export interface LintObject {
  readonly manifest: ManifestObject;
  /** Position in the stream: findings are ordered by it, as kube-linter orders them. */
  readonly index: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** metadata.namespace, or the default namespace for a namespaced object without one; '' for cluster-scoped kinds. */
  readonly namespace: string;
  readonly labels: Labels;
  readonly annotations: Readonly<Record<string, string>>;
  readonly raw: Obj;
}

/** An object that owns a pod template (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...). */
export interface Workload {
  readonly object: LintObject;
  /** Path of the pod template in the object (empty for a Pod). */
  readonly templatePath: FieldPath;
  /** The pod template's metadata and spec ({} when the object has none). */
  readonly podMeta: Obj;
  readonly podSpec: Obj;
  readonly podLabels: Labels;
  /** spec.replicas as written (undefined when unset or not a number). */
  readonly replicas?: number;
  /** Whether the kind runs a set of long-lived replicas (Deployment, StatefulSet, ReplicaSet, ...). */
  readonly replicated: boolean;
}

/** A container of a workload's pod (kube/workloads.ts), and whether it is an init or ephemeral one. */
export interface ContainerRef extends KubeContainerRef {
  readonly init: boolean;
}

/** The one value-at-path getter (util/data.ts), under the name the checks use. */
export const getAt = getPath;

export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(asRecord(v) ?? {})) if (val !== null && val !== undefined) out[k] = String(val);
  return out;
}

/**
 * Work done by lint so far, for tests that assert it grows linearly with the input: `visits` counts
 * the objects handed out by whole-stream lists (`objects`, `workloads`, `ofKind`), so a check that
 * scans a kind once per workload shows up as quadratic; `selectorEvaluations` the selectors the
 * indexes evaluated.
 */
export const lintWork = { visits: 0, selectorEvaluations: 0 };

/** The indexed stream. */
export class LintContext {
  private readonly allObjects: LintObject[];
  private readonly allWorkloads: Workload[];
  private readonly byKind = new Map<string, LintObject[]>();
  private readonly byKey = new Map<string, LintObject[]>();
  /** Workloads by namespace, indexed by their pod labels. */
  private readonly workloadsByNs = new Map<string, LabelIndex<Workload>>();
  private readonly memos = new Map<string, unknown>();

  /** Every object, in stream order. */
  get objects(): readonly LintObject[] {
    lintWork.visits += this.allObjects.length;
    return this.allObjects;
  }

  /** Every workload, in stream order. */
  get workloads(): readonly Workload[] {
    lintWork.visits += this.allWorkloads.length;
    return this.allWorkloads;
  }

  constructor(
    manifests: readonly ManifestObject[],
    readonly options: {
      defaultNamespace?: string;
      airgapped?: boolean;
      external?: readonly string[];
      servedApis?: readonly string[];
      kubeVersion?: string;
    } = {},
  ) {
    this.allObjects = manifests.map((manifest, index) => {
      const raw = manifest.object as Obj;
      const meta = asRecord(raw.metadata) ?? {};
      const kind = str(raw.kind) ?? '';
      const ns = str(meta.namespace) || '';
      return {
        manifest,
        index,
        apiVersion: str(raw.apiVersion) ?? '',
        kind,
        name: str(meta.name) ?? '',
        namespace: isClusterScoped(kind, str(raw.apiVersion)) ? '' : ns || (options.defaultNamespace ?? ''),
        labels: stringMap(meta.labels),
        annotations: stringMap(meta.annotations),
        raw,
      };
    });
    for (const o of this.allObjects) {
      push(this.byKind, o.kind, o);
      push(this.byKey, `${o.kind}/${o.namespace}/${o.name}`, o);
    }
    this.allWorkloads = [];
    // custom resources whose CRD in the stream embeds a pod template are workloads too
    const extra = podTemplateKindsFromCrds(this.allObjects.map((o) => o.raw));
    for (const object of this.allObjects) {
      // linters read `kind` alone (Polaris lints a `v1` Deployment), so lint does too
      const podKind = podTemplateKindOf(object.raw, { anyGroup: true, extra });
      if (!podKind) continue;
      const templatePath = podKind.path;
      const template = asRecord(getAt(object.raw, templatePath)) ?? {};
      const podMeta = asRecord(template.metadata) ?? {};
      const podSpec = asRecord(template.spec) ?? {};
      const replicas = getAt(object.raw, ['spec', 'replicas']);
      const workload: Workload = {
        object,
        templatePath,
        podMeta,
        podSpec,
        podLabels: object.kind === 'Pod' ? object.labels : stringMap(podMeta.labels),
        replicas: typeof replicas === 'number' ? replicas : undefined,
        replicated: podKind.replicated,
      };
      this.allWorkloads.push(workload);
      let index = this.workloadsByNs.get(object.namespace);
      if (!index) this.workloadsByNs.set(object.namespace, (index = new LabelIndex()));
      index.add(workload, workload.podLabels);
    }
  }

  /** What `make` returns, computed once per stream under `key` (an index a check builds for itself). */
  memo<T>(key: string, make: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, make());
    return this.memos.get(key) as T;
  }

  private readonly kindsCache = new Map<string, readonly LintObject[]>();

  /** Objects of these kinds, in stream order within each kind (the lists are shared: do not modify). */
  ofKind(...kinds: string[]): readonly LintObject[] {
    const key = kinds.join(',');
    let hit = this.kindsCache.get(key);
    if (!hit) {
      hit = kinds.flatMap((k) => this.byKind.get(k) ?? []);
      this.kindsCache.set(key, hit);
    }
    lintWork.visits += hit.length;
    return hit;
  }

  /** The object of `kind` named `name` in `namespace` (cluster-scoped kinds: any namespace argument). */
  find(kind: string, namespace: string, name: string): LintObject | undefined {
    return this.byKey.get(`${kind}/${isClusterScoped(kind) ? '' : namespace}/${name}`)?.[0];
  }

  /**
   * Whether an object a pod refers to will exist: rendered in the stream, declared external, or
   * (for a Secret) written by a cert-manager Certificate of the stream (`spec.secretName`).
   */
  exists(kind: string, namespace: string, name: string): boolean {
    if (this.find(kind, namespace, name) || this.isExternal(kind, name)) return true;
    if (kind !== 'Secret') return false;
    const certified = this.memo('certificate-secrets', () => {
      const keys = new Set<string>();
      for (const c of this.ofKind('Certificate')) {
        const secret = getAt(c.raw, ['spec', 'secretName']);
        if (typeof secret === 'string') keys.add(`${c.namespace}\u0000${secret}`);
      }
      return keys;
    });
    return certified.has(`${namespace}\u0000${name}`);
  }

  /** Whether `KIND/NAME` was declared to exist outside the stream (`--external`). */
  isExternal(kind: string, name: string): boolean {
    return (this.options.external ?? []).some((e) => e === `${kind}/${name}` || e.toLowerCase() === `${kind}/${name}`.toLowerCase());
  }

  /** Workloads in `namespace` whose pod labels the selector selects (an empty selector selects all). */
  selectedWorkloads(selector: LabelSelector, namespace: string): readonly Workload[] {
    return this.workloadsByNs.get(namespace)?.select(selector, (w) => w.podLabels, lintWork) ?? [];
  }

  /** Whether the selector selects the pods of some workload in `namespace`. */
  selectsAnyWorkload(selector: LabelSelector, namespace: string): boolean {
    return this.workloadsByNs.get(namespace)?.some(selector, (w) => w.podLabels, lintWork) ?? false;
  }

  /**
   * The objects of `kind` in the workload's namespace whose label selector at `path` selects its
   * pods (a missing selector selects all, a malformed one nothing), in stream order.
   */
  selecting(kind: string, path: FieldPath, w: Workload): LintObject[] {
    const byNs = this.memo(`selecting ${kind} ${path.join('.')}`, () => {
      const out = new Map<string, SelectorIndex<LintObject>>();
      for (const o of this.ofKind(kind)) {
        const s = selectorOf(getAt(o.raw, path));
        if (!s) continue;
        let index = out.get(o.namespace);
        if (!index) out.set(o.namespace, (index = new SelectorIndex()));
        index.add(o, s);
      }
      return out;
    });
    return byNs.get(w.object.namespace)?.matching(w.podLabels, lintWork) ?? [];
  }

  /** The HorizontalPodAutoscalers whose scaleTargetRef names this workload. */
  autoscalersOf(w: Workload): readonly LintObject[] {
    const byTarget = this.memo('autoscalers', () => {
      const out = new Map<string, LintObject[]>();
      for (const h of this.ofKind('HorizontalPodAutoscaler')) {
        const ref = asRecord(getAt(h.raw, ['spec', 'scaleTargetRef']));
        if (typeof ref?.kind === 'string' && typeof ref.name === 'string') push(out, `${h.namespace}\u0000${ref.kind}\u0000${ref.name}`, h);
      }
      return out;
    });
    return byTarget.get(`${w.object.namespace}\u0000${w.object.kind}\u0000${w.object.name}`) ?? [];
  }

  /**
   * The replicas a workload runs at least: spec.replicas, else the smallest minReplicas of the HPAs
   * scaling it (1 when they leave it unset); undefined when neither says.
   */
  minReplicas(w: Workload): number | undefined {
    if (w.replicas !== undefined) return w.replicas;
    const mins = this.autoscalersOf(w).map((h) => {
      const m = getAt(h.raw, ['spec', 'minReplicas']);
      return typeof m === 'number' ? m : 1;
    });
    return mins.length ? Math.min(...mins) : undefined;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const l = map.get(key);
  if (l) l.push(value);
  else map.set(key, [value]);
}

/** Regular containers (and init and ephemeral ones with `withInit`) of a workload's pod, with paths from the object root. */
export function containersOf(w: Workload, withInit = false): ContainerRef[] {
  return podContainers(w.podSpec, { init: withInit, ephemeral: withInit, base: [...w.templatePath, 'spec'] }).map((c) => ({
    ...c,
    init: c.list !== 'containers',
  }));
}

/** Parses a selector, treating a malformed one as selecting nothing. */
export function selectorOf(raw: unknown): LabelSelector | undefined {
  const s = LabelSelector.parse(raw);
  return typeof s === 'string' ? undefined : s;
}

/** Go's `fmt` rendering of a map[string]string: `map[a:1 b:2]`, keys sorted. */
export function goMap(m: Readonly<Record<string, string>>): string {
  return `map[${Object.keys(m)
    .sort()
    .map((k) => `${k}:${m[k]}`)
    .join(' ')}]`;
}

/** Go's `%q` of a string (JSON's quoting, which agrees with Go's for printable text). */
export const goQuote = (s: string): string => JSON.stringify(s);

/** Go's `%q` of a []string: `["a" "b"]`, `[]` when empty. */
export const goQuoteList = (l: readonly string[]): string => `[${l.map(goQuote).join(' ')}]`;

/** Go's `fmt` rendering of a []string: `[a b]`. */
export const goList = (l: readonly string[]): string => `[${l.join(' ')}]`;
