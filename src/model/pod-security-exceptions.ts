// Workloads allowed below the Pod Security Standards "restricted" profile, each with its reason.
// Declared here, next to the model, printed by `aipc check pod-security` and in the chart README.
/**
 * A workload allowed to sit below the required level, declared next to the component that needs it.
 * `workload` matches the chart template name (`inference-deployment`), the
 * `app.kubernetes.io/component` label, the object's name, or `Kind/name` / `Kind/namespace/name`;
 * `*` matches any run of characters.
 */
export interface PodSecurityException {
  readonly workload: string;
  /** The lowest level the workload is allowed to have. */
  readonly level: 'baseline' | 'privileged';
  /** Why: shown wherever the exception is applied. */
  readonly reason: string;
}

/** Every pod of the chart meets "restricted"; an entry here would name one that cannot, and why. */
export const podSecurityExceptions: readonly PodSecurityException[] = [];

/** The exceptions as Markdown: the chart README's section and what `aipc check pod-security` prints. */
export function describePodSecurityExceptions(exceptions: readonly PodSecurityException[] = podSecurityExceptions): string {
  if (exceptions.length === 0) return 'None: every pod of the chart meets the *restricted* profile.';
  return ['| workload | level | reason |', '|---|---|---|', ...exceptions.map((e) => `| ${e.workload} | ${e.level} | ${e.reason} |`)].join(
    '\n',
  );
}
