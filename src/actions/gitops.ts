// `aipc gitops --tier X --format flux|argocd --registry HOST[/PATH] --out DIR`: the objects that
// deploy one site (a tier, or a site profile with its tenants, values files and --set) from the
// chart in an OCI registry, written to DIR/<site>/ (replaced as a whole).
import { join } from 'node:path';
import { OptionError } from '../errors.js';
import { GITOPS_FORMATS, gitopsFiles, type GitopsFormat } from '../gitops/manifests.js';
import type { OutputFile } from '../io/output-file.js';
import { replaceOutputDirectory } from '../io/output-dir.js';
import { chartMeta } from '../model/chart-meta.js';
import { DEFAULT_NAMESPACE, DEFAULT_RELEASE } from '../model/install.js';
import { renderResolvedTier } from '../render/render.js';
import { parseRegistry } from './chart-push.js';
import { withResolvedTier, type TierInputs } from './tier.js';

export interface GitopsOptions extends TierInputs {
  /** `flux` (OCIRepository + HelmRelease) or `argocd` (Application). Required. */
  readonly format?: string;
  /** Where the chart was pushed, `HOST[:PORT][/PATH]` as given to `chart push`. Required. */
  readonly registry?: string;
  /** The directory to write `<site>/` into. Required. */
  readonly out?: string;
  /** The Helm release name (default `ai-platform`). */
  readonly release?: string;
  /** The release namespace (default `ai-platform`). */
  readonly namespace?: string;
  /** The namespace of the Flux or Argo CD objects (default `flux-system` or `argocd`). */
  readonly controllerNamespace?: string;
  readonly helm?: string;
}

export interface GitopsResult {
  readonly site: string;
  readonly format: GitopsFormat;
  /** The directory written, `<out>/<site>`. */
  readonly dir: string;
  readonly files: readonly string[];
}

const PRODUCER = 'aipc gitops';

/** Writes one site's GitOps objects; resolves to what was written where. */
export async function runGitops(opts: GitopsOptions = {}): Promise<GitopsResult> {
  const format = opts.format as GitopsFormat;
  if (!GITOPS_FORMATS.includes(format))
    throw new OptionError('format', `must be one of ${GITOPS_FORMATS.join(', ')}; got ${JSON.stringify(opts.format)}`);
  const registry = parseRegistry(opts.registry);
  if (!opts.tier) throw new OptionError('tier', 'missing: name a built-in tier or a site profile file');
  if (!opts.out) throw new OptionError('out', 'missing: name the directory to write the site into');
  const out = opts.out;
  const releaseName = opts.release ?? DEFAULT_RELEASE;
  const namespace = opts.namespace ?? DEFAULT_NAMESPACE;
  const { site, files } = await withResolvedTier({ ...opts, tier: opts.tier }, async (tier) => {
    // the chart's own Namespace for this site's values, as the chart README's first command renders it
    const objects = await renderResolvedTier(tier, { helm: opts.helm, release: releaseName, namespace });
    const releaseNamespace = objects.find((m) => m.object.kind === 'Namespace' && m.object.metadata?.name === namespace)?.object;
    const site = tier.profile.name;
    const files: OutputFile[] = gitopsFiles(format, {
      site,
      registry,
      chart: chartMeta.name,
      version: chartMeta.version,
      release: releaseName,
      namespace,
      // the chart brings values.yaml: the site carries what its files change over it
      values: tier.overrideValues,
      releaseNamespace,
      controllerNamespace: opts.controllerNamespace,
    });
    return { site, files };
  });
  const dir = join(out, site);
  replaceOutputDirectory(dir, files, PRODUCER, '--out');
  return { site, format, dir, files: files.map((f) => f.path) };
}
