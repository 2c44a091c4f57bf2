// Availability checks: replicas spread over nodes, PodDisruptionBudgets that select the workload
// and allow evictions, HPAs that keep more than one pod. Replicas count the HPA's minReplicas when
// spec.replicas is unset (the HPA owns the field then).
import { asRecord, type FieldPath } from '../../util/data.js';
import { getAt, list, selectorOf, str, type LintContext, type LintObject, type Workload } from './context.js';
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
function pdbsOf(w: Workload, ctx: LintContext): LintObject[] {
  return ctx.ofKind('PodDisruptionBudget').filter((p) => {
    if (p.namespace !== w.object.namespace) return false;
    const s = selectorOf(getAt(p.raw, ['spec', 'selector']));
    // an empty selector in policy/v1 selects every pod of the namespace; Polaris' any-label match is not enough
    return s !== undefined && s.matches(w.podLabels) && Object.keys(w.podLabels).length > 0;
  });
}

/** An int-or-percent against a total: 2 → 2, "50%" → ceil(total/2). */
function resolveIntOrPercent(v: unknown, total: number): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+%$/.test(v)) return Math.ceil((Number(v.slice(0, -1)) / 100) * total);
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
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
      // off by default: one replica is a sizing decision (the edge tier has three nodes), not a defect;
      // spreading and PDBs are checked wherever more than one pod may run
      byDefault: false,
      description: 'Deployments with fewer than two replicas (spec.replicas, else HPA minReplicas).',
      skipKinds: ['Pod', 'Job', 'CronJob', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'ReplicationController'],
    },
    (w, ctx) =>
      w.object.kind === 'Deployment' && (ctx.minReplicas(w) ?? 1) < 2 ? [[['spec', 'replicas'], 'only one replica is scheduled']] : [],
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
  objectCheck(
    {
      name: 'pdb-min-available',
      byDefault: true,
      description: 'PodDisruptionBudgets whose minAvailable is at least the replicas of a workload they select.',
      kinds: ['PodDisruptionBudget'],
    },
    (o, ctx) => {
      const min = getAt(o.raw, ['spec', 'minAvailable']);
      if (min === undefined) return [];
      const s = selectorOf(getAt(o.raw, ['spec', 'selector']));
      if (!s) return [];
      return ctx
        .selectedWorkloads(s, o.namespace)
        .filter((w) => w.replicated)
        .flatMap((w) => {
          const replicas = ctx.minReplicas(w) ?? 1;
          const need = resolveIntOrPercent(min, replicas);
          return need !== undefined && need >= replicas
            ? [
                [
                  ['spec', 'minAvailable'],
                  `The current number of replicas for ${w.object.kind.toLowerCase()} ${w.object.name} is equal to or lower than the minimum number of replicas specified by its PDB.`,
                ] as const,
              ]
            : [];
        });
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
  objectCheck(
    {
      name: 'pdb-min-available-greater-than-hpa-min-replicas',
      polaris: 'pdbMinAvailableGreaterThanHPAMinReplicas',
      aliases: ['pdbMinAvailableGreaterThanOrEqualToHPAMinReplicas'],
      origin: 'polaris',
      byDefault: true,
      description: 'PodDisruptionBudgets whose minAvailable exceeds the minReplicas of the HPA scaling a workload they select.',
      kinds: ['PodDisruptionBudget'],
    },
    (o, ctx) => {
      const min = getAt(o.raw, ['spec', 'minAvailable']);
      const s = selectorOf(getAt(o.raw, ['spec', 'selector']));
      if (min === undefined || !s) return [];
      return ctx.selectedWorkloads(s, o.namespace).flatMap((w) =>
        ctx.autoscalersOf(w).flatMap((h) => {
          const hpaMin = getAt(h.raw, ['spec', 'minReplicas']);
          const floor = typeof hpaMin === 'number' ? hpaMin : 1;
          const need = resolveIntOrPercent(min, floor);
          return need !== undefined && need > floor
            ? [
                [
                  ['spec', 'minAvailable'],
                  `minAvailable ${String(min)} is greater than HorizontalPodAutoscaler ${h.name}'s minReplicas ${floor}`,
                ] as const,
              ]
            : [];
        }),
      );
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
