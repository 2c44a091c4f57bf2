// The lint checks the upstream tools decide differently from a first reading, each re-derived from
// the tool's implementation (cited per block) and tried on a firing and a quiet input; and the
// default set: the union of kube-linter's and Polaris' defaults plus aipc's own checks that are
// right about any cluster.
import { describe, expect, it } from 'vitest';
import { findLintCheck, LINT_CHECKS, lintObjects } from '../../../src/checks/lint/index.js';
import { readManifestText } from '../../../src/io/manifests.js';
import { formatYaml } from '../../../src/io/yaml-format.js';

type Obj = Record<string, unknown>;

/** Messages of one check over a stream of objects. */
function run(check: string, objects: Obj[]): string[] {
  const read = readManifestText(objects.map((o) => `---\n${formatYaml(o)}`).join(''), 'in.yaml');
  expect(read.diagnostics).toEqual([]);
  return lintObjects(read.objects, { include: [check] }).findings.map((f) => `${f.kind}/${f.name}: ${f.message}`);
}

const deployment = (name: string, spec: Obj = {}, pod: Obj = {}, labels: Obj = { app: name }): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop' },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'r/i:1' }], ...pod } },
    ...spec,
  },
});
const withContainer = (c: Obj, pod: Obj = {}) => deployment('web', {}, { containers: [{ name: 'c', image: 'r/i:1', ...c }], ...pod });
const pdb = (spec: Obj): Obj => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'pdb', namespace: 'shop' },
  spec,
});
const hpa = (target: string, spec: Obj = {}): Obj => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: `${target}-hpa`, namespace: 'shop' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target }, maxReplicas: 10, ...spec },
});

// kube-linter pkg/templates/containercapabilities/template.go with forbiddenCapabilities [NET_RAW]
describe('drop-net-raw-capability', () => {
  it.each([
    ['no securityContext', {}, []],
    ['no capabilities block', { securityContext: { runAsNonRoot: true } }, []],
    ['drop ALL', { securityContext: { capabilities: { drop: ['ALL'] } } }, []],
    ['drop all (any case)', { securityContext: { capabilities: { drop: ['all'] } } }, []],
    ['drop NET_RAW', { securityContext: { capabilities: { drop: ['NET_RAW'] } } }, []],
    [
      'an empty capabilities block',
      { securityContext: { capabilities: {} } },
      ['Deployment/web: container "c" has DROP capabilities: [], but does not drop capability "NET_RAW" which is required'],
    ],
    [
      'ADD NET_RAW and no DROP: both findings',
      { securityContext: { capabilities: { add: ['NET_RAW'], drop: ['CHOWN'] } } },
      [
        'Deployment/web: container "c" has ADD capability: "NET_RAW", which matched with the forbidden capability for containers',
        'Deployment/web: container "c" has DROP capabilities: ["CHOWN"], but does not drop capability "NET_RAW" which is required',
      ],
    ],
    [
      'ADD all while dropping ALL',
      { securityContext: { capabilities: { add: ['all'], drop: ['ALL'] } } },
      ['Deployment/web: container "c" has ADD capability: "all", which matched with the forbidden capability for containers'],
    ],
  ])('%s', (_, container, expected) => {
    expect(run('drop-net-raw-capability', [withContainer(container)])).toEqual(expected);
  });

  it('checks init containers too', () => {
    const d = withContainer({}, { initContainers: [{ name: 'init', image: 'r/i:1', securityContext: { capabilities: { drop: [] } } }] });
    expect(run('drop-net-raw-capability', [d])).toHaveLength(1);
  });
});

