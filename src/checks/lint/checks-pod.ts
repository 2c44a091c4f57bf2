// Checks of one pod template and its containers: kube-linter's container checks and Polaris'
// security, reliability and efficiency checks. Where pod-security-admission already defines the
// same rule (host namespaces, privileged, hostPath, host ports, procMount, hostProcess,
// allowPrivilegeEscalation), the verdict comes from `src/checks/pod-security`, not a second copy.
import { asRecord, type FieldPath } from '../../util/data.js';
import { evaluatePodTemplate, type CheckViolation, type PodSecurityCheckId } from '../pod-security/policy.js';
import { quantityValue } from '../../kube/quantity.js';
import { getAt, goQuote, goQuoteList, list, str, type ContainerRef, type Workload } from './context.js';
import { containerCheck, workloadCheck } from './check-helpers.js';
import type { LintCheck } from './types.js';

type Obj = Record<string, unknown>;

const sc = (c: ContainerRef): Obj => asRecord(c.container.securityContext) ?? {};
const podSc = (w: Workload): Obj => asRecord(w.podSpec.securityContext) ?? {};
const JOB_KINDS = ['Job', 'CronJob'];

/** pod-security-admission's violations of a workload's pod, computed once per workload. */
const pssCache = new WeakMap<Workload, CheckViolation[]>();
function pss(w: Workload, id: PodSecurityCheckId): CheckViolation[] {
  let v = pssCache.get(w);
  if (!v) {
    v = evaluatePodTemplate({ metadata: w.podMeta, spec: w.podSpec });
    pssCache.set(w, v);
  }
  return v.filter((x) => x.check === id);
}

/** A violation's path from the object root, and the container it names (if any). */
function locate(w: Workload, v: CheckViolation): { path: FieldPath; container?: string } {
  const path = [...w.templatePath, ...v.path];
  const [, key, i] = v.path;
  const c = typeof i === 'number' && v.path[0] === 'spec' ? asRecord(list(w.podSpec[key as string])[i]) : undefined;
  return { path, container: c ? (str(c.name) ?? '') : undefined };
}

/** kube-linter's own wording of each (pkg/templates/hostpid, hostipc, hostnetwork/template.go). */
const HOST_NAMESPACE_MESSAGES = {
  hostPID: "object shares the host's process namespace (via hostPID=true).",
  hostIPC: "resource shares host's IPC namespace (via hostIPC=true).",
  hostNetwork: "resource shares host's network namespace (via hostNetwork=true).",
} as const;

function hostNamespace(name: string, polaris: string, field: 'hostPID' | 'hostIPC' | 'hostNetwork', what: string): LintCheck {
  return workloadCheck(
    { name, polaris, byDefault: true, severity: 'error', description: `Pods that share the host's ${what} namespace.` },
    (w) =>
      pss(w, 'hostNamespaces')
        .filter((v) => v.path[1] === field)
        .map((v) => [locate(w, v).path, HOST_NAMESPACE_MESSAGES[field]]),
  );
}

/** pod-security-admission checks whose verdict a lint check reports as it is. */
function fromPodSecurity(
  spec: { name: string; polaris?: string; byDefault: boolean; severity?: 'error' | 'warning'; description: string },
  id: PodSecurityCheckId,
  message: (container: string | undefined, v: CheckViolation) => string,
): LintCheck {
  return workloadCheck(spec, (w) =>
    pss(w, id).map((v) => {
      const { path, container } = locate(w, v);
      return [path, message(container, v)];
    }),
  );
}

const capsOf = (c: ContainerRef, key: 'add' | 'drop'): string[] =>
  list(asRecord(sc(c).capabilities)?.[key]).filter((x): x is string => typeof x === 'string');

const DANGEROUS_CAPS = ['ALL', 'SYS_ADMIN', 'NET_ADMIN'];
const INSECURE_CAPS = [
  'CHOWN',
  'DAC_OVERRIDE',
  'FSETID',
  'FOWNER',
  'MKNOD',
  'NET_RAW',
  'SETGID',
  'SETUID',
  'SETFCAP',
  'SETPCAP',
  'NET_BIND_SERVICE',
  'SYS_CHROOT',
  'KILL',
  'AUDIT_WRITE',
];

