// Checks of single objects that are not pods: namespaces, API versions (removed, deprecated,
// duplicated objects), Services, Ingress TLS, ConfigMap content, metadata conventions, key order,
// and image tags an air-gapped tier cannot let float.
import { asRecord, type FieldPath } from '../../util/data.js';
import { removedIn } from '../../validate/removed-apis.js';
import { containersOf, getAt, goQuote, list, str, type LintObject } from './context.js';
import { isClusterScoped } from '../../kube/gvk.js';
import { ianaSvcNameErrors } from '../../kube/names.js';
import { check, containerCheck, objectCheck } from './check-helpers.js';
import { isPrivateKey, isSensitiveName } from './checks-pod.js';
import type { LintCheck, RawFinding } from './types.js';

// the look-behind starts a match only where a local part starts: linear on a long run of letters
const EMAIL = /(?<![a-zA-Z0-9_.+-])[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+/;

/**
 * A path as kube-linter's sorted-keys message writes it (keys joined with `.`, never quoted): part
 * of upstream's wording, not aipc's path display (errors.ts formatPath).
 */
const kubeLinterPath = (path: FieldPath): string =>
  path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key), '');

/** Keys of every mapping out of order, depth first (parents before children), as kube-linter reports them. */
function unsortedKeys(value: unknown, path: FieldPath, out: (readonly [FieldPath, string])[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => unsortedKeys(v, [...path, i], out));
    return;
  }
  const rec = asRecord(value);
  if (!rec) return;
  const keys = Object.keys(rec);
  const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.some((k, i) => k !== sorted[i])) {
    out.push([
      path,
      `Keys are not sorted at ${path.length ? kubeLinterPath(path) : 'root'}. Expected order: [${sorted.join(', ')}], got: [${keys.join(', ')}]`,
    ]);
  }
  for (const k of keys) unsortedKeys(rec[k], [...path, k], out);
}

/** `group/version` of an apiVersion: "v1" → ["", "v1"]. */
function groupVersion(apiVersion: string): [string, string] {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? ['', apiVersion] : [apiVersion.slice(0, i), apiVersion.slice(i + 1)];
}

const FLOATING_TAGS = /^(latest|stable|mainline|edge|lts|current|main|master)$/;

/**
 * Whether an image reference floats: no tag, a moving name (`latest`, `stable`), or only a major
 * version (`postgres:15`, `redis:7-alpine`), which the upstream re-points at every release. A
 * digest never floats.
 */
export function isFloatingImage(image: string): boolean {
  if (image.includes('@sha256:')) return false;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon <= slash) return true;
  const tag = image.slice(colon + 1);
  return FLOATING_TAGS.test(tag) || /^v?\d+(-[a-z]+)?$/.test(tag);
}

function group(kind: string, apiVersion: string): string {
  return `${groupVersion(apiVersion)[0]}/${kind}`;
}

