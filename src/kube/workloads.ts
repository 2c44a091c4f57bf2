// Where pods are: the pod template of every workload kind, and the containers of a pod spec, each
// with the field path it sits at (reports name the field; locators find its line). This is the one
// table of "where a kind keeps its pod"; pod-security, lint, isolation and validate all read it.
// Argo Rollouts, the custom workload most charts ship, is in the table; any other custom resource
// that embeds a pod template is recognised when its caller passes it as an extra PodTemplateKind
// (custom-workloads.ts finds them from the CRDs of the input).
import { asRecord, getPath, isRecord, type FieldPath } from '../util/data.js';
import { isKind } from './gvk.js';

/** A kind that owns a pod template, and where it keeps it (the mapping holding `metadata` and `spec`). */
export interface PodTemplateKind {
  readonly kind: string;
  /** Groups that serve the kind ('' is the core group). */
  readonly groups: readonly string[];
  /** Path of the template in the object; empty for a Pod, whose own metadata and spec are the pod's. */
  readonly path: FieldPath;
  /** A Kubernetes built-in: the kinds pod-security admission and the API server's pod validation see. */
  readonly builtin: boolean;
  /** Whether the kind keeps a set of long-lived replicas running (what disruption and replica checks are about). */
  readonly replicated: boolean;
}

const kind = (k: string, groups: string[], path: FieldPath, replicated: boolean, builtin = true): PodTemplateKind => ({
  kind: k,
  groups,
  path,
  builtin,
  replicated,
});

/**
 * Every kind with a pod template: the built-ins pod-security admission extracts pod specs from
 * (pod-security-admission `admission/admission.go` DefaultPodSpecExtractor), OpenShift's
 * DeploymentConfig, which linters read and the built-in admission does not, and Argo's Rollout.
 */
export const POD_TEMPLATE_KINDS: readonly PodTemplateKind[] = [
  kind('Pod', [''], [], false),
  kind('PodTemplate', [''], ['template'], false),
  kind('ReplicationController', [''], ['spec', 'template'], true),
  kind('ReplicaSet', ['apps', 'extensions'], ['spec', 'template'], true),
  kind('Deployment', ['apps', 'extensions'], ['spec', 'template'], true),
  kind('StatefulSet', ['apps'], ['spec', 'template'], true),
  kind('DaemonSet', ['apps', 'extensions'], ['spec', 'template'], false),
  kind('Job', ['batch'], ['spec', 'template'], false),
  kind('CronJob', ['batch'], ['spec', 'jobTemplate', 'spec', 'template'], false),
  kind('DeploymentConfig', ['apps.openshift.io', ''], ['spec', 'template'], true, false),
  // Argo Rollouts' Rollout: a Deployment's replacement, its ReplicaSets' pods created from spec.template
  kind('Rollout', ['argoproj.io'], ['spec', 'template'], true, false),
];

/** Options of the pod-template lookups. */
export interface PodTemplateOptions {
  /** Custom resources that embed a pod template, recognised besides the table. */
  readonly extra?: readonly PodTemplateKind[];
  /** Only the Kubernetes built-ins (what admission sees): leaves out DeploymentConfig and `extra`. */
  readonly builtinOnly?: boolean;
  /**
   * Match the kind name in any group, as Polaris reads `kind` alone (its fixtures hold a
   * `v1` Deployment). Off by default: a custom resource named like a workload kind is not one.
   */
  readonly anyGroup?: boolean;
}

/** The pod-template kind `object` is (by group and kind), if any. */
export function podTemplateKindOf(object: unknown, options: PodTemplateOptions = {}): PodTemplateKind | undefined {
  const table = options.builtinOnly ? POD_TEMPLATE_KINDS.filter((k) => k.builtin) : [...POD_TEMPLATE_KINDS, ...(options.extra ?? [])];
  if (options.anyGroup) return isRecord(object) ? table.find((k) => k.kind === object.kind) : undefined;
  return table.find((k) => isKind(object, k.groups, k.kind));
}

/** One pod template found in an object. */
export interface PodTemplate {
  /** Path of the template in the object (empty for a Pod). */
  readonly path: FieldPath;
  /** The template's metadata and spec ({} when absent or not mappings). */
  readonly metadata: Record<string, unknown>;
  readonly spec: Record<string, unknown>;
  /** Whether the template and its spec are mappings as written (false: the object lacks its pod). */
  readonly present: boolean;
}

/** The pod templates of `object` with their paths: one for a workload kind, none for other kinds. */
export function podTemplatesOf(object: unknown, options: PodTemplateOptions = {}): PodTemplate[] {
  const k = podTemplateKindOf(object, options);
  if (!k) return [];
  const template = asRecord(getPath(object, k.path));
  const spec = asRecord(template?.spec);
  return [{ path: k.path, metadata: asRecord(template?.metadata) ?? {}, spec: spec ?? {}, present: spec !== undefined }];
}

/** The three container lists of a pod spec, in the order the kubelet and admission visit them. */
export const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
export type ContainerList = (typeof CONTAINER_LISTS)[number];

/** One container of a pod spec. */
export interface ContainerRef {
  readonly container: Record<string, unknown>;
  /** Its name ('' when unset or not a string). */
  readonly name: string;
  readonly list: ContainerList;
  readonly index: number;
  /** Path of the container: `base` + [list, index]. */
  readonly path: FieldPath;
}

/** Which lists containersOf walks besides `containers`, and the path of the pod spec. */
export interface ContainerOptions {
  /** initContainers (default true). */
  readonly init?: boolean;
  /** ephemeralContainers (default true). */
  readonly ephemeral?: boolean;
  /** Path of the pod spec in its object, prefixed to every container path. */
  readonly base?: FieldPath;
}

/** The containers of a pod spec with their paths: init, regular, then ephemeral (entries that are not mappings are skipped). */
export function containersOf(spec: unknown, options: ContainerOptions = {}): ContainerRef[] {
  const out: ContainerRef[] = [];
  const s = asRecord(spec);
  if (!s) return out;
  for (const list of CONTAINER_LISTS) {
    if ((list === 'initContainers' && options.init === false) || (list === 'ephemeralContainers' && options.ephemeral === false)) continue;
    const items = s[list];
    if (!Array.isArray(items)) continue;
    items.forEach((c, index) => {
      const container = asRecord(c);
      if (!container) return;
      const name = typeof container.name === 'string' ? container.name : '';
      out.push({ container, name, list, index, path: [...(options.base ?? []), list, index] });
    });
  }
  return out;
}
