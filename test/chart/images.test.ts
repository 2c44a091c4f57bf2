// Per-image registry, repository, tag and digest: defaults from the release data, digests pinned in
// the air-gapped tiers' compiled values when the release data records them, and the image a pod
// pulls as the chart's helper builds it, with both pinned Helms.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { pinnedHelmPath } from '../../src/helm/binary.js';
import { workloads } from '../../src/model/components.js';
import { releaseFile } from '../../src/model/release.js';
import { chartDir } from '../../src/paths.js';
import { renderObjects, renderTierObjects } from '../../src/render/render.js';
import { runCli, tempDir } from '../helpers.js';
import { image } from '../support/release.js';

const DIGEST = `sha256:${'ab12'.repeat(16)}`;

/** A copy of release.yaml with a digest recorded for the agent image. */
function releaseWithDigest(): string {
  const file = join(tempDir(), 'release.yaml');
  const text = readFileSync(releaseFile(), 'utf8').replace(
    /(repository: ai-platform\/agent\n {4}tag: [^\n]+\n {4}source: [^\n]+\n)/,
    `$1    digest: ${DIGEST}\n`,
  );
  expect(text).toContain(DIGEST);
  writeFileSync(file, text);
  return file;
}

/** Every container image of the stream, by `Kind/name container`. */
function containerImages(objects: readonly { object: Record<string, any> }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const { object: o } of objects) {
    const spec = o.kind === 'Pod' ? o.spec : (o.spec?.template?.spec ?? o.spec?.jobTemplate?.spec?.template?.spec);
    for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])])
      out.set(`${o.kind}/${o.metadata.name} ${c.name}`, c.image);
  }
  return out;
}

describe('per-image values', () => {
  it('every workload has registry, repository, tag and digest, defaulting from release.yaml', () => {
    const values = parse(readFileSync(join(chartDir(), 'values.yaml'), 'utf8'));
    const schema = JSON.parse(readFileSync(join(chartDir(), 'values.schema.json'), 'utf8'));
    for (const w of workloads) {
      expect(values[w.key].image).toEqual({ registry: '', repository: w.image.repository, tag: w.image.tag, digest: '' });
      expect(`${values[w.key].image.repository}:${values[w.key].image.tag}`).toBe(image(w.image.repository));
      expect(Object.keys(schema.properties[w.key].properties.image.properties)).toEqual(['registry', 'repository', 'tag', 'digest']);
    }
  });

  it.each(['helm4', 'helm3'] as const)('an image registry overrides global.registry and a digest pins the pull (%s)', async (which) => {
    const objects = await renderObjects({
      helm: pinnedHelmPath(which),
      set: ['controller.image.registry=mirror.example:5000/team', `webhook.image.digest=${DIGEST}`],
    });
    const images = containerImages(objects);
    const controller = [...images].find(([k]) => k.startsWith('Deployment/') && k.endsWith(' controller'));
    const webhook = [...images].find(([k]) => k.startsWith('Deployment/') && k.endsWith(' webhook'));
    const gateway = [...images].find(([k]) => k.startsWith('Deployment/') && k.endsWith(' gateway'));
    expect(controller?.[1]).toBe(`mirror.example:5000/team/${image('ai-platform/agent')}`);
    expect(webhook?.[1]).toBe(`registry.local:5000/${image('ai-platform/agent')}@${DIGEST}`);
    expect(gateway?.[1]).toBe(`registry.local:5000/${image('ai-platform/gateway')}`);
  });

  it('refuses a digest that is not sha256 and a registry that is not a host (exit 2, the key named)', () => {
    for (const [set, key] of [
      ['controller.image.digest=sha256:xyz', 'controller.image.digest'],
      ['controller.image.registry=http://x', 'controller.image.registry'],
    ]) {
      const r = runCli(['values', '--tier', 'edge', '--set', set]);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toContain(key);
    }
  });

  it('air-gapped tiers pin the digests release.yaml records; connected tiers keep tags; without digests nothing is pinned', async () => {
    const env = { AIPC_RELEASE_FILE: releaseWithDigest() };
    const edge = runCli(['values', '--tier', 'edge'], { env });
    expect(edge.code, edge.stderr).toBe(0);
    const edgeValues = parse(edge.stdout);
    expect(edgeValues.controller.image.digest).toBe(DIGEST);
    expect(edgeValues.webhook.image.digest).toBe(DIGEST);
    expect(edgeValues.gateway?.image?.digest).toBeUndefined();
    for (const tier of ['datacenter', 'connected']) {
      const r = runCli(['values', '--tier', tier], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(parse(r.stdout).controller?.image?.digest).toBeUndefined();
    }
    // the committed release records no digest: the committed edge file pins none
    expect(parse(readFileSync(join(chartDir(), 'values-tier1-edge.yaml'), 'utf8')).controller?.image?.digest).toBeUndefined();
    // the generated chart's edge file renders to pods that pull by digest
    const out = join(tempDir(), 'chart');
    const g = runCli(['generate', '--out', out], { env });
    expect(g.code, g.stderr).toBe(0);
    const images = containerImages(await renderTierObjects('edge', { chartDir: out }));
    const agentImages = [...images].filter(([, v]) => v.includes('/ai-platform/agent:'));
    expect(agentImages.length).toBeGreaterThan(1);
    for (const [, v] of agentImages) expect(v).toBe(`registry.local:5000/${image('ai-platform/agent')}@${DIGEST}`);
  });
});
