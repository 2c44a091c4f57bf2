// `aipc check pod-security` as a user runs it: exit codes and the three output formats.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartDir, packageRoot } from '../../../src/paths.js';
import { runCli, tempDir } from '../../helpers.js';
import { runAipc } from '../../support/cli.js';
import { podSecurityExceptions } from '../../../src/model/pod-security-exceptions.js';

const fixture = join(packageRoot(), 'test', 'fixtures', 'pod-security', 'restricted-release.yaml');
const restricted = readFileSync(fixture, 'utf8');
// the gateway's pod no longer sets a seccomp profile: baseline, not restricted
const baselineGateway = restricted.replace(
  /(gateway-deployment[\s\S]*?) {6}securityContext:\n {8}runAsNonRoot: true\n {8}seccompProfile:\n {10}type: RuntimeDefault\n/,
  '$1      securityContext:\n        runAsNonRoot: true\n',
);

function write(name: string, text: string): string {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}

describe('aipc check pod-security', () => {
  it('exits 0 when every workload is restricted', async () => {
    const result = await runAipc(['check', 'pod-security', '--manifests', fixture]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('3 workload(s) checked against restricted (v1.35): 3 pass');
  });

  it('exits 1 with the check, field and line of a workload below --level (text)', async () => {
    expect(baselineGateway).not.toBe(restricted);
    const result = runCli(['check', 'pod-security', '--manifests', '-'], { input: baselineGateway });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL\s+Deployment\/ai-platform\/ai-platform-gateway is baseline/m);
    expect(result.stdout).toMatch(
      /<stdin>:\d+:\d+: spec\.template\.spec\.containers\[0\]\.securityContext\.seccompProfile: unset; .* \[seccompProfile_restricted\]/,
    );
    expect(result.stdout).toContain('Namespace/ai-platform');
  });

  it('passes the same workload at --level baseline once the namespace enforces baseline', async () => {
    const text = baselineGateway.replace('pod-security.kubernetes.io/enforce: restricted', 'pod-security.kubernetes.io/enforce: baseline');
    const result = await runAipc(['check', 'pod-security', '--level', 'baseline', '--manifests', write('r.yaml', text)]);
    expect(result.code).toBe(0);
  });

  it('exits 0 for a declared exception and shows its reason (markdown)', async () => {
    const manifests = write('r.yaml', baselineGateway.replace('enforce: restricted', 'enforce: baseline'));
    const exceptions = write(
      'exceptions.yaml',
      '- workload: gateway-deployment\n  level: baseline\n  reason: vendor image ships its own seccomp profile\n',
    );
    const result = await runAipc(['check', 'pod-security', '--manifests', manifests, '--exceptions', exceptions, '--format', 'markdown']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('### Pod security: pass (required restricted, v1.35)');
    expect(result.stdout).toContain(
      '| `Deployment/ai-platform/ai-platform-gateway` | baseline | exception: vendor image ships its own seccomp profile |',
    );
    expect(result.stdout).toContain('| `Deployment/ai-platform/ai-platform-gateway` | `seccompProfile_restricted` |');
  });

  it('prints the report as JSON', async () => {
    const result = await runAipc(['check', 'pod-security', '--manifests', write('r.yaml', baselineGateway), '--format', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(false);
    expect(report.workloads[0]).toMatchObject({ level: 'baseline', verdict: 'fail', failures: [{ check: 'seccompProfile_restricted' }] });
    expect(report.namespaceFindings).toHaveLength(1);
  });

  it.each([
    ['a bad --level', ['--level', 'strict', '--manifests', fixture], '--level: must be baseline or restricted'],
    ['an unknown --policy-version', ['--policy-version', 'v1.40', '--manifests', fixture], '--version: must be a policy version'],
    ['a bad --format', ['--format', 'html', '--manifests', fixture], '--format must be'],
    ['an unreadable file', ['--manifests', '/nonexistent/manifests.yaml'], 'no such file or directory'],
    ['no input', [], '--tier: missing: give a tier or --manifests'],
  ])('exits 2 on %s', async (_what, args, message) => {
    const result = await runAipc(['check', 'pod-security', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on YAML that does not parse, and on a bad exceptions file', async () => {
    expect((await runAipc(['check', 'pod-security', '--manifests', write('bad.yaml', 'kind: Pod\n  bad: [\n')])).code).toBe(2);
    const exceptions = write('exceptions.yaml', '- workload: gateway\n  level: restricted\n');
    const result = await runAipc(['check', 'pod-security', '--manifests', fixture, '--exceptions', exceptions]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('[0].level');
    expect(result.stderr).toContain('[0].reason');
  });

  it('evaluates at an older policy version', async () => {
    // a Windows pod without seccomp is restricted at v1.25+, baseline before
    const windows = baselineGateway.replace(
      '      containers:\n        - name: gateway',
      '      os:\n        name: windows\n      containers:\n        - name: gateway',
    );
    const manifests = write('r.yaml', windows.replace('enforce: restricted', 'enforce: baseline'));
    expect(
      (await runAipc(['check', 'pod-security', '--manifests', manifests, '--level', 'baseline', '--policy-version', 'v1.24'])).code,
    ).toBe(0);
    const restrictedAt124 = await runAipc([
      'check',
      'pod-security',
      '--manifests',
      manifests,
      '--policy-version',
      'v1.24',
      '--format',
      'json',
    ]);
    expect(restrictedAt124.code).toBe(1);
    expect(JSON.parse(restrictedAt124.stdout).workloads[0]).toMatchObject({ level: 'baseline' });
  });

  it.each(['edge', 'datacenter', 'connected'])('passes the rendered %s tier: every workload restricted', async (tier) => {
    const result = await runAipc(['check', 'pod-security', '--version', 'v1.33', '--tier', tier]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/15 workload\(s\) checked against restricted \(v1\.33\): 15 pass, 0 by declared exception, 0 fail/);
    // the printed exceptions are the chart README's section, word for word; none is said as none
    const readme = readFileSync(join(chartDir(), 'README.md'), 'utf8');
    const section = /### Pod Security exceptions\n\n([\s\S]*?)\n\n## /.exec(readme)![1];
    if (podSecurityExceptions.length) expect(result.stdout).toContain(`Declared exceptions (also in the chart README):\n${section}\n`);
    else expect(result.stdout).toContain('Declared exceptions: none\n');
  });
});

describe('aipc check pod-security: the policy version', () => {
  // a readiness probe to another host: allowed until policy v1.34 added hostProbesAndHostLifecycle
  const probeHost = restricted.replace(
    /(gateway-deployment[\s\S]*?containers:\n\s+- name: gateway\n)/,
    '$1          readinessProbe:\n            tcpSocket:\n              port: 8080\n              host: 169.254.169.254\n',
  );

  it.each([
    [[], 1, 'v1.35'],
    [['--kube-version', '1.33'], 0, 'v1.33'],
    [['--kube-version', '1.34.2'], 1, 'v1.34'],
    [['--kube-version', '1.34', '--policy-version', 'v1.33'], 0, 'v1.33'],
    [['--policy-version', 'latest'], 1, 'v1.37'],
  ])('%j → exit %i at %s', async (flags, code, version) => {
    expect(probeHost).not.toBe(restricted);
    const result = await runAipc(['check', 'pod-security', '--manifests', write('r.yaml', probeHost), ...flags]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(code);
    expect(result.stdout).toContain(`checked against restricted (${version})`);
    if (code) expect(result.stdout).toContain('[hostProbesAndHostLifecycle]');
  });

  it('refuses a Kubernetes release it has no policy for, naming the flag', async () => {
    const result = await runAipc(['check', 'pod-security', '--manifests', fixture, '--kube-version', '1.40']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--kube-version');
  });
});
