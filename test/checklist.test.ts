// The deployment checklist: passes on each tier with fitting tenants, fails with evidence.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checklistForTier } from '../src/actions/check.js';
import { formatChecklist } from '../src/checks/checklist/format.js';
import { renderTierObjects } from '../src/render/render.js';
import { runCli, tempDir } from './helpers.js';

const failed = (r: Awaited<ReturnType<typeof checklistForTier>>) => r.items.filter((i) => i.status === 'FAIL');

describe('aipc check (deployment checklist)', () => {
  it.each(['edge', 'datacenter', 'connected'])('passes every item on %s with its fitting tenants', async (tier) => {
    const r = await checklistForTier(tier);
    expect(failed(r)).toEqual([]);
    expect(r.items).toHaveLength(13);
    expect(r.ok).toBe(true);
  });

  it('fails "one namespace per tenant" naming the tenant whose ResourceQuota is missing', async () => {
    const objects = (await renderTierObjects('datacenter')).filter(
      (m) => !(m.object.kind === 'ResourceQuota' && m.object.metadata?.namespace === 'tenant-team-beta'),
    );
    const r = await checklistForTier('datacenter', { objects });
    expect(failed(r).map((i) => i.id)).toEqual(['tenant-namespaces']);
    expect(failed(r)[0].evidence).toEqual(['tenant team-beta: no ResourceQuota in namespace tenant-team-beta']);
  });

  it('fails "every image in the registry" naming the image and the object that pulls it', async () => {
    const objects = await renderTierObjects('edge');
    const ui = objects.find((m) => m.object.kind === 'Deployment' && String(m.object.metadata?.name).endsWith('-ui'))!;
    (ui.object as any).spec.template.spec.containers[0].image = 'docker.io/library/nginx:1.27';
    const r = await checklistForTier('edge', { objects });
    expect(failed(r).map((i) => i.id)).toEqual(['images-in-registry']);
    expect(failed(r)[0].evidence.join('\n')).toMatch(
      /docker\.io\/library\/nginx:1\.27 is pulled from docker\.io, not from the tier's registry registry\.local:5000.*Deployment\/ai-platform\/ai-platform-ui/,
    );
  });

  it('fails "chart version matches bundle manifest" when the bundle is of another version', async () => {
    const out = join(tempDir(), 'bundle');
    const b = runCli(['airgap', 'bundle', '--tier', 'edge', '--out', out, '--created', '2026-01-01T00:00:00Z']);
    expect(b.code, b.stderr).toBe(0);
    expect((await checklistForTier('edge', { bundleDir: out })).ok).toBe(true);
    const manifest = join(out, 'manifest.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/version: 1\.2\.0/, 'version: 1.1.9'));
    const r = await checklistForTier('edge', { bundleDir: out });
    expect(failed(r).map((i) => i.id)).toEqual(['chart-version-matches-bundle']);
    expect(failed(r)[0].evidence[0]).toMatch(/manifest\.yaml: chartVersion 1\.1\.9, but the chart is 1\.2\.0/);
  });

  it('prints PASS/FAIL lines as text, Markdown and JSON, and exits 1 on a FAIL', async () => {
    const r = await checklistForTier('edge');
    expect(formatChecklist(r, 'text')).toMatch(/^PASS {2}Audit on$/m);
    expect(formatChecklist(r, 'markdown')).toContain('| ✅ PASS | Audit on |');
    expect(JSON.parse(formatChecklist(r, 'json')).items).toHaveLength(13);
    const cli = runCli(['check', '--tier', 'edge', '--format', 'markdown']);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('checklist: 13 PASS, 0 FAIL');
    const bad = join(tempDir(), 'extra.yaml');
    writeFileSync(bad, 'controller:\n  config:\n    auditEnabled: false\n');
    const failing = runCli(['check', '--tier', 'edge', '--values', bad]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/^FAIL {2}Audit on\n {6}values: controller\.config\.auditEnabled is false$/m);
  });

  it('refuses a missing --tier and an unknown format with exit 2', () => {
    expect(runCli(['check']).code).toBe(2);
    const r = runCli(['check', '--tier', 'edge', '--format', 'html']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format must be one of text, markdown, json');
  });
});
