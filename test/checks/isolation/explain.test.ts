// Which policies and rules decide a connection, against np-guard/netpol-analyzer's own
// `list --explain` outputs (test/fixtures/netpol-explain, Apache-2.0): the text must be identical.
// And the explanation's allowed connections must be the engine's, on every shared corpus case.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeReachability, connectionLines } from '../../../src/checks/isolation/engine.js';
import { decisionFor, explainAll, explainConnection, findWorkload } from '../../../src/checks/isolation/explain.js';
import { explainText } from '../../../src/checks/isolation/explain-format.js';
import { readManifestInputs } from '../../../src/io/manifests.js';
import { packageRoot } from '../../../src/paths.js';
import { runAipc } from '../../support/cli.js';

const root = packageRoot();
const shared = join(root, '..', 'shared');
const fixtures = join(root, 'test', 'fixtures', 'netpol-explain');
const dirs = (path: string): string[] =>
  existsSync(path)
    ? readdirSync(path, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];

const analyze = (input: string) => {
  const { objects, diagnostics } = readManifestInputs([input]);
  expect(diagnostics).toEqual([]);
  const result = analyzeReachability(objects);
  expect(result.model.errors).toEqual([]);
  return result;
};

/** Where the first difference is, with a little context: a readable failure on 100 KB texts. */
function firstDifference(got: string, expected: string): string | undefined {
  if (got === expected) return undefined;
  const a = got.split('\n');
  const b = expected.split('\n');
  const i = a.findIndex((line, k) => line !== b[k]);
  const at = i < 0 ? a.length : i;
  return `line ${at + 1}:\n  got:      ${JSON.stringify(a.slice(at, at + 3))}\n  expected: ${JSON.stringify(b.slice(at, at + 3))}`;
}

const cases: [string, string, string][] = [
  ...dirs(join(fixtures, 'upstream')).map((c): [string, string, string] => [
    c,
    join(fixtures, 'upstream', c, 'input'),
    join(fixtures, 'upstream', c, 'expected.txt'),
  ]),
  ...dirs(join(fixtures, 'shared')).flatMap((corpus) =>
    dirs(join(fixtures, 'shared', corpus)).map((c): [string, string, string] => [
      `${corpus}/${c}`,
      join(shared, corpus, c, 'input'),
      join(fixtures, 'shared', corpus, c, 'expected.txt'),
    ]),
  ),
];

describe('--explain against netpol-analyzer', () => {
  it('finds the vendored and the shared cases', () => {
    expect(dirs(join(fixtures, 'upstream')).length).toBeGreaterThan(0);
    expect(dirs(join(fixtures, 'shared')).length).toBeGreaterThan(0);
    for (const [, input] of cases) expect(existsSync(input), input).toBe(true);
  });

  it.each(cases)('%s: the same text, byte for byte', (_name, input, expectedFile) => {
    const got = explainText(explainAll(analyze(input)));
    expect(firstDifference(got, readFileSync(expectedFile, 'utf8'))).toBeUndefined();
  });
});

describe.each(['netpol-conformance', 'netpol-admin'])('explanations agree with the engine: %s', (corpus) => {
  it.each(dirs(join(shared, corpus)))('%s: what the explanation allows is the connection list', (name) => {
    const result = analyze(join(shared, corpus, name, 'input'));
    const fromExplain = explainAll(result)
      .filter((e) => !e.allowed.isEmpty())
      .map((e) => `${e.srcName} => ${e.dstName} : ${e.allowed.toString()}`);
    expect(new Set(fromExplain)).toEqual(new Set(connectionLines(result)));
  });
});

describe('the explanation API', () => {
  const result = analyze(join(fixtures, 'upstream', 'anp_banp_blog_demo', 'input'));
  const w = (ref: string) => ({ type: 'workload' as const, workload: findWorkload(result, ref)! });

  it('names an AdminNetworkPolicy pass and the NetworkPolicy rule that then allows', () => {
    const e = explainConnection(result, w('monitoring/mymonitoring'), w('foo/myfoo'));
    const s = decisionFor(e, 'TCP', 8080);
    expect(s.allowed).toBe(true);
    expect(s.ingress.reasons).toEqual([
      {
        layer: 'AdminNetworkPolicy',
        policy: 'pass-monitoring',
        priority: 7,
        direction: 'ingress',
        rule: 0,
        ruleName: 'pass-ingress-from-monitoring',
        action: 'Pass',
      },
      expect.objectContaining({ layer: 'NetworkPolicy', policy: 'foo/allow-monitoring', outcome: 'allows', rule: 0 }),
    ]);
    expect(s.egress.reasons).toEqual([{ layer: 'default', direction: 'egress' }]);
  });

  it('names the baseline rule that denies, and a NetworkPolicy that selects the pod but allows nothing from the peer', () => {
    const banp = decisionFor(explainConnection(result, w('baz/mybaz'), w('bar/mybar')), 'UDP', 53);
    expect(banp.allowed).toBe(false);
    expect(banp.ingress.reasons).toEqual([
      expect.objectContaining({
        layer: 'BaselineAdminNetworkPolicy',
        policy: 'default',
        action: 'Deny',
        ruleName: 'deny-ingress-from-all-namespaces',
      }),
    ]);
    const np = decisionFor(explainConnection(result, w('bar/mybar'), w('foo/myfoo')), 'TCP', 1);
    expect(np.ingress.reasons).toEqual([expect.objectContaining({ layer: 'NetworkPolicy', outcome: 'no-rule-selects-peer' })]);
  });

  it('says when no policy selects either end: allowed by default', () => {
    const e = explainConnection(result, w('foo/myfoo'), w('baz/mybaz'));
    expect(e.defaultOnly).toBe(true);
    expect(e.allowed.isAll()).toBe(true);
  });
});

describe('aipc check isolation --explain', () => {
  it.each(cases.slice(0, 3))('%s: prints the explanation netpol-analyzer prints, exit 0', async (_name, input, expectedFile) => {
    const r = await runAipc(['check', 'isolation', '--manifests', input, '--explain']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(firstDifference(r.stdout, readFileSync(expectedFile, 'utf8'))).toBeUndefined();
  });

  it('refuses --explain with --connections (exit 2, naming both)', async () => {
    const r = await runAipc(['check', 'isolation', '--manifests', cases[0][1], '--explain', '--connections']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--connections and --explain/);
    expect(r.stdout).toBe('');
  });
});
