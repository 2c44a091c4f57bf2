// What the check files share: the container walk pod-security-admission's visitContainers makes
// (init, regular, then ephemeral containers), the pod and container securityContext
// fields, and one violation builder.
import { asRecord, type FieldPath } from '../../util/data.js';
import { containersOf as podContainers } from '../../kube/workloads.js';
import type { CheckDefinition, CheckViolation, PodSecurityCheckId, PodTemplateData } from './types.js';

export type Obj = Record<string, unknown>;

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A value as the report prints it: strings quoted, everything else as JSON. */
export function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
}

export interface ContainerRef {
  readonly container: Obj;
  readonly path: FieldPath;
  readonly name: string;
}

/**
 * Every container of the pod, as upstream's visitContainers visits them (policy/visitor.go: init,
 * regular, then ephemeral containers); the walk is kube/workloads.ts containersOf.
 */
export function containersOf(spec: Obj): ContainerRef[] {
  return podContainers(spec, { base: ['spec'] }).map((c) => ({
    container: c.container,
    path: c.path,
    name: c.name || `${c.list}[${c.index}]`,
  }));
}

export const securityContext = (c: ContainerRef): Obj | undefined => asRecord(c.container.securityContext);

export const podSC = (pod: PodTemplateData): Obj | undefined => asRecord(pod.spec.securityContext);

export const isWindowsPod = (pod: PodTemplateData): boolean => asRecord(pod.spec.os)?.name === 'windows';

/** `hostUsers: false`: the pod runs in a user namespace (upstream's relaxPolicyForUserNamespacePod). */
export const inUserNamespace = (pod: PodTemplateData): boolean => pod.spec.hostUsers === false;

export function violation(
  check: Pick<CheckDefinition, 'id' | 'level'> | { id: PodSecurityCheckId; level: 'baseline' | 'restricted' },
  path: FieldPath,
  found: string,
  required: string,
): CheckViolation {
  return { check: check.id, level: check.level, path, found, required };
}

export interface ContextField {
  /** The field's value; undefined when unset. */
  readonly value: unknown;
  /** Whether the object holding the field exists (e.g. `appArmorProfile` for `appArmorProfile.type`). */
  readonly parentSet: boolean;
  readonly path: FieldPath;
}

/** One field of the pod's securityContext, then of each container's, with its path: the walk most checks make. */
export function contextFields(pod: PodTemplateData, field: readonly string[]): ContextField[] {
  const at = (context: Obj | undefined, base: FieldPath): ContextField => {
    let parent: Obj | undefined = context;
    for (const key of field.slice(0, -1)) parent = asRecord(parent?.[key]);
    return { value: parent?.[field[field.length - 1]], parentSet: parent !== undefined, path: [...base, ...field] };
  };
  return [
    at(podSC(pod), ['spec', 'securityContext']),
    ...containersOf(pod.spec).map((c) => at(securityContext(c), [...c.path, 'securityContext'])),
  ];
}

/** A violation for every pod or container securityContext whose `field` is `forbidden`. */
export function forbidInContexts(
  check: Pick<CheckDefinition, 'id' | 'level'>,
  pod: PodTemplateData,
  field: readonly string[],
  forbidden: (f: ContextField) => boolean,
  required: string,
): CheckViolation[] {
  return contextFields(pod, field)
    .filter(forbidden)
    .map((f) => violation(check, f.path, show(f.value), required));
}
