// `aipc chart push --registry HOST[/PATH]`: the chart packaged by Helm (reproducibly: the same
// chart and creation time give the same bytes, hence the same digest) and pushed as an OCI
// artifact with `helm push`, to `oci://HOST[/PATH]/<chart>:<version>`.
import { utimesSync } from 'node:fs';
import { resolve } from 'node:path';
import { packageChart, resolveCreated } from '../airgap/bundle.js';
import { OptionError } from '../errors.js';
import { resolveHelm } from '../helm/binary.js';
import { helmPushChart } from '../helm/push.js';
import { chartDir as defaultChartDir } from '../paths.js';
import { trimTrailingSlashes } from '../util/text.js';
import { makeTempDir, removeTempDir } from '../io/cleanup.js';

export interface ChartPushOptions {
  /** `HOST[:PORT][/PATH]` (an `oci://` prefix is accepted): where the chart goes. Required. */
  readonly registry?: string;
  /** The chart directory (default: the package's `charts/ai-platform`). */
  readonly chart?: string;
  /** Talk HTTP, not HTTPS, to the registry (Helm's `--plain-http`; default false). */
  readonly plainHttp?: boolean;
  /** The packaged files' time: Unix seconds or ISO 8601 (default: SOURCE_DATE_EPOCH, else now). */
  readonly created?: string;
  readonly helm?: string;
}

export interface ChartPushResult {
  /** `oci://HOST[/PATH]/<chart>`: what `helm pull` and `helm install` take, with `--version`. */
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
  /** The pushed manifest's digest, as the registry serves it. */
  readonly digest: string;
}

// the OCI distribution spec's repository name components, after a host[:port]
const REGISTRY = /^(?<host>[A-Za-z0-9.-]+(:\d{1,5})?)(?<path>(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*)$/;

/** `HOST[:PORT][/PATH]` without a scheme; a malformed one is an OptionError. */
export function parseRegistry(registry: string | undefined): string {
  if (!registry) throw new OptionError('registry', 'missing: name the registry as HOST[:PORT][/PATH]');
  const bare = trimTrailingSlashes(registry.replace(/^oci:\/\//, ''));
  if (!REGISTRY.test(bare))
    throw new OptionError(
      'registry',
      `${JSON.stringify(registry)} is not HOST[:PORT][/PATH] (path components lower-case letters and digits, separated by . _ __ or -)`,
    );
  return bare;
}

/** Packages the chart and pushes it; resolves to where it is and its digest. */
export async function runChartPush(opts: ChartPushOptions = {}): Promise<ChartPushResult> {
  const registry = parseRegistry(opts.registry);
  const chart = opts.chart ? resolve(opts.chart) : defaultChartDir();
  const helm = resolveHelm(opts.helm);
  const scratch = makeTempDir('aipc-chart-push-');
  try {
    const created = resolveCreated(opts.created);
    const pkg = await packageChart(chart, created, scratch, helm);
    // Helm's OCI pusher takes the manifest's org.opencontainers.image.created from the archive's
    // modification time (pkg/pusher/ocipusher.go): stamped, the manifest is reproducible too
    utimesSync(pkg.file, created, created);
    const repository = `oci://${registry}`;
    const { digest } = await helmPushChart(helm, pkg.file, repository, opts.plainHttp ? 'plain-http' : 'https');
    return { repository: `${repository}/${pkg.name}`, chart: pkg.name, version: pkg.version, digest };
  } finally {
    removeTempDir(scratch);
  }
}
