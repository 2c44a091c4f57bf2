// Every lint check fires on some input and stays quiet on some input, counted over kube-linter's
// and Polaris' own cases (../shared/lint-conformance), the platform's render and the local cases
// below (each of which states what it fires). A check added without such cases fails the last test.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findLintCheck, LINT_CHECKS, lintObjects, type LintOptions } from '../../../src/checks/lint/index.js';
import { readManifestText, type ManifestObject } from '../../../src/io/manifests.js';
import { packageRoot } from '../../../src/paths.js';
import { renderTierObjects } from '../../../src/render/render.js';

const fired = new Set<string>();
const quiet = new Set<string>();

/** Lints `objects` with only `check` on and records whether it fired. */
function judge(objects: readonly ManifestObject[], check: string, options: LintOptions = {}): number {
  const name = findLintCheck(check)!.name;
  const n = lintObjects(objects, { ...options, include: [check] }).findings.length;
  (n ? fired : quiet).add(name);
  return n;
}

const read = (text: string, file = 'case.yaml') => readManifestText(text, file).objects;

const pod = (name: string, spec: string, meta = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop${meta}
spec:
  replicas: 1
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
${spec
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
`;

/** A stream that breaks many checks at once, and the checks it must fire. */
const BROKEN = [
  pod(
    'bare',
    `serviceAccount: gone
hostNetwork: true
securityContext:
  sysctls: [{name: kernel.msgmax, value: "1"}]
containers:
  - name: c
    image: registry.local:5000/app:1
    securityContext: {capabilities: {drop: [CHOWN]}}
    ports: [{containerPort: 8080, name: Bad_Name}]
    env: [{name: A, value: "1"}, {name: A, value: "2"}]
    envFrom: [{secretRef: {name: gone}}]
    livenessProbe: {httpGet: {port: 9999}}
    readinessProbe: {httpGet: {port: 9998}}
    volumeMounts: [{name: sock, mountPath: /var/run/docker.sock}, {name: etc, mountPath: /host/etc}]
volumes:
  - {name: sock, hostPath: {path: /var/run/docker.sock}}
  - {name: etc, hostPath: {path: /etc}}`,
  ),
  `apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata: {name: old}
spec: {privileged: false}
`,
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: twice, namespace: shop}\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: twice, namespace: shop}\n',
  'apiVersion: v1\nkind: Service\nmetadata: {name: out, namespace: shop}\nspec: {type: ExternalName, externalName: example.com}\n',
  'apiVersion: v1\nkind: Service\nmetadata: {name: lost, namespace: shop}\nspec: {selector: {app: nothing}, ports: [{port: 80}]}\n',
  `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules: [{host: a.example, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: nope, port: {number: 80}}}}]}}]
`,
  `apiVersion: security.openshift.io/v1
kind: SecurityContextConstraints
metadata: {name: loose}
allowPrivilegedContainer: true
`,
  'apiVersion: batch/v1\nkind: Job\nmetadata: {name: once, namespace: shop}\nspec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: registry.local:5000/job:1.0.0}]}}}\n',
  'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: strict, namespace: shop}\nspec: {minAvailable: 1, selector: {matchLabels: {app: bare}}}\n',
  'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: lost, namespace: shop}\nspec: {maxUnavailable: 1, selector: {matchLabels: {app: nothing}}}\n',
  'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: one, namespace: shop}\nspec: {minReplicas: 1, maxReplicas: 1, scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: missing}}\n',
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: lost, namespace: shop}\nspec: {podSelector: {matchLabels: {app: nothing}}, ingress: [{from: [{podSelector: {matchLabels: {app: nobody}}}]}]}\n',
  'apiVersion: monitoring.coreos.com/v1\nkind: PodMonitor\nmetadata: {name: lost, namespace: shop}\nspec: {selector: {matchLabels: {app: nothing}}, podMetricsEndpoints: [{port: metrics}]}\n',
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: all, namespace: shop}\nrules: [{apiGroups: [""], resources: ["*"], verbs: ["*"]}]\n',
].join('---\n');
const BROKEN_FIRES = [
  'required-label-owner',
  'removed-api',
  'duplicate-object',
  'invalid-target-ports',
  'externalname-service-redirect',
  'tls-settings-missing',
  'scc-deny-privileged-container',
  'host-network',
  'no-read-only-root-fs',
  'drop-net-raw-capability',
  'no-startup-probe',
  'liveness-port',
  'readiness-port',
  'cpu-limits-missing',
  'docker-sock',
  'sensitive-host-mounts',
  'writable-host-mount',
  'duplicate-env-var',
  'unsafe-sysctls',
  'deprecated-service-account-field',
  'no-node-affinity',
  'priority-class-not-set',
  'job-ttl-seconds-after-finished',
  'deployment-missing-replicas',
  'minimum-three-replicas',
  'pdb-min-available',
  'hpa-min-availability',
  'hpa-max-availability',
  'dangling-service',
  'dangling-ingress',
  'dangling-horizontalpodautoscaler',
  'dangling-networkpolicy',
  'dangling-networkpolicypeer-podselector',
  'dangling-podmonitor',
  'dangling-poddisruptionbudget',
  'non-existent-service-account',
  'missing-reference',
  'pod-security-policy-unused',
  'wildcard-in-rules',
];

/** A stream that keeps the opt-in checks the platform's render does not, and those checks. */
const TIDY = [
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: tidy
  namespace: shop
  annotations: {email: team@example.com}
  labels: {owner: shop-team, app.kubernetes.io/instance: tidy}
spec:
  replicas: 3
  selector:
    matchLabels: {app: tidy}
  template:
    metadata:
      labels: {app: tidy}
    spec:
      restartPolicy: Always
      priorityClassName: system-cluster-critical
      dnsConfig: {options: [{name: ndots, value: "2"}]}
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms: [{matchExpressions: [{key: pool, operator: In, values: [shop]}]}]
      containers:
        - name: c
          image: registry.local:5000/tidy:1.0.0
          ports: [{containerPort: 8080, name: http}]
          livenessProbe: {httpGet: {port: http}}
          readinessProbe: {httpGet: {port: http}}
          startupProbe: {httpGet: {port: http}}
`,
  'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: tidy, namespace: shop}\nspec: {minReplicas: 3, maxReplicas: 6, scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: tidy}}\n',
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: tidy, namespace: shop}\nspec: {podSelector: {matchLabels: {app: tidy}}, ingress: [{from: [{podSelector: {matchLabels: {app: tidy}}}]}]}\n',
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: read, namespace: shop}\nrules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]\n',
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: read, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: read}\nsubjects: [{kind: ServiceAccount, name: tidy, namespace: shop}]\n',
].join('---\n');
const TIDY_QUIET = [
  'metadata-and-instance-mismatched',
  'no-liveness-probe',
  'no-startup-probe',
  'read-secret-from-env-var',
  'no-node-affinity',
  'dnsconfig-options',
  'priority-class-name',
  'restart-policy',
  'deployment-missing-replicas',
  'minimum-three-replicas',
  'hpa-minimum-three-replicas',
  'dangling-networkpolicy',
  'dangling-networkpolicypeer-podselector',
  'access-to-create-pods',
];

