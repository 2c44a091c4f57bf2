// The deployment checklist: passes on each tier with fitting tenants, fails with evidence.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/actions/check.js';
import { CHECKLIST_RULES } from '../../../src/checks/checklist/checklist.js';
import { checklistOf } from '../../support/checklist.js';
import { formatChecklist } from '../../../src/checks/checklist/format.js';
import { renderTierObjects } from '../../../src/render/render.js';
import { writeBundle } from '../../../src/airgap/bundle.js';
import { chartDir } from '../../../src/paths.js';
import { runCli, tempDir } from '../../helpers.js';
import { makeKey } from '../../../scripts/support/registry.js';
import { chartPackage, chartVersion } from '../../support/release.js';

const failed = (r: Awaited<ReturnType<typeof runCheck>>) => r.items.filter((i) => i.status === 'FAIL');

describe('aipc check (deployment checklist)', () => {
  it.each(['edge', 'datacenter', 'connected'])('passes every item on %s with its fitting tenants', async (tier) => {
    const r = await runCheck(tier);
    expect(failed(r)).toEqual([]);
    expect(r.items.map((i) => i.id)).toEqual(CHECKLIST_RULES.map((rule) => rule.id));
    expect(r.ok).toBe(true);
  });

  it('fails "one namespace per tenant" naming the tenant whose ResourceQuota is missing', async () => {
    const objects = (await renderTierObjects('datacenter')).filter(
      (m) => !(m.object.kind === 'ResourceQuota' && m.object.metadata?.namespace === 'tenant-team-beta'),
    );
    const r = await checklistOf('datacenter', objects);
    expect(failed(r).map((i) => i.id)).toEqual(['tenant-namespaces']);
    expect(failed(r)[0].evidence).toEqual(['tenant team-beta: no ResourceQuota in namespace tenant-team-beta']);
  });

  it('fails "every image in the registry" naming the image and the object that pulls it', async () => {
    const objects = await renderTierObjects('edge');
    const ui = objects.find((m) => m.object.kind === 'Deployment' && String(m.object.metadata?.name).endsWith('-ui'))!;
    (ui.object as any).spec.template.spec.containers[0].image = 'docker.io/library/nginx:1.27';
    const r = await checklistOf('edge', objects);
    expect(failed(r).map((i) => i.id)).toEqual(['images-in-registry']);
    expect(failed(r)[0].evidence.join('\n')).toMatch(
      /docker\.io\/library\/nginx:1\.27 is pulled from docker\.io, not from the tier's registry registry\.local:5000.*Deployment\/ai-platform\/ai-platform-ui/,
    );
  });

  it('checks a bundle: verified with its key, then tier, registry and the packaged chart version; SKIP without one', async () => {
    const keys = makeKey(tempDir());
    const trust = { kind: 'key', file: keys.pub } as const;
    const item = (r: Awaited<ReturnType<typeof runCheck>>) => r.items.find((i) => i.id === 'chart-version-matches-bundle')!;
    const objects = await renderTierObjects('edge'); // rendered once: each case below judges the same objects
    const check = (options: Parameters<typeof checklistOf>[2]) => checklistOf('edge', objects, options);
    expect(item(await check({})).status).toBe('SKIP');
    const out = join(tempDir(), 'bundle');
    const b = runCli(['airgap', 'bundle', '--tier', 'edge', '--out', out, '--created', '2026-01-01T00:00:00Z', '--key', keys.key]);
    expect(b.code, b.stderr).toBe(0);
    const ok = await check({ bundleDir: out, trust });
    expect(item(ok).status).toBe('PASS');
    expect(item(ok).evidence.join('\n')).toContain(`${chartPackage}: chart ai-platform ${chartVersion} = manifest = chart checked`);
    // unauthenticated: no key, or a manifest changed after signing
    expect(item(await check({ bundleDir: out })).evidence[0]).toContain('manifest not authenticated');
    const manifest = join(out, 'manifest.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/^tier: edge$/m, 'tier: datacenter'));
    expect(item(await check({ bundleDir: out, trust })).evidence[0]).toContain('manifest.yaml.sig does not verify');
    // a signed bundle of another tier, and one whose packaged chart is another version
    const dc = join(tempDir(), 'dc');
    await writeBundle({ out: dc, tier: 'datacenter', key: keys.key, created: '2026-01-01T00:00:00Z' });
    const other = await check({ bundleDir: dc, trust });
    expect(failed(other).map((i) => i.id)).toEqual(['bundle-matches-tier']);
    expect(failed(other)[0].evidence.join('\n')).toMatch(
      /the bundle is of tier datacenter; tier edge was asked for[\s\S]*images are named for registry harbor\.internal\.mil:443, the values deploy from registry\.local:5000/,
    );
    const oldChart = join(tempDir(), 'ai-platform');
    cpSync(chartDir(), oldChart, { recursive: true });
    writeFileSync(
      join(oldChart, 'Chart.yaml'),
      readFileSync(join(oldChart, 'Chart.yaml'), 'utf8').replace(/^version: .*$/m, 'version: 0.0.1-old'),
    );
    const old = join(tempDir(), 'old');
    await writeBundle({ out: old, tier: 'edge', key: keys.key, chartDir: oldChart, created: '2026-01-01T00:00:00Z' });
    expect(item(await check({ bundleDir: old, trust })).evidence.join('\n')).toContain(
      `charts/ai-platform-0.0.1-old.tgz: packaged chart version 0.0.1-old, but the chart checked is ${chartVersion}`,
    );
  });

  it('prints PASS/FAIL lines as text, Markdown and JSON, and exits 1 on a FAIL', async () => {
    const r = await runCheck('edge');
    expect(formatChecklist(r, 'text')).toMatch(/^PASS {2}Audit on$/m);
    expect(formatChecklist(r, 'text')).toMatch(
      /^SKIP {2}Every image available in the tier's registry\n {6}8 images name registry\.local:5000; whether it holds them is not checked: give --registry-url/m,
    );
    expect(formatChecklist(r, 'markdown')).toContain('| ✅ PASS | Audit on |');
    expect(JSON.parse(formatChecklist(r, 'json')).items).toHaveLength(CHECKLIST_RULES.length);
    const cli = runCli(['check', '--tier', 'edge', '--format', 'markdown']);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('checklist: 13 PASS, 0 FAIL, 3 SKIP');
    expect(cli.stdout).toContain('| ⏭️ SKIP | Chart version matches bundle manifest | no bundle given');
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
