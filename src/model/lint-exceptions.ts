// Lint findings the chart accepts, each with its reason. Declared here, next to the model, applied
// by `aipc lint --tier` (and by build and check), printed by lint and in the chart README.

/**
 * One accepted finding. `check` is a lint check's kube-linter name or Polaris id; `object` matches
 * the chart template the object was rendered from (`tenant-namespace`), its
 * `app.kubernetes.io/component` label, its name, or `Kind/name` / `Kind/namespace/name`; `*`
 * matches any run of characters.
 */
export interface LintException {
  readonly check: string;
  /** Polaris' id of the same check, when Polaris has it (its exemption annotation names this id). */
  readonly polaris?: string;
  readonly object: string;
  /** Kinds of the chart's objects the check judges: the chart carries the exception's annotations on these. */
  readonly kinds: readonly string[];
  readonly reason: string;
}

/** Every kind that carries a pod template (or is a pod): what pod and container checks judge. */
const POD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'PodTemplate'] as const;
/** The controllers Polaris judges (not bare Pods' templates: a PodTemplate is no controller). */
const CONTROLLER_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'] as const;

export const lintExceptions: readonly LintException[] = [
  {
    check: 'dangling-networkpolicy',
    kinds: ['NetworkPolicy'],
    object: 'tenant-namespace',
    reason:
      'A tenant namespace is rendered empty: its default-deny NetworkPolicy selects every pod the tenant will deploy, and none exists until the tenant deploys one.',
  },
  {
    check: 'dangling-networkpolicypeer-podselector',
    kinds: ['NetworkPolicy'],
    object: 'tenant-namespace',
    reason:
      "A tenant's isolation policy admits its own namespace's pods (podSelector {}); the namespace is rendered empty, so until the tenant deploys the peer selects none.",
  },
  {
    check: 'hpa-min-availability',
    polaris: 'hpaMinAvailability',
    kinds: ['HorizontalPodAutoscaler'],
    object: 'inference',
    reason:
      'Each inference replica holds whole GPUs, which the tier shares with tenant quotas (3 at the edge): the HPA starts at one replica and scales with load; its PDB still lets a drain evict it.',
  },
  {
    check: 'hpa-max-availability',
    polaris: 'hpaMaxAvailability',
    kinds: ['HorizontalPodAutoscaler'],
    object: 'inference',
    reason:
      "aipc caps the inference HPA at the GPUs the tenants leave (edge: 3 GPUs less team-alpha's 2 leave one replica); the HPA stays, so a site with more GPUs scales by recompiling its values.",
  },
  {
    check: 'tls-settings-missing',
    polaris: 'tlsSettingsMissing',
    kinds: ['Ingress'],
    object: '*-ingress',
    reason:
      'Ingresses use the internal IngressClass, whose controller terminates TLS with the site certificate; set gateway.ingress.tlsSecret / ui.ingress.tlsSecret to terminate at the Ingress instead.',
  },
  {
    check: 'automount-service-account-token',
    polaris: 'automountServiceAccountToken',
    kinds: POD_KINDS,
    object: 'controller',
    reason: 'The agent controller reconciles fractal.ai resources through the Kubernetes API: it needs its ServiceAccount token.',
  },
  {
    check: 'automount-service-account-token',
    polaris: 'automountServiceAccountToken',
    kinds: POD_KINDS,
    object: 'etl',
    reason:
      'The ETL service launches Jobs from its PodTemplate through the Kubernetes API: it needs its ServiceAccount token (the Job pods themselves get none).',
  },
  {
    check: 'automount-service-account-token',
    polaris: 'automountServiceAccountToken',
    kinds: POD_KINDS,
    object: 'credentials-hook',
    reason:
      'The credentials hook (global.credentials.mode=hook) gets and creates Secrets through the Kubernetes API: it needs its token, bound to a Role that allows only that in the release namespace.',
  },
  {
    check: 'priority-class-not-set',
    polaris: 'priorityClassNotSet',
    kinds: POD_KINDS,
    object: 'credentials-hook',
    reason:
      "The credentials hook runs before install, when the chart's PriorityClass does not exist yet: a pod naming it would be refused.",
  },
  {
    check: 'metadata-and-instance-mismatched',
    polaris: 'metadataAndInstanceMismatched',
    kinds: CONTROLLER_KINDS,
    object: '*',
    reason:
      "Helm convention: app.kubernetes.io/instance is the release name, shared by every object of the release, not each object's own name (Polaris assumes one object per release).",
  },
  {
    check: 'pull-policy-not-always',
    polaris: 'pullPolicyNotAlways',
    kinds: POD_KINDS,
    object: '*',
    reason:
      "Images are pinned to a version and come from the tier's own registry (air-gapped at the edge): IfNotPresent starts pods when that registry is unreachable, and Always would only re-pull the same image.",
  },
  {
    check: 'no-readiness-probe',
    polaris: 'readinessProbeMissing',
    kinds: ['Pod'],
    object: 'tests/*',
    reason: 'helm test hook Pods run one check and exit; no Service routes to them, so readiness means nothing.',
  },
  {
    check: 'no-liveness-probe',
    polaris: 'livenessProbeMissing',
    kinds: ['Pod'],
    object: 'tests/*',
    reason: 'helm test hook Pods run one check and exit; a hung test fails on its own timeout.',
  },
  {
    check: 'deployment-missing-replicas',
    polaris: 'deploymentMissingReplicas',
    // the component, not the release-dependent name, so the chart can carry it as annotations
    object: 'etl',
    kinds: ['Deployment'],
    reason:
      'Scaled by its HorizontalPodAutoscaler (minReplicas 2): the chart leaves spec.replicas unset so that an upgrade does not reset the scale the HPA chose.',
  },
  {
    check: 'deployment-missing-replicas',
    polaris: 'deploymentMissingReplicas',
    // the component, not the release-dependent name, so the chart can carry it as annotations
    object: 'gateway',
    kinds: ['Deployment'],
    reason:
      'Scaled by its HorizontalPodAutoscaler (minReplicas 2): the chart leaves spec.replicas unset so that an upgrade does not reset the scale the HPA chose.',
  },
  {
    check: 'deployment-missing-replicas',
    polaris: 'deploymentMissingReplicas',
    // the component, not the release-dependent name, so the chart can carry it as annotations
    object: 'inference',
    kinds: ['Deployment'],
    reason:
      'Scaled by its HorizontalPodAutoscaler within the GPUs the tier leaves (hpa-min-availability above): the chart leaves spec.replicas unset so that an upgrade does not reset the scale the HPA chose.',
  },
  {
    check: 'deployment-missing-replicas',
    polaris: 'deploymentMissingReplicas',
    // the component, not the release-dependent name, so the chart can carry it as annotations
    object: 'ui',
    kinds: ['Deployment'],
    reason:
      "One UI replica (the component model): the console is not on the tenants' request path (the gateway is), so a restart interrupts operators only.",
  },
  {
    check: 'deployment-missing-replicas',
    polaris: 'deploymentMissingReplicas',
    // the component, not the release-dependent name, so the chart can carry it as annotations
    object: 'triton',
    kinds: ['Deployment'],
    reason:
      'An optional model server holding whole GPUs: one replica by the component model; capacity grows with the GPUs of the tier, not with replicas.',
  },
  {
    check: 'deployment-missing-replicas',
    polaris: 'deploymentMissingReplicas',
    // the component, not the release-dependent name, so the chart can carry it as annotations
    object: 'vllm',
    kinds: ['Deployment'],
    reason:
      'An optional model server holding whole GPUs: one replica by the component model; capacity grows with the GPUs of the tier, not with replicas.',
  },
  {
    check: 'deployment-missing-replicas',
    polaris: 'deploymentMissingReplicas',
    // the component, not the release-dependent name, so the chart can carry it as annotations
    object: 'langfuse',
    kinds: ['Deployment'],
    reason:
      'Optional tracing console: one replica by the component model; it is not on the request path, so a restart loses traces shown, not requests.',
  },
];

/** The exceptions as Markdown: the chart README's section and what `aipc lint` prints. */
export function describeLintExceptions(exceptions: readonly LintException[] = lintExceptions): string {
  if (exceptions.length === 0) return 'None.';
  return ['| check | object | reason |', '|---|---|---|', ...exceptions.map((e) => `| ${e.check} | ${e.object} | ${e.reason} |`)].join(
    '\n',
  );
}
