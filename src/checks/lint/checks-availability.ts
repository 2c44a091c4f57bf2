// Availability checks: replicas spread over nodes, PodDisruptionBudgets that select the workload
// and allow evictions, HPAs that keep more than one pod. Replicas count the HPA's minReplicas when
// spec.replicas is unset (the HPA owns the field then).
import { asRecord, type FieldPath } from '../../util/data.js';
import { getAt, lintWork, list, selectorOf, str, type LintContext, type LintObject, type Workload } from './context.js';
import { LabelSelector } from '../../kube/selectors.js';
import { LabelIndex } from '../../kube/label-index.js';
import { objectCheck, workloadCheck } from './check-helpers.js';
import type { LintCheck } from './types.js';

const SPREAD_KEYS = ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'];

/** Whether a workload runs, or may run, more than one pod (unset replicas count: an HPA or operator may scale it). */
function multiReplica(w: Workload, ctx: LintContext): boolean {
  if (!w.replicated) return false;
  const min = ctx.minReplicas(w);
  const autoscaled = ctx.autoscalersOf(w).some((h) => {
    const max = getAt(h.raw, ['spec', 'maxReplicas']);
    return typeof max === 'number' && max > 1;
  });
  return min === undefined || min > 1 || autoscaled;
}

/** The PDBs in the workload's namespace whose selector selects its pods. */
function pdbsOf(w: Workload, ctx: LintContext): readonly LintObject[] {
  // an empty selector in policy/v1 selects every pod of the namespace; Polaris' any-label match is not enough
  if (Object.keys(w.podLabels).length === 0) return [];
  return ctx.selecting('PodDisruptionBudget', ['spec', 'selector'], w);
}

/** kube-linter's DeploymentLike kinds (pkg/objectkinds/deployment_like.go). */
const DEPLOYMENT_LIKE = new Set([
  'Deployment',
  'DaemonSet',
  'DeploymentConfig',
  'StatefulSet',
  'ReplicaSet',
  'Pod',
  'ReplicationController',
  'Job',
  'CronJob',
]);

/** kube-linter's getIntOrPercentValueSafelyFromString of an int-or-string: the value, or Go's error text. */
function intOrPercent(v: unknown): { value: number; percent: boolean } | string {
  const text = String(v);
  if (/^[+-]?\d+$/.test(text)) return { value: Number(text), percent: false };
  if (!text.endsWith('%')) return `invalid type: string ${JSON.stringify(text)} is not a percentage`;
  const digits = text.slice(0, -1);
  if (!/^[+-]?\d+$/.test(digits))
    return `invalid value ${JSON.stringify(text)}: strconv.Atoi: parsing ${JSON.stringify(digits)}: invalid syntax`;
  return { value: Number(digits), percent: true };
}

/**
 * kube-linter's extract.Selector then labels.ConvertSelectorToLabelsMap: a workload's selector as a
 * label set; undefined for kinds without a selector field (Pod); the error text when the selector
 * has expressions, which a label set cannot hold.
 */
function selectorLabelsOf(w: Workload): Record<string, string> | string | undefined {
  if (w.object.kind === 'Pod') return undefined;
  const raw = asRecord(
    w.object.kind === 'CronJob'
      ? getAt(w.object.raw, ['spec', 'jobTemplate', 'spec', 'selector'])
      : getAt(w.object.raw, ['spec', 'selector']),
  );
  // DeploymentConfig's selector is a plain label map
  const matchLabels = w.object.kind === 'DeploymentConfig' ? raw : asRecord(raw?.matchLabels);
  const parts: (readonly [string, string])[] = Object.entries(matchLabels ?? {}).map(([k, v]) => [k, `${k}=${String(v)}`] as const);
  if (w.object.kind !== 'DeploymentConfig')
    for (const e of list(raw?.matchExpressions)) {
      const r = asRecord(e) ?? {};
      const key = String(r.key ?? '');
      const values = list(r.values).map(String).sort().join(',');
      const text =
        r.operator === 'In'
          ? `${key} in (${values})`
          : r.operator === 'NotIn'
            ? `${key} notin (${values})`
            : r.operator === 'Exists'
              ? key
              : `!${key}`;
      parts.push([key, text]);
    }
  // the selector's string form, requirements sorted by key, split back on "," and "="
  const text = parts
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, t]) => t)
    .join(',');
  const labels: Record<string, string> = {};
  if (text === '') return labels;
  for (const label of text.split(',')) {
    const kv = label.split('=');
    if (kv.length !== 2) return `invalid selector: [${kv.join(' ')}]`;
    labels[kv[0].trim()] = kv[1].trim();
  }
  return labels;
}

