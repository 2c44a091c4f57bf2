// `aipc airgap images`: every image the rendered release pulls, from the rendered objects, and
// whether each is in the tier's registry.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectImages } from '../../src/airgap/collect.js';
import { checkImagesInRegistry, formatImageUser, listImages, parseImageRef, rewriteImageRef } from '../../src/airgap/images.js';
import { packageRoot } from '../../src/paths.js';
import { readManifestText } from '../../src/io/manifests.js';
import { runCli } from '../helpers.js';
import { image } from '../support/release.js';

const FIXTURES = join(packageRoot(), 'test/fixtures/airgap');
const SPEC_IMAGES = [
  'ai-platform/agent',
  'ai-platform/etl-service',
  'ai-platform/gateway',
  'ai-platform/inference',
  'ai-platform/ui',
  'neo4j',
  'postgres',
  'redis',
].map(image);
const inRegistry = (registry: string) => SPEC_IMAGES.map((i) => `${registry}/${i}`);

function fixtureObjects(name: string) {
  const file = join(FIXTURES, name);
  const { objects, diagnostics } = readManifestText(readFileSync(file, 'utf8'), file);
  expect(diagnostics).toEqual([]);
  return objects;
}

describe('listImages', () => {
  const images = listImages(fixtureObjects('custom-resources.yaml'));
  const byImage = new Map(images.map((i) => [i.image, i.users.map(formatImageUser)]));

  it("finds a KAgent's spec.image and other image fields of custom resources", () => {
    expect(byImage.get('registry.local:5000/agents/research:v3')).toEqual([
      'KAgent/tenant-a/research-agent field spec.image (template ai-platform/templates/sample-kagent.yaml)',
    ]);
    expect(byImage.get('docker.io/library/busybox:1.36')).toEqual(['Runner/tenant-a/batch field spec.sidecarImage']);
    expect(byImage.get('registry.local:5000/tools/builder:2.1')).toEqual(['Runner/tenant-a/batch field spec.builder.image']);
  });

  it('finds containers, init containers and ephemeral containers wherever a pod spec is embedded', () => {
    expect(byImage.get('postgres:15')).toEqual(['Runner/tenant-a/batch initContainer fetch']);
    expect(byImage.get('registry.local:5000/ai-platform/agent:v0.1.0')).toEqual([
      'Pod/ai-platform/debug container app',
      'Runner/tenant-a/batch container main',
    ]);
    expect(byImage.get('registry.local:5000/tools/debug:1')).toEqual(['Pod/ai-platform/debug ephemeralContainer shell']);
  });

  it('ignores env values, prose, and the schemas of CRDs', () => {
    expect([...byImage.keys()]).toEqual([
      'docker.io/library/busybox:1.36',
      'postgres:15',
      'registry.local:5000/agents/research:v3',
      'registry.local:5000/ai-platform/agent:v0.1.0',
      'registry.local:5000/tools/builder:2.1',
      'registry.local:5000/tools/debug:1',
    ]);
  });
});

describe('checkImagesInRegistry', () => {
  const images = listImages(fixtureObjects('custom-resources.yaml'));

  it('reports an image without a registry host as a public-registry (docker.io) image, and other registries by name', () => {
    const findings = checkImagesInRegistry(images, 'registry.local:5000');
    expect(findings.map((f) => [f.image, f.reason])).toEqual([
      ['docker.io/library/busybox:1.36', 'other-registry'],
      ['postgres:15', 'no-registry'],
    ]);
    expect(findings[1].message).toContain('docker.io');
    expect(findings[1].users.map(formatImageUser)).toEqual(['Runner/tenant-a/batch initContainer fetch']);
  });

  it('fails every image when the registry is empty', () => {
    expect(checkImagesInRegistry(images, '')).toHaveLength(images.length);
  });

  it('matches a registry with a path as a prefix, never as a substring', () => {
    const use = (image: string) => ({ image, users: [] });
    expect(checkImagesInRegistry([use('harbor.mil/platform/redis:7')], 'harbor.mil/platform')).toEqual([]);
    expect(checkImagesInRegistry([use('harbor.mil/platformx/redis:7')], 'harbor.mil/platform')).toHaveLength(1);
    expect(checkImagesInRegistry([use('registry.local:50001/redis:7')], 'registry.local:5000')).toHaveLength(1);
  });

  it('splits references the way Docker does', () => {
    expect(parseImageRef('postgres:15')).toEqual({ registry: undefined, repository: 'postgres', tag: '15', digest: undefined });
    expect(parseImageRef('ai-platform/agent:v0.1.0').registry).toBeUndefined();
    expect(parseImageRef('registry.local:5000/ai-platform/agent:v0.1.0')).toMatchObject({
      registry: 'registry.local:5000',
      repository: 'ai-platform/agent',
      tag: 'v0.1.0',
    });
    expect(parseImageRef('localhost/x@sha256:abc')).toMatchObject({ registry: 'localhost', repository: 'x', digest: 'sha256:abc' });
    expect(parseImageRef('/ai-platform/agent:v0.1.0').registry).toBe('');
    expect(rewriteImageRef('registry.local:5000/redis:7', 'registry.local:5000', 'harbor.mil:443/p')).toBe('harbor.mil:443/p/redis:7');
  });
});

