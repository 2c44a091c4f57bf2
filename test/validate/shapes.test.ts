import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatShapes, generateShapes, SHAPES_FILE } from '../../scripts/gen-k8s-shapes.js';
import { ShapeIndex } from '../../src/validate/shapes.js';

describe('k8s-shapes.json', () => {
  it('is up to date with the installed kubernetes-models packages (regenerate: npx tsx scripts/gen-k8s-shapes.ts)', () => {
    expect(readFileSync(SHAPES_FILE, 'utf8') === formatShapes(generateShapes())).toBe(true);
  }, 120_000);

  it('knows the kinds the platform renders, including prometheus-operator and cert-manager', () => {
    const index = ShapeIndex.load();
    for (const [apiVersion, kind] of [
      ['apps/v1', 'Deployment'],
      ['v1', 'Service'],
      ['batch/v1', 'CronJob'],
      ['networking.k8s.io/v1', 'NetworkPolicy'],
      ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
      ['monitoring.coreos.com/v1', 'ServiceMonitor'],
      ['monitoring.coreos.com/v1', 'PodMonitor'],
      ['monitoring.coreos.com/v1', 'PrometheusRule'],
      ['monitoring.coreos.com/v1alpha1', 'AlertmanagerConfig'],
      ['cert-manager.io/v1', 'Certificate'],
      ['cert-manager.io/v1', 'Issuer'],
    ]) {
      expect(index.lookup(apiVersion, kind), `${apiVersion} ${kind}`).toBeDefined();
    }
    const deployment = index.lookup('apps/v1', 'Deployment')!;
    expect(deployment.module).toBe('kubernetes-models/apps/v1/Deployment');
    const spec = index.child(deployment.shape, 'spec');
    expect([...index.fields(spec)!.keys()]).toContain('replicas');
    // labels are a free-form map: not walked
    expect(index.child(index.child(deployment.shape, 'metadata'), 'labels')).toBe(0);
  });
});