/** kube-linter's extract.Replicas: spec.replicas (unset: 1) of kinds that have the field, 0 for the others. */
function replicasOf(w: Workload): number {
  if (!['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'DeploymentConfig'].includes(w.object.kind)) return 0;
  const r = getAt(w.object.raw, ['spec', 'replicas']);
  return typeof r === 'number' ? r : w.object.kind === 'DeploymentConfig' ? 0 : 1;
}

/**
 * The minimum replicas of each HPA and KEDA ScaledObject of a namespace by the name of its scale
 * target (the last one naming it wins, as kube-linter's map): HPA minReplicas (unset: 1),
 * ScaledObject minReplicaCount (unset or 0: KEDA's default 1). Built once for every namespace.
 */
function scalersByTarget(ctx: LintContext, namespace: string): ReadonlyMap<string, number> {
  const byNs = ctx.memo('scalers by target', () => {
    const out = new Map<string, Map<string, number>>();
    for (const h of ctx
      .ofKind('HorizontalPodAutoscaler', 'ScaledObject')
      .slice()
      .sort((a, b) => a.index - b.index)) {
      const target = str(getAt(h.raw, ['spec', 'scaleTargetRef', 'name']));
      if (target === undefined) continue;
      const min = getAt(h.raw, ['spec', h.kind === 'ScaledObject' ? 'minReplicaCount' : 'minReplicas']);
      let m = out.get(h.namespace);
      if (!m) out.set(h.namespace, (m = new Map()));
      m.set(target, typeof min === 'number' && (h.kind !== 'ScaledObject' || min > 0) ? min : 1);
    }
    return out;
  });
  return byNs.get(namespace) ?? new Map<string, number>();
}

/** A deployment-like workload with its selector as a label set (kube-linter's pdb-min-available reads it so). */
interface SelectorLabelled {
  readonly w: Workload;
  readonly labels: Record<string, string>;
}

/**
 * Per namespace, the deployment-like workloads with a selector, indexed by their selector's labels;
 * or the error of the first whose selector is no label set (kube-linter fails the whole lookup then).
 */
function selectorLabelledIn(ctx: LintContext, namespace: string): LabelIndex<SelectorLabelled> | string | undefined {
  const byNs = ctx.memo('selector-labelled workloads', () => {
    const out = new Map<string, LabelIndex<SelectorLabelled> | string>();
    for (const w of ctx.workloads) {
      if (!DEPLOYMENT_LIKE.has(w.object.kind)) continue;
      const ns = w.object.namespace;
      const index = out.get(ns);
      if (typeof index === 'string') continue;
      const labels = selectorLabelsOf(w);
      if (labels === undefined) {
        if (!index) out.set(ns, new LabelIndex());
        continue;
      }
      if (typeof labels === 'string') {
        out.set(ns, labels);
        continue;
      }
      if (index) index.add({ w, labels }, labels);
      else {
        const created = new LabelIndex<SelectorLabelled>();
        created.add({ w, labels }, labels);
        out.set(ns, created);
      }
    }
    return out;
  });
  return byNs.get(namespace);
}

/** Polaris' lookups, each the first in stream order: PDBs by a matchLabels pair, HPAs by the Deployment they name. */
function polarisPdbHpa(ctx: LintContext): { pdbByPair: Map<string, LintObject>; hpaByDeployment: Map<string, LintObject> } {
  return ctx.memo('polaris pdb and hpa', () => {
    const pdbByPair = new Map<string, LintObject>();
    for (const p of ctx.ofKind('PodDisruptionBudget')) {
      const matchLabels = asRecord(getAt(p.raw, ['spec', 'selector', 'matchLabels'])) ?? {};
      for (const [k, v] of Object.entries(matchLabels)) {
        const key = `${k}\u0000${String(v)}`;
        if (!pdbByPair.has(key)) pdbByPair.set(key, p);
      }
    }
    const hpaByDeployment = new Map<string, LintObject>();
    for (const h of ctx.ofKind('HorizontalPodAutoscaler')) {
      const ref = asRecord(getAt(h.raw, ['spec', 'scaleTargetRef']));
      if (ref?.kind === 'Deployment' && typeof ref.name === 'string' && !hpaByDeployment.has(ref.name)) hpaByDeployment.set(ref.name, h);
    }
    return { pdbByPair, hpaByDeployment };
  });
}

export const availabilityChecks: readonly LintCheck[] = [
  workloadCheck(
    {
      name: 'no-anti-affinity',
      byDefault: true,
      description:
        'Workloads with two or more replicas (spec.replicas, else HPA minReplicas) and no pod anti-affinity selecting their own pods.',
    },
    (w, ctx) => {
      if (!w.replicated) return [];
      const replicas = ctx.minReplicas(w);
      if (replicas === undefined || replicas < 2) return [];
      const anti = asRecord(asRecord(w.podSpec.affinity)?.podAntiAffinity) ?? {};
      const terms = [
        ...list(anti.requiredDuringSchedulingIgnoredDuringExecution),
        ...list(anti.preferredDuringSchedulingIgnoredDuringExecution).map((t) => asRecord(t)?.podAffinityTerm),
      ].map((t) => asRecord(t) ?? {});
      const at: FieldPath = [...w.templatePath, 'spec', 'affinity'];
      for (const t of terms) {
        const namespaces = list(t.namespaces).map(String);
        if (namespaces.length && !namespaces.includes(w.object.namespace)) {
          return [
            [at, `pod's namespace ${JSON.stringify(w.object.namespace)} not found in anti-affinity's namespaces [${namespaces.join(' ')}]`],
          ];
        }
        if (str(t.topologyKey) && selectorOf(t.labelSelector)?.matches(w.podLabels)) return [];
      }
      return [[at, `object has ${replicas} replicas but does not specify inter pod anti-affinity`]];
    },
  ),
  workloadCheck(
    {
      name: 'topology-spread-constraint',
      polaris: 'topologySpreadConstraint',
      origin: 'polaris',
      byDefault: true,
      description: 'Replicated workloads (unset or more than one replica) without a topology spread over hostname or zone.',
      skipKinds: ['Job', 'CronJob', 'Pod', 'DaemonSet'],
    },
    (w, ctx) => {
      if (!multiReplica(w, ctx)) return [];
      const ok = list(w.podSpec.topologySpreadConstraints).some((t) => SPREAD_KEYS.includes(str(asRecord(t)?.topologyKey) ?? ''));
      return ok
        ? []
        : [
            [
              [...w.templatePath, 'spec'],
              'pod has no topology spread constraint over kubernetes.io/hostname or topology.kubernetes.io/zone',
            ],
          ];
    },
  ),
  workloadCheck(
    {
      name: 'missing-pod-disruption-budget',
      polaris: 'missingPodDisruptionBudget',
      origin: 'polaris',
      byDefault: true,
      description: 'Replicated workloads (unset or more than one replica, or autoscaled) that no PodDisruptionBudget selects.',
      skipKinds: ['Job', 'CronJob', 'Pod', 'DaemonSet'],
    },
    (w, ctx) =>
      multiReplica(w, ctx) && pdbsOf(w, ctx).length === 0
        ? [
            [
              [],
              `no PodDisruptionBudget in namespace ${JSON.stringify(w.object.namespace)} selects the pods of ${w.object.kind} ${JSON.stringify(w.object.name)}`,
            ],
          ]
        : [],
  ),
  workloadCheck(
    {
      name: 'deployment-missing-replicas',
      polaris: 'deploymentMissingReplicas',
      origin: 'polaris',
      // Polaris' default set (pkg/config/checks/deploymentMissingReplicas.yaml): a Deployment's spec
      // must set replicas, an integer of at least 2 (an HPA does not count)
      byDefault: true,
      description: 'Deployments that do not set spec.replicas to 2 or more.',
      skipKinds: ['Pod', 'Job', 'CronJob', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'ReplicationController'],
    },
    (w) => {
      if (w.object.kind !== 'Deployment') return [];
      const r = getAt(w.object.raw, ['spec', 'replicas']);
      return typeof r === 'number' && Number.isInteger(r) && r >= 2 ? [] : [[['spec', 'replicas'], 'only one replica is scheduled']];
    },
  ),
  workloadCheck(
    {
      name: 'minimum-three-replicas',
      byDefault: false,
      description: 'Deployments with fewer than three replicas.',
      skipKinds: ['Pod', 'Job', 'CronJob', 'DaemonSet'],
    },
    (w, ctx) => {
      const r = ctx.minReplicas(w);
      return r !== undefined && r < 3
        ? [[['spec', 'replicas'], `object has ${r} replica${r === 1 ? '' : 's'} but minimum required replicas is 3`]]
        : [];
    },
  ),
  objectCheck(
    {
      name: 'pdb-max-unavailable',
      byDefault: true,
      description: 'PodDisruptionBudgets with maxUnavailable 0 (no eviction ever allowed).',
      kinds: ['PodDisruptionBudget'],
    },
    (o) => {
      const v = getAt(o.raw, ['spec', 'maxUnavailable']);
      return v === 0 || v === '0' || v === '0%' ? [[['spec', 'maxUnavailable'], 'MaxUnavailable is set to 0']] : [];
    },
  ),
  // kube-linter's pdb-min-available (pkg/templates/pdbminavailable/template.go): each deployment-like of
  // the PDB's namespace whose own selector (its matchLabels, as a label set) the PDB selects; its
  // replicas (unset: 1) or, at 1, the minReplicas of the HPA or KEDA ScaledObject naming it.
  objectCheck(
    {
      name: 'pdb-min-available',
      byDefault: true,
      description: 'PodDisruptionBudgets whose minAvailable is at least the replicas of a workload they select.',
      kinds: ['PodDisruptionBudget'],
    },
    (o, ctx) => {
      const at: FieldPath = ['spec', 'minAvailable'];
      const min = getAt(o.raw, at);
      if (min === undefined || min === null) return [];
      const parsed = intOrPercent(min);
      if (typeof parsed === 'string') return [[at, `PDB has invalid MinAvailable value: ${parsed}`]];
      if (parsed.percent && parsed.value === 100) return [[at, 'PDB has minimum available replicas set to 100 percent of replicas']];
      const rawSelector = getAt(o.raw, ['spec', 'selector']);
      if (rawSelector === undefined || rawSelector === null)
        return [
          [
            ['spec'],
            'PDB is missing required selector field: https://kubernetes.io/docs/tasks/run-application/configure-pdb/#specifying-a-poddisruptionbudget',
          ],
        ];
      const selector = LabelSelector.parse(rawSelector);
      if (typeof selector === 'string') return [[['spec', 'selector'], `PDB has invalid label selector: ${selector}`]];
      const minReplicasByTarget = scalersByTarget(ctx, o.namespace);
      const workloads = selectorLabelledIn(ctx, o.namespace);
      if (typeof workloads === 'string')
        return [[at, `Failed to retrieve deployments matching the PDB's label selector within namespace ${o.namespace}: ${workloads}`]];
      const out: (readonly [FieldPath, string])[] = [];
      for (const { w } of workloads?.select(selector, (x) => x.labels, lintWork) ?? []) {
        let replicas = replicasOf(w);
        if (replicas === 1) replicas = minReplicasByTarget.get(w.object.name) ?? replicas;
        const need = parsed.percent ? Math.ceil(replicas * (parsed.value / 100)) : parsed.value;
        if (replicas <= need)
          out.push([
            at,
            `The current number of replicas for deployment ${w.object.name} is equal to or lower than the minimum number of replicas specified by its PDB.`,
          ]);
      }
      return out;
    },
  ),
  objectCheck(
    {
      name: 'pdb-unhealthy-pod-eviction-policy',
      byDefault: true,
      description: 'PodDisruptionBudgets without an explicit unhealthyPodEvictionPolicy.',
      kinds: ['PodDisruptionBudget'],
    },
    (o) =>
      getAt(o.raw, ['spec', 'unhealthyPodEvictionPolicy']) === undefined
        ? [[['spec'], 'unhealthyPodEvictionPolicy is not explicitly set']]
        : [],
  ),
  objectCheck(
    {
      name: 'pdb-disruptions-is-zero',
      polaris: 'pdbDisruptionsIsZero',
      origin: 'polaris',
      byDefault: true,
      description: 'PodDisruptionBudgets allowing no disruption (maxUnavailable 0 or minAvailable 100%).',
      kinds: ['PodDisruptionBudget'],
    },
    (o) => {
      const max = getAt(o.raw, ['spec', 'maxUnavailable']);
      const min = getAt(o.raw, ['spec', 'minAvailable']);
      if (max === 0 || max === '0%') return [[['spec', 'maxUnavailable'], 'PodDisruptionBudget allows no disruption (maxUnavailable 0)']];
      if (min === '100%') return [[['spec', 'minAvailable'], 'PodDisruptionBudget allows no disruption (minAvailable 100%)']];
      return [];
    },
  ),
  // Polaris' pdbMinAvailableGreaterThanHPAMinReplicas (pkg/validator/pdb_hpa_validator.go), on each
  // Deployment: the first PDB sharing a matchLabels pair with its pod labels and the first HPA whose
  // scaleTargetRef is Deployment/<name>, in any namespace as Polaris reads them; an HPA without
  // minReplicas passes, a percentage is rounded up against minReplicas.
  workloadCheck(
    {
      name: 'pdb-min-available-greater-than-hpa-min-replicas',
      polaris: 'pdbMinAvailableGreaterThanHPAMinReplicas',
      aliases: ['pdbMinAvailableGreaterThanOrEqualToHPAMinReplicas'],
      origin: 'polaris',
      byDefault: true,
      description: 'Deployments whose PodDisruptionBudget minAvailable exceeds the minReplicas of their HorizontalPodAutoscaler.',
    },
    (w, ctx) => {
      if (w.object.kind !== 'Deployment') return [];
      const { pdbByPair, hpaByDeployment } = polarisPdbHpa(ctx);
      let pdb: LintObject | undefined;
      for (const [k, v] of Object.entries(w.podLabels)) {
        const p = pdbByPair.get(`${k}\u0000${v}`);
        if (p && (!pdb || p.index < pdb.index)) pdb = p;
      }
      const hpa = hpaByDeployment.get(w.object.name);
      if (!pdb || !hpa) return [];
      const min = getAt(pdb.raw, ['spec', 'minAvailable']);
      const hpaMin = getAt(hpa.raw, ['spec', 'minReplicas']);
      if (typeof hpaMin !== 'number') return [];
      let need: number;
      if (typeof min === 'number') need = min;
      else if (typeof min === 'string' && /^[+-]?\d+%$/.test(min)) need = Math.ceil((Number(min.slice(0, -1)) * hpaMin) / 100);
      else return [];
      return need > hpaMin
        ? [
            [
              [],
              `The minAvailable value in the PodDisruptionBudget(${pdb.name}) is ${need}, which is greater than the minReplicas value in the HorizontalPodAutoscaler(${hpa.name}) (${hpaMin})`,
            ],
          ]
        : [];
    },
  ),
  objectCheck(
    {
      name: 'hpa-minimum-three-replicas',
      byDefault: false,
      description: 'HorizontalPodAutoscalers with minReplicas below 3.',
      kinds: ['HorizontalPodAutoscaler'],
    },
    (o) => {
      const m = getAt(o.raw, ['spec', 'minReplicas']);
      const n = typeof m === 'number' ? m : 1;
      return n < 3 ? [[['spec', 'minReplicas'], `object has ${n} replica${n === 1 ? '' : 's'} but minimum required replicas is 3`]] : [];
    },
  ),
  objectCheck(
    {
      name: 'hpa-min-availability',
      polaris: 'hpaMinAvailability',
      origin: 'polaris',
      byDefault: true,
      description: 'HorizontalPodAutoscalers whose minReplicas is below 2.',
      kinds: ['HorizontalPodAutoscaler'],
    },
    (o) => {
      const m = getAt(o.raw, ['spec', 'minReplicas']);
      return typeof m === 'number' && m < 2 ? [[['spec', 'minReplicas'], `minReplicas is ${m}: one pod loss takes the workload down`]] : [];
    },
  ),
  objectCheck(
    {
      name: 'hpa-max-availability',
      polaris: 'hpaMaxAvailability',
      origin: 'polaris',
      byDefault: true,
      description: 'HorizontalPodAutoscalers whose maxReplicas is not above minReplicas.',
      kinds: ['HorizontalPodAutoscaler'],
    },
    (o) => {
      const min = getAt(o.raw, ['spec', 'minReplicas']);
      const max = getAt(o.raw, ['spec', 'maxReplicas']);
      return typeof min === 'number' && typeof max === 'number' && max <= min
        ? [[['spec', 'maxReplicas'], `maxReplicas ${max} is not above minReplicas ${min}: the HPA cannot scale`]]
        : [];
    },
  ),
];
