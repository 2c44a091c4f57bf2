// `helm push` of a packaged chart to an OCI registry: the one place aipc publishes a chart (`aipc
// chart push` upstream, `aipc airgap load` into the site registry), reading the manifest digest
// Helm reports.
import { AipcError, EXIT_FINDINGS } from '../errors.js';
import { runHelm } from './run.js';

/** How Helm reaches the registry: HTTPS (default), HTTPS without verifying its certificate, or plain HTTP. */
export type ChartTransport = 'https' | 'insecure-https' | 'plain-http';

const TRANSPORT_FLAGS: Readonly<Record<ChartTransport, readonly string[]>> = {
  https: [],
  'insecure-https': ['--insecure-skip-tls-verify'],
  'plain-http': ['--plain-http'],
};

/** Helm's flags for a transport. */
export const chartTransportFlags = (t: ChartTransport): readonly string[] => TRANSPORT_FLAGS[t];

/** True when Helm failed because the registry answered HTTPS with plain HTTP. */
export const isPlainHttpAnswer = (stderr: string): boolean => /server gave HTTP response to HTTPS client/i.test(stderr);

export interface PushedChart {
  /** The pushed manifest's digest, as Helm reports it. */
  readonly digest: string;
  readonly transport: ChartTransport;
}

/**
 * Pushes `file` (a packaged chart) to `repository` (`oci://HOST[/PATH]`). With `insecure`, a registry
 * that speaks plain HTTP is retried over HTTP — as skopeo treats `--tls-verify=false` — so one
 * `--insecure-registry` serves images and chart alike.
 */
export async function helmPushChart(
  helm: string,
  file: string,
  repository: string,
  transport: ChartTransport,
  options: { fallbackToPlainHttp?: boolean } = {},
): Promise<PushedChart> {
  let used = transport;
  let pushed = await runHelm(helm, ['push', file, repository, ...TRANSPORT_FLAGS[used]]);
  if (pushed.exitCode !== 0 && options.fallbackToPlainHttp && used !== 'plain-http' && isPlainHttpAnswer(pushed.stderr)) {
    used = 'plain-http';
    pushed = await runHelm(helm, ['push', file, repository, ...TRANSPORT_FLAGS[used]]);
  }
  if (pushed.exitCode !== 0) throw new AipcError(`helm push to ${repository} failed:\n${pushed.stderr.trim()}`, EXIT_FINDINGS);
  // Helm 3 and 4 both report `Digest: sha256:…` (on stderr or stdout, by version)
  const digest = /^Digest: (sha256:[0-9a-f]{64})$/m.exec(`${pushed.stdout}\n${pushed.stderr}`)?.[1];
  if (!digest) throw new AipcError(`helm push reported no digest:\n${pushed.stdout}${pushed.stderr}`, 3);
  return { digest, transport: used };
}
