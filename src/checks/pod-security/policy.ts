// The Pod Security Standards checks, as Kubernetes' pod-security-admission evaluates them
import { asRecord, type FieldPath } from '../../util/data.js';
// (k8s.io/pod-security-admission/policy, check IDs and versioned behaviour up to policy v1.33).
//
// Each check is a pure function of one pod template (its metadata and spec, as plain data) and
// the policy version; it returns one violation per offending field, with the field's path
// relative to the template (`spec.containers[0].securityContext.privileged`).
//
// Objects are read as rendered, not as the API server stores them, so the API server's defaulting
// is applied where it changes a verdict: a volume with no source is an emptyDir.

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

export const POD_SECURITY_LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];

/** Check IDs exactly as pod-security-admission names them. */
export type PodSecurityCheckId =
  | 'hostNamespaces'
  | 'privileged'
  | 'capabilities_baseline'
  | 'hostPathVolumes'
  | 'hostPorts'
  | 'appArmorProfile'
  | 'seLinuxOptions'
  | 'procMount'
  | 'seccompProfile_baseline'
  | 'sysctls'
  | 'windowsHostProcess'
  | 'restrictedVolumes'
  | 'allowPrivilegeEscalation'
  | 'runAsNonRoot'
  | 'runAsUser'
  | 'seccompProfile_restricted'
  | 'capabilities_restricted';

/** A policy version: `v1.<minor>`. */
export interface PolicyVersion {
  readonly major: 1;
  readonly minor: number;
}

/** The newest policy version whose rules aipc implements. */
export const LATEST_POLICY_VERSION: PolicyVersion = { major: 1, minor: 33 };

/** Parses `v1.33`, `1.33` or `latest`; returns undefined for anything else or a version aipc does not know. */
export function parsePolicyVersion(text: string): PolicyVersion | undefined {
  if (text === 'latest') return LATEST_POLICY_VERSION;
  const m = /^v?1\.(0|[1-9]\d{0,2})$/.exec(text);
  if (!m) return undefined;
  const minor = Number(m[1]);
  return minor > LATEST_POLICY_VERSION.minor ? undefined : { major: 1, minor };
}

export function formatPolicyVersion(v: PolicyVersion): string {
  return `v${v.major}.${v.minor}`;
}

export type { FieldPath };

/** One field of a pod template that breaks one check. Paths are relative to the template. */
export interface CheckViolation {
  readonly check: PodSecurityCheckId;
  /** The lowest level the check belongs to: failing it puts the pod below this level. */
  readonly level: 'baseline' | 'restricted';
  readonly path: FieldPath;
  /** What was found there. */
  readonly found: string;
  /** What the check requires of the field. */
  readonly required: string;
}

/** A pod template as plain data: `metadata` and `spec` of a Pod or of a controller's template. */
export interface PodTemplateData {
  readonly metadata: Record<string, unknown>;
  readonly spec: Record<string, unknown>;
}

interface CheckDefinition {
  readonly id: PodSecurityCheckId;
  readonly level: 'baseline' | 'restricted';
  /** The first policy version the check exists in. */
  readonly since: number;
  readonly run: (pod: PodTemplateData, minor: number) => CheckViolation[];
}

type Obj = Record<string, unknown>;

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
}

interface ContainerRef {
  readonly container: Obj;
  readonly path: FieldPath;
  readonly name: string;
}

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

function containersOf(spec: Obj): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const key of CONTAINER_LISTS) {
    list(spec[key]).forEach((c, i) => {
      const container = asRecord(c);
      if (container)
        out.push({ container, path: ['spec', key, i], name: typeof container.name === 'string' ? container.name : `${key}[${i}]` });
    });
  }
  return out;
}

function securityContext(c: ContainerRef): Obj | undefined {
  return asRecord(c.container.securityContext);
}

const podSC = (pod: PodTemplateData): Obj | undefined => asRecord(pod.spec.securityContext);

function isWindowsPod(pod: PodTemplateData): boolean {
  return asRecord(pod.spec.os)?.name === 'windows';
}

function violation(
  check: CheckDefinition | { id: PodSecurityCheckId; level: 'baseline' | 'restricted' },
  path: FieldPath,
  found: string,
  required: string,
): CheckViolation {
  return { check: check.id, level: check.level, path, found, required };
}