describe('lint checks: firing and quiet cases', () => {
  let platform: ManifestObject[];
  beforeAll(async () => {
    platform = await renderTierObjects('edge');
  });

  it('the broken stream fires each check it is meant to break', () => {
    const objects = read(BROKEN);
    const silent = BROKEN_FIRES.filter((c) => judge(objects, c) === 0);
    expect(silent).toEqual([]);
  });

  it('an air-gapped tier fires floating-image-tag on a major-only tag, not on a pinned one', () => {
    expect(
      judge(read(pod('pg', 'containers: [{name: db, image: registry.local:5000/postgres:15}]')), 'floating-image-tag', { airgapped: true }),
    ).toBe(1);
    expect(
      judge(read(pod('pg', 'containers: [{name: db, image: registry.local:5000/postgres:15.4}]')), 'floating-image-tag', {
        airgapped: true,
      }),
    ).toBe(0);
  });

  it('the tidy stream keeps each check it is meant to keep', () => {
    const objects = read(TIDY);
    expect(TIDY_QUIET.filter((c) => judge(objects, c) > 0)).toEqual([]);
    // the owner annotation and label are asked of every object: the Deployment carries them
    const deployment = objects.filter((m) => m.object.kind === 'Deployment');
    expect(['required-annotation-email', 'required-label-owner'].filter((c) => judge(deployment, c) > 0)).toEqual([]);
    // keys in sorted order: apiVersion, data, kind, metadata
    expect(judge(read('apiVersion: v1\ndata: {a: "1"}\nkind: ConfigMap\nmetadata: {name: sorted, namespace: shop}\n'), 'sorted-keys')).toBe(
      0,
    );
  });

  it('a pod without a ServiceAccount of its own fires default-service-account', () => {
    expect(judge(read(pod('plain', 'containers: [{name: c, image: registry.local:5000/plain:1.0.0}]')), 'default-service-account')).toBe(1);
  });

  it('an HPA whose minReplicas is below a PDB minAvailable fires', () => {
    const objects = read(
      [
        pod('web', 'containers: [{name: c, image: registry.local:5000/web:1.0.0}]'),
        'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web, namespace: shop}\nspec: {minReplicas: 2, maxReplicas: 5, scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}}\n',
        'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\nspec: {minAvailable: 3, selector: {matchLabels: {app: web}}}\n',
      ].join('---\n'),
    );
    expect(judge(objects, 'pdb-min-available-greater-than-hpa-min-replicas')).toBeGreaterThan(0);
  });

  it('the platform render is quiet on the checks it keeps', () => {
    for (const c of LINT_CHECKS) judge(platform, c.name);
    expect(quiet.size).toBeGreaterThan(0);
  });

  it("kube-linter's and Polaris' own cases count as firing and quiet cases", () => {
    const root = join(packageRoot(), '..', 'shared', 'lint-conformance');
    const dirs = (d: string) =>
      readdirSync(join(root, d), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name);
    for (const name of dirs('kube-linter')) {
      const expected = JSON.parse(readFileSync(join(root, 'kube-linter', name, 'expected.json'), 'utf8')) as {
        check: string;
        fixture: string;
      };
      const file = join(root, 'kube-linter', name, expected.fixture);
      if (findLintCheck(expected.check)) judge(read(readFileSync(file, 'utf8'), file), expected.check);
    }
    for (const check of dirs('polaris')) {
      for (const f of readdirSync(join(root, 'polaris', check)).filter((x) => x.endsWith('.yaml'))) {
        const file = join(root, 'polaris', check, f);
        if (findLintCheck(check)) judge(read(readFileSync(file, 'utf8'), file), check);
      }
    }
  });

  it('every check has a remediation line', () => {
    expect(LINT_CHECKS.filter((c) => !c.remediation.trim()).map((c) => c.name)).toEqual([]);
  });

  it('every check has a firing case and a quiet case', () => {
    expect(LINT_CHECKS.filter((c) => !fired.has(c.name)).map((c) => c.name)).toEqual([]);
    expect(LINT_CHECKS.filter((c) => !quiet.has(c.name)).map((c) => c.name)).toEqual([]);
  });
});
