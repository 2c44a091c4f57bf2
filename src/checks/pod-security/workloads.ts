// Finding the pod templates in rendered objects: where each workload kind keeps its pod.
import type { KubeObject, ManifestObject } from '../../io/manifests.js';
import type { FieldPath, PodTemplateData } from './policy.js';
import { asRecord } from '../../util/data.js';
import { sourceTemplateOf } from '../../kube/refs.js';

/** Path of the pod template (the object holding `metadata` and `spec`) in each workload kind. */
/** Where each built-in kind keeps its pod template (the kinds pod-security-admission checks). */
export const TEMPLATE_PATHS: Readonly<Record<string, FieldPath>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
};

/** The kinds whose pod templates are checked. */
export const WORKLOAD_KINDS: readonly string[] = Object.keys(TEMPLATE_PATHS);

/** One pod template found in the input. */
export interface PodTemplateRef {
  readonly manifest: ManifestObject;
  readonly kind: string;
  readonly name: string;
  /** metadata.namespace, when the object sets one. */
  readonly namespace?: string;
  /** Path of the template inside the object (empty for a Pod). */
  readonly templatePath: FieldPath;
  readonly template: PodTemplateData;
  /** The chart template the object was rendered from (`# Source: chart/templates/x.yaml` → `x`). */
  readonly sourceTemplate?: string;
  /** A `helm test` hook Pod. */
  readonly helmTest: boolean;
}

function at(o: KubeObject, path: FieldPath): Record<string, unknown> | undefined {
  let node: unknown = o;
  for (const key of path) node = asRecord(node)?.[key as string];
  return asRecord(node);
}

/** The pod templates of every workload in `objects` (objects of other kinds are skipped). */
export function findPodTemplates(objects: readonly ManifestObject[]): PodTemplateRef[] {
  const out: PodTemplateRef[] = [];
  for (const manifest of objects) {
    const o = manifest.object;
    if (typeof o.kind !== 'string' || !(o.kind in TEMPLATE_PATHS)) continue;
    const templatePath = TEMPLATE_PATHS[o.kind];
    const template = at(o, templatePath);
    const spec = asRecord(template?.spec);
    if (!template || !spec) continue;
    const metadata = asRecord(template.metadata) ?? {};
    const annotations = asRecord(o.metadata?.annotations) ?? {};
    const hooks =
      typeof annotations['helm.sh/hook'] === 'string' ? (annotations['helm.sh/hook'] as string).split(',').map((h) => h.trim()) : [];
    out.push({
      manifest,
      kind: o.kind,
      name: typeof o.metadata?.name === 'string' ? o.metadata.name : '<no name>',
      namespace: typeof o.metadata?.namespace === 'string' && o.metadata.namespace ? o.metadata.namespace : undefined,
      templatePath,
      template: { metadata, spec },
      sourceTemplate: sourceTemplateOf(manifest.source),
      helmTest: o.kind === 'Pod' && (hooks.includes('test') || hooks.includes('test-success')),
    });
  }
  return out;
}