interface ContextField {
  /** The field's value; undefined when unset. */
  readonly value: unknown;
  /** Whether the object holding the field exists (e.g. `appArmorProfile` for `appArmorProfile.type`). */
  readonly parentSet: boolean;
  readonly path: FieldPath;
}

/** One field of the pod's securityContext, then of each container's, with its path: the walk most checks make. */
function contextFields(pod: PodTemplateData, field: readonly string[]): ContextField[] {
  const at = (context: Obj | undefined, base: FieldPath): ContextField => {
    let parent: Obj | undefined = context;
    for (const key of field.slice(0, -1)) parent = asRecord(parent?.[key]);
    return { value: parent?.[field[field.length - 1]], parentSet: parent !== undefined, path: [...base, ...field] };
  };
  return [
    at(podSC(pod), ['spec', 'securityContext']),
    ...containersOf(pod.spec).map((c) => at(securityContext(c), [...c.path, 'securityContext'])),
  ];
}

/** A violation for every pod or container securityContext whose `field` is `forbidden`. */
function forbidInContexts(
  check: CheckDefinition,
  pod: PodTemplateData,
  field: readonly string[],
  forbidden: (f: ContextField) => boolean,
  required: string,
): CheckViolation[] {
  return contextFields(pod, field)
    .filter(forbidden)
    .map((f) => violation(check, f.path, show(f.value), required));
}

// --- baseline -------------------------------------------------------------------------------

const hostNamespaces: CheckDefinition = {
  id: 'hostNamespaces',
  level: 'baseline',
  since: 0,
  run(pod) {
    return (['hostNetwork', 'hostPID', 'hostIPC'] as const)
      .filter((key) => pod.spec[key] === true)
      .map((key) => violation(hostNamespaces, ['spec', key], 'true', 'must be unset or false (no host namespaces)'));
  },
};

const privileged: CheckDefinition = {
  id: 'privileged',
  level: 'baseline',
  since: 0,
  run(pod) {
    return containersOf(pod.spec)
      .filter((c) => securityContext(c)?.privileged === true)
      .map((c) => violation(privileged, [...c.path, 'securityContext', 'privileged'], 'true', 'must be unset or false'));
  },
};

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

const capabilitiesBaseline: CheckDefinition = {
  id: 'capabilities_baseline',
  level: 'baseline',
  since: 0,
  run(pod) {
    const out: CheckViolation[] = [];
    for (const c of containersOf(pod.spec)) {
      list(asRecord(securityContext(c)?.capabilities)?.add).forEach((cap, i) => {
        if (typeof cap !== 'string' || !BASELINE_CAPABILITIES.has(cap)) {
          out.push(
            violation(
              capabilitiesBaseline,
              [...c.path, 'securityContext', 'capabilities', 'add', i],
              show(cap),
              `may add only ${[...BASELINE_CAPABILITIES].join(', ')}`,
            ),
          );
        }
      });
    }
    return out;
  },
};

const hostPathVolumes: CheckDefinition = {
  id: 'hostPathVolumes',
  level: 'baseline',
  since: 0,
  run(pod) {
    const out: CheckViolation[] = [];
    list(pod.spec.volumes).forEach((v, i) => {
      if (asRecord(v)?.hostPath !== undefined && asRecord(v)?.hostPath !== null) {
        out.push(
          violation(
            hostPathVolumes,
            ['spec', 'volumes', i, 'hostPath'],
            `hostPath volume ${show(asRecord(v)?.name)}`,
            'no hostPath volumes',
          ),
        );
      }
    });
    return out;
  },
};

const hostPorts: CheckDefinition = {
  id: 'hostPorts',
  level: 'baseline',
  since: 0,
  run(pod) {
    const out: CheckViolation[] = [];
    for (const c of containersOf(pod.spec)) {
      list(c.container.ports).forEach((p, i) => {
        const hostPort = asRecord(p)?.hostPort;
        if (hostPort !== undefined && hostPort !== null && hostPort !== 0) {
          out.push(violation(hostPorts, [...c.path, 'ports', i, 'hostPort'], show(hostPort), 'must be unset or 0'));
        }
      });
    }
    return out;
  },
};

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

