// What a Helm user and Artifact Hub read about the chart: Chart.yaml's home, sources, maintainers,
// icon (a data: URI, nothing fetched) and annotations (license, CRDs, CRD examples, the changelog
// from the release data), the README's Upgrading and Uninstall sections and values table columns, NOTES
// that say how to reach the gateway and UI and warn about generated credentials and the
// self-signed CA (rendered by the pinned Helm 4: `helm install --dry-run=client`), and the
// site's commonLabels and podLabels on the objects.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { pinnedHelmPath } from '../../src/helm/binary.js';
import { runHelm } from '../../src/helm/run.js';
import { customResourceDefinitions } from '../../src/model/crds/index.js';
import { chartDir } from '../../src/paths.js';
import { renderObjects } from '../../src/render/render.js';
import { release } from '../../src/model/release.js';
import { runCli, tempDir } from '../helpers.js';

const chartFile = (f: string): string => readFileSync(join(chartDir(), f), 'utf8');

async function notes(tierFile: string, set: string[] = []): Promise<string> {
  const r = await runHelm(pinnedHelmPath('helm4'), [
    'install',
    'ai-platform',
    chartDir(),
    '--dry-run=client',
    '--namespace',
    'ai-platform',
    '-f',
    join(chartDir(), 'values.yaml'),
    '-f',
    join(chartDir(), tierFile),
    ...set.flatMap((s) => ['--set', s]),
  ]);
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout.slice(r.stdout.indexOf('NOTES:'));
}

