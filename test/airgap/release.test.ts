// Image sources as release data, `airgap images --sources`, indirect images, and the Zarf and
// Hauler hand-offs checked against the formats' own published schema and Go types.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { sourcesFor, viaMirror } from '../../src/airgap/release.js';
import { readRelease } from '../../src/model/release.js';
import { workloads } from '../../src/model/components.js';
import { packageRoot } from '../../src/paths.js';
import { runCli, tempDir } from '../helpers.js';
import { image, sourceOf } from '../support/release.js';

const FORMATS = join(packageRoot(), '..', 'shared', 'airgap-formats');
const require = createRequire(import.meta.url);

describe('release data (release.yaml)', () => {
  it('names an upstream source for every image the chart can render', () => {
    const release = readRelease();
    const known = new Set(release.images.map((i) => i.image));
    for (const w of workloads) expect(known, `${w.image.repository}:${w.image.tag}`).toContain(`${w.image.repository}:${w.image.tag}`);
    expect(release.images.map((i) => i.repository)).toEqual([...new Set(workloads.map((w) => w.image.repository))].sort());
  });

  it('is schema-checked: a bad source or an unknown field is exit 2 with line and field', () => {
    const file = join(tempDir(), 'release.yaml');
    writeFileSync(
      file,
      'apiVersion: aipc.fractal.ai/v1\nkind: Release\nchart: {version: 1.0.0, appVersion: "1"}\nimages:\n  - repository: postgres\n    tag: "15"\n    source: postgres\n    extra: 1\nhardware: {gpuTypes: [{name: x, memoryPerGpu: 1Gi, node: {cpu: 1, memory: 1Gi}}]}\n',
    );
    expect(() => readRelease(file)).toThrow(/release\.yaml:7:\d+: images\[0\]\.source: /);
    expect(() => readRelease(file)).toThrow(/release\.yaml:8:\d+: images\[0\]\.extra: unknown field/);
  });

  it('maps each deployed image to its source, a mirror keeping the repository path; unknown images are exit 1', () => {
    expect(viaMirror('docker.io/library/postgres:15', '127.0.0.1:5000')).toBe('127.0.0.1:5000/library/postgres:15');
    expect(sourcesFor([`registry.local:5000/${image('postgres')}`, 'quay.io/x/y:1'], 'registry.local:5000')).toEqual([
      { source: sourceOf('postgres'), deployed: `registry.local:5000/${image('postgres')}` },
      { source: 'quay.io/x/y:1', deployed: 'quay.io/x/y:1' },
    ]);
    expect(() => sourcesFor(['registry.local:5000/nope:1'], 'registry.local:5000')).toThrow(/have no upstream source[\s\S]*nope:1/);
  });
});

describe('airgap images --sources', () => {
  it('prints SOURCE DEPLOYED, sorted; with --source-registry every source from the mirror', () => {
    const r = runCli(['airgap', 'images', '--tier', 'edge', '--sources']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(runCli(['airgap', 'images', '--tier', 'edge']).stdout.trim().split('\n').length);
    expect(lines).toEqual([...lines].sort());
    expect(lines).toContain(`${sourceOf('postgres')} registry.local:5000/${image('postgres')}`);
    const m = runCli(['airgap', 'images', '--tier', 'datacenter', '--source-registry', 'mirror.lan:5000']);
    expect(m.stdout).toContain(`${viaMirror(sourceOf('redis'), 'mirror.lan:5000')} harbor.internal.mil:443/${image('redis')}\n`);
    expect(runCli(['airgap', 'images', '--tier', 'edge', '--source-registry', 'http://x']).code).toBe(2);
  });

  it('lists images passed as arguments or env as indirect, apart, on any rendered stream; --extra-image adds one', () => {
    const stream = join(tempDir(), 'operator.yaml');
    writeFileSync(
      stream,
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: prometheus-operator, namespace: monitoring}',
        'spec:',
        '  selector: {matchLabels: {app: op}}',
        '  template:',
        '    metadata: {labels: {app: op}}',
        '    spec:',
        '      containers:',
        '        - name: op',
        '          image: quay.io/prometheus-operator/prometheus-operator:v0.75.0',
        '          args:',
        '            - --prometheus-config-reloader=quay.io/prometheus-operator/prometheus-config-reloader:v0.75.0',
        '            - --image-pull-policy=always',
        '          env:',
        '            - {name: SIDECAR_IMAGE, value: "docker.io/library/busybox:1.36"}',
        '',
      ].join('\n'),
    );
    const r = runCli(['airgap', 'images', '--manifests', stream, '--sources', '--extra-image', 'docker.io/library/busybox:1.36']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      'docker.io/library/busybox:1.36 docker.io/library/busybox:1.36\nquay.io/prometheus-operator/prometheus-operator:v0.75.0 quay.io/prometheus-operator/prometheus-operator:v0.75.0\n',
    );
    expect(r.stderr).toContain('2 indirect image(s)');
    expect(r.stderr).toContain('quay.io/prometheus-operator/prometheus-config-reloader:v0.75.0');
    expect(r.stderr).toMatch(/container op spec\.template\.spec\.containers\[0\]\.env\[0\]\.value/);
    expect(r.stderr).not.toContain('always');
    const json = JSON.parse(runCli(['airgap', 'images', '--manifests', stream, '--format', 'json']).stdout);
    expect(json.indirect.map((i: { image: string }) => i.image)).toEqual([
      'docker.io/library/busybox:1.36',
      'quay.io/prometheus-operator/prometheus-config-reloader:v0.75.0',
    ]);
  });
});