function probePortChecks(): LintCheck[] {
  const kinds = [
    ['liveness-port', 'livenessProbe', 'liveness'],
    ['readiness-port', 'readinessProbe', 'readiness'],
    ['startup-port', 'startupProbe', 'startup'],
  ] as const;
  return kinds.map(([name, field, what]) =>
    containerCheck(
      { name, byDefault: true, withInit: false, description: `Containers whose ${what} probe targets a port they do not expose.` },
      (c) => {
        const probe = asRecord(c.container[field]);
        if (!probe) return [];
        const ports = list(c.container.ports).map((p) => asRecord(p) ?? {});
        const tcp = ports.filter((p) => p.protocol === undefined || p.protocol === 'TCP');
        const exposes = (port: unknown): boolean =>
          typeof port === 'number' ? tcp.some((p) => p.containerPort === port) : tcp.some((p) => p.name === port);
        const out: string[] = [];
        for (const [key, label] of [
          ['httpGet', 'HTTPGet'],
          ['tcpSocket', 'TCPSocket'],
          ['grpc', 'GRPC check'],
        ] as const) {
          const handler = asRecord(probe[key]);
          if (!handler || handler.port === undefined) continue;
          if (!exposes(handler.port)) out.push(`container "${c.name}" does not expose port ${String(handler.port)} for the ${label}`);
        }
        return out;
      },
    ),
  );
}

function probeMissing(name: string, polaris: string | undefined, field: string, what: string, byDefault: boolean): LintCheck {
  return containerCheck(
    { name, polaris, byDefault, withInit: false, skipKinds: JOB_KINDS, description: `Containers without a ${what} probe.` },
    (c) => (asRecord(c.container[field]) ? [] : [`container "${c.name}" does not specify a ${what} probe`]),
  );
}

function resourceCheck(
  name: string,
  polaris: string | undefined,
  resource: 'cpu' | 'memory',
  type: 'requests' | 'limits',
  byDefault: boolean,
): LintCheck {
  const what = type === 'requests' ? 'request' : 'limit';
  return containerCheck(
    {
      name,
      polaris,
      origin: name.startsWith('unset-') ? (polaris ? 'both' : 'kube-linter') : 'polaris',
      byDefault,
      description: `Containers without a ${resource} ${what}.`,
    },
    (c) => {
      const value = getAt(c.container, ['resources', type, resource]);
      // unset is zero, as the decoded Quantity is; text outside the grammar is not zero (validate reports it)
      const zero = value === undefined || value === null || quantityValue(value) === 0;
      return zero ? [[[...c.path, 'resources'], `container "${c.name}" has ${resource} ${what} 0`]] : [];
    },
  );
}

function hostMounts(name: string, dirs: readonly RegExp[], description: string): LintCheck {
  return containerCheck({ name, byDefault: true, description }, (c, w) => {
    const volumes = new Map(list(w.podSpec.volumes).map((v) => [str(asRecord(v)?.name), asRecord(asRecord(v)?.hostPath)]));
    return list(c.container.volumeMounts).flatMap((m, i) => {
      const hostPath = volumes.get(str(asRecord(m)?.name));
      const path = str(hostPath?.path);
      return path && dirs.some((d) => d.test(path))
        ? [[[...c.path, 'volumeMounts', i], `host system directory "${path}" is mounted on container "${c.name}"`] as const]
        : [];
    });
  });
}

const UNSAFE_SYSCTLS = ['kernel.msg', 'kernel.sem', 'kernel.shm', 'fs.mqueue.', 'net.'];
const LATEST_BLOCKLIST = ['.*:(latest)$', '^[^:]*$', '(.*/[^:]+)$'];

