import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.js';

const fixtures = 'test/fixtures/validate';

describe('aipc validate (CLI)', () => {
  it('exits 0 and prints the summary for a valid stream', () => {
    const r = runCli(['validate', `${fixtures}/valid-stream.yaml`]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('8 resources: 8 valid, 0 invalid, 0 skipped\n');
    expect(r.code).toBe(0);
  });

  it('exits 1 and prints file:line ref: field: message for each problem', () => {
    const r = runCli(['validate', `${fixtures}/invalid.yaml`]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toContain(`${fixtures}/invalid.yaml:9 Deployment/ai/api: spec.replicas: must be integer, found "two"`);
    expect(lines).toContain(
      `${fixtures}/invalid.yaml:21 Deployment/ai/api: spec.template.spec.containers[0].imagePullPolcy: unknown field (did you mean "imagePullPolicy"?)`,
    );
    expect(lines).toContain(
      `${fixtures}/invalid.yaml:23 Deployment/wrong-group: apiVersion: Deployment is not in v1; Deployment exists in apps/v1`,
    );
    expect(lines).toContain(`${fixtures}/invalid.yaml:49 Job/loader: spec.template.spec.containers[0].name: required field is missing`);
    expect(lines.at(-1)).toBe('4 resources: 0 valid, 4 invalid, 0 skipped');
  });

  it('--no-strict accepts unknown fields', () => {
    const r = runCli(['validate', '--no-strict', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndatta: {}\n' });
    expect(r.stdout).toBe('1 resources: 1 valid, 0 invalid, 0 skipped\n');
    expect(r.code).toBe(0);
    expect(runCli(['validate', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndatta: {}\n' }).code).toBe(1);
  });

  it('reads stdin with -, naming it <stdin>', () => {
    const r = runCli(['validate', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  v: 1\n' });
    expect(r.stdout).toContain('<stdin>:6 ConfigMap/a: data.v: must be string, found the number 1');
    expect(r.code).toBe(1);
  });

  it('searches directories for YAML and JSON files', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
    writeFileSync(join(dir, 'sub/b.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b' }, type: 7 }));
    writeFileSync(join(dir, 'notes.txt'), 'not yaml: [');
    const r = runCli(['validate', dir]);
    expect(r.stdout).toBe(
      `${join(dir, 'sub/b.json')}:1 Secret/b: type: must be string, found the number 7\n2 resources: 1 valid, 1 invalid, 0 skipped\n`,
    );
    expect(r.code).toBe(1);
  });

  it('validates custom resources against --crd and skips unknown kinds with --ignore-missing-schemas', () => {
    const input = `---\n${'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n'}---\napiVersion: fractal.ai/v1alpha1\nkind: BudgetQuota\nmetadata:\n  name: q\nspec:\n  maxTotalTokens: "many"\n  maxTotalCost: "1.00"\n`;
    const r = runCli(['validate', '--crd', `${fixtures}/budgetquota-crd.yaml`, '--ignore-missing-schemas', '-'], { input });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      '<stdin>:12 BudgetQuota/q: spec.maxTotalTokens: must be integer, found "many"\n2 resources: 0 valid, 1 invalid, 1 skipped\n',
    );
    expect(r.code).toBe(1);
  });

  it('--output json prints every verdict as one stable document', () => {
    const r = runCli(['validate', '-o', 'json', `${fixtures}/invalid.yaml`]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toEqual({ resources: 4, valid: 0, invalid: 4, skipped: 0 });
    expect(doc.objects[0]).toMatchObject({
      file: `${fixtures}/invalid.yaml`,
      line: 1,
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'ai',
      name: 'api',
      verdict: 'invalid',
      schema: 'kubernetes',
    });
    expect(doc.objects[0].errors[0]).toEqual({
      line: 9,
      column: 3,
      path: 'spec.replicas',
      message: 'must be integer, found "two"',
      rule: 'schema',
    });
    expect(Object.keys(doc)).toEqual(['summary', 'objects']);
  });

  it('exits 2 with file:line for YAML syntax errors, missing files and bad options', () => {
    const syntax = runCli(['validate', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\n---\nmetadata: {name: [\n' });
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/^aipc: <stdin>:\d+(:\d+)?: YAML syntax error/);
    const missing = runCli(['validate', 'no/such/file.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no/such/file.yaml: no such file or directory');
    const badOutput = runCli(['validate', '-o', 'xml', `${fixtures}/valid-stream.yaml`]);
    expect(badOutput.code).toBe(2);
    expect(badOutput.stderr).toContain('--output must be one of text, json');
    const badCrd = runCli(['validate', '--crd', `${fixtures}/valid-stream.yaml`, `${fixtures}/valid-stream.yaml`]);
    expect(badCrd.code).toBe(2);
    expect(badCrd.stderr).toContain('no CustomResourceDefinition');
  });
});
