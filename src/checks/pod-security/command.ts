// `aipc check pod-security`: reads the objects (rendered manifests or a tier render), runs the
// check and prints the report. Returns the exit code.
import { AipcError, EXIT_FINDINGS, InputError } from '../../errors.js';
import { readYamlFile } from '../../io/yaml-read.js';
import { readManifestInputs, type ManifestObject } from '../../io/manifests.js';
import { checkPodSecurity, type PodSecurityException } from './check.js';
import { parsePodSecurityExceptions } from './exceptions.js';
import { podSecurityExceptions } from '../../model/pod-security-exceptions.js';
import { formatPodSecurityReport, type PodSecurityFormat } from './format.js';
import { formatPolicyVersion, LATEST_POLICY_VERSION, parsePolicyVersion } from './policy.js';

export interface PodSecurityCommandOptions {
  readonly level: string;
  readonly version: string;
  readonly tier?: string;
  readonly manifests: string[];
  readonly values: string[];
  readonly exceptions?: string;
  readonly namespace: string;
  readonly format: string;
}

export async function runPodSecurityCommand(
  opts: PodSecurityCommandOptions,
  write: (s: string) => void = (s) => process.stdout.write(s),
): Promise<number> {
  if (opts.level !== 'baseline' && opts.level !== 'restricted') {
    throw new AipcError(`--level must be baseline or restricted, not ${JSON.stringify(opts.level)}`);
  }
  const version = parsePolicyVersion(opts.version);
  if (!version) {
    throw new AipcError(
      `--version must be a policy version from v1.0 to ${formatPolicyVersion(LATEST_POLICY_VERSION)} (or latest), not ${JSON.stringify(opts.version)}`,
    );
  }
  if (!['text', 'markdown', 'json'].includes(opts.format))
    throw new AipcError(`--format must be text, markdown or json, not ${JSON.stringify(opts.format)}`);
  if ((opts.tier === undefined) === (opts.manifests.length === 0)) {
    throw new AipcError(
      'give exactly one of --tier X or --manifests FILE|DIR|-',
      undefined,
      'e.g. aipc check pod-security --manifests rendered/',
    );
  }
  // the chart's own declared exceptions always apply; --exceptions adds a site's
  let exceptions: PodSecurityException[] = [...podSecurityExceptions];
  if (opts.exceptions) {
    const doc = readYamlFile(opts.exceptions);
    exceptions = [...exceptions, ...parsePodSecurityExceptions(doc.value, opts.exceptions, (path) => doc.locate(path))];
  }

  let objects: ManifestObject[];
  if (opts.tier !== undefined) {
    const mod = await import('../../render/render.js');
    objects = await mod.renderTierObjects(opts.tier, { valuesFiles: opts.values });
  } else {
    const read = readManifestInputs(opts.manifests);
    if (read.diagnostics.length) throw new InputError(read.diagnostics);
    objects = read.objects;
  }

  const report = checkPodSecurity(objects, { level: opts.level, version, exceptions, namespace: opts.namespace });
  write(formatPodSecurityReport(report, opts.format as PodSecurityFormat));
  return report.ok ? 0 : EXIT_FINDINGS;
}