// kube-linter pkg/templates/targetport/template.go with apimachinery's IsValidPortName / IsValidPortNum
describe('invalid-target-ports', () => {
  const svc = (targetPort: unknown): Obj => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'svc', namespace: 'shop' },
    spec: { selector: { app: 'x' }, ports: [{ port: 80, ...(targetPort === undefined ? {} : { targetPort }) }] },
  });
  it.each([
    [undefined, []],
    [0, []],
    [8080, []],
    ['http', []],
    [70000, ['port targetPort "70000" in service "svc" must be between 1 and 65535, inclusive']],
    [-1, ['port targetPort "-1" in service "svc" must be between 1 and 65535, inclusive']],
    [
      'PORT-NAME',
      [
        'port targetPort "PORT-NAME" in service "svc" must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'port targetPort "PORT-NAME" in service "svc" must contain at least one letter (a-z)',
      ],
    ],
    ['8080', ['port targetPort "8080" in service "svc" must contain at least one letter (a-z)']],
    ['port--name', ['port targetPort "port--name" in service "svc" must not contain consecutive hyphens']],
    ['-port', ['port targetPort "-port" in service "svc" must not begin or end with a hyphen']],
    ['long-name-over-15', ['port targetPort "long-name-over-15" in service "svc" must be no more than 15 characters']],
  ])('Service targetPort %j', (targetPort, expected) => {
    expect(run('invalid-target-ports', [svc(targetPort)])).toEqual(expected.map((m) => `Service/svc: ${m}`));
  });

  it.each([
    [{ containerPort: 80 }, []],
    [{ containerPort: 80, name: 'http' }, []],
    [
      { containerPort: 80, name: 'port_name' },
      ['port name "port_name" in container "c" must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
    ],
  ])('container port %j', (port, expected) => {
    expect(run('invalid-target-ports', [withContainer({ ports: [port] })])).toEqual(expected.map((m) => `Deployment/web: ${m}`));
  });
});

// kube-linter pkg/templates/jobttlsecondsafterfinished/template.go (on by default in kube-linter)
describe('job-ttl-seconds-after-finished', () => {
  const podSpec = { restartPolicy: 'Never', containers: [{ name: 'c', image: 'r/i:1' }] };
  const job = (spec: Obj): Obj => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j' },
    spec: { template: { spec: podSpec }, ...spec },
  });
  const cron = (jobSpec: Obj): Obj => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'cj' },
    spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: podSpec }, ...jobSpec } } },
  });
  it.each([
    ['a standalone Job without the TTL', job({}), ['Job/j: Standalone Job does not specify ttlSecondsAfterFinished']],
    ['a standalone Job with it', job({ ttlSecondsAfterFinished: 600 }), []],
    ['a CronJob whose jobs do not set it', cron({}), []],
    [
      'a CronJob whose jobs set it',
      cron({ ttlSecondsAfterFinished: 600 }),
      [expect.stringMatching(/^CronJob\/cj: Managed Job specifies ttlSecondsAfterFinished/)],
    ],
  ])('%s', (_, object, expected) => {
    expect(run('job-ttl-seconds-after-finished', [object])).toEqual(expected);
  });
});

// kube-linter pkg/templates/pdbminavailable/template.go
describe('pdb-min-available', () => {
  const msg = (name: string) =>
    `PodDisruptionBudget/pdb: The current number of replicas for deployment ${name} is equal to or lower than the minimum number of replicas specified by its PDB.`;
  it.each([
    [
      'replicas 3, minAvailable 2',
      [deployment('web', { replicas: 3 }), pdb({ minAvailable: 2, selector: { matchLabels: { app: 'web' } } })],
      [],
    ],
    [
      'replicas 2, minAvailable 2',
      [deployment('web', { replicas: 2 }), pdb({ minAvailable: 2, selector: { matchLabels: { app: 'web' } } })],
      [msg('web')],
    ],
    [
      'replicas unset (1), minAvailable 1',
      [deployment('web'), pdb({ minAvailable: 1, selector: { matchLabels: { app: 'web' } } })],
      [msg('web')],
    ],
    [
      "the PDB selects a template label outside the workload's selector: not matched",
      [
        deployment('web', { replicas: 1 }, {}, { app: 'web', tier: 'front' }),
        pdb({ minAvailable: 1, selector: { matchLabels: { tier: 'front' } } }),
      ],
      [],
    ],
    [
      "replicas 1 explicitly, the HPA's minimum 3 counts",
      [
        deployment('web', { replicas: 1 }),
        hpa('web', { minReplicas: 3 }),
        pdb({ minAvailable: 2, selector: { matchLabels: { app: 'web' } } }),
      ],
      [],
    ],
    [
      "a KEDA ScaledObject's minReplicaCount counts",
      [
        deployment('web'),
        {
          apiVersion: 'keda.sh/v1alpha1',
          kind: 'ScaledObject',
          metadata: { name: 'so', namespace: 'shop' },
          spec: { scaleTargetRef: { name: 'web' }, minReplicaCount: 4 },
        },
        pdb({ minAvailable: '50%', selector: { matchLabels: { app: 'web' } } }),
      ],
      [],
    ],
    ['50% of 1 rounds up to 1', [deployment('web'), pdb({ minAvailable: '50%', selector: { matchLabels: { app: 'web' } } })], [msg('web')]],
    [
      '100%',
      [deployment('web', { replicas: 5 }), pdb({ minAvailable: '100%', selector: { matchLabels: { app: 'web' } } })],
      ['PodDisruptionBudget/pdb: PDB has minimum available replicas set to 100 percent of replicas'],
    ],
    [
      'a PDB in another namespace',
      [
        deployment('web'),
        { ...pdb({ minAvailable: 1, selector: { matchLabels: { app: 'web' } } }), metadata: { name: 'pdb', namespace: 'other' } },
      ],
      [],
    ],
  ])('%s', (_, objects, expected) => {
    expect(run('pdb-min-available', objects as Obj[])).toEqual(expected);
  });
});