describe('airgap export', () => {
  it('writes a zarf.yaml that validates against the shipped Zarf schema (which refuses a wrong one)', () => {
    const out = join(tempDir(), 'zarf');
    const r = runCli(['airgap', 'export', '--format', 'zarf', '--tier', 'edge', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const Ajv2020 = require('ajv/dist/2020').default;
    const addFormats = require('ajv-formats').default;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(FORMATS, 'zarf', 'zarf.schema.json'), 'utf8')));
    const pkg = parse(readFileSync(join(out, 'zarf.yaml'), 'utf8'));
    expect(validate(pkg), JSON.stringify(validate.errors)).toBe(true);
    expect(pkg.components[0].charts[0]).toMatchObject({
      localPath: 'chart/ai-platform',
      valuesFiles: ['values/1-values.yaml', 'values/2-values-tier1-edge.yaml', 'values/zarf-images.yaml'],
    });
    expect(pkg.components[0].images).toContain(sourceOf('postgres'));
    expect(readFileSync(join(out, 'chart', 'ai-platform', 'Chart.yaml'), 'utf8')).toContain('name: ai-platform');
    expect(validate({ ...pkg, components: [{ ...pkg.components[0], chartz: [] }] })).toBe(false);
  });

  it('writes Hauler Images, Charts and Files manifests whose fields are the Go types’ JSON names', () => {
    const out = join(tempDir(), 'hauler');
    const r = runCli(['airgap', 'export', '--format', 'hauler', '--tier', 'edge', '--out', out, '--platform', 'linux/amd64']);
    expect(r.code, r.stderr).toBe(0);
    const docs = parseAllDocuments(readFileSync(join(out, 'hauler-manifest.yaml'), 'utf8')).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(['Images', 'Charts', 'Files']);
    const tags = (file: string, struct: string): string[] => {
      const body = new RegExp(`type ${struct} struct \\{([\\s\\S]*?)\\n\\}`).exec(readFileSync(join(FORMATS, 'hauler', file), 'utf8'))![1];
      return [...body.matchAll(/json:"([^",]+)/g)].map((m) => m[1]);
    };
    const fields: Record<string, [string, string, string]> = {
      Images: ['image.go', 'Image', 'images'],
      Charts: ['chart.go', 'Chart', 'charts'],
      Files: ['file.go', 'File', 'files'],
    };
    for (const d of docs) {
      expect(d.apiVersion).toBe('content.hauler.cattle.io/v1');
      const [file, struct, list] = fields[d.kind];
      expect(Object.keys(d.spec)).toEqual([list]);
      expect(d.spec[list].length).toBeGreaterThan(0);
      for (const entry of d.spec[list]) for (const key of Object.keys(entry)) expect(tags(file, struct), `${d.kind}.${key}`).toContain(key);
    }
    expect(docs[0].spec.images).toContainEqual({ name: sourceOf('redis'), platform: 'linux/amd64', rewrite: image('redis') });
    expect(docs[2].spec.files).toContainEqual({ path: 'values/2-values-tier1-edge.yaml' });
    expect(runCli(['airgap', 'export', '--format', 'helm', '--tier', 'edge', '--out', join(tempDir(), 'x')]).code).toBe(2);
  });
});
