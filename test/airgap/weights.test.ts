// Weights reach the cluster: with modelLoader.importClaim, the model-loader Job mounts the claim
// holding a bundle's models/ read-only at /bundle (its default source), and the edge tier so
// rendered still validates, stays restricted and passes the checklist.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli, tempDir } from '../helpers.js';

describe('model-loader Job with an import claim', () => {
  it('mounts the claim read-only at /bundle; the edge render validates, is restricted and passes the checklist', () => {
    const values = join(tempDir(), 'import.yaml');
    writeFileSync(values, 'modelLoader:\n  importClaim: model-import\n');
    const r = runCli(['render', '--tier', 'edge', '-f', values]);
    expect(r.code, r.stderr).toBe(0);
    const job = r.stdout
      .split(/^---$/m)
      .map((d) => parse(d))
      .find((o) => o?.kind === 'Job' && String(o.metadata?.name).endsWith('model-loader'));
    const pod = job.spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'bundle', persistentVolumeClaim: { claimName: 'model-import', readOnly: true } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'bundle', mountPath: '/bundle', readOnly: true });
    expect(pod.containers[0].args).toContain('--source=file:///bundle/models');
    const stream = join(tempDir(), 'edge.yaml');
    writeFileSync(stream, r.stdout);
    const v = runCli(['validate', stream]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    const ps = runCli(['check', 'pod-security', '--manifests', stream]);
    expect(ps.code, ps.stdout).toBe(0);
    const check = runCli(['check', '--tier', 'edge', '-f', values]);
    expect(check.code, check.stdout).toBe(0);
  });

  it('renders no import volume by default, and refuses a claim name that is not a DNS name (exit 2)', () => {
    const r = runCli(['render', '--tier', 'edge']);
    expect(r.stdout).not.toContain('name: bundle');
    const bad = runCli(['render', '--tier', 'edge', '--set', 'modelLoader.importClaim=a b']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('importClaim');
  });
});
