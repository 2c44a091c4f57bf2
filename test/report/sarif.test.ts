// `--format sarif` of lint, validate, check (and its sub-checks) and compat: every log validates against the
// published SARIF 2.1.0 schema (test/fixtures/sarif, read with ajv: the schema is draft-04, whose
// keywords it uses mean the same in ajv's draft-07 once `id` is spelled `$id`), the command exits
// as it does in text, there is one result per finding of the JSON report, and a finding on a
// render points at the rendered line and at the chart template Helm's `# Source:` names.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { runCli } from '../helpers.js';
import { sarifLog } from '../../src/report/sarif.js';

const addFormats = addFormatsPlugin as unknown as typeof addFormatsPlugin.default;
const schemaFile = join(packageRoot(), 'test/fixtures/sarif/sarif-schema-2.1.0.json');
const { $schema: _draft, id, ...rest } = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validateSarif = ajv.compile({ $id: id as string, ...rest });

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string }[] } };
    results: {
      ruleId: string;
      level: string;
      locations: { physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
      relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
  }[];
}

function sarifOf(args: readonly string[], input = ''): { code: number; log: SarifLog } {
  const r = runCli([...args, '--format', 'sarif'], { input });
  const log = JSON.parse(r.stdout) as SarifLog;
  expect(validateSarif(log) ? [] : validateSarif.errors, `${args.join(' ')}: ${r.stderr}`).toEqual([]);
  return { code: r.code, log };
}

const fixture = (...p: string[]) => join(packageRoot(), 'test/fixtures', ...p);

describe('--format sarif', () => {
  let render = '';
  beforeAll(() => {
    const r = runCli(['render', '--tier', 'edge']);
    expect(r.code, r.stderr).toBe(0);
    render = r.stdout;
  });

  it('a finding about a whole tier (no file) has a logical location only, and validates', () => {
    const log = sarifLog({ name: 'aipc check' }, [
      { file: '', line: 0, path: 'tier edge', message: 'a failed item', rule: 'images' },
    ]) as SarifLog;
    expect(validateSarif(log) ? [] : validateSarif.errors).toEqual([]);
    expect(log.runs[0].results[0].locations).toEqual([{ logicalLocations: [{ fullyQualifiedName: 'tier edge', kind: 'module' }] }]);
  });

  it('a schema violation is caught by the schema check itself', () => {
    expect(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
  });

  it.each([
    [
      'validate an invalid file',
      ['validate', fixture('validate/invalid.yaml')],
      ['validate', fixture('validate/invalid.yaml'), '--format', 'json'],
    ],
    ['check pod-security of a fixture', ['check', 'pod-security', '--manifests', fixture('pod-security/restricted-release.yaml')], null],
    ['lint of a fixture', ['lint', fixture('validate/invalid.yaml')], ['lint', fixture('validate/invalid.yaml'), '--format', 'json']],
    ['check of a tier', ['check', '--tier', 'edge'], null],
    ['check isolation of a fixture', ['check', 'isolation', '--manifests', fixture('isolation/multi-tenant.yaml')], null],
    [
      'compat of the chart with itself',
      ['compat', join(packageRoot(), 'charts/ai-platform'), join(packageRoot(), 'charts/ai-platform')],
      null,
    ],
  ])('%s: a valid log, the same exit code as text', (_name, args, jsonArgs) => {
    const text = runCli(args);
    const { code, log } = sarifOf(args);
    expect(code).toBe(text.code);
    expect(log.runs).toHaveLength(1);
    const results = log.runs[0].results;
    for (const r of results) {
      expect(log.runs[0].tool.driver.rules.map((x) => x.id)).toContain(r.ruleId);
      if (r.locations[0].physicalLocation) expect(r.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
    }
    if (jsonArgs) {
      const json = JSON.parse(runCli(jsonArgs).stdout) as { objects?: { errors: unknown[] }[]; reports?: unknown[] };
      const count = json.reports ? json.reports.length : json.objects!.reduce((n, o) => n + o.errors.length, 0);
      expect(results).toHaveLength(count);
    }
    if (text.code === 1) expect(results.length).toBeGreaterThan(0);
  });

  it('a finding on a render points at the rendered line and the chart template it came from', () => {
    // one unknown field in the first Service of the render
    const at = render.indexOf('\n      targetPort:') + 1;
    expect(at).toBeGreaterThan(0);
    const mutated = `${render.slice(0, at)}      targetPortt: 1\n${render.slice(at)}`;
    // the last `# Source:` line before the field: the template of the object it is in
    const source = [...mutated.slice(0, at).matchAll(/^# Source: (\S+)$/gm)].at(-1)?.[1];
    expect(source).toMatch(/^ai-platform\/templates\/.+\.yaml$/);
    const line = mutated.slice(0, at).split('\n').length;
    const { code, log } = sarifOf(['validate', '-'], mutated);
    expect(code).toBe(1);
    const [result] = log.runs[0].results;
    expect(log.runs[0].results).toHaveLength(1);
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'stdin' },
      region: { startLine: line, startColumn: 7 },
    });
    expect(result.relatedLocations?.[0].physicalLocation.artifactLocation.uri).toBe(source);
  });
});
