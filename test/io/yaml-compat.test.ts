// Helm reads values with a YAML 1.1 parser; editors and aipc read YAML 1.2. Every YAML file aipc
// writes must mean the same to both: each is parsed both ways and the results compared.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { formatManifest } from '../../src/airgap/manifest.js';
import { generateFullChart } from '../../src/actions/generate.js';
import { formatYaml } from '../../src/io/yaml-format.js';
import { renderTierObjects } from '../../src/render/render.js';
import { splitObjects } from '../../src/render/split.js';
import { compileValues } from '../../src/tiers/index.js';
import { tempDir } from '../helpers.js';

/** Strings that YAML 1.1 or 1.2 would read as something else when left plain. */
const HOSTILE = [
  'no',
  'No',
  'NO',
  'on',
  'off',
  'yes',
  'y',
  'n',
  'Y',
  'true',
  'null',
  'Null',
  '~',
  '',
  '0755',
  '0o17',
  '0x1F',
  '0b101',
  '1e3',
  '1E3',
  '1_000',
  '+12',
  '.5',
  '1.',
  '.inf',
  '-.Inf',
  '.NaN',
  '1:20',
  '12:30:45',
  '2024-01-01',
  '2024-01-01T10:00:00Z',
  '<<',
  '=',
  '-',
  '?',
  '&a',
  '*a',
  '!tag',
  '%x',
  '@x',
  '`x',
  '# x',
  'a: b',
  '- x',
  '[x]',
  '{x}',
  "'q'",
  '"q"',
  ' lead',
  'trail ',
  'line\nbreak',
  '\t',
  '{{ .Release.Name }}',
];

function bothWays(text: string): { v11: unknown[]; v12: unknown[] } {
  const parse = (version: '1.1' | '1.2') =>
    parseAllDocuments(text, { version, uniqueKeys: true }).map((d) => {
      expect(d.errors, `YAML ${version} errors`).toEqual([]);
      return d.toJS();
    });
  return { v11: parse('1.1'), v12: parse('1.2') };
}

function expectSameMeaning(name: string, text: string): void {
  const { v11, v12 } = bothWays(text);
  expect(v11, `${name} reads differently under YAML 1.1 and 1.2`).toEqual(v12);
}

describe('every YAML file aipc writes means the same under YAML 1.1 and 1.2', () => {
  it('formatYaml quotes each hostile string so both versions read it back unchanged', () => {
    const value = { strings: HOSTILE, keys: Object.fromEntries(HOSTILE.filter((s) => s !== '<<').map((s) => [s, s])) };
    const text = formatYaml(value);
    const { v11, v12 } = bothWays(text);
    expect(v12[0]).toEqual(value);
    expect(v11[0]).toEqual(value);
  });

  it('the generated chart: values.yaml, Chart.yaml, crds/*.yaml and the three tier files', () => {
    const files = generateFullChart().filter((f) => /\.ya?ml$/.test(f.path) && !f.path.startsWith('templates/'));
    const names = files.map((f) => f.path);
    expect(names).toEqual(
      expect.arrayContaining([
        'Chart.yaml',
        'values.yaml',
        'values-tier1-edge.yaml',
        'values-tier2-datacenter.yaml',
        'values-tier3-connected.yaml',
      ]),
    );
    expect(names.filter((n) => n.startsWith('crds/')).length).toBeGreaterThanOrEqual(5);
    for (const f of files) expectSameMeaning(f.path, f.content);
  });

  it('a compiled values file with hostile strings (tenant `no`, model names 0755, on, 1e3, free text ~ and dates)', () => {
    const dir = tempDir('aipc-yaml-compat-');
    const tenantsFile = join(dir, 'tenants.yaml');
    const t = (name: string) =>
      `  - name: "${name}"\n    quota: {cpu: "1", memory: 1Gi, gpu: 1, pvcs: 1, pods: 2}\n    budget: {maxTotalTokens: 10, maxTotalCost: "1.00", maxConcurrentRuns: 1}\n`;
    writeFileSync(tenantsFile, `tenants:\n${['no', 'on', 'yes', 'off', 'y', 'n', 'true', 'null'].map(t).join('')}`);
    const free = ['~', '2024-01-01', '0755', '1e3', 'on', '1:20', '0o17', '0x1F', '1_000', '<<', '.inf', 'null'];
    const compiled = compileValues({
      tier: 'datacenter',
      tenantsFile,
      set: [
        'models.primary.name="0755"',
        'models.fallback.name="1e3"',
        'ui.config.title="on"',
        ...free.map((s, i) => `gateway.config.k${i}=${JSON.stringify(s)}`),
        'controller.config.date="2024-01-01"',
      ],
    });
    expect(compiled.text).toContain('name: "no"');
    const { v11, v12 } = bothWays(compiled.text);
    expect(v11).toEqual(v12);
    const read = v11[0] as any;
    expect(read.models.primary.name).toBe('0755');
    expect(read.models.fallback.name).toBe('1e3');
    expect(read.ui.config.title).toBe('on');
    expect(read.tenants.map((x: { name: string }) => x.name).sort()).toEqual(['n', 'no', 'null', 'off', 'on', 'true', 'y', 'yes']);
    expect(free.map((_, i) => read.gateway.config[`k${i}`])).toEqual(free);
  });

  it('the render --split output of the edge tier', async () => {
    const files = splitObjects(await renderTierObjects('edge'));
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) expectSameMeaning(f.path, f.content);
  });

  it('an air-gap bundle manifest.yaml', () => {
    const text = formatManifest({
      chart: { name: 'ai-platform', version: '0.1.0', package: 'charts/ai-platform-0.1.0.tgz' },
      tier: 'edge',
      images: [],
      created: '2024-01-01T00:00:00Z',
      registry: 'registry.local:5000',
      valuesFiles: ['values/values.yaml', 'values/0755.yaml', 'values/on'],
      files: ['no', '0755', '1e3', '2024-01-01', '~', 'models/on/weights.bin'].map((path, i) => ({
        path,
        sha256: `${i}`.repeat(64).slice(0, 64),
        size: i,
      })),
    });
    expectSameMeaning('manifest.yaml', text);
    const [m] = bothWays(text).v11 as any[];
    expect(m.created).toBe('2024-01-01T00:00:00Z');
    expect(m.files.map((f: { path: string }) => f.path)).toContain('~');
    expect(
      m.files.find((f: { path: string }) => f.path === '0000000000000000000000000000000000000000000000000000000000000000'),
    ).toBeUndefined();
    expect(typeof m.files[0].sha256).toBe('string');
  });
});