describe('images of the rendered chart', () => {
  it("lists exactly the SPEC release's images, all from registry.local:5000, in the default render", async () => {
    const c = await collectImages({});
    expect(c.registry).toBe('registry.local:5000');
    expect(c.images.map((i) => i.image)).toEqual(inRegistry('registry.local:5000'));
    expect(c.findings).toEqual([]);
    // every pod-template kind the chart renders contributes
    const kinds = new Set(c.images.flatMap((i) => i.users.map((u) => u.object.split('/')[0])));
    expect([...kinds].sort()).toEqual(['CronJob', 'Deployment', 'Job', 'Pod', 'PodTemplate', 'StatefulSet']);
  });

  it('follows global.registry from a values file', async () => {
    const c = await collectImages({ valuesFiles: [join(FIXTURES, 'harbor-registry.yaml')] });
    expect(c.registry).toBe('harbor.internal.mil:443');
    expect(c.images.map((i) => i.image)).toEqual(inRegistry('harbor.internal.mil:443'));
    expect(c.findings).toEqual([]);
  });

  const tiers = [
    ['edge', 'registry.local:5000'],
    ['datacenter', 'harbor.internal.mil:443'],
    ['connected', '123456789.dkr.ecr.us-gov-west-1.amazonaws.com'],
  ] as const;
  for (const [tier, registry] of tiers) {
    it(`pulls every ${tier} image from ${registry}`, async () => {
      const c = await collectImages({ tier });
      expect(c.registry).toBe(registry);
      expect(c.findings).toEqual([]);
      for (const image of SPEC_IMAGES) expect(c.images.map((i) => i.image)).toContain(`${registry}/${image}`);
    });
  }
});

describe('aipc airgap images', () => {
  it('prints the sorted image list and exits 0', () => {
    const r = runCli(['airgap', 'images']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      inRegistry('registry.local:5000')
        .map((i) => `${i}\n`)
        .join(''),
    );
  });

  it('names the objects pulling each image with --why', () => {
    const r = runCli(['airgap', 'images', '--why']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `registry.local:5000/${image('postgres')}\n  StatefulSet/ai-platform/ai-platform-postgres container postgres (template ai-platform/templates/postgres-statefulset.yaml)\n`,
    );
    expect(r.stdout).toContain('  CronJob/ai-platform/ai-platform-etl-nightly container etl-nightly');
  });

  it('fails naming every image and its objects when global.registry is empty', () => {
    const r = runCli(['airgap', 'images', '--values', join(FIXTURES, 'empty-registry.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('global.registry is empty');
    for (const image of SPEC_IMAGES) expect(r.stderr).toContain(`image /${image} has an empty registry host`);
    expect(r.stderr).toContain('pulled by StatefulSet/ai-platform/ai-platform-redis container redis');
  });

  it('reports each image with its objects as JSON', () => {
    const r = runCli(['airgap', 'images', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.registry).toBe('registry.local:5000');
    expect(out.images.every((i: { inRegistry: boolean }) => i.inRegistry)).toBe(true);
    expect(out.images[0].users[0].text).toMatch(/^Deployment\/ai-platform\//);
  });

  it('rejects an unknown tier and a missing values file with exit 2', () => {
    expect(runCli(['airgap', 'images', '--tier', 'moon']).code).toBe(2);
    const r = runCli(['airgap', 'images', '--values', join(FIXTURES, 'nope.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.yaml: no such file');
  });
});