// Polaris pkg/config/checks/linuxHardening.yaml
describe('linuxHardening', () => {
  const fails = (c: Obj, pod: Obj = {}, meta: Obj = {}) => {
    const d = withContainer(c, pod);
    Object.assign((d.spec as { template: { metadata: Obj } }).template.metadata, meta);
    return run('linuxHardening', [d]).length;
  };
  it.each([
    ['nothing', {}, {}, {}, 1],
    ['any drop list', { securityContext: { capabilities: { drop: ['NET_RAW'] } } }, {}, {}, 0],
    ['drop ALL but add ALL', { securityContext: { capabilities: { drop: ['ALL'], add: ['ALL'] } } }, {}, {}, 1],
    ['an empty drop list', { securityContext: { capabilities: { drop: [] } } }, {}, {}, 1],
    ['the pod seccomp RuntimeDefault', {}, { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }, {}, 0],
    ['the pod seccomp Unconfined', {}, { securityContext: { seccompProfile: { type: 'Unconfined' } } }, {}, 1],
    [
      'the container overriding the pod seccomp with Unconfined',
      { securityContext: { seccompProfile: { type: 'Unconfined' } } },
      { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } },
      {},
      1,
    ],
    [
      'the container seccomp Localhost',
      { securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } } },
      {},
      {},
      0,
    ],
    ['the pod SELinux options', {}, { securityContext: { seLinuxOptions: { level: 's0:c1' } } }, {}, 0],
    ['empty container SELinux options', { securityContext: { seLinuxOptions: {} } }, {}, {}, 1],
    [
      'an AppArmor annotation for the container',
      {},
      {},
      { annotations: { 'container.apparmor.security.beta.kubernetes.io/c': 'runtime/default' } },
      0,
    ],
  ])('%s', (_, c, pod, meta, count) => {
    expect(fails(c as Obj, pod as Obj, meta as Obj)).toBe(count);
  });

  it('checks init containers', () => {
    const hardened = { securityContext: { capabilities: { drop: ['ALL'] } } };
    expect(fails(hardened, { initContainers: [{ name: 'init', image: 'r/i:1' }] })).toBe(1);
    expect(fails(hardened, { initContainers: [{ name: 'init', image: 'r/i:1', ...hardened }] })).toBe(0);
  });
});

// Polaris pkg/config/checks/metadataAndInstanceMismatched.yaml: the label is required
describe('metadataAndInstanceMismatched', () => {
  const labelled = (labels?: Obj): Obj => {
    const d = deployment('web');
    (d.metadata as Obj).labels = labels;
    if (!labels) delete (d.metadata as Obj).labels;
    return d;
  };
  it.each([
    ['no labels', undefined, 1],
    ['no instance label', { app: 'web' }, 1],
    ['instance = name', { 'app.kubernetes.io/instance': 'web' }, 0],
    ['instance ≠ name', { 'app.kubernetes.io/instance': 'shop' }, 1],
  ])('%s', (_, labels, count) => {
    expect(run('metadataAndInstanceMismatched', [labelled(labels as Obj | undefined)])).toHaveLength(count);
  });
});

