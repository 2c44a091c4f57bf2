// Workloads that live in custom resources: a CRD whose schema embeds a PodTemplateSpec (an object
// with `metadata` and a `spec` holding `containers`) makes its kind a pod-template kind, at the path
// the schema puts the template. Read from the CRDs of the input, so every check that walks pod
// templates (lint, pod-security, images) sees the pods such a resource will create.
import { asRecord, isRecord, type FieldPath } from '../util/data.js';
import { isKind } from './gvk.js';
import type { PodTemplateKind } from './workloads.js';

type Schema = Record<string, unknown>;

/** How deep a template may sit in a custom resource (Argo Rollouts: spec.template, depth 2). */
const MAX_DEPTH = 6;

/** Whether a schema node is a PodTemplateSpec: its `spec` property is a pod spec (a `containers` list). */
function isPodTemplateSchema(node: Schema): boolean {
  const props = asRecord(node.properties);
  const specProps = asRecord(asRecord(props?.spec)?.properties);
  const containers = asRecord(specProps?.containers);
  return containers !== undefined && (containers.type === 'array' || asRecord(containers.items) !== undefined);
}

/** The shallowest path (through object properties, not lists or status) of a PodTemplateSpec in a schema. */
export function podTemplatePathOf(schema: unknown): FieldPath | undefined {
  let level: { node: Schema; path: string[] }[] = isRecord(schema) ? [{ node: schema, path: [] }] : [];
  for (let depth = 0; depth <= MAX_DEPTH && level.length; depth++) {
    const next: typeof level = [];
    for (const { node, path } of level) {
      if (path.length && isPodTemplateSchema(node)) return path;
      for (const [key, child] of Object.entries(asRecord(node.properties) ?? {})) {
        if (depth === 0 && key === 'status') continue;
        if (isRecord(child)) next.push({ node: child, path: [...path, key] });
      }
    }
    level = next;
  }
  return undefined;
}

/** The schemas a CRD declares: v1's per-version ones, and v1beta1's top-level one. */
function schemasOf(crd: Record<string, unknown>): unknown[] {
  const spec = asRecord(crd.spec) ?? {};
  const perVersion = (Array.isArray(spec.versions) ? spec.versions : []).map((v) => asRecord(asRecord(v)?.schema)?.openAPIV3Schema);
  return [...perVersion, asRecord(spec.validation)?.openAPIV3Schema].filter((s) => s !== undefined);
}

/**
 * The pod-template kinds that the CustomResourceDefinitions among `objects` declare: each CRD whose
 * schema embeds a PodTemplateSpec, at the first path found (versions in the CRD's order).
 */
export function podTemplateKindsFromCrds(objects: readonly unknown[]): PodTemplateKind[] {
  const out: PodTemplateKind[] = [];
  for (const o of objects) {
    if (!isRecord(o) || !isKind(o, 'apiextensions.k8s.io', 'CustomResourceDefinition')) continue;
    const spec = asRecord(o.spec) ?? {};
    const group = typeof spec.group === 'string' ? spec.group : undefined;
    const kind = asRecord(spec.names)?.kind;
    if (group === undefined || typeof kind !== 'string') continue;
    for (const schema of schemasOf(o)) {
      const path = podTemplatePathOf(schema);
      if (!path) continue;
      // a replicas field beside the template's parent says the kind keeps a set of replicas
      const replicated = path.length === 2 && path[0] === 'spec' && hasProperty(schema, ['spec', 'replicas']);
      out.push({ kind, groups: [group], path, builtin: false, replicated });
      break;
    }
  }
  return out;
}

function hasProperty(schema: unknown, path: readonly string[]): boolean {
  let node = asRecord(schema);
  for (const key of path) node = asRecord(asRecord(node?.properties)?.[key]);
  return node !== undefined;
}
