// `aipc check pod-security`: the objects (a tier render or rendered manifests) against the Pod
// Security Standards, with the chart's declared exceptions plus a site's.
import { AipcError } from '../errors.js';
import { readYamlFile } from '../io/yaml-read.js';
import { checkPodSecurity, type PodSecurityException, type PodSecurityReport } from '../checks/pod-security/check.js';
import { parsePodSecurityExceptions } from '../checks/pod-security/exceptions.js';
import { podSecurityExceptions } from '../model/pod-security-exceptions.js';
import { formatPolicyVersion, LATEST_POLICY_VERSION, parsePolicyVersion } from '../checks/pod-security/policy.js';
import { loadObjects, type ObjectSource } from './objects.js';

export interface PodSecurityCheckOptions extends ObjectSource {
  readonly level: string;
  readonly version: string;
  /** A YAML file of site exceptions, added to the chart's own. */
  readonly exceptions?: string;
  /** Namespace of objects without metadata.namespace. */
  readonly namespace: string;
}

/** Runs the pod-security check; bad input throws (exit 2). */
export async function runPodSecurityCheck(opts: PodSecurityCheckOptions): Promise<PodSecurityReport> {
  if (opts.level !== 'baseline' && opts.level !== 'restricted') {
    throw new AipcError(`--level must be baseline or restricted, not ${JSON.stringify(opts.level)}`);
  }
  const version = parsePolicyVersion(opts.version);
  if (!version) {
    throw new AipcError(
      `--version must be a policy version from v1.0 to ${formatPolicyVersion(LATEST_POLICY_VERSION)} (or latest), not ${JSON.stringify(opts.version)}`,
    );
  }
  // the chart's own declared exceptions always apply; --exceptions adds a site's
  let exceptions: PodSecurityException[] = [...podSecurityExceptions];
  if (opts.exceptions) {
    const doc = readYamlFile(opts.exceptions);
    exceptions = [...exceptions, ...parsePodSecurityExceptions(doc.value, opts.exceptions, (path) => doc.locate(path))];
  }
  const objects = await loadObjects(opts);
  return checkPodSecurity(objects, { level: opts.level, version, exceptions, namespace: opts.namespace });
}
