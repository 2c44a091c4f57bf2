// `aipc lint`: reads manifests (files, directories, stdin) or renders a built-in tier, and lints
// them. Returns the report; printing is the CLI's.
import { isDns1123Subdomain } from '../kube/names.js';
import { InputError, OptionError } from '../errors.js';
import { readManifestInputs } from '../io/manifests.js';
import { lintObjects, type LintReport } from '../checks/lint/index.js';
import { lintChartRender } from '../checks/lint/tier.js';
import type { TierInputs } from './tier.js';

export interface LintActionOptions extends TierInputs {
  readonly inputs: readonly string[];
  /** The release name a tier is rendered with (object names follow it). */
  readonly release?: string;
  /** Optional APIs the target cluster serves (rendered by --tier, and not reported as removed). */
  readonly apiVersions?: readonly string[];
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly external?: readonly string[];
  readonly kubeVersion?: string;
  /** Namespace of objects without one (default: none for files, the release namespace for --tier). */
  readonly namespace?: string;
  /** Files only: treat the input as an air-gapped tier (images must be pinned). */
  readonly airgapped?: boolean;
  readonly helm?: string;
  /** The text of stdin, for a `-` input (read by the caller: io/stdin.ts). */
  readonly stdin?: () => string;
}

/** `--external KIND/NAME`: a kind, then an object name (a DNS-1123 subdomain). */
const isExternalRef = (e: string): boolean => {
  const m = /^[A-Za-z][A-Za-z0-9]*\/(.+)$/.exec(e);
  return m !== null && isDns1123Subdomain(m[1]);
};

export async function runLint(o: LintActionOptions): Promise<LintReport> {
  if ((o.tier === undefined) === (o.inputs.length === 0)) {
    throw new OptionError(
      'tier',
      'give a tier or manifests (files, directories or - for stdin), not both and not neither',
      'e.g. aipc lint --tier edge, or helm template ... | aipc lint -',
    );
  }
  const bad = (o.external ?? []).filter((e) => !isExternalRef(e));
  if (bad.length)
    throw new OptionError('external', `must be KIND/NAME (Secret/db-credentials), not ${bad.map((b) => JSON.stringify(b)).join(', ')}`);
  if (o.kubeVersion !== undefined && !/^1\.\d{1,2}$/.test(o.kubeVersion))
    throw new OptionError('kubeVersion', `must be a Kubernetes release like 1.33, not ${JSON.stringify(o.kubeVersion)}`);
  const common = {
    include: o.include,
    exclude: o.exclude,
    external: o.external,
    kubeVersion: o.kubeVersion,
    servedApis: o.apiVersions,
  };
  if (o.tier !== undefined) {
    const [{ renderResolvedTier }, { withResolvedTier }] = await Promise.all([import('../render/render.js'), import('./tier.js')]);
    // the tier resolved as every command resolves it (a profile file, --tenants or --set compile it);
    // its merged values decide what the tier is (air-gapped or not)
    return withResolvedTier({ ...o, tier: o.tier }, async (resolved) => {
      const { helm, release, namespace, apiVersions } = o;
      const objects = await renderResolvedTier(resolved, { helm, release, namespace, apiVersions });
      return lintChartRender(objects, resolved.mergedValues, { ...common, namespace: o.namespace });
    });
  }
  const read = readManifestInputs(o.inputs, o.stdin);
  if (read.diagnostics.length) throw new InputError(read.diagnostics);
  return lintObjects(read.objects, { ...common, defaultNamespace: o.namespace, airgapped: o.airgapped });
}

// what `aipc lint` prints with: its command imports this module alone
export { LINT_CHECKS, formatLintReport } from '../checks/lint/index.js';
export { stdinFor } from '../io/stdin.js';
export { runFleet, fleetSites, formatFleet } from './fleet.js';
