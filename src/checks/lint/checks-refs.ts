// Cross-object checks: what one object names must exist in the stream and select something —
// Services, Ingresses, HPAs, NetworkPolicies, ServiceMonitors, selectors, ServiceAccounts, and
// every Secret, ConfigMap and PVC a pod loads (a missing one keeps the pod from starting).
import { asRecord, type FieldPath } from '../../util/data.js';
import {
  containersOf,
  getAt,
  goList,
  goMap,
  lintWork,
  list,
  selectorOf,
  str,
  type LintContext,
  type LintObject,
  type Workload,
} from './context.js';
import { LabelSelector } from '../../kube/selectors.js';
import { LabelIndex } from '../../kube/label-index.js';
import { containerCheck, objectCheck, workloadCheck } from './check-helpers.js';
import type { LintCheck } from './types.js';

/** Keys of a Secret (data and stringData) or a ConfigMap (data and binaryData). */
function keysOf(o: LintObject): Set<string> {
  const fields = o.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData'];
  return new Set(fields.flatMap((f) => Object.keys(asRecord(o.raw[f]) ?? {})));
}

/** Go's `%v` of a *metav1.LabelSelector holding only matchLabels, as kube-linter prints it. */
function goLabelSelector(raw: unknown): string {
  const ml = Object.entries(asRecord(asRecord(raw)?.matchLabels) ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}: ${String(v)},`)
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${ml}},MatchExpressions:[]LabelSelectorRequirement{},}`;
}

const strMap = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(asRecord(v) ?? {}).map(([k, x]) => [k, String(x)]));

/** A workload's declared selector, as a LabelSelector (DeploymentConfigs and ReplicationControllers use a plain map). */
function workloadSelector(w: Workload): { raw: unknown; plain: boolean } | undefined {
  const raw = getAt(w.object.raw, ['spec', 'selector']);
  if (raw === undefined || raw === null) return undefined;
  const plain = w.object.kind === 'DeploymentConfig' || w.object.kind === 'ReplicationController';
  return { raw, plain };
}

/** Whether any pod of the stream in `namespace` carries all of `labels`. */
function anyPodWithLabels(ctx: LintContext, namespace: string, labels: Record<string, string>): boolean {
  return ctx.selectsAnyWorkload(LabelSelector.ofLabels(labels), namespace);
}

/** Whether a selector (a malformed one selects nothing) selects the pods of some workload in `namespace`. */
function selectsPods(ctx: LintContext, raw: unknown, namespace: string): boolean {
  const s = selectorOf(raw);
  return s !== undefined && ctx.selectsAnyWorkload(s, namespace);
}

/** The services an Ingress sends to: `[path, service, port]` per backend. */
function ingressBackends(o: LintObject): [FieldPath, string, unknown][] {
  const out: [FieldPath, string, unknown][] = [];
  const add = (b: unknown, path: FieldPath): void => {
    const svc = asRecord(asRecord(b)?.service);
    if (svc && typeof svc.name === 'string') {
      const port = asRecord(svc.port);
      out.push([path, svc.name, port?.number ?? port?.name]);
    }
    // networking.k8s.io/v1beta1 and extensions: serviceName/servicePort
    const old = asRecord(b);
    if (old && typeof old.serviceName === 'string') out.push([path, old.serviceName, old.servicePort]);
  };
  const spec = asRecord(o.raw.spec) ?? {};
  add(spec.defaultBackend ?? spec.backend, ['spec', spec.defaultBackend ? 'defaultBackend' : 'backend']);
  list(spec.rules).forEach((r, i) =>
    list(asRecord(asRecord(r)?.http)?.paths).forEach((p, j) =>
      add(asRecord(p)?.backend, ['spec', 'rules', i, 'http', 'paths', j, 'backend']),
    ),
  );
  return out;
}

/** Every Secret, ConfigMap and PVC a pod loads, with whether the reference is optional. */
interface PodReference {
  readonly kind: 'Secret' | 'ConfigMap' | 'PersistentVolumeClaim';
  readonly name: string;
  readonly path: FieldPath;
  readonly optional: boolean;
  readonly via: string;
}

