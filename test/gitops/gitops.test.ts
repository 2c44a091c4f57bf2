// `aipc gitops` for each built-in tier and both controllers: the objects validate against the
// controllers' own CRDs (fixtures copied from Flux and Argo CD, see their SOURCES.md) with `aipc
// validate`, and what the controller hands Helm (the chart's defaults plus the site's values, in
// the release namespace) renders with the real Helm exactly as `aipc render` renders the tier.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatYaml } from '../../src/io/yaml-format.js';
import { readManifestText, type KubeObject } from '../../src/io/manifests.js';
import { pinnedHelmPath } from '../../src/helm/binary.js';
import { chartDir, packageRoot } from '../../src/paths.js';
import { redactGenerated } from '../../src/render/render.js';
import { runCli, tempDir } from '../helpers.js';

const CRDS = join(packageRoot(), 'test/fixtures/gitops-crds');
const CRD_FLAGS = {
  flux: ['--crd', join(CRDS, 'helmreleases.yaml'), '--crd', join(CRDS, 'ocirepositories.yaml')],
  argocd: ['--crd', join(CRDS, 'application-crd.yaml')],
};
const REGISTRY = 'registry.example.com:5000/charts';

const readObjects = (file: string): KubeObject[] => {
  const read = readManifestText(readFileSync(file, 'utf8'), file);
  expect(read.diagnostics).toEqual([]);
  return read.objects.map((m) => m.object);
};
const normalized = (text: string) => readManifestText(text, 'render').objects.map((m) => JSON.stringify(redactGenerated(m.object)));

/** What Flux's helm-controller or Argo CD asks Helm for: the chart's values.yaml, then the site's, CRDs included. */
function helmTemplateWith(values: unknown, release: string, namespace: string): string[] {
  const file = join(tempDir(), 'site-values.yaml');
  writeFileSync(file, formatYaml(values));
  const r = spawnSync(pinnedHelmPath('helm4'), ['template', release, chartDir(), '--namespace', namespace, '--include-crds', '-f', file], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(r.status, r.stderr).toBe(0);
  return normalized(r.stdout);
}

describe('aipc gitops', () => {
  it.each(['edge', 'datacenter', 'connected'].flatMap((tier) => (['flux', 'argocd'] as const).map((format) => [tier, format] as const)))(
    '%s with %s: valid against the controller CRDs',
    (tier, format) => {
      const out = tempDir();
      const r = runCli(['gitops', '--tier', tier, '--format', format, '--registry', REGISTRY, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      const validated = runCli(['validate', ...CRD_FLAGS[format], join(out, tier)]);
      const count = format === 'flux' ? 3 : 1;
      expect([validated.code, validated.stdout.trim()], validated.stderr).toEqual([
        0,
        `${count} resources: ${count} valid, 0 invalid, 0 skipped`,
      ]);
    },
  );

  it('a site (a tier with --set, its own release and namespace): Flux and Argo CD hand Helm the values that render as aipc render does', () => {
    const out = tempDir();
    const site = ['--tier', 'edge', '--set-string', 'global.registry=registry.site.internal:5000', '--release', 'plat', '-n', 'plat-ns'];
    for (const format of ['flux', 'argocd'])
      expect(runCli(['gitops', ...site, '--format', format, '--registry', REGISTRY, '--out', join(out, format)]).code).toBe(0);
    const [namespace, repository, helmRelease] = ['namespace', 'ocirepository', 'helmrelease'].map(
      (f) => readObjects(join(out, 'flux/edge', `${f}.yaml`))[0],
    );
    const [application] = readObjects(join(out, 'argocd/edge/application.yaml'));
    const fluxSpec = helmRelease.spec as {
      values: Record<string, unknown>;
      releaseName: string;
      targetNamespace: string;
      chartRef: { name: string };
    };
    const argoSpec = application.spec as {
      source: { repoURL: string; chart: string; targetRevision: string; helm: { releaseName: string; valuesObject: unknown } };
      destination: { namespace: string };
    };
    expect([fluxSpec.releaseName, fluxSpec.targetNamespace, fluxSpec.chartRef.name]).toEqual([
      'plat',
      'plat-ns',
      (repository.metadata as { name: string }).name,
    ]);
    expect((repository.spec as { url: string }).url).toBe(`oci://${REGISTRY}/ai-platform`);
    expect([argoSpec.source.repoURL, argoSpec.source.chart, argoSpec.source.helm.releaseName, argoSpec.destination.namespace]).toEqual([
      REGISTRY,
      'ai-platform',
      'plat',
      'plat-ns',
    ]);
    expect(argoSpec.source.helm.valuesObject).toEqual(fluxSpec.values);
    expect(argoSpec.source.targetRevision).toBe((repository.spec as { ref: { tag: string } }).ref.tag);

    const rendered = runCli(['render', ...site]);
    expect(rendered.code, rendered.stderr).toBe(0);
    const expected = normalized(rendered.stdout);
    expect(helmTemplateWith(fluxSpec.values, 'plat', 'plat-ns')).toEqual(expected);
    expect(expected.join('\n')).toContain('registry.site.internal:5000/');
    // the Namespace applied before the HelmRelease is the chart's own, which Helm then adopts
    expect(expected).toContainEqual(JSON.stringify(redactGenerated(namespace)));
    expect((namespace.metadata as { annotations: Record<string, string> }).annotations).toMatchObject({
      'meta.helm.sh/release-name': 'plat',
      'meta.helm.sh/release-namespace': 'plat-ns',
    });
  });

  it('the CRDs are applied: an unknown field in a HelmRelease is invalid', () => {
    const out = tempDir();
    expect(runCli(['gitops', '--tier', 'edge', '--format', 'flux', '--registry', REGISTRY, '--out', out]).code).toBe(0);
    const file = join(out, 'edge/helmrelease.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('  releaseName: ai-platform\n', '  releaseName: ai-platform\n  releaseNmae: typo\n'),
    );
    const r = runCli(['validate', ...CRD_FLAGS.flux, file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('releaseNmae');
  });

  it.each([
    ['an unknown --format', ['--format', 'kustomize', '--registry', REGISTRY], '--format must be one of flux, argocd'],
    ['no --registry', ['--format', 'flux'], '--registry: missing'],
    ['no --out', ['--format', 'flux', '--registry', REGISTRY, '--out'], "option '--out <dir>' argument missing"],
  ])('refuses %s with exit 2', (_name, args, message) => {
    const r = runCli(['gitops', '--tier', 'edge', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
