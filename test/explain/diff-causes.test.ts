// `aipc diff --base` says, for each changed field of a tier render, which input change caused it:
// the values path whose value differs between the sides and the input (file:line, flag or
// compiler rule) that set it. A tenant's GPU quota raised in its tenant list changes the tenant's
// ResourceQuota (caused by that line) and, through the compiler's GPU fitting, the inference HPA.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartDir, packageRoot } from '../../src/paths.js';
import { tempDir } from '../helpers.js';
import { runAipc } from '../support/cli.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });

const SITE = 'name: site-a\nextends: edge\n';
const TENANTS = `tenants:
  - name: team-alpha
    quota:
      cpu: "4"
      memory: 8Gi
      gpu: 1
      pvcs: 2
      pods: 10
    budget: {maxTotalTokens: 100000, maxTotalCost: "10.00", maxConcurrentRuns: 2}
`;

interface JsonField {
  path: string;
  old?: unknown;
  new?: unknown;
  causedBy?: string[];
}

describe('diff --base: each changed field names the input change that caused it', () => {
  it('a tenant GPU quota raised: the quota line of the tenant list, and the compiler fitting the HPA', async () => {
    const dir = tempDir('aipc-causes-');
    git(dir, 'init', '-q');
    cpSync(chartDir(), join(dir, 'charts', 'ai-platform'), { recursive: true });
    writeFileSync(join(dir, 'site.yaml'), SITE);
    writeFileSync(join(dir, 'tenants.yaml'), TENANTS);
    cpSync(join(packageRoot(), 'release.yaml'), join(dir, 'release.yaml'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
    writeFileSync(join(dir, 'tenants.yaml'), TENANTS.replace('gpu: 1', 'gpu: 2'));
    const gpuLine =
      readFileSync(join(dir, 'tenants.yaml'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('gpu: 2')) + 1;

    const args = ['diff', '--base', 'HEAD', '--tier', 'site.yaml', '--tenants', 'tenants.yaml'];
    const options = { cwd: dir, env: { AIPC_RELEASE_FILE: join(dir, 'release.yaml') } };
    const json = await runAipc([...args, '--format', 'json'], options);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const objects = (JSON.parse(json.stdout) as { sections: { objects: { kind: string; name: string; fields?: JsonField[] }[] }[] })
      .sections[0].objects;
    const field = (kind: string, name: string, path: string) => {
      const f = objects.find((o) => o.kind === kind && o.name === name)?.fields?.find((x) => x.path === path);
      expect(f, `${kind} ${path} in ${JSON.stringify(objects.map((o) => `${o.kind}/${o.name}`))}`).toBeDefined();
      return f!;
    };

    const quota = field('ResourceQuota', 'tenant-quota', 'spec.hard["requests.nvidia.com/gpu"]');
    expect(quota).toMatchObject({ old: '1', new: '2' });
    expect(quota.causedBy).toEqual([`tenants[0].quota.gpu 1 -> 2, set by tenants: tenants.yaml:${gpuLine}:12 (tenants[0].quota.gpu)`]);

    // edge's 3 GPUs: one tenant GPU left room for 2 inference pods, two leave 1
    const hpa = field('HorizontalPodAutoscaler', 'ai-platform-inference', 'spec.maxReplicas');
    expect(hpa).toMatchObject({ old: 2, new: 1 });
    expect(hpa.causedBy).toHaveLength(1);
    expect(hpa.causedBy![0]).toMatch(
      /^inference\.autoscaling\.maxReplicas 2 -> 1, set by compiler rule capacity\.fit-inference-max-replicas: /,
    );
    expect(hpa.causedBy![0]).toContain('tenant quotas of tenants.yaml');
    // the built-in profile the site extends is named inside aipc, never by this machine's path
    expect(hpa.causedBy![0]).toContain('<aipc>/profiles/edge.yaml:');
    expect(json.stdout).not.toContain(packageRoot());

    const text = await runAipc(args, options);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`      caused by tenants[0].quota.gpu 1 -> 2, set by tenants: tenants.yaml:${gpuLine}:12`);
    // the PR comment's Markdown carries it under the field table
    const markdown = await runAipc([...args, '--format', 'markdown'], options);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain(
      `- <code>spec.hard["requests.nvidia.com/gpu"]</code> caused by tenants[0].quota.gpu 1 -&gt; 2, set by tenants: tenants.yaml:${gpuLine}:12`,
    );
  });
});