function podReferences(w: Workload): PodReference[] {
  const out: PodReference[] = [];
  const spec: FieldPath = [...w.templatePath, 'spec'];
  for (const c of containersOf(w, true)) {
    list(c.container.envFrom).forEach((e, i) => {
      for (const [field, kind] of [
        ['secretRef', 'Secret'],
        ['configMapRef', 'ConfigMap'],
      ] as const) {
        const ref = asRecord(asRecord(e)?.[field]);
        if (ref && typeof ref.name === 'string')
          out.push({
            kind,
            name: ref.name,
            path: [...c.path, 'envFrom', i, field],
            optional: ref.optional === true,
            via: `envFrom of container "${c.name}"`,
          });
      }
    });
  }
  list(w.podSpec.volumes).forEach((v, i) => {
    const vol = asRecord(v) ?? {};
    const name = str(vol.name) ?? '';
    const secret = asRecord(vol.secret);
    if (secret && typeof secret.secretName === 'string')
      out.push({
        kind: 'Secret',
        name: secret.secretName,
        path: [...spec, 'volumes', i, 'secret'],
        optional: secret.optional === true,
        via: `volume "${name}"`,
      });
    const cm = asRecord(vol.configMap);
    if (cm && typeof cm.name === 'string')
      out.push({
        kind: 'ConfigMap',
        name: cm.name,
        path: [...spec, 'volumes', i, 'configMap'],
        optional: cm.optional === true,
        via: `volume "${name}"`,
      });
    const pvc = asRecord(vol.persistentVolumeClaim);
    if (pvc && typeof pvc.claimName === 'string')
      out.push({
        kind: 'PersistentVolumeClaim',
        name: pvc.claimName,
        path: [...spec, 'volumes', i, 'persistentVolumeClaim'],
        optional: false,
        via: `volume "${name}"`,
      });
    list(asRecord(vol.projected)?.sources).forEach((s, j) => {
      for (const [field, kind] of [
        ['secret', 'Secret'],
        ['configMap', 'ConfigMap'],
      ] as const) {
        const ref = asRecord(asRecord(s)?.[field]);
        if (ref && typeof ref.name === 'string')
          out.push({
            kind,
            name: ref.name,
            path: [...spec, 'volumes', i, 'projected', 'sources', j, field],
            optional: ref.optional === true,
            via: `projected volume "${name}"`,
          });
      }
    });
  });
  list(w.podSpec.imagePullSecrets).forEach((s, i) => {
    const name = str(asRecord(s)?.name);
    if (name) out.push({ kind: 'Secret', name, path: [...spec, 'imagePullSecrets', i], optional: false, via: 'imagePullSecrets' });
  });
  return out;
}

/** PVC names a StatefulSet creates itself from volumeClaimTemplates (`<template>-<sts>-<ordinal>`, referenced by template name). */
function claimTemplates(w: Workload): Set<string> {
  return new Set(list(getAt(w.object.raw, ['spec', 'volumeClaimTemplates'])).map((t) => str(asRecord(asRecord(t)?.metadata)?.name) ?? ''));
}

function servicesMatchedBy(ctx: LintContext, sm: LintObject): LintObject[] {
  const spec = asRecord(sm.raw.spec) ?? {};
  const nsSel = asRecord(spec.namespaceSelector) ?? {};
  const names = list(nsSel.matchNames).map(String);
  const selector = selectorOf(spec.selector);
  if (!selector) return [];
  const services = ctx.memo('services by label', () => {
    const index = new LabelIndex<LintObject>();
    for (const s of ctx.ofKind('Service')) index.add(s, s.labels);
    return index;
  });
  return services
    .select(selector, (s) => s.labels, lintWork)
    .filter(
      (s) => nsSel.any === true || (names.length ? names.includes(s.namespace) : sm.namespace === '' || s.namespace === sm.namespace),
    );
}

function selectorText(raw: unknown): string {
  const ml = asRecord(asRecord(raw)?.matchLabels) ?? {};
  return Object.entries(ml)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
}

