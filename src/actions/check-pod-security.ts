// `aipc check pod-security`: the objects (a tier render or rendered manifests) against the Pod
// Security Standards, with the chart's declared exceptions plus a site's.
import { OptionError } from '../errors.js';
import { readYamlFile } from '../io/yaml-read.js';
import { checkPodSecurity, type PodSecurityException, type PodSecurityReport } from '../checks/pod-security/check.js';
import { parsePodSecurityExceptions } from '../checks/pod-security/exceptions.js';
import { podSecurityExceptions } from '../model/pod-security-exceptions.js';
import {
  DEFAULT_POLICY_VERSION,
  formatPolicyVersion,
  LATEST_POLICY_VERSION,
  parsePolicyVersion,
  policyVersionOfRelease,
  type PolicyVersion,
} from '../checks/pod-security/policy.js';
import { loadObjects, type ObjectSource } from './objects.js';
import { DEFAULT_NAMESPACE } from '../model/install.js';

export interface PodSecurityCheckOptions extends ObjectSource {
  /** The level every workload must satisfy: `baseline` or `restricted` (the default). */
  readonly level?: string;
  /** Policy version (`--version`/`--policy-version`); default: that of `kubeVersion`, else the current release's. */
  readonly version?: string;
  /** A YAML file of site exceptions, added to the chart's own. */
  readonly exceptions?: string;
}

/**
 * The policy version to check against: `--version` when given, else the one of the Kubernetes
 * release the objects are for (`--kube-version`, as the cluster's "latest" is its own release's
 * policy), else the current release's.
 */
function policyVersionOf(opts: PodSecurityCheckOptions): PolicyVersion {
  const range = `v1.0 to ${formatPolicyVersion(LATEST_POLICY_VERSION)}`;
  if (opts.version !== undefined) {
    const version = parsePolicyVersion(opts.version);
    if (!version)
      throw new OptionError('version', `must be a policy version from ${range} (or latest), not ${JSON.stringify(opts.version)}`);
    return version;
  }
  if (opts.kubeVersion !== undefined) {
    const version = policyVersionOfRelease(opts.kubeVersion);
    if (!version)
      throw new OptionError(
        'kubeVersion',
        `must be a Kubernetes release 1.0 to 1.${LATEST_POLICY_VERSION.minor} (like 1.35 or 1.35.0), not ${JSON.stringify(opts.kubeVersion)}`,
      );
    return version;
  }
  return DEFAULT_POLICY_VERSION;
}

/** Runs the pod-security check; bad input throws (exit 2). */
export async function runCheckPodSecurity(opts: PodSecurityCheckOptions = {}): Promise<PodSecurityReport> {
  const level = opts.level ?? 'restricted';
  if (level !== 'baseline' && level !== 'restricted') {
    throw new OptionError('level', `must be baseline or restricted, not ${JSON.stringify(level)}`);
  }
  const version = policyVersionOf(opts);
  // the chart's own declared exceptions always apply; --exceptions adds a site's
  let exceptions: PodSecurityException[] = [...podSecurityExceptions];
  if (opts.exceptions) {
    const doc = readYamlFile(opts.exceptions);
    exceptions = [...exceptions, ...parsePodSecurityExceptions(doc.value, opts.exceptions, (path) => doc.locate(path))];
  }
  const { objects } = await loadObjects(opts);
  // objects without metadata.namespace are in the release namespace
  return checkPodSecurity(objects, { level, version, exceptions, namespace: opts.namespace ?? DEFAULT_NAMESPACE });
}

// what `aipc check pod-security` prints with: its command imports this module alone
export { formatPodSecurityReport } from '../checks/pod-security/format.js';
export { stdinFor } from '../io/stdin.js';
export { runFleet, fleetSites, formatFleet } from './fleet.js';