// Polaris pkg/validator/pdb_hpa_validator.go
describe('pdbMinAvailableGreaterThanHPAMinReplicas', () => {
  const sel = { matchLabels: { app: 'web' } };
  it.each([
    ['the HPA sets no minReplicas', { minAvailable: 2, selector: sel }, {}, 0],
    ['minAvailable 2 over minReplicas 1', { minAvailable: 2, selector: sel }, { minReplicas: 1 }, 1],
    ['minAvailable equal to minReplicas', { minAvailable: 3, selector: sel }, { minReplicas: 3 }, 0],
    ['50% of minReplicas 3 rounds up to 2', { minAvailable: '50%', selector: sel }, { minReplicas: 3 }, 0],
    [
      'a PDB selecting only by expressions is not attached',
      { minAvailable: 5, selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] } },
      { minReplicas: 1 },
      0,
    ],
  ])('%s', (_, pdbSpec, hpaSpec, count) => {
    expect(run('pdbMinAvailableGreaterThanHPAMinReplicas', [deployment('web'), pdb(pdbSpec), hpa('web', hpaSpec)])).toHaveLength(count);
  });
});

// Polaris pkg/config/checks/rolebindingClusterRolePodExecAttach.yaml, clusterrolebindingPodExecAttach.yaml
describe('bindings to ClusterRoles that allow exec or attach, Kubernetes defaults included', () => {
  const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', role: string, name = 'b'): Obj => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name, ...(kind === 'RoleBinding' ? { namespace: 'shop' } : {}) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'ServiceAccount', name: 'sa', namespace: 'shop' }],
  });
  const clusterRole = (name: string, resources: string[]): Obj => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name },
    rules: [{ apiGroups: [''], resources, verbs: ['get', 'create'] }],
  });
  it.each([
    ['admin (a Kubernetes default, not in the input)', [], 'admin', 1],
    ['edit (a Kubernetes default)', [], 'edit', 1],
    ['view (a Kubernetes default)', [], 'view', 0],
    ['a ClusterRole that does not exist', [], 'nowhere', 1],
    ['a ClusterRole of the input that allows exec', [clusterRole('ops', ['pods/exec'])], 'ops', 1],
    ['a ClusterRole of the input that does not', [clusterRole('ops', ['pods/log'])], 'ops', 0],
  ])('RoleBinding and ClusterRoleBinding to %s', (_, roles, ref, count) => {
    expect(run('rolebindingClusterRolePodExecAttach', [...(roles as Obj[]), binding('RoleBinding', ref as string)])).toHaveLength(
      count as number,
    );
    expect(run('clusterrolebindingPodExecAttach', [...(roles as Obj[]), binding('ClusterRoleBinding', ref as string)])).toHaveLength(
      count as number,
    );
  });

  it("a ClusterRoleBinding to cluster-admin is reported unless it is Kubernetes' own", () => {
    expect(run('clusterrolebindingPodExecAttach', [binding('ClusterRoleBinding', 'cluster-admin')])).toHaveLength(1);
    expect(run('clusterrolebindingPodExecAttach', [binding('ClusterRoleBinding', 'cluster-admin', 'cluster-admin')])).toHaveLength(0);
    expect(run('clusterrolebindingPodExecAttach', [binding('ClusterRoleBinding', 'edit', 'system:edit')])).toHaveLength(0);
  });
});

// kube-linter pkg/templates/privilegeescalation/template.go, then Polaris' privilegeEscalationAllowed.yaml
describe('privilege-escalation-container', () => {
  it.each([
    ['allowPrivilegeEscalation false', { securityContext: { allowPrivilegeEscalation: false } }, []],
    ['a securityContext that leaves it unset', { securityContext: { runAsNonRoot: true } }, []],
    [
      'allowPrivilegeEscalation true',
      { securityContext: { allowPrivilegeEscalation: true, privileged: true } },
      ['container "c" has AllowPrivilegeEscalation set to true.'],
    ],
    ['privileged', { securityContext: { privileged: true } }, ['container "c" is Privileged hence allows privilege escalation.']],
    [
      'SYS_ADMIN added',
      { securityContext: { capabilities: { add: ['SYS_ADMIN'] } } },
      ['container "c" has SYS_ADMIN capability hence allows privilege escalation.'],
    ],
    ['no securityContext (Polaris)', {}, ['container "c" has no securityContext: privilege escalation should not be allowed']],
  ])('%s', (_, container, expected) => {
    expect(run('privilege-escalation-container', [withContainer(container)])).toEqual(expected.map((m) => `Deployment/web: ${m}`));
  });
});