export const referenceChecks: readonly LintCheck[] = [
  objectCheck(
    {
      name: 'dangling-service',
      byDefault: true,
      severity: 'error',
      description: 'Services whose selector matches no pod.',
      kinds: ['Service'],
    },
    (o, ctx) => {
      const sel = asRecord(asRecord(o.raw.spec)?.selector);
      if (!sel || Object.keys(sel).length === 0) return [];
      const labels = strMap(sel);
      return anyPodWithLabels(ctx, o.namespace, labels)
        ? []
        : [[['spec', 'selector'], `no pods found matching service labels (${goMap(labels)})`]];
    },
  ),
  objectCheck(
    {
      name: 'dangling-ingress',
      byDefault: false,
      selfContained: true,
      severity: 'error',
      description: 'Ingress backends naming a Service or port that does not exist.',
      kinds: ['Ingress'],
    },
    (o, ctx) =>
      ingressBackends(o).flatMap(([path, name, port]) => {
        const svc = ctx.find('Service', o.namespace, name);
        const ports = list(asRecord(svc?.raw.spec)?.ports).map((p) => asRecord(p) ?? {});
        const ok = svc && (port === undefined || ports.some((p) => (typeof port === 'number' ? p.port === port : p.name === port)));
        return ok || ctx.isExternal('Service', name)
          ? []
          : [[path, `no service found matching ingress label (${name}), port ${String(port)}`] as const];
      }),
  ),
  objectCheck(
    {
      name: 'dangling-horizontalpodautoscaler',
      byDefault: false,
      selfContained: true,
      severity: 'error',
      description: 'HorizontalPodAutoscalers whose scaleTargetRef names no object in the stream.',
      kinds: ['HorizontalPodAutoscaler'],
    },
    (o, ctx) => {
      const ref = asRecord(getAt(o.raw, ['spec', 'scaleTargetRef'])) ?? {};
      const kind = str(ref.kind) ?? '';
      const name = str(ref.name) ?? '';
      return ctx.find(kind, o.namespace, name) || ctx.isExternal(kind, name)
        ? []
        : [
            [
              ['spec', 'scaleTargetRef'],
              `no resources found matching HorizontalPodAutoscaler scaleTargetRef ({${kind} ${name} ${str(ref.apiVersion) ?? ''}})`,
            ],
          ];
    },
  ),
  objectCheck(
    {
      name: 'dangling-networkpolicy',
      byDefault: false,
      selfContained: true,
      description: 'NetworkPolicies whose podSelector matches no pod.',
      kinds: ['NetworkPolicy'],
    },
    (o, ctx) => {
      const raw = getAt(o.raw, ['spec', 'podSelector']);
      return selectsPods(ctx, raw, o.namespace)
        ? []
        : [
            [
              ['spec', 'podSelector'],
              `no pods found matching networkpolicy's podSelector labels (${goMap(strMap(asRecord(raw)?.matchLabels))})`,
            ],
          ];
    },
  ),
  objectCheck(
    {
      name: 'dangling-networkpolicypeer-podselector',
      byDefault: false,
      selfContained: true,
      description: 'NetworkPolicy peers (podSelector without namespaceSelector) that match no pod.',
      kinds: ['NetworkPolicy'],
    },
    (o, ctx) => {
      const out: (readonly [FieldPath, string])[] = [];
      for (const [dir, peers] of [
        ['ingress', 'from'],
        ['egress', 'to'],
      ] as const) {
        list(getAt(o.raw, ['spec', dir])).forEach((rule, i) =>
          list(asRecord(rule)?.[peers]).forEach((peer, j) => {
            const p = asRecord(peer) ?? {};
            if (!asRecord(p.podSelector) || p.namespaceSelector !== undefined) return;
            if (!selectsPods(ctx, p.podSelector, o.namespace))
              out.push([
                ['spec', dir, i, peers, j, 'podSelector'],
                `no pods found matching networkpolicy rule's podSelector labels (${goMap(strMap(asRecord(p.podSelector)?.matchLabels))})`,
              ]);
          }),
        );
      }
      return out;
    },
  ),
  objectCheck(
    {
      name: 'dangling-servicemonitor',
      byDefault: false,
      selfContained: true,
      description: 'ServiceMonitors whose selectors match no Service.',
      kinds: ['ServiceMonitor'],
    },
    (o, ctx) => {
      const spec = asRecord(o.raw.spec) ?? {};
      if (servicesMatchedBy(ctx, o).length) return [];
      const names = list(asRecord(spec.namespaceSelector)?.matchNames).map(String);
      return [
        [
          ['spec'],
          `no services found matching the service monitor's label selector (${selectorText(spec.selector)}) and namespace selector (${goList(names)})`,
        ],
      ];
    },
  ),
  objectCheck(
    {
      name: 'dangling-podmonitor',
      origin: 'aipc',
      byDefault: false,
      selfContained: true,
      description: 'PodMonitors whose selector matches no pod.',
      kinds: ['PodMonitor'],
    },
    (o, ctx) => {
      const spec = asRecord(o.raw.spec) ?? {};
      const names = list(asRecord(spec.namespaceSelector)?.matchNames).map(String);
      const s = selectorOf(spec.selector);
      const hit = s && (names.length ? names : [o.namespace]).some((ns) => ctx.selectsAnyWorkload(s, ns));
      return hit
        ? []
        : [[['spec', 'selector'], `no pods found matching the pod monitor's label selector (${selectorText(spec.selector)})`]];
    },
  ),
  objectCheck(
    {
      name: 'dangling-poddisruptionbudget',
      origin: 'aipc',
      byDefault: false,
      selfContained: true,
      severity: 'error',
      description: 'PodDisruptionBudgets whose selector matches no pod.',
      kinds: ['PodDisruptionBudget'],
    },
    (o, ctx) => {
      const raw = getAt(o.raw, ['spec', 'selector']);
      return selectsPods(ctx, raw, o.namespace)
        ? []
        : [
            [
              ['spec', 'selector'],
              `no pods found matching the PodDisruptionBudget's selector (${goMap(strMap(asRecord(raw)?.matchLabels))})`,
            ],
          ];
    },
  ),
  workloadCheck(
    {
      name: 'mismatching-selector',
      byDefault: true,
      severity: 'error',
      description: "Workloads whose selector does not match their own pod template's labels.",
    },
    (w) => {
      const sel = workloadSelector(w);
      if (!sel || w.object.kind === 'Pod') return [];
      const labels = goMap(w.podLabels);
      if (sel.plain) {
        const want = strMap(sel.raw);
        return Object.entries(want).every(([k, v]) => w.podLabels[k] === v)
          ? []
          : [
              [
                ['spec', 'selector'],
                `labels in pod spec (${labels}) do not match labels in selector (${goLabelSelector({ matchLabels: want })})`,
              ],
            ];
      }
      const s = selectorOf(sel.raw);
      return s && s.matches(w.podLabels)
        ? []
        : [[['spec', 'selector'], `labels in pod spec (${labels}) do not match labels in selector (${goLabelSelector(sel.raw)})`]];
    },
  ),
  workloadCheck(
    {
      name: 'non-existent-service-account',
      byDefault: true,
      severity: 'error',
      description: 'Pods naming a ServiceAccount that is not in the stream.',
    },
    (w, ctx) => {
      const sa = str(w.podSpec.serviceAccountName) ?? str(w.podSpec.serviceAccount);
      if (!sa || sa === 'default' || ctx.find('ServiceAccount', w.object.namespace, sa) || ctx.isExternal('ServiceAccount', sa)) return [];
      return [[[...w.templatePath, 'spec', 'serviceAccountName'], `serviceAccount "${sa}" not found`]];
    },
  ),
  containerCheck(
    {
      name: 'env-value-from',
      byDefault: false,
      selfContained: true,
      severity: 'error',
      description: 'Environment variables taken from a Secret or ConfigMap key that does not exist.',
    },
    (c, w, ctx) => {
      const out: (readonly [FieldPath, string])[] = [];
      list(c.container.env).forEach((e, i) => {
        const from = asRecord(asRecord(e)?.valueFrom) ?? {};
        for (const [field, kind, label] of [
          ['secretKeyRef', 'Secret', 'secret'],
          ['configMapKeyRef', 'ConfigMap', 'config map'],
        ] as const) {
          const ref = asRecord(from[field]);
          if (!ref || typeof ref.name !== 'string' || ref.optional === true || ctx.isExternal(kind, ref.name)) continue;
          const target = ctx.find(kind, w.object.namespace, ref.name);
          const path: FieldPath = [...c.path, 'env', i, 'valueFrom', field];
          if (!target && ctx.exists(kind, w.object.namespace, ref.name)) continue;
          if (!target) out.push([path, `The container "${c.name}" is referring to an unknown ${label} "${ref.name}"`]);
          else if (typeof ref.key === 'string' && !keysOf(target).has(ref.key))
            out.push([path, `The container "${c.name}" is referring to an unknown key "${ref.key}" in ${label} "${ref.name}"`]);
        }
      });
      return out;
    },
  ),
  workloadCheck(
    {
      name: 'missing-reference',
      origin: 'aipc',
      byDefault: false,
      selfContained: true,
      severity: 'error',
      description:
        'Secrets, ConfigMaps and PVCs a pod loads (envFrom, volumes, imagePullSecrets) that are not in the stream, not optional and not declared external.',
    },
    (w, ctx) => {
      const templates = claimTemplates(w);
      return podReferences(w)
        .filter((r) => !r.optional && !ctx.exists(r.kind, w.object.namespace, r.name))
        .filter((r) => !(r.kind === 'PersistentVolumeClaim' && templates.has(r.name)))
        .map(
          (r) =>
            [
              r.path,
              `${r.via} loads ${r.kind} "${r.name}", which is not rendered: the pod cannot start (mark it optional or declare it with --external ${r.kind}/${r.name})`,
            ] as const,
        );
    },
  ),
  workloadCheck(
    {
      name: 'automount-service-account-token',
      polaris: 'automountServiceAccountToken',
      byDefault: true,
      description: 'Pods that get an API token mounted: neither the pod nor its ServiceAccount sets automountServiceAccountToken to false.',
    },
    (w, ctx) => {
      if (w.podSpec.automountServiceAccountToken === false) return [];
      const name = str(w.podSpec.serviceAccountName) ?? str(w.podSpec.serviceAccount) ?? 'default';
      const sa = ctx.find('ServiceAccount', w.object.namespace, name);
      if (sa && sa.raw.automountServiceAccountToken === false && w.podSpec.automountServiceAccountToken !== true) return [];
      return [[[...w.templatePath, 'spec'], `the ServiceAccount token of ${JSON.stringify(name)} is mounted into the pod`]];
    },
  ),
  workloadCheck(
    { name: 'non-isolated-pod', byDefault: false, selfContained: true, description: 'Pods selected by no NetworkPolicy.' },
    (w, ctx) =>
      ctx.selecting('NetworkPolicy', ['spec', 'podSelector'], w).length ? [] : [[[], 'pods created by this object are non-isolated']],
  ),
  workloadCheck(
    {
      name: 'missing-network-policy',
      polaris: 'missingNetworkPolicy',
      origin: 'polaris',
      byDefault: true,
      description: 'Pods whose NetworkPolicies do not cover both ingress and egress with rules.',
    },
    (w, ctx) => {
      const policies = ctx.selecting('NetworkPolicy', ['spec', 'podSelector'], w);
      const types = new Set(policies.flatMap((p) => list(getAt(p.raw, ['spec', 'policyTypes'])).map(String)));
      const hasRules = (dir: string): boolean => policies.some((p) => list(getAt(p.raw, ['spec', dir])).length > 0);
      const missing = [
        ...(types.has('Ingress') && hasRules('ingress') ? [] : ['ingress']),
        ...(types.has('Egress') && hasRules('egress') ? [] : ['egress']),
      ];
      return missing.length ? [[[], `no NetworkPolicy selecting the pod declares ${missing.join(' and ')} rules`]] : [];
    },
  ),
];