// pod-security-admission checks the annotation and (since the field exists, 1.30) the
// securityContext.appArmorProfile field under every policy version: the field cannot be set on
// older clusters, and allowing it under an older policy version would be a loophole.
const appArmorProfile: CheckDefinition = {
  id: 'appArmorProfile',
  level: 'baseline',
  since: 0,
  run(pod) {
    const out = forbidInContexts(
      appArmorProfile,
      pod,
      ['appArmorProfile', 'type'],
      (f) => f.parentSet && f.value !== 'RuntimeDefault' && f.value !== 'Localhost',
      'must be unset, RuntimeDefault or Localhost',
    );
    for (const [key, value] of Object.entries(asRecord(pod.metadata.annotations) ?? {})) {
      if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX)) continue;
      const text = typeof value === 'string' ? value : '';
      if (text === '' || text === 'runtime/default' || text.startsWith('localhost/')) continue;
      out.push(
        violation(appArmorProfile, ['metadata', 'annotations', key], show(value), 'must be unset, runtime/default or localhost/<profile>'),
      );
    }
    return out;
  },
};

const SELINUX_TYPES_1_0 = ['container_t', 'container_init_t', 'container_kvm_t'];
const SELINUX_TYPES_1_31 = [...SELINUX_TYPES_1_0, 'container_engine_t'];

const seLinuxOptions: CheckDefinition = {
  id: 'seLinuxOptions',
  level: 'baseline',
  since: 0,
  run(pod, minor) {
    const types = minor >= 31 ? SELINUX_TYPES_1_31 : SELINUX_TYPES_1_0;
    const out: CheckViolation[] = [];
    const checkOptions = (options: Obj | undefined, path: FieldPath): void => {
      if (!options) return;
      const type = options.type;
      if (type !== undefined && type !== null && type !== '' && !types.includes(type as string)) {
        out.push(violation(seLinuxOptions, [...path, 'type'], show(type), `must be unset or one of ${types.join(', ')}`));
      }
      for (const key of ['user', 'role'] as const) {
        const value = options[key];
        if (value !== undefined && value !== null && value !== '')
          out.push(violation(seLinuxOptions, [...path, key], show(value), 'must be unset'));
      }
    };
    checkOptions(asRecord(podSC(pod)?.seLinuxOptions), ['spec', 'securityContext', 'seLinuxOptions']);
    for (const c of containersOf(pod.spec))
      checkOptions(asRecord(securityContext(c)?.seLinuxOptions), [...c.path, 'securityContext', 'seLinuxOptions']);
    return out;
  },
};

// (The relaxation for user-namespaced pods, hostUsers: false, is part of policy v1.34; under
// v1.33 it sat behind a feature gate that is off by default.)
const procMount: CheckDefinition = {
  id: 'procMount',
  level: 'baseline',
  since: 0,
  run(pod) {
    return containersOf(pod.spec)
      .filter((c) => {
        const value = securityContext(c)?.procMount;
        return value !== undefined && value !== null && value !== 'Default';
      })
      .map((c) =>
        violation(procMount, [...c.path, 'securityContext', 'procMount'], show(securityContext(c)?.procMount), 'must be unset or Default'),
      );
  },
};

// Since policy 1.19 the securityContext fields are checked; the alpha annotations only before.
const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

const seccompProfileBaseline: CheckDefinition = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  since: 0,
  run(pod, minor) {
    const out: CheckViolation[] = [];
    if (minor < 19) {
      for (const [key, value] of Object.entries(asRecord(pod.metadata.annotations) ?? {})) {
        if ((key === SECCOMP_POD_ANNOTATION || key.startsWith(SECCOMP_CONTAINER_ANNOTATION_PREFIX)) && value === 'unconfined') {
          out.push(violation(seccompProfileBaseline, ['metadata', 'annotations', key], show(value), 'must not be unconfined'));
        }
      }
      return out;
    }
    return forbidInContexts(
      seccompProfileBaseline,
      pod,
      ['seccompProfile', 'type'],
      (f) => f.value === 'Unconfined',
      'must be unset, RuntimeDefault or Localhost (not Unconfined)',
    );
  },
};

