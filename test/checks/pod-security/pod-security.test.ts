// The pod-security checker on workloads as the chart renders them: field paths and lines of
// failures, versioned rules, declared exceptions, and Namespace enforce labels.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import {
  checkPodSecurity,
  evaluatePodTemplate,
  parsePodSecurityExceptions,
  parsePolicyVersion,
  type PodSecurityException,
  type PodSecurityOptions,
} from '../../../src/checks/pod-security/index.js';
import { packageRoot } from '../../../src/paths.js';
import { readManifestText } from '../../../src/io/manifests.js';

const fixture = join(packageRoot(), 'test', 'fixtures', 'pod-security', 'restricted-release.yaml');
type Obj = Record<string, any>;

/** The sample release, optionally edited object by object, as the text a render would produce. */
function release(edit?: (objects: Obj[]) => void): string {
  const text = readFileSync(fixture, 'utf8');
  const sources = [...text.matchAll(/^# Source: .*$/gm)].map((m) => m[0]);
  const objects = jsyaml.loadAll(text) as Obj[];
  edit?.(objects);
  return objects.map((o, i) => `---\n${sources[i]}\n${jsyaml.dump(o)}`).join('');
}

function check(text: string, options: PodSecurityOptions = {}) {
  return checkPodSecurity(readManifestText(text, 'release.yaml').objects, options);
}

const gateway = (objects: Obj[]): Obj => objects.find((o) => o.kind === 'Deployment')!;

describe('pod security of rendered workloads', () => {
  it('finds every pod template (Deployment, helm test Pod, CronJob) and passes the restricted release', () => {
    const report = check(readFileSync(fixture, 'utf8'));
    expect(report.workloads.map((w) => [w.ref, w.level, w.verdict, w.sourceTemplate, w.helmTest])).toEqual([
      ['Deployment/ai-platform/ai-platform-gateway', 'restricted', 'pass', 'gateway-deployment', false],
      ['Pod/ai-platform/ai-platform-test-connection', 'restricted', 'pass', 'tests/test-connection', true],
      ['CronJob/ai-platform/ai-platform-etl', 'restricted', 'pass', 'etl-cronjob', false],
    ]);
    expect(report.namespaceFindings).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('reports a hostPath volume added to a Deployment as hostPathVolumes and restrictedVolumes at the field', () => {
    const text = release((objects) =>
      gateway(objects).spec.template.spec.volumes.push({ name: 'models', hostPath: { path: '/srv/models' } }),
    );
    const [w] = check(text).workloads;
    expect(w.level).toBe('privileged');
    expect(w.verdict).toBe('fail');
    const hostPath = w.failures.find((f) => f.check === 'hostPathVolumes')!;
    expect(hostPath.path).toBe('spec.template.spec.volumes[1].hostPath');
    expect(text.split('\n')[hostPath.line! - 1]).toMatch(/hostPath:/);
    expect(w.failures.find((f) => f.check === 'restrictedVolumes')?.path).toBe('spec.template.spec.volumes[1].hostPath');
  });

  it('reports privileged: true as the privileged check at the container field', () => {
    const text = release((objects) => (gateway(objects).spec.template.spec.containers[0].securityContext.privileged = true));
    const [w] = check(text).workloads;
    expect(w.level).toBe('privileged');
    expect(w.failures).toEqual([
      expect.objectContaining({
        check: 'privileged',
        level: 'baseline',
        path: 'spec.template.spec.containers[0].securityContext.privileged',
        found: 'true',
      }),
    ]);
    expect(text.split('\n')[w.failures[0].line! - 1]).toMatch(/privileged: true/);
  });

  it('reports a dropped seccomp profile as seccompProfile_restricted, naming the field to set', () => {
    const text = release((objects) => delete gateway(objects).spec.template.spec.securityContext.seccompProfile);
    const [w] = check(text).workloads;
    expect(w.level).toBe('baseline');
    expect(w.verdict).toBe('fail');
    expect(w.failures).toEqual([
      expect.objectContaining({
        check: 'seccompProfile_restricted',
        path: 'spec.template.spec.containers[0].securityContext.seccompProfile',
        required: expect.stringContaining('RuntimeDefault or Localhost'),
      }),
    ]);
    // baseline is still met: with --level baseline the workload passes
    expect(check(text, { level: 'baseline' }).workloads[0].verdict).toBe('pass');
  });

  it('reports a capability not dropped in a CronJob at spec.jobTemplate.spec.template', () => {
    const text = release(
      (objects) =>
        (objects.find((o) => o.kind === 'CronJob')!.spec.jobTemplate.spec.template.spec.containers[0].securityContext.capabilities = {}),
    );
    const w = check(text).workloads.find((x) => x.kind === 'CronJob')!;
    expect(w.failures.map((f) => [f.check, f.path])).toEqual([
      ['capabilities_restricted', 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.capabilities.drop'],
    ]);
  });
});

describe('policy versions', () => {
  const v = (text: string) => parsePolicyVersion(text)!;
  const linuxRestricted = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
  const dropAll = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };

  it('exempts Windows pods from allowPrivilegeEscalation, capabilities and seccomp only since v1.25', () => {
    const pod = { metadata: {}, spec: { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'c' }] } };
    expect(evaluatePodTemplate(pod, v('v1.25'))).toEqual([]);
    expect(
      evaluatePodTemplate(pod, v('v1.24'))
        .map((f) => f.check)
        .sort(),
    ).toEqual(['allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted']);
  });

  it('grows the allowed sysctls by version', () => {
    const pod = (name: string) => ({
      metadata: {},
      spec: {
        securityContext: { ...linuxRestricted, sysctls: [{ name, value: '1' }] },
        containers: [{ name: 'c', securityContext: dropAll }],
      },
    });
    expect(evaluatePodTemplate(pod('net.ipv4.ip_local_reserved_ports'), v('v1.26')).map((f) => f.check)).toEqual(['sysctls']);
    expect(evaluatePodTemplate(pod('net.ipv4.ip_local_reserved_ports'), v('v1.27'))).toEqual([]);
    expect(evaluatePodTemplate(pod('net.ipv4.tcp_keepalive_time'), v('v1.28')).map((f) => f.check)).toEqual(['sysctls']);
    expect(evaluatePodTemplate(pod('net.ipv4.tcp_keepalive_time'), v('v1.29'))).toEqual([]);
    expect(evaluatePodTemplate(pod('net.ipv4.tcp_rmem'), v('v1.31')).map((f) => f.check)).toEqual(['sysctls']);
    expect(evaluatePodTemplate(pod('net.ipv4.tcp_rmem'), v('v1.32'))).toEqual([]);
  });

  it('allows the container_engine_t SELinux type since v1.31', () => {
    const pod = {
      metadata: {},
      spec: {
        securityContext: { ...linuxRestricted, seLinuxOptions: { type: 'container_engine_t' } },
        containers: [{ name: 'c', securityContext: dropAll }],
      },
    };
    expect(evaluatePodTemplate(pod, v('v1.30')).map((f) => f.check)).toEqual(['seLinuxOptions']);
    expect(evaluatePodTemplate(pod, v('v1.31'))).toEqual([]);
  });

  it('checks the appArmorProfile field as well as the annotation', () => {
    const pod = {
      metadata: {},
      spec: {
        securityContext: { ...linuxRestricted, appArmorProfile: { type: 'Unconfined' } },
        containers: [{ name: 'c', securityContext: dropAll }],
      },
    };
    expect(evaluatePodTemplate(pod, v('v1.35')).map((f) => [f.check, f.path.join('.')])).toEqual([
      ['appArmorProfile', 'spec.securityContext.appArmorProfile.type'],
    ]);
  });

  it("knows versions up to v1.37 (upstream's newest versioned check) and latest, and nothing else", () => {
    expect(parsePolicyVersion('latest')).toEqual({ major: 1, minor: 37 });
    expect(parsePolicyVersion('1.25')).toEqual({ major: 1, minor: 25 });
    expect(parsePolicyVersion('v1.35')).toEqual({ major: 1, minor: 35 });
    expect(parsePolicyVersion('v1.38')).toBeUndefined();
    expect(parsePolicyVersion('v2.0')).toBeUndefined();
  });

  // the checks Kubernetes changed after v1.33, each at the version before and the version of the change
  const userNs = (sc: Record<string, unknown>) => ({
    metadata: {},
    spec: { hostUsers: false, securityContext: linuxRestricted, containers: [{ name: 'c', securityContext: { ...dropAll, ...sc } }] },
  });
  it.each([
    ['v1.33', { probeHost: '10.0.0.1' }, []],
    ['v1.34', { probeHost: '10.0.0.1' }, ['hostProbesAndHostLifecycle']],
    ['v1.34', { probeHost: '' }, []],
  ] as const)('%s: a probe host %j', (version, { probeHost }, checks) => {
    const pod = {
      metadata: {},
      spec: {
        securityContext: linuxRestricted,
        containers: [{ name: 'c', securityContext: dropAll, readinessProbe: { tcpSocket: { port: 80, host: probeHost } } }],
      },
    };
    expect(evaluatePodTemplate(pod, v(version)).map((f) => f.check)).toEqual(checks);
  });

  it.each([
    ['v1.34', { procMount: 'Unmasked' }, ['procMount']],
    ['v1.35', { procMount: 'Unmasked' }, ['procMount_restricted']],
    ['v1.34', { runAsUser: 0, runAsNonRoot: false }, ['runAsNonRoot', 'runAsUser']],
    ['v1.35', { runAsUser: 0, runAsNonRoot: false }, []],
  ] as const)('%s: a user-namespaced pod (hostUsers: false) setting %j', (version, sc, checks) => {
    expect(evaluatePodTemplate(userNs(sc), v(version)).map((f) => f.check)).toEqual(checks);
  });

  it.each([
    ['v1.36', ['sysctls']],
    ['v1.37', []],
  ] as const)('%s: sysctl net.ipv4.tcp_notsent_lowat', (version, checks) => {
    const pod = {
      metadata: {},
      spec: {
        securityContext: { ...linuxRestricted, sysctls: [{ name: 'net.ipv4.tcp_notsent_lowat', value: '1' }] },
        containers: [{ name: 'c', securityContext: dropAll }],
      },
    };
    expect(evaluatePodTemplate(pod, v(version)).map((f) => f.check)).toEqual(checks);
  });
});

describe('declared exceptions', () => {
  const privilegedGateway = release((objects) => (gateway(objects).spec.template.spec.containers[0].securityContext.privileged = true));
  const noSeccomp = release((objects) => delete gateway(objects).spec.template.spec.securityContext.seccompProfile);

  it('reports a workload below the required level under a matching exception as an exception, with its reason', () => {
    const exceptions: PodSecurityException[] = [
      { workload: 'gateway-deployment', level: 'baseline', reason: 'vendor image needs its own seccomp profile' },
    ];
    const report = check(noSeccomp, { exceptions });
    const [w] = report.workloads;
    expect(w.verdict).toBe('exception');
    expect(w.exception?.reason).toBe('vendor image needs its own seccomp profile');
    expect(w.failures.map((f) => f.check)).toEqual(['seccompProfile_restricted']);
  });

  it('matches exceptions by component label, Kind/name and glob', () => {
    for (const workload of ['gateway', 'Deployment/ai-platform-gateway', 'Deployment/ai-platform/*', 'ai-platform-gate*']) {
      expect(check(noSeccomp, { exceptions: [{ workload, level: 'baseline', reason: 'r' }] }).workloads[0].verdict, workload).toBe(
        'exception',
      );
    }
    expect(check(noSeccomp, { exceptions: [{ workload: 'ui-deployment', level: 'baseline', reason: 'r' }] }).workloads[0].verdict).toBe(
      'fail',
    );
  });

  it('does not cover a workload that falls below the exception’s own level', () => {
    const report = check(privilegedGateway, { exceptions: [{ workload: 'gateway-deployment', level: 'baseline', reason: 'r' }] });
    expect(report.workloads[0].verdict).toBe('fail');
    expect(
      check(privilegedGateway, { exceptions: [{ workload: 'gateway-deployment', level: 'privileged', reason: 'r' }] }).workloads[0].verdict,
    ).toBe('exception');
  });

  it('reads exceptions from data, listing every bad entry', () => {
    expect(
      parsePodSecurityExceptions(
        { exceptions: [{ workload: 'node-exporter', level: 'privileged', reason: 'reads host /proc' }] },
        'x.yaml',
      ),
    ).toEqual([{ workload: 'node-exporter', level: 'privileged', reason: 'reads host /proc' }]);
    let error: InputError | undefined;
    try {
      parsePodSecurityExceptions([{ workload: 'a', level: 'restricted' }, 'b'], 'x.yaml');
    } catch (err) {
      error = err as InputError;
    }
    expect(error?.diagnostics.map((d) => d.path)).toEqual(['[0].level', '[0].reason', '[1]']);
  });
});

describe('namespace enforce labels', () => {
  const noSeccomp = release((objects) => delete gateway(objects).spec.template.spec.securityContext.seccompProfile);

  it('finds a baseline-only workload in a namespace that enforces restricted, even under a declared exception', () => {
    const report = check(noSeccomp, { exceptions: [{ workload: 'gateway-deployment', level: 'baseline', reason: 'r' }] });
    expect(report.workloads[0].verdict).toBe('exception');
    expect(report.namespaceFindings).toEqual([
      expect.objectContaining({
        namespace: 'ai-platform',
        enforce: 'restricted',
        workload: 'Deployment/ai-platform/ai-platform-gateway',
        workloadLevel: 'baseline',
      }),
    ]);
    expect(report.ok).toBe(false);
  });

  it('puts workloads without metadata.namespace in the render namespace', () => {
    expect(check(noSeccomp, { level: 'baseline', namespace: 'elsewhere' }).namespaceFindings).toEqual([]);
    expect(check(noSeccomp, { level: 'baseline' }).namespaceFindings).toHaveLength(1);
  });

  it('accepts a namespace enforcing baseline, and flags an enforce label that is not a level', () => {
    const baselineNs = release((objects) => {
      delete gateway(objects).spec.template.spec.securityContext.seccompProfile;
      objects[0].metadata.labels['pod-security.kubernetes.io/enforce'] = 'baseline';
    });
    expect(check(baselineNs, { level: 'baseline' }).namespaceFindings).toEqual([]);
    const badLabel = release((objects) => (objects[0].metadata.labels['pod-security.kubernetes.io/enforce'] = 'strict'));
    expect(check(badLabel).namespaceFindings.map((n) => n.message)).toEqual([expect.stringContaining('is not a level')]);
  });

  it('evaluates workloads at the namespace’s enforce-version', () => {
    const windows = release((objects) => {
      const spec = gateway(objects).spec.template.spec;
      spec.os = { name: 'windows' };
      delete spec.securityContext.seccompProfile;
      objects[0].metadata.labels['pod-security.kubernetes.io/enforce-version'] = 'v1.24';
    });
    const report = check(windows);
    expect(report.workloads[0].verdict).toBe('pass');
    expect(report.namespaceFindings).toHaveLength(1);
  });
});