export const podChecks: readonly LintCheck[] = [
  hostNamespace('host-pid', 'hostPIDSet', 'hostPID', 'process'),
  hostNamespace('host-ipc', 'hostIPCSet', 'hostIPC', 'IPC'),
  hostNamespace('host-network', 'hostNetworkSet', 'hostNetwork', 'network'),
  fromPodSecurity(
    {
      name: 'privileged-container',
      polaris: 'runAsPrivileged',
      byDefault: true,
      severity: 'error',
      description: 'Containers running privileged.',
    },
    'privileged',
    (c) => `container "${c}" is privileged`,
  ),
  fromPodSecurity(
    { name: 'unsafe-proc-mount', polaris: 'procMount', byDefault: true, description: 'Containers with procMount=Unmasked.' },
    'procMount',
    (c, v) => `container "${c}" exposes /proc unsafely (via procMount=${v.found.replace(/^"|"$/g, '')}).`,
  ),
  fromPodSecurity(
    { name: 'host-path-set', polaris: 'hostPathSet', byDefault: true, description: 'Pods mounting hostPath volumes.' },
    'hostPathVolumes',
    (_c, v) => `${v.found} mounts a host path`,
  ),
  fromPodSecurity(
    { name: 'host-port-set', polaris: 'hostPortSet', byDefault: true, description: 'Containers binding host ports.' },
    'hostPorts',
    (c, v) => `container "${c}" binds host port ${v.found}`,
  ),
  fromPodSecurity(
    { name: 'host-process', polaris: 'hostProcess', byDefault: true, severity: 'error', description: 'Windows HostProcess pods.' },
    'windowsHostProcess',
    () => 'pod runs as a Windows HostProcess',
  ),
  containerCheck(
    {
      name: 'privilege-escalation-container',
      polaris: 'privilegeEscalationAllowed',
      byDefault: true,
      severity: 'error',
      description:
        'Containers that may gain more privileges than their parent process (allowPrivilegeEscalation true, privileged, SYS_ADMIN added, or no securityContext).',
    },
    // one finding per container: kube-linter's three cases in its order and words
    // (pkg/templates/privilegeescalation/template.go), then Polaris' (privilegeEscalationAllowed.yaml:
    // a container without a securityContext may escalate)
    (c) => {
      const raw = asRecord(c.container.securityContext);
      const name = goQuote(c.name);
      if (raw?.allowPrivilegeEscalation === true)
        return [
          [[...c.path, 'securityContext', 'allowPrivilegeEscalation'], `container ${name} has AllowPrivilegeEscalation set to true.`],
        ];
      if (raw?.privileged === true)
        return [[[...c.path, 'securityContext', 'privileged'], `container ${name} is Privileged hence allows privilege escalation.`]];
      if (capsOf(c, 'add').includes('SYS_ADMIN'))
        return [
          [
            [...c.path, 'securityContext', 'capabilities', 'add'],
            `container ${name} has SYS_ADMIN capability hence allows privilege escalation.`,
          ],
        ];
      if (!raw) return [[c.path, `container ${name} has no securityContext: privilege escalation should not be allowed`]];
      return [];
    },
  ),
  containerCheck(
    {
      name: 'run-as-non-root',
      polaris: 'runAsRootAllowed',
      byDefault: true,
      severity: 'error',
      description: 'Containers that may run as root (runAsNonRoot not true and no runAsUser above 0), or in group 0.',
    },
    (c, w) => {
      const pick = (k: string): unknown => (sc(c)[k] !== undefined && sc(c)[k] !== null ? sc(c)[k] : podSc(w)[k]);
      const nonRoot = pick('runAsNonRoot') === true || (typeof pick('runAsUser') === 'number' && (pick('runAsUser') as number) > 0);
      const out: string[] = [];
      if (!nonRoot) out.push(`container "${c.name}" is not set to runAsNonRoot`);
      else if (pick('runAsGroup') === 0) out.push(`container "${c.name}" is set to runAsGroup 0`);
      return out;
    },
  ),
  containerCheck(
    {
      name: 'no-read-only-root-fs',
      polaris: 'notReadOnlyRootFilesystem',
      byDefault: true,
      description: 'Containers with a writable root file system.',
    },
    (c) => (sc(c).readOnlyRootFilesystem === true ? [] : [`container "${c.name}" does not have a read-only root file system`]),
  ),
  containerCheck(
    {
      name: 'dangerous-capabilities',
      polaris: 'dangerousCapabilities',
      origin: 'polaris',
      byDefault: true,
      severity: 'error',
      description: 'Containers adding ALL, SYS_ADMIN or NET_ADMIN.',
    },
    (c) =>
      capsOf(c, 'add')
        .filter((x) => DANGEROUS_CAPS.includes(x.toUpperCase()))
        .map((x) => `container "${c.name}" adds the dangerous capability ${x}`),
  ),
  containerCheck(
    {
      name: 'insecure-capabilities',
      polaris: 'insecureCapabilities',
      origin: 'polaris',
      byDefault: true,
      description: 'Containers that keep or add capabilities Polaris counts as insecure (drop ALL, or each of them).',
    },
    (c) => {
      const drop = new Set(capsOf(c, 'drop').map((x) => x.toUpperCase()));
      const add = capsOf(c, 'add').map((x) => x.toUpperCase());
      if (drop.has('ALL') && !add.some((x) => INSECURE_CAPS.includes(x))) return [];
      const kept = INSECURE_CAPS.filter((x) => !drop.has('ALL') && !drop.has(x));
      const added = add.filter((x) => INSECURE_CAPS.includes(x));
      if (kept.length === 0 && added.length === 0) return [];
      return [`container "${c.name}" keeps insecure capabilities ${[...new Set([...added, ...kept])].join(', ')}`];
    },
  ),
  // kube-linter's verify-container-capabilities with forbiddenCapabilities [NET_RAW]
  // (pkg/templates/containercapabilities/template.go): a container without a capabilities block is
  // skipped; each added capability matching NET_RAW (an unanchored regexp) or "all" (any case) is one
  // finding, and a drop list without NET_RAW or ALL is another.
  containerCheck({ name: 'drop-net-raw-capability', byDefault: true, description: 'Containers that do not drop NET_RAW.' }, (c) => {
    const caps = asRecord(sc(c).capabilities);
    if (!caps) return [];
    const matches = (cap: string): boolean => cap.includes('NET_RAW') || /^all$/i.test(cap);
    const out = capsOf(c, 'add')
      .filter(matches)
      .map(
        (cap) =>
          `container ${goQuote(c.name)} has ADD capability: ${goQuote(cap)}, which matched with the forbidden capability for containers`,
      );
    const drop = capsOf(c, 'drop');
    if (!drop.some(matches))
      out.push(
        `container ${goQuote(c.name)} has DROP capabilities: ${goQuoteList(drop)}, but does not drop capability "NET_RAW" which is required`,
      );
    return out;
  }),
  // Polaris' linuxHardening (pkg/config/checks/linuxHardening.yaml), per container and init container:
  // an AppArmor annotation for the container (any value) passes; otherwise one of: a seccomp type that
  // is not Unconfined (the container's, or the pod's when the container sets none), SELinux options
  // (the pod's, or the container's with at least one field), or a non-empty drop list with no ALL added.
  containerCheck(
    {
      name: 'linux-hardening',
      polaris: 'linuxHardening',
      origin: 'polaris',
      byDefault: true,
      description:
        'Containers restricted by none of: an AppArmor annotation, a seccomp profile other than Unconfined, SELinux options, or dropped capabilities (without adding ALL).',
    },
    (c, w) => {
      if (c.path.includes('ephemeralContainers')) return [];
      const annotations = asRecord(w.podMeta.annotations) ?? {};
      if (annotations[`container.apparmor.security.beta.kubernetes.io/${c.name}`]) return [];
      const podType = asRecord(podSc(w).seccompProfile)?.type;
      const containerProfile = asRecord(sc(c).seccompProfile);
      const seccomp =
        !podType || podType === 'Unconfined'
          ? typeof containerProfile?.type === 'string' && containerProfile.type !== '' && containerProfile.type !== 'Unconfined'
          : containerProfile?.type === undefined || (typeof containerProfile.type === 'string' && containerProfile.type !== 'Unconfined');
      const podSelinux = asRecord(podSc(w).seLinuxOptions);
      const containerSelinux = asRecord(sc(c).seLinuxOptions);
      const selinux =
        (podSelinux !== undefined && Object.keys(podSelinux).length > 0) ||
        (containerSelinux !== undefined && Object.keys(containerSelinux).length > 0);
      const caps = asRecord(sc(c).capabilities);
      const drop = list(caps?.drop);
      const add = list(caps?.add);
      const dropped = drop.length > 0 && add.every((x) => typeof x === 'string' && !/^all$/i.test(x));
      return seccomp || selinux || dropped
        ? []
        : [
            `container "${c.name}": use one of AppArmor, Seccomp, SELinux, or dropping Linux Capabilities to restrict containers using unwanted privileges`,
          ];
    },
  ),
  containerCheck(
    {
      name: 'latest-tag',
      polaris: 'tagNotSpecified',
      byDefault: true,
      severity: 'error',
      description: 'Containers whose image has no tag or the latest tag.',
    },
    (c) => {
      const image = str(c.container.image);
      if (image === undefined) return [];
      if (!LATEST_BLOCKLIST.some((re) => new RegExp(re).test(image))) return [];
      return [
        [
          [...c.path, 'image'],
          `The container "${c.name}" is using an invalid container image, "${image}". Please use images that are not blocked by the \`BlockList\` criteria : [${LATEST_BLOCKLIST.map((x) => JSON.stringify(x)).join(' ')}]`,
        ],
      ];
    },
  ),
  containerCheck(
    {
      name: 'pull-policy-not-always',
      polaris: 'pullPolicyNotAlways',
      origin: 'polaris',
      byDefault: true,
      description: 'Containers whose imagePullPolicy is not Always.',
    },
    (c) =>
      c.container.imagePullPolicy === 'Always'
        ? []
        : [
            [
              [...c.path, 'imagePullPolicy'],
              `container "${c.name}" has imagePullPolicy ${str(c.container.imagePullPolicy) ?? 'unset'}, not Always`,
            ],
          ],
  ),
  probeMissing('no-liveness-probe', 'livenessProbeMissing', 'livenessProbe', 'liveness', true),
  probeMissing('no-readiness-probe', 'readinessProbeMissing', 'readinessProbe', 'readiness', true),
  probeMissing('no-startup-probe', undefined, 'startupProbe', 'startup', false),
  ...probePortChecks(),
  resourceCheck('unset-cpu-requirements', 'cpuRequestsMissing', 'cpu', 'requests', true),
  resourceCheck('unset-memory-requirements', 'memoryLimitsMissing', 'memory', 'limits', true),
  resourceCheck('cpu-limits-missing', 'cpuLimitsMissing', 'cpu', 'limits', true),
  resourceCheck('memory-requests-missing', 'memoryRequestsMissing', 'memory', 'requests', true),
  hostMounts('docker-sock', [/docker\.sock$/], 'Containers mounting the Docker socket.'),
  hostMounts(
    'sensitive-host-mounts',
    ['^/$', '^/boot$', '^/dev$', '^/etc$', '^/lib$', '^/proc$', '^/sys$', '^/usr$'].map((d) => new RegExp(d)),
    'Containers mounting sensitive host directories.',
  ),
  containerCheck({ name: 'writable-host-mount', byDefault: false, description: 'Containers mounting a host path writable.' }, (c, w) => {
    const hostPaths = new Map(list(w.podSpec.volumes).map((v) => [str(asRecord(v)?.name), str(asRecord(asRecord(v)?.hostPath)?.path)]));
    return list(c.container.volumeMounts).flatMap((m, i) => {
      const path = hostPaths.get(str(asRecord(m)?.name));
      return path && asRecord(m)?.readOnly !== true
        ? [[[...c.path, 'volumeMounts', i], `container "${c.name}" mounts path "${path}" on the host as writable`] as const]
        : [];
    });
  }),
  containerCheck(
    {
      name: 'env-var-secret',
      byDefault: true,
      description: 'Secrets written into environment variables (a name like *secret* with a literal value).',
    },
    (c) =>
      list(c.container.env)
        .map((e) => asRecord(e) ?? {})
        .filter((e) => /secret/i.test(str(e.name) ?? '') && (str(e.value) ?? '') !== '')
        .map((e) => `environment variable ${str(e.name)} in container "${c.name}" found`),
  ),
  containerCheck(
    {
      name: 'read-secret-from-env-var',
      byDefault: false,
      description: 'Secrets read into environment variables (secretKeyRef) rather than mounted as files.',
    },
    (c) =>
      list(c.container.env)
        .map((e) => asRecord(e) ?? {})
        .filter((e) => asRecord(asRecord(e.valueFrom)?.secretKeyRef))
        .map((e) => `environment variable "${str(e.name)}" in container "${c.name}" uses SecretKeyRef`),
  ),
  containerCheck(
    {
      name: 'sensitive-container-env-var',
      polaris: 'sensitiveContainerEnvVar',
      origin: 'polaris',
      byDefault: true,
      severity: 'error',
      description: 'Literal environment variables whose name looks like a credential, or whose value is a private key.',
    },
    (c) =>
      list(c.container.env)
        .map((e, i) => [asRecord(e) ?? {}, i] as const)
        .filter(([e]) => 'value' in e && (isSensitiveName(str(e.name) ?? '') || isPrivateKey(e.value)))
        .map(
          ([e, i]) =>
            [
              [...c.path, 'env', i],
              `container "${c.name}" sets the sensitive environment variable ${str(e.name)} to a literal value`,
            ] as const,
        ),
  ),
  containerCheck({ name: 'duplicate-env-var', byDefault: true, description: 'Environment variables set twice in one container.' }, (c) => {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const e of list(c.container.env)) {
      const name = str(asRecord(e)?.name);
      if (name === undefined) continue;
      if (seen.has(name)) out.push(`Duplicate environment variable ${name} in container "${c.name}" found`);
      seen.add(name);
    }
    return out;
  }),
  containerCheck({ name: 'privileged-ports', byDefault: false, description: 'Containers mapping privileged ports (0-1024).' }, (c) =>
    list(c.container.ports)
      .map((p) => asRecord(p)?.containerPort)
      .filter((p): p is number => typeof p === 'number' && p <= 1024)
      .map((p) => `port ${p} is mapped in container "${c.name}".`),
  ),
  containerCheck({ name: 'ssh-port', byDefault: true, description: 'Containers exposing port 22/TCP.' }, (c) =>
    list(c.container.ports)
      .map((p) => asRecord(p) ?? {})
      .filter((p) => p.containerPort === 22 && (p.protocol === undefined || p.protocol === 'TCP'))
      .map(() => `port 22 and protocol TCP in container "${c.name}" found`),
  ),
  workloadCheck({ name: 'unsafe-sysctls', byDefault: true, description: 'Pods setting unsafe sysctls.' }, (w) =>
    list(podSc(w).sysctls)
      .map((s, i) => [str(asRecord(s)?.name) ?? '', i] as const)
      .filter(([n]) => UNSAFE_SYSCTLS.some((p) => n.startsWith(p)))
      .map(([n, i]) => [[...w.templatePath, 'spec', 'securityContext', 'sysctls', i], `resource specifies unsafe sysctl "${n}".`] as const),
  ),
  workloadCheck(
    { name: 'deprecated-service-account-field', byDefault: true, description: 'Pods using the deprecated serviceAccount field.' },
    (w) => {
      const sa = str(w.podSpec.serviceAccount);
      return sa
        ? [
            [
              [...w.templatePath, 'spec', 'serviceAccount'],
              `serviceAccount is specified (${sa}), but this field is deprecated; use serviceAccountName instead`,
            ],
          ]
        : [];
    },
  ),
  workloadCheck({ name: 'default-service-account', byDefault: false, description: 'Pods using the default service account.' }, (w) => {
    const sa = str(w.podSpec.serviceAccountName) ?? str(w.podSpec.serviceAccount) ?? '';
    return sa === '' || sa === 'default' ? [[[...w.templatePath, 'spec'], `found matching serviceAccount (${JSON.stringify(sa)})`]] : [];
  }),
  workloadCheck({ name: 'no-node-affinity', byDefault: false, description: 'Pods without node affinity.' }, (w) =>
    asRecord(asRecord(w.podSpec.affinity)?.nodeAffinity)
      ? []
      : [[[...w.templatePath, 'spec'], 'object does not define any node affinity rules.']],
  ),
  workloadCheck({ name: 'dnsconfig-options', byDefault: false, description: 'Pods without dnsConfig option ndots:2.' }, (w) => {
    const dns = asRecord(w.podSpec.dnsConfig);
    const at: FieldPath = [...w.templatePath, 'spec'];
    if (!dns) return [[at, 'Object does not define any DNSConfig rules.']];
    const options = list(dns.options).map((o) => asRecord(o) ?? {});
    if (options.length === 0) return [[[...at, 'dnsConfig'], 'Object does not define any DNSConfig Options.']];
    return options.some((o) => o.name === 'ndots' && String(o.value) === '2')
      ? []
      : [[[...at, 'dnsConfig', 'options'], 'DNSConfig Options "ndots:2" not found.']];
  }),
  workloadCheck(
    {
      name: 'priority-class-name',
      byDefault: false,
      description: 'Pods whose priorityClassName is not system-cluster-critical or system-node-critical.',
    },
    (w) => {
      const p = str(w.podSpec.priorityClassName);
      return p && !['system-cluster-critical', 'system-node-critical'].includes(p)
        ? [
            [
              [...w.templatePath, 'spec', 'priorityClassName'],
              `object has a priority class name defined with '${p}' but the only accepted priority class names are '[system-cluster-critical system-node-critical]'`,
            ],
          ]
        : [];
    },
  ),
  workloadCheck(
    {
      name: 'priority-class-not-set',
      polaris: 'priorityClassNotSet',
      origin: 'polaris',
      byDefault: true,
      description: 'Pods without a priorityClassName.',
    },
    (w) => (str(w.podSpec.priorityClassName) ? [] : [[[...w.templatePath, 'spec'], 'pod has no priorityClassName']]),
  ),
  workloadCheck({ name: 'restart-policy', byDefault: false, description: 'Pods whose restartPolicy is not Always or OnFailure.' }, (w) => {
    const p = str(w.podSpec.restartPolicy);
    return p && !['Always', 'OnFailure'].includes(p)
      ? [
          [
            [...w.templatePath, 'spec', 'restartPolicy'],
            `object has a restart policy defined with '${p}' but the only accepted restart policies are '[Always OnFailure]'`,
          ],
        ]
      : [];
  }),
  // kube-linter's job-ttl-seconds-after-finished (pkg/templates/jobttlsecondsafterfinished/template.go,
  // on by default): a standalone Job must set ttlSecondsAfterFinished; a CronJob's job template must not
  // (it fights the CronJob's history limits).
  workloadCheck(
    {
      name: 'job-ttl-seconds-after-finished',
      byDefault: true,
      description: 'Standalone Jobs without ttlSecondsAfterFinished, and CronJobs whose jobs set it.',
    },
    (w) => {
      const set = (path: FieldPath): boolean => getAt(w.object.raw, path) !== undefined && getAt(w.object.raw, path) !== null;
      if (w.object.kind === 'Job' && !set(['spec', 'ttlSecondsAfterFinished']))
        return [[['spec'], 'Standalone Job does not specify ttlSecondsAfterFinished']];
      const cronTtl: FieldPath = ['spec', 'jobTemplate', 'spec', 'ttlSecondsAfterFinished'];
      if (w.object.kind === 'CronJob' && set(cronTtl))
        return [
          [
            cronTtl,
            'Managed Job specifies ttlSecondsAfterFinished which might conflict with successfulJobsHistoryLimit and failedJobsHistoryLimit from CronJob that have default values. Final behaviour is determined by the strictest parameter, and therefore, setting ttlSecondsAfterFinished at the job level can result with unexpected behaviour with regard to finished jobs removal',
          ],
        ];
      return [];
    },
  ),
  workloadCheck(
    {
      name: 'no-rolling-update-strategy',
      byDefault: false,
      description: 'Deployments and DaemonSets whose update strategy is not a rolling one.',
    },
    (w) => {
      const key = w.object.kind === 'DaemonSet' || w.object.kind === 'StatefulSet' ? 'updateStrategy' : 'strategy';
      const type = getAt(w.object.raw, ['spec', key, 'type']);
      return typeof type === 'string' && !/^(RollingUpdate|Rolling)$/.test(type)
        ? [[['spec', key, 'type'], `object has ${type} strategy type but must match regex ^(RollingUpdate|Rolling)$`]]
        : [];
    },
  ),
];

const SENSITIVE_NAMES = [
  /^AWS_SECRET_ACCESS_KEY$/i,
  /^GOOGLE_APPLICATION_CREDENTIALS$/i,
  /^AZURE_.+KEY$/i,
  /^OCI_CLI_KEY_CONTENT$/i,
  /password/i,
  /token/i,
  /bearer/i,
  /secret/i,
];

/** Polaris' list of names that look like credentials. */
export const isSensitiveName = (name: string): boolean => SENSITIVE_NAMES.some((re) => re.test(name));
/** A PEM private key header (`-BEGIN … PRIVATE KEY-`), found line by line in linear time. */
export function isPrivateKey(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  for (const line of v.toUpperCase().split('\n')) {
    const begin = line.indexOf('-BEGIN');
    if (begin >= 0 && /^\s/.test(line.slice(begin + 6)) && line.indexOf('PRIVATE KEY-', begin + 7) >= 0) return true;
  }
  return false;
}
