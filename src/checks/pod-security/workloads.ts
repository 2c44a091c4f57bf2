// Finding the pod templates in rendered objects: every kind whose pods the cluster will create and
// admit (the built-ins, OpenShift's DeploymentConfig, Argo Rollouts, and custom resources whose CRD
// in the input embeds a pod template), each template with its path and the object it came from.
import type { ManifestObject } from '../../io/manifests.js';
import type { PodTemplateData } from './policy.js';
import type { FieldPath } from '../../util/data.js';
import { asRecord } from '../../util/data.js';
import { sourceTemplateOf } from '../../kube/refs.js';
import { POD_TEMPLATE_KINDS, podTemplatesOf } from '../../kube/workloads.js';
import { podTemplateKindsFromCrds } from '../../kube/custom-workloads.js';

/** The built-in kinds admission extracts pod specs from (custom workloads are checked too, see findPodTemplates). */
export const WORKLOAD_KINDS: readonly string[] = POD_TEMPLATE_KINDS.filter((k) => k.builtin).map((k) => k.kind);

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

/** The pod templates of every workload in `objects` (objects of other kinds, and workloads without a pod spec, are skipped). */
export function findPodTemplates(objects: readonly ManifestObject[]): PodTemplateRef[] {
  const out: PodTemplateRef[] = [];
  // admission judges the pods a custom workload's controller creates, so its template is judged here
  const extra = podTemplateKindsFromCrds(objects.map((m) => m.object));
  for (const manifest of objects) {
    const o = manifest.object;
    for (const t of podTemplatesOf(o, { extra })) {
      if (!t.present) continue;
      const annotations = asRecord(o.metadata?.annotations) ?? {};
      const hooks =
        typeof annotations['helm.sh/hook'] === 'string' ? (annotations['helm.sh/hook'] as string).split(',').map((h) => h.trim()) : [];
      out.push({
        manifest,
        kind: o.kind as string,
        name: typeof o.metadata?.name === 'string' ? o.metadata.name : '<no name>',
        namespace: typeof o.metadata?.namespace === 'string' && o.metadata.namespace ? o.metadata.namespace : undefined,
        templatePath: t.path,
        template: { metadata: t.metadata, spec: t.spec },
        sourceTemplate: sourceTemplateOf(manifest.source),
        helmTest: o.kind === 'Pod' && (hooks.includes('test') || hooks.includes('test-success')),
      });
    }
  }
  return out;
}
