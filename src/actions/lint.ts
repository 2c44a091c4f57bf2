// `aipc lint`: reads manifests (files, directories, stdin) or renders a built-in tier, and lints
// them. Returns the report; printing is the CLI's.
import { AipcError, InputError } from '../errors.js';
import { readManifestInputs } from '../io/manifests.js';
import { lintObjects, type LintReport } from '../checks/lint/index.js';
import { lintChartRender } from '../checks/lint/tier.js';

export interface LintActionOptions {
  readonly inputs: readonly string[];
  readonly tier?: string;
  /** Extra values files and --set for --tier. */
  readonly values?: readonly string[];
  readonly set?: readonly string[];
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
}

const EXTERNAL = /^[A-Za-z][A-Za-z0-9]*\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export async function lintAction(o: LintActionOptions): Promise<LintReport> {
  if ((o.tier === undefined) === (o.inputs.length === 0)) {
    throw new AipcError(
      'give manifests (FILE, DIR or -) or --tier X, not both and not neither',
      2,
      'e.g. aipc lint --tier edge, or helm template ... | aipc lint -',
    );
  }
  const bad = (o.external ?? []).filter((e) => !EXTERNAL.test(e));
  if (bad.length)
    throw new AipcError(`--external must be KIND/NAME (Secret/db-credentials), not ${bad.map((b) => JSON.stringify(b)).join(', ')}`);
  if (o.kubeVersion !== undefined && !/^1\.\d{1,2}$/.test(o.kubeVersion))
    throw new AipcError(`--kube-version must be a Kubernetes release like 1.33, not ${JSON.stringify(o.kubeVersion)}`);
  const common = {
    include: o.include,
    exclude: o.exclude,
    external: o.external,
    kubeVersion: o.kubeVersion,
    servedApis: o.apiVersions,
  };
  if (o.tier !== undefined) {
    const [{ renderTierObjects }, { resolveTier }] = await Promise.all([import('../render/render.js'), import('../tiers/resolve.js')]);
    // merged values decide what the tier is (air-gapped or not); --set only adds to the render
    const { values } = resolveTier({ tier: o.tier, valuesFiles: o.values });
    const objects = await renderTierObjects(o.tier, { helm: o.helm, valuesFiles: o.values, set: o.set, apiVersions: o.apiVersions });
    return lintChartRender(objects, values, { ...common, namespace: o.namespace });
  }
  const read = readManifestInputs(o.inputs);
  if (read.diagnostics.length) throw new InputError(read.diagnostics);
  return lintObjects(read.objects, { ...common, defaultNamespace: o.namespace, airgapped: o.airgapped });
}
