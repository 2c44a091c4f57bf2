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
  readonly object: string;
  readonly reason: string;
}

export const lintExceptions: readonly LintException[] = [
  {
    check: 'dangling-networkpolicy',
    object: 'tenant-namespace',
    reason:
      'A tenant namespace is rendered empty: its default-deny NetworkPolicy selects every pod the tenant will deploy, and none exists until the tenant deploys one.',
  },
  {
    check: 'automount-service-account-token',
    object: 'controller',
    reason: 'The agent controller reconciles fractal.ai resources through the Kubernetes API: it needs its ServiceAccount token.',
  },
  {
    check: 'automount-service-account-token',
    object: 'etl',
    reason: 'The ETL service creates Jobs from its CronJob template through the Kubernetes API: it needs its ServiceAccount token.',
  },
  {
    check: 'metadata-and-instance-mismatched',
    object: '*',
    reason:
      'Helm convention: app.kubernetes.io/instance is the release name, shared by every object of the release, not each object\'s own name (Polaris assumes one object per release).',
  },
  {
    check: 'pull-policy-not-always',
    object: '*',
    reason:
      'Images are pinned to a version and come from the tier\'s own registry (air-gapped at the edge): IfNotPresent starts pods when that registry is unreachable, and Always would only re-pull the same image.',
  },
  {
    check: 'no-readiness-probe',
    object: 'tests/*',
    reason: 'helm test hook Pods run one check and exit; no Service routes to them, so readiness means nothing.',
  },
  {
    check: 'no-liveness-probe',
    object: 'tests/*',
    reason: 'helm test hook Pods run one check and exit; a hung test fails on its own timeout.',
  },
];

/** The exceptions as Markdown: the chart README's section and what `aipc lint` prints. */
export function describeLintExceptions(exceptions: readonly LintException[] = lintExceptions): string {
  if (exceptions.length === 0) return 'None.';
  return ['| check | object | reason |', '|---|---|---|', ...exceptions.map((e) => `| ${e.check} | ${e.object} | ${e.reason} |`)].join('\n');
}
