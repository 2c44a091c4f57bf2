// The composite action (action.yml) and the pre-commit hooks (.pre-commit-hooks.yaml): the action
// passes GitHub's own action schema (@actions/workflow-parser, which rejects a wrong key); every
// aipc command either file runs names commands and flags the CLI has; the action's findings step
// runs for real under bash and writes SARIF logs that validate against SARIF 2.1.0; the hooks
// satisfy pre-commit's manifest schema (pre_commit/clientlib.py MANIFEST_HOOK_DICT: required id,
// name, entry, language; the optional keys it knows; files a regular expression) and run.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NoOperationTraceWriter } from '@actions/workflow-parser';
import { parseAction } from '@actions/workflow-parser/actions/index';
import { Ajv } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { commandTree } from '../../src/cli/completion.js';
import { createProgram } from '../../src/cli/index.js';
import { packageRoot } from '../../src/paths.js';
import { tempDir } from '../helpers.js';

const root = packageRoot();
const actionText = readFileSync(join(root, 'action.yml'), 'utf8');
const hooksText = readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8');
const nodes = commandTree(createProgram());

/** Checks `aipc <words>` against the CLI: the longest command path, then each flag it has. */
function unknownParts(words: readonly string[]): string[] {
  let node = nodes[0];
  let i = 0;
  for (; i < words.length; i++) {
    const next = nodes.find((n) => n.path.length === node.path.length + 1 && n.path.join(' ') === [...node.path, words[i]].join(' '));
    if (!next) break;
    node = next;
  }
  const flags = new Set(node.flags.flatMap((f) => [f.long, f.short]));
  return words
    .slice(i)
    .filter((w) => w.startsWith('-'))
    .filter((w) => !flags.has(w));
}

/** Every aipc invocation in a shell text: `aipc ...` or `node .../bin/aipc.js ...`, up to a redirection or `||`. */
const invocations = (text: string): string[][] =>
  [...text.matchAll(/(?:^|[\s(;])(?:aipc|node "\$GITHUB_ACTION_PATH\/bin\/aipc\.js")\s+([^\n|>]*)/gm)]
    .map((m) => m[1].trim().split(/\s+/))
    .filter((w) => w[0] && !w[0].startsWith('"$@"') && !w[0].startsWith('()'));

describe('action.yml', () => {
  const errors = (text: string) =>
    parseAction({ name: 'action.yml', content: text }, new NoOperationTraceWriter())
      .context.errors.getErrors()
      .map((e) => e.message);

  it("passes GitHub's action schema, which rejects a wrong key", () => {
    expect(errors(actionText)).toEqual([]);
    expect(errors(actionText.replace('using: composite', 'usin: composite')).length).toBeGreaterThan(0);
  });

  it('runs only commands and flags the CLI has, and uploads the SARIF directory it writes', () => {
    const action = parseYaml(actionText) as { runs: { steps: { run?: string; uses?: string; with?: Record<string, string> }[] } };
    const runs = action.runs.steps.map((s) => s.run ?? '').join('\n');
    const found = invocations(runs);
    expect(found.map((w) => w[0])).toEqual(expect.arrayContaining(['build', 'lint', 'check', 'diff']));
    expect(found.flatMap(unknownParts)).toEqual([]);
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.with!.sarif_file).toBe('aipc-sarif');
  });

  it('the findings step runs under bash and writes SARIF 2.1.0 logs, one category each', () => {
    const action = parseYaml(actionText) as { runs: { steps: { id?: string; run?: string }[] } };
    const script = action.runs.steps.find((s) => s.id === 'findings')!.run!;
    const work = tempDir();
    const output = join(work, 'github-output');
    const r = spawnSync('bash', ['-e', '-c', script], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, GITHUB_ACTION_PATH: root, GITHUB_OUTPUT: output, TIERS: 'edge' },
    });
    expect(r.status, r.stderr).toBe(0);
    const outputs = readFileSync(output, 'utf8');
    expect(outputs).toContain('dir=aipc-sarif\n');
    expect(outputs).toMatch(/^status=[01]$/m);
    const {
      $schema: _d,
      id,
      ...schema
    } = JSON.parse(readFileSync(join(root, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ strict: false, allErrors: true });
    (addFormatsPlugin as unknown as typeof addFormatsPlugin.default)(ajv);
    const validate = ajv.compile({ $id: id as string, ...schema });
    const files = readdirSync(join(work, 'aipc-sarif')).sort();
    expect(files).toEqual(['lint-edge.sarif', 'pod-security-edge.sarif']);
    const categories = files.map((f) => {
      const log = JSON.parse(readFileSync(join(work, 'aipc-sarif', f), 'utf8')) as { runs: { automationDetails: { id: string } }[] };
      expect(validate(log) ? [] : validate.errors, f).toEqual([]);
      return log.runs[0].automationDetails.id;
    });
    expect(categories).toEqual(['aipc/lint-edge/', 'aipc/pod-security-edge/']);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parseYaml(hooksText) as Record<string, unknown>[];
  // pre-commit's MANIFEST_HOOK_DICT keys
  const KNOWN = [
    'minimum_pre_commit_version',
    'id',
    'name',
    'entry',
    'language',
    'alias',
    'files',
    'exclude',
    'types',
    'types_or',
    'exclude_types',
    'additional_dependencies',
    'args',
    'always_run',
    'fail_fast',
    'pass_filenames',
    'description',
    'language_version',
    'log_file',
    'require_serial',
    'stages',
    'verbose',
  ];

  it.each(hooks.map((h) => [h.id as string, h]))("%s: pre-commit's manifest schema, and a command the CLI has", (_id, hook) => {
    for (const key of ['id', 'name', 'entry', 'language']) expect(typeof hook[key], key).toBe('string');
    expect(Object.keys(hook).filter((k) => !KNOWN.includes(k))).toEqual([]);
    expect(hook.language).toBe('node');
    if (hook.files !== undefined) expect(() => new RegExp(hook.files as string)).not.toThrow();
    const [bin, ...words] = (hook.entry as string).split(/\s+/);
    expect(bin).toBe('aipc');
    expect(unknownParts(words)).toEqual([]);
    expect(nodes.some((n) => n.path.join(' ') === words.filter((w) => !w.startsWith('-')).join(' '))).toBe(true);
  });

  it('each hook runs as pre-commit runs it: the entry, then the matching files', () => {
    const bin = join(root, 'bin/aipc.js');
    const run = (entry: string, files: string[]) =>
      spawnSync(process.execPath, [bin, ...entry.split(/\s+/).slice(1), ...files], { cwd: root, encoding: 'utf8' });
    const generate = run(hooks.find((h) => h.id === 'aipc-generate-check')!.entry as string, []);
    expect(generate.status, generate.stderr).toBe(0);
    const manifest = join(root, 'test/fixtures/validate/valid-stream.yaml');
    for (const id of ['aipc-validate', 'aipc-lint']) {
      const r = run(hooks.find((h) => h.id === id)!.entry as string, [manifest]);
      expect([0, 1], `${id}: ${r.stderr}`).toContain(r.status);
    }
    const invalid = run(hooks.find((h) => h.id === 'aipc-validate')!.entry as string, [join(root, 'test/fixtures/validate/invalid.yaml')]);
    expect(invalid.status).toBe(1);
  });
});
