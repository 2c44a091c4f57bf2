// What a Helm user and Artifact Hub read about the chart: Chart.yaml annotations (license, CRDs,
// CRD examples), the README's Upgrading and Uninstall sections and values table columns, NOTES
// that say how to reach the gateway and UI and warn about generated credentials and the
// self-signed CA (rendered by the pinned Helm 4: `helm install --dry-run=client`), and the
// site's commonLabels and podLabels on the objects.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { pinnedHelmPath } from '../../src/helm/binary.js';
import { runHelm } from '../../src/helm/run.js';
import { customResourceDefinitions } from '../../src/model/crds/index.js';
import { chartDir } from '../../src/paths.js';
import { renderObjects } from '../../src/render/render.js';
import { runCli } from '../helpers.js';

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

  it('the README has Upgrading (CRDs applied first, exact commands) and Uninstall sections, and allowed and required columns', () => {
    const readme = chartFile('README.md');
    const upgrading = readme.slice(readme.indexOf('## Upgrading'), readme.indexOf('## Uninstall'));
    expect(upgrading).toContain('kubectl apply --server-side --force-conflicts -f charts/ai-platform/crds/');
    expect(upgrading.indexOf('\nkubectl apply')).toBeLessThan(upgrading.indexOf('\nhelm upgrade ai-platform'));
    expect(upgrading.indexOf('\nkubectl apply')).toBeGreaterThan(0);
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