const SYSCTLS_BY_VERSION: readonly [number, readonly string[]][] = [
  [
    0,
    [
      'kernel.shm_rmid_forced',
      'net.ipv4.ip_local_port_range',
      'net.ipv4.tcp_syncookies',
      'net.ipv4.ping_group_range',
      'net.ipv4.ip_unprivileged_port_start',
    ],
  ],
  [27, ['net.ipv4.ip_local_reserved_ports']],
  [29, ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']],
  [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
];

/** The sysctls the baseline profile allows at a policy version. */
export function allowedSysctls(minor: number): string[] {
  return SYSCTLS_BY_VERSION.filter(([since]) => minor >= since).flatMap(([, names]) => names);
}

const sysctls: CheckDefinition = {
  id: 'sysctls',
  level: 'baseline',
  since: 0,
  run(pod, minor) {
    const allowed = allowedSysctls(minor);
    const out: CheckViolation[] = [];
    list(podSC(pod)?.sysctls).forEach((s, i) => {
      const name = asRecord(s)?.name;
      if (typeof name !== 'string' || !allowed.includes(name)) {
        out.push(violation(sysctls, ['spec', 'securityContext', 'sysctls', i, 'name'], show(name), `must be one of ${allowed.join(', ')}`));
      }
    });
    return out;
  },
};

const windowsHostProcess: CheckDefinition = {
  id: 'windowsHostProcess',
  level: 'baseline',
  since: 0,
  run(pod) {
    return forbidInContexts(windowsHostProcess, pod, ['windowsOptions', 'hostProcess'], (f) => f.value === true, 'must be unset or false');
  },
};

// --- restricted -----------------------------------------------------------------------------

const ALLOWED_VOLUME_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

const restrictedVolumes: CheckDefinition = {
  id: 'restrictedVolumes',
  level: 'restricted',
  since: 0,
  run(pod) {
    const out: CheckViolation[] = [];
    list(pod.spec.volumes).forEach((v, i) => {
      const volume = asRecord(v);
      if (!volume) return;
      const sources = Object.keys(volume).filter((k) => k !== 'name' && volume[k] !== null && volume[k] !== undefined);
      // no source at all: the API server defaults it to emptyDir
      if (sources.length === 0 || sources.some((s) => ALLOWED_VOLUME_SOURCES.includes(s))) return;
      out.push(
        violation(
          restrictedVolumes,
          ['spec', 'volumes', i, sources[0]],
          `${sources[0]} volume ${show(volume.name)}`,
          `volumes may only be ${ALLOWED_VOLUME_SOURCES.join(', ')}`,
        ),
      );
    });
    return out;
  },
};

const allowPrivilegeEscalation: CheckDefinition = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  since: 8,
  run(pod, minor) {
    if (minor >= 25 && isWindowsPod(pod)) return [];
    return containersOf(pod.spec)
      .filter((c) => securityContext(c)?.allowPrivilegeEscalation !== false)
      .map((c) => {
        const value = securityContext(c)?.allowPrivilegeEscalation;
        return violation(
          allowPrivilegeEscalation,
          [...c.path, 'securityContext', 'allowPrivilegeEscalation'],
          value === undefined ? 'unset' : show(value),
          'must be false',
        );
      });
  },
};

const runAsNonRoot: CheckDefinition = {
  id: 'runAsNonRoot',
  level: 'restricted',
  since: 0,
  run(pod) {
    const out: CheckViolation[] = [];
    const podValue = podSC(pod)?.runAsNonRoot;
    if (podValue === false)
      out.push(
        violation(
          runAsNonRoot,
          ['spec', 'securityContext', 'runAsNonRoot'],
          'false',
          'must be true (or unset with every container setting true)',
        ),
      );
    for (const c of containersOf(pod.spec)) {
      const value = securityContext(c)?.runAsNonRoot;
      if (value === false)
        out.push(violation(runAsNonRoot, [...c.path, 'securityContext', 'runAsNonRoot'], 'false', 'must be unset or true'));
      else if (value !== true && podValue !== true) {
        out.push(
          violation(
            runAsNonRoot,
            [...c.path, 'securityContext', 'runAsNonRoot'],
            'unset',
            'must be true (here or in spec.securityContext.runAsNonRoot)',
          ),
        );
      }
    }
    return out;
  },
};

const runAsUser: CheckDefinition = {
  id: 'runAsUser',
  level: 'restricted',
  since: 23,
  run(pod) {
    return forbidInContexts(runAsUser, pod, ['runAsUser'], (f) => f.value === 0, 'must be unset or non-zero');
  },
};

const seccompProfileRestricted: CheckDefinition = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  since: 19,
  run(pod, minor) {
    if (minor >= 25 && isWindowsPod(pod)) return [];
    const out: CheckViolation[] = [];
    const valid = (t: unknown): boolean => t === 'RuntimeDefault' || t === 'Localhost';
    const required = 'must be RuntimeDefault or Localhost';
    const podProfile = asRecord(podSC(pod)?.seccompProfile);
    let podSet = false;
    if (podProfile) {
      if (valid(podProfile.type)) podSet = true;
      else
        out.push(
          violation(seccompProfileRestricted, ['spec', 'securityContext', 'seccompProfile', 'type'], show(podProfile.type), required),
        );
    }
    for (const c of containersOf(pod.spec)) {
      const profile = asRecord(securityContext(c)?.seccompProfile);
      if (profile) {
        if (!valid(profile.type))
          out.push(
            violation(seccompProfileRestricted, [...c.path, 'securityContext', 'seccompProfile', 'type'], show(profile.type), required),
          );
      } else if (!podSet) {
        out.push(
          violation(
            seccompProfileRestricted,
            [...c.path, 'securityContext', 'seccompProfile'],
            'unset',
            'must be set to RuntimeDefault or Localhost (here or in spec.securityContext.seccompProfile)',
          ),
        );
      }
    }
    return out;
  },
};