describe('chart metadata', () => {
  it('Chart.yaml carries the license and every CRD with an example for Artifact Hub', () => {
    const chart = parse(chartFile('Chart.yaml'));
    expect(chart.annotations['artifacthub.io/license']).toBe(
      JSON.parse(readFileSync(join(chartDir(), '../../package.json'), 'utf8')).license,
    );
    const crds = parse(chart.annotations['artifacthub.io/crds']) as { kind: string; name: string; version: string }[];
    expect(crds.map((c) => c.name).sort()).toEqual(customResourceDefinitions.map((c) => `${c.spec.names.plural}.${c.spec.group}`).sort());
    for (const c of crds) expect(chartFile(`crds/${c.name}.yaml`)).toContain(`name: ${c.version}`);
    const examples = parse(chart.annotations['artifacthub.io/crdsExamples']) as { kind: string; apiVersion: string }[];
    expect(examples.map((e) => e.kind).sort()).toEqual(crds.map((c) => c.kind).sort());
  });

  it('Chart.yaml names home, sources and maintainers, carries its icon as a data: URI of the shipped icon.svg, and the changelog from the release data', async () => {
    const chart = parse(chartFile('Chart.yaml'));
    expect(chart.home).toMatch(/^https:\/\/\S+$/);
    expect(chart.sources.length).toBeGreaterThan(0);
    for (const url of chart.sources) expect(url).toMatch(/^https:\/\/\S+$/);
    expect(chart.maintainers.length).toBeGreaterThan(0);
    for (const m of chart.maintainers) {
      expect(m.name).toMatch(/\S/);
      expect(m.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
    }
    // no network: the icon is the image itself, the same bytes the chart ships as icon.svg
    const icon = /^data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)$/.exec(chart.icon);
    expect(icon, chart.icon.slice(0, 40)).not.toBeNull();
    const svg = Buffer.from(icon![1], 'base64').toString('utf8');
    expect(svg).toBe(chartFile('icon.svg'));
    expect(svg).toMatch(/<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>[\s\S]*<\/svg>\n$/);
    // Helm's chartfile lint rule takes it as an icon URL (no "icon is recommended", no "invalid icon URL")
    const lint = await runHelm(pinnedHelmPath('helm4'), ['lint', chartDir(), '-f', join(chartDir(), 'values-tier1-edge.yaml')]);
    expect(lint.exitCode, lint.stdout).toBe(0);
    expect(lint.stdout).not.toMatch(/icon/i);
    // Artifact Hub's changelog: this version's changes as release.yaml lists them, each of a kind it knows
    const changes = parse(chart.annotations['artifacthub.io/changes']) as { kind: string; description: string }[];
    expect(changes).toEqual(release().chart.changes);
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) expect(['added', 'changed', 'deprecated', 'removed', 'fixed', 'security']).toContain(c.kind);
  });

  it('a release file with a change of an unknown kind is refused, naming the file, line and field', () => {
    const dir = tempDir();
    const file = join(dir, 'release.yaml');
    const text = readFileSync(release().file, 'utf8');
    expect(text).toMatch(/^ {4}- kind: added$/m);
    writeFileSync(file, text.replace(/^ {4}- kind: added$/m, '    - kind: improved'));
    const r = runCli(['values', '--tier', 'edge'], { env: { AIPC_RELEASE_FILE: file } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: chart\\.changes\\[0\\]\\.kind`));
  });

  it('the README has Upgrading (CRDs applied first, exact commands) and Uninstall sections, and allowed and required columns', () => {
    const readme = chartFile('README.md');
    const upgrading = readme.slice(readme.indexOf('## Upgrading'), readme.indexOf('## Uninstall'));
    expect(upgrading).toContain('helm show crds charts/ai-platform | kubectl apply --server-side --force-conflicts -f -');
    expect(upgrading.indexOf('\nhelm show crds')).toBeLessThan(upgrading.indexOf('\nhelm upgrade ai-platform'));
    expect(upgrading.indexOf('\nhelm show crds')).toBeGreaterThan(0);
    expect(readme).toContain('helm uninstall ai-platform --namespace');
    expect(readme).toContain('| key | type | default | allowed | required | description |');
    expect(readme).toMatch(/\| `global\.tier` \| string \| `"edge"` \| `edge`, `datacenter`, `connected` \| no \|/);
  });

  it('NOTES say how to reach the gateway and UI per ingress mode and warn about credentials and the CA lifetime', async () => {
    const edge = await notes('values-tier1-edge.yaml');
    expect(edge).toContain('gateway: http://gateway.ai-platform.local/');
    expect(edge).toContain('ui: http://ui.ai-platform.local/');
    expect(edge).toMatch(/generated at random/);
    expect(edge).toMatch(/valid for\s+3650 days/);
    const lb = await notes('values-tier1-edge.yaml', [
      'network.ingress=load-balanced',
      'webhook.certificateValidityDays=365',
      'capabilities.certManager=never',
    ]);
    expect(lb).toContain('gateway: LoadBalancer Service ai-platform-gateway, port 8080');
    expect(lb).toContain('kubectl get service ai-platform-ui');
    expect(lb).toMatch(/valid for\s+365 days/);
    const managed = await notes('values-tier1-edge.yaml', ['capabilities.certManager=always']);
    expect(managed).not.toContain('self-signed');
  });

  it('commonLabels reach every object and podLabels every workload pod, never a selector; a chart label key is refused', async () => {
    const objects = await renderObjects({ set: ['commonLabels.site=alpha', 'podLabels.team=ops'] });
    for (const { object: o } of objects) {
      if (o.kind === 'CustomResourceDefinition') continue;
      expect((o.metadata?.labels as Record<string, string>)?.site, `${o.kind}/${o.metadata?.name}`).toBe('alpha');
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pod template fields of any workload
      const spec = o.spec as Record<string, any> | undefined;
      if (o.kind === 'Deployment' || o.kind === 'StatefulSet') {
        expect(spec?.template.metadata.labels.team).toBe('ops');
        expect(spec?.selector.matchLabels.team).toBeUndefined();
        expect(spec?.selector.matchLabels.site).toBeUndefined();
      }
    }
    const bad = runCli(['values', '--tier', 'edge', '--set', 'podLabels.app\\.kubernetes\\.io/component=x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('podLabels');
  });
});