export const objectChecks: readonly LintCheck[] = [
  objectCheck({ name: 'use-namespace', byDefault: false, description: 'Namespaced objects in the default namespace.' }, (o) =>
    !isClusterScoped(o.kind, o.apiVersion) && (str(o.raw.metadata && asRecord(o.raw.metadata)?.namespace) ?? '') === 'default'
      ? [[['metadata', 'namespace'], 'object in default namespace']]
      : [],
  ),
  objectCheck(
    { name: 'required-annotation-email', byDefault: false, description: 'Objects without an email annotation holding an address.' },
    (o) =>
      EMAIL.test(o.annotations.email ?? '') && 'email' in o.annotations
        ? []
        : [[['metadata'], 'no annotation matching "email=[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+.[a-zA-Z0-9-.]+" found']],
  ),
  objectCheck({ name: 'required-label-owner', byDefault: false, description: 'Objects without an owner label.' }, (o) =>
    'owner' in o.labels ? [] : [[['metadata'], 'no label matching "owner=<any>" found']],
  ),
  objectCheck(
    {
      name: 'no-extensions-v1beta',
      byDefault: true,
      severity: 'error',
      description: 'Objects in the removed extensions/v1beta* API versions.',
    },
    (o) => {
      const [g, v] = groupVersion(o.apiVersion);
      return g === 'extensions' && /^v1beta.+/.test(v)
        ? [[['apiVersion'], `disallowed API object found: ${o.apiVersion}, Kind=${o.kind}`]]
        : [];
    },
  ),
  objectCheck(
    {
      name: 'removed-api',
      origin: 'aipc',
      byDefault: true,
      severity: 'error',
      description:
        'Objects in an API version the target Kubernetes release (default 1.33) no longer serves, unless declared served with --api-versions.',
    },
    (o, ctx) => {
      const removed = removedIn(o.apiVersion, o.kind);
      const served = ctx.options.servedApis ?? [];
      if (!removed || served.includes(o.apiVersion) || served.includes(`${o.apiVersion}/${o.kind}`)) return [];
      const target = ctx.options.kubeVersion ?? '1.33';
      const [rMaj, rMin] = removed.split('.').map(Number);
      const [tMaj, tMin] = target.split('.').map(Number);
      if (tMaj < rMaj || (tMaj === rMaj && tMin < rMin)) return [];
      return [[['apiVersion'], `${o.apiVersion} ${o.kind} was removed in Kubernetes ${removed}; the target is ${target}`]];
    },
  ),
  check(
    {
      name: 'duplicate-object',
      origin: 'aipc',
      byDefault: true,
      severity: 'error',
      description: 'Objects rendered more than once (same group, kind, namespace and name): the second apply overwrites the first.',
    },
    (ctx) => {
      const seen = new Map<string, LintObject>();
      const out: RawFinding[] = [];
      for (const o of ctx.objects) {
        if (!o.kind || !o.name) continue;
        const key = `${group(o.kind, o.apiVersion)}/${o.namespace}/${o.name}`;
        const first = seen.get(key);
        if (first)
          out.push({
            object: o,
            path: ['metadata', 'name'],
            message: `${o.kind} ${JSON.stringify(o.name)} is rendered twice (first at ${first.manifest.file}:${first.manifest.line})`,
          });
        else seen.set(key, o);
      }
      return out;
    },
  ),
  objectCheck(
    {
      name: 'exposed-services',
      byDefault: false,
      description: 'Services of a forbidden type (NodePort, LoadBalancer).',
      kinds: ['Service'],
    },
    (o) => {
      const type = str(getAt(o.raw, ['spec', 'type']));
      return type === 'NodePort' || type === 'LoadBalancer'
        ? [[['spec', 'type'], `${JSON.stringify(type)} service type is forbidden.`]]
        : [];
    },
  ),
  // kube-linter's target-port template (pkg/templates/targetport/template.go): one finding per rule
  // of apimachinery's IsValidPortName a named port breaks, and IsValidPortNum for an integer
  // targetPort (0, unset, is skipped); container ports without a name are skipped.
  check(
    {
      name: 'invalid-target-ports',
      byDefault: true,
      description: 'Service targetPorts and container port names that are not valid port names or numbers.',
    },
    (ctx) => {
      const out: RawFinding[] = [];
      for (const o of ctx.ofKind('Service'))
        list(getAt(o.raw, ['spec', 'ports'])).forEach((p, i) => {
          const t = asRecord(p)?.targetPort;
          const problems = typeof t === 'string' ? ianaSvcNameErrors(t) : typeof t === 'number' && t !== 0 ? portNumberProblems(t) : [];
          for (const problem of problems)
            out.push({
              object: o,
              path: ['spec', 'ports', i, 'targetPort'],
              message: `port targetPort ${goQuote(String(t))} in service ${goQuote(o.name)} ${problem}`,
            });
        });
      for (const w of ctx.workloads)
        for (const c of containersOf(w, true))
          list(c.container.ports).forEach((p, i) => {
            const n = str(asRecord(p)?.name);
            if (!n) return;
            for (const problem of ianaSvcNameErrors(n))
              out.push({
                object: w.object,
                path: [...c.path, 'ports', i, 'name'],
                message: `port name ${goQuote(n)} in container ${goQuote(c.name)} ${problem}`,
              });
          });
      return out;
    },
  ),
  objectCheck(
    {
      name: 'externalname-service-redirect',
      byDefault: false,
      description: 'ExternalName Services (they redirect in-cluster names anywhere).',
      kinds: ['Service'],
    },
    (o) =>
      getAt(o.raw, ['spec', 'type']) === 'ExternalName'
        ? [[['spec', 'externalName'], `service redirects to ${String(getAt(o.raw, ['spec', 'externalName']))}`]]
        : [],
  ),
  objectCheck(
    {
      name: 'tls-settings-missing',
      polaris: 'tlsSettingsMissing',
      origin: 'polaris',
      byDefault: true,
      description: 'Ingresses without TLS.',
      kinds: ['Ingress'],
    },
    (o) => (list(getAt(o.raw, ['spec', 'tls'])).length ? [] : [[['spec'], 'Ingress does not have TLS configured']]),
  ),
  objectCheck(
    {
      name: 'sensitive-configmap-content',
      polaris: 'sensitiveConfigmapContent',
      origin: 'polaris',
      byDefault: true,
      severity: 'error',
      description: 'ConfigMap keys that look like credentials, or values that are private keys.',
      kinds: ['ConfigMap'],
    },
    (o) =>
      Object.entries(asRecord(o.raw.data) ?? {})
        .filter(([k, v]) => isSensitiveName(k) || isPrivateKey(v))
        .map(([k]) => [['data', k], `ConfigMap key ${JSON.stringify(k)} looks like a credential: keep it in a Secret`] as const),
  ),
  objectCheck(
    {
      name: 'metadata-and-instance-mismatched',
      polaris: 'metadataAndInstanceMismatched',
      origin: 'polaris',
      byDefault: true,
      description: 'Workloads whose app.kubernetes.io/instance label is not their name.',
      kinds: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'ReplicationController'],
    },
    // Polaris' schema requires the label (pkg/config/checks/metadataAndInstanceMismatched.yaml): missing is a finding
    (o) => {
      const instance = o.labels['app.kubernetes.io/instance'];
      if (instance === undefined)
        return [[['metadata'], `label app.kubernetes.io/instance is missing; it must match metadata.name ${o.name}`]];
      return instance !== o.name
        ? [[['metadata', 'labels'], `label app.kubernetes.io/instance=${instance} does not match metadata.name ${o.name}`]]
        : [];
    },
  ),
  objectCheck(
    {
      name: 'scc-deny-privileged-container',
      byDefault: false,
      description: 'SecurityContextConstraints allowing privileged containers.',
      kinds: ['SecurityContextConstraints'],
    },
    (o) =>
      o.raw.allowPrivilegedContainer === true ? [[['allowPrivilegedContainer'], 'SCC has allowPrivilegedContainer set to true']] : [],
  ),
  objectCheck({ name: 'sorted-keys', byDefault: false, description: 'Objects whose mapping keys are not in sorted order.' }, (o) => {
    const out: (readonly [FieldPath, string])[] = [];
    unsortedKeys(o.raw, [], out);
    return out;
  }),
  containerCheck(
    {
      name: 'floating-image-tag',
      origin: 'aipc',
      byDefault: true,
      severity: 'error',
      description:
        'On an air-gapped tier, images whose tag floats (none, latest, or only a major version like postgres:15): upstream re-points it, and the far side of the gap cannot follow.',
    },
    (c, _w, ctx) => {
      const image = str(c.container.image);
      return ctx.options.airgapped && image && isFloatingImage(image)
        ? [
            [
              [...c.path, 'image'],
              `container "${c.name}" uses the floating tag ${JSON.stringify(image)} on an air-gapped tier: pin a release or a digest`,
            ],
          ]
        : [];
    },
  ),
];

/** apimachinery's IsValidPortNum. */
const portNumberProblems = (n: number): string[] =>
  Number.isInteger(n) && n >= 1 && n <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