const capabilitiesRestricted: CheckDefinition = {
  id: 'capabilities_restricted',
  level: 'restricted',
  since: 22,
  run(pod, minor) {
    if (minor >= 25 && isWindowsPod(pod)) return [];
    const out: CheckViolation[] = [];
    for (const c of containersOf(pod.spec)) {
      const capabilities = asRecord(securityContext(c)?.capabilities);
      const drop = list(capabilities?.drop);
      if (!drop.includes('ALL')) {
        out.push(
          violation(
            capabilitiesRestricted,
            [...c.path, 'securityContext', 'capabilities', 'drop'],
            capabilities?.drop === undefined ? 'unset' : show(drop),
            'must include ALL',
          ),
        );
      }
      list(capabilities?.add).forEach((cap, i) => {
        if (cap !== 'NET_BIND_SERVICE') {
          out.push(
            violation(
              capabilitiesRestricted,
              [...c.path, 'securityContext', 'capabilities', 'add', i],
              show(cap),
              'may add only NET_BIND_SERVICE',
            ),
          );
        }
      });
    }
    return out;
  },
};

const CHECKS: readonly CheckDefinition[] = [
  hostNamespaces,
  privileged,
  capabilitiesBaseline,
  hostPathVolumes,
  hostPorts,
  appArmorProfile,
  seLinuxOptions,
  procMount,
  seccompProfileBaseline,
  sysctls,
  windowsHostProcess,
  restrictedVolumes,
  allowPrivilegeEscalation,
  runAsNonRoot,
  runAsUser,
  seccompProfileRestricted,
  capabilitiesRestricted,
];

/** The IDs and levels of every check in force at a policy version. */
export function podSecurityChecks(
  version: PolicyVersion = LATEST_POLICY_VERSION,
): { id: PodSecurityCheckId; level: 'baseline' | 'restricted' }[] {
  return CHECKS.filter((c) => version.minor >= c.since).map(({ id, level }) => ({ id, level }));
}

/** Every violation of every baseline and restricted check by one pod template. */
export function evaluatePodTemplate(pod: PodTemplateData, version: PolicyVersion = LATEST_POLICY_VERSION): CheckViolation[] {
  return CHECKS.filter((c) => version.minor >= c.since).flatMap((c) => c.run(pod, version.minor));
}

/** The highest level a pod with these violations satisfies. */
export function levelOf(violations: readonly CheckViolation[]): PodSecurityLevel {
  if (violations.some((v) => v.level === 'baseline')) return 'privileged';
  if (violations.length) return 'baseline';
  return 'restricted';
}

/** -1, 0 or 1 as `a` is a lower, the same or a higher level than `b`. */
export function compareLevels(a: PodSecurityLevel, b: PodSecurityLevel): number {
  return Math.sign(POD_SECURITY_LEVELS.indexOf(a) - POD_SECURITY_LEVELS.indexOf(b));
}