// kube-linter pkg/templates/hostpid, hostipc, hostnetwork/template.go: each in its own words
describe("host namespaces, in kube-linter's wording", () => {
  it.each([
    ['host-pid', 'hostPID', "object shares the host's process namespace (via hostPID=true)."],
    ['host-ipc', 'hostIPC', "resource shares host's IPC namespace (via hostIPC=true)."],
    ['host-network', 'hostNetwork', "resource shares host's network namespace (via hostNetwork=true)."],
  ])('%s', (check, field, message) => {
    expect(run(check, [withContainer({}, { [field]: true })])).toEqual([`Deployment/web: ${message}`]);
    expect(run(check, [withContainer({}, { [field]: false })])).toEqual([]);
  });
});

// kube-linter docs/generated/checks.md "Enabled by default: Yes"
const KUBE_LINTER_DEFAULTS = [
  'dangling-service',
  'deprecated-service-account-field',
  'docker-sock',
  'drop-net-raw-capability',
  'duplicate-env-var',
  'env-var-secret',
  'host-ipc',
  'host-network',
  'host-pid',
  'invalid-target-ports',
  'job-ttl-seconds-after-finished',
  'latest-tag',
  'liveness-port',
  'mismatching-selector',
  'no-anti-affinity',
  'no-extensions-v1beta',
  'no-read-only-root-fs',
  'non-existent-service-account',
  'pdb-max-unavailable',
  'pdb-min-available',
  'pdb-unhealthy-pod-eviction-policy',
  'privilege-escalation-container',
  'privileged-container',
  'readiness-port',
  'run-as-non-root',
  'sensitive-host-mounts',
  'ssh-port',
  'startup-port',
  'unsafe-sysctls',
  'unset-cpu-requirements',
  'unset-memory-requirements',
];
// Polaris pkg/config/default.yaml `checks:` (every entry is warning or danger)
const POLARIS_DEFAULTS = [
  'deploymentMissingReplicas',
  'priorityClassNotSet',
  'tagNotSpecified',
  'pullPolicyNotAlways',
  'readinessProbeMissing',
  'livenessProbeMissing',
  'metadataAndInstanceMismatched',
  'pdbDisruptionsIsZero',
  'missingPodDisruptionBudget',
  'topologySpreadConstraint',
  'hpaMaxAvailability',
  'hpaMinAvailability',
  'pdbMinAvailableGreaterThanHPAMinReplicas',
  'cpuRequestsMissing',
  'cpuLimitsMissing',
  'memoryRequestsMissing',
  'memoryLimitsMissing',
  'automountServiceAccountToken',
  'hostIPCSet',
  'hostPathSet',
  'hostProcess',
  'hostPIDSet',
  'linuxHardening',
  'missingNetworkPolicy',
  'notReadOnlyRootFilesystem',
  'privilegeEscalationAllowed',
  'procMount',
  'runAsRootAllowed',
  'runAsPrivileged',
  'dangerousCapabilities',
  'insecureCapabilities',
  'hostNetworkSet',
  'hostPortSet',
  'tlsSettingsMissing',
  'sensitiveContainerEnvVar',
  'sensitiveConfigmapContent',
  'clusterrolePodExecAttach',
  'rolePodExecAttach',
  'clusterrolebindingPodExecAttach',
  'rolebindingClusterRolePodExecAttach',
  'rolebindingRolePodExecAttach',
  'clusterrolebindingClusterAdmin',
  'rolebindingClusterAdminClusterRole',
  'rolebindingClusterAdminRole',
];
// aipc's own checks on by default: right about any cluster (README, aipc lint)
const AIPC_DEFAULTS = ['removed-api', 'duplicate-object', 'floating-image-tag'];

describe('the default set', () => {
  it("is the union of kube-linter's and Polaris' defaults and aipc's own cluster-true checks", () => {
    const upstream = new Set([...KUBE_LINTER_DEFAULTS, ...POLARIS_DEFAULTS].map((n) => findLintCheck(n)));
    expect(upstream.has(undefined)).toBe(false);
    const expected = [...upstream, ...AIPC_DEFAULTS.map((n) => findLintCheck(n))].map((c) => c!.name).sort();
    expect(
      LINT_CHECKS.filter((c) => c.byDefault)
        .map((c) => c.name)
        .sort(),
    ).toEqual(expected);
  });

  it('keeps the checks that assume a self-contained stream for a whole release only', () => {
    const selfContained = LINT_CHECKS.filter((c) => c.selfContained).map((c) => c.name);
    expect(selfContained).toContain('dangling-ingress');
    expect(selfContained).toContain('missing-reference');
    for (const name of selfContained) expect(findLintCheck(name)!.byDefault, name).toBe(false);
  });
});
