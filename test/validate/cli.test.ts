import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { tempDir } from '../helpers.js';
import { runAipc } from '../support/cli.js';

/** Runs a shell pipeline (as a person types it) and resolves with its exit code and stdout. */
function sh(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { cwd: packageRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const fixtures = 'test/fixtures/validate';

describe('aipc validate (CLI)', () => {
  it('exits 0 and prints the summary for a valid stream', async () => {
    const r = await runAipc(['validate', `${fixtures}/valid-stream.yaml`]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      '8 resources: 8 valid, 0 invalid, 0 skipped\n' +
        'note: 1 custom resource(s) checked against the bundled model @kubernetes-models/prometheus-operator 4.4.4, not their CRD; pass the CRDs of the version you run with --crd\n' +
        'note: 1 custom resource(s) checked against the bundled model @kubernetes-models/cert-manager 4.4.4, not their CRD; pass the CRDs of the version you run with --crd\n',
    );
    expect(r.code).toBe(0);
  });

  it('exits 1 and prints file:line ref: field: message for each problem', async () => {
    const r = await runAipc(['validate', `${fixtures}/invalid.yaml`]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toContain(`${fixtures}/invalid.yaml:9 Deployment/ai/api: spec.replicas: expected an integer, found "two"`);
    expect(lines).toContain(
      `${fixtures}/invalid.yaml:21 Deployment/ai/api: spec.template.spec.containers[0].imagePullPolcy: unknown field (did you mean "imagePullPolicy"?)`,
    );
    expect(lines).toContain(
      `${fixtures}/invalid.yaml:23 Deployment/wrong-group: apiVersion: Deployment is not in v1; Deployment exists in apps/v1`,
    );
    expect(lines).toContain(`${fixtures}/invalid.yaml:49 Job/loader: spec.template.spec.containers[0].name: required field is missing`);
    expect(lines.at(-1)).toBe('4 resources: 0 valid, 4 invalid, 0 skipped');
  });

  it('--no-strict accepts unknown fields', async () => {
    const r = await runAipc(['validate', '--no-strict', '-'], {
      input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndatta: {}\n',
    });
    expect(r.stdout).toBe('1 resources: 1 valid, 0 invalid, 0 skipped\n');
    expect(r.code).toBe(0);
    expect((await runAipc(['validate', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndatta: {}\n' })).code).toBe(
      1,
    );
  });

  it('reads stdin with -, naming it <stdin>', async () => {
    const r = await runAipc(['validate', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  v: 1\n' });
    expect(r.stdout).toContain('<stdin>:6 ConfigMap/a: data.v: expected a string, found the number 1');
    expect(r.code).toBe(1);
  });

  it('searches directories for YAML and JSON files', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
    writeFileSync(join(dir, 'sub/b.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b' }, type: 7 }));
    writeFileSync(join(dir, 'notes.txt'), 'not yaml: [');
    const r = await runAipc(['validate', dir]);
    expect(r.stdout).toBe(
      `${join(dir, 'sub/b.json')}:1 Secret/b: type: expected a string, found the number 7\n2 resources: 1 valid, 1 invalid, 0 skipped\n`,
    );
    expect(r.code).toBe(1);
  });

  it('validates custom resources against --crd and skips unknown kinds with --ignore-missing-schemas', async () => {
    const input = `---\n${'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n'}---\napiVersion: fractal.ai/v1alpha1\nkind: BudgetQuota\nmetadata:\n  name: q\nspec:\n  maxTotalTokens: "many"\n  maxTotalCost: "1.00"\n`;
    const r = await runAipc(['validate', '--crd', `${fixtures}/budgetquota-crd.yaml`, '--ignore-missing-schemas', '-'], { input });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      '<stdin>:12 BudgetQuota/q: spec.maxTotalTokens: expected an integer, found "many"\n' +
        '<stdin>:7 BudgetQuota/q: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation\n' +
        '2 resources: 0 valid, 1 invalid, 1 skipped\n',
    );
    expect(r.code).toBe(1);
  });

  it('--format json prints every verdict as one stable document', async () => {
    const r = await runAipc(['validate', '--format', 'json', `${fixtures}/invalid.yaml`]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toEqual({ resources: 4, valid: 0, invalid: 4, skipped: 0, transitionRulesNotChecked: 0, bundledModels: {} });
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
      message: 'expected an integer, found "two"',
      rule: 'schema',
    });
    expect(Object.keys(doc)).toEqual(['summary', 'warnings', 'objects']);
  });

  it('exits 2 with file:line for YAML syntax errors, missing files and bad options', async () => {
    const syntax = await runAipc(['validate', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\n---\nmetadata: {name: [\n' });
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/^aipc: <stdin>:\d+(:\d+)?: YAML syntax error/);
    const missing = await runAipc(['validate', 'no/such/file.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no/such/file.yaml: no such file or directory');
    const badOutput = await runAipc(['validate', '--format', 'xml', `${fixtures}/valid-stream.yaml`]);
    expect(badOutput.code).toBe(2);
    expect(badOutput.stderr).toContain('--format must be one of text, markdown, json');
    const badCrd = await runAipc(['validate', '--crd', `${fixtures}/valid-stream.yaml`, `${fixtures}/valid-stream.yaml`]);
    expect(badCrd.code).toBe(2);
    expect(badCrd.stderr).toContain('no CustomResourceDefinition');
  });

  it('reads a pipe whose writer is slow: (sleep 1; cat render.yaml) | aipc validate - passes 20 runs out of 20', async () => {
    const runs = await Promise.all(
      Array.from({ length: 20 }, () => sh(`(sleep 1; cat ${fixtures}/valid-stream.yaml) | node bin/aipc.js validate -`)),
    );
    for (const r of runs) {
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^8 resources: 8 valid, 0 invalid, 0 skipped$/m);
      expect(r.code).toBe(0);
    }
  }, 60_000);

  it('stdin that is /dev/null or empty is exit 2 "no input"', async () => {
    for (const script of [
      'node bin/aipc.js validate - </dev/null',
      'printf "" | node bin/aipc.js validate -',
      'node bin/aipc.js validate </dev/null',
    ]) {
      const r = await sh(script);
      expect(r.code, script).toBe(2);
      expect(r.stderr, script).toMatch(/^aipc: no input/);
    }
  });

  it('--kube-version selects the removed-API table and is checked', async () => {
    const psp = 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: p\nspec:\n  minAvailable: 1\n';
    expect((await runAipc(['validate', '-'], { input: psp })).stdout).toContain('was removed in Kubernetes 1.25');
    expect((await runAipc(['validate', '--kube-version', '1.30', '-'], { input: psp })).code).toBe(1);
    const bad = await runAipc(['validate', '--kube-version', '1.20', '-'], { input: psp });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--kube-version: must be a release from 1.29 to 1.33');
  });
});
