// The reachability diff against np-guard/netpol-analyzer's own `diff` outputs (Apache-2.0,
// test/fixtures/netpol-diff): each case names its two input folders (ref1 = old, ref2 = new), found
// among the vendored inputs or the shared conformance corpora; the text must be identical.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeReachability } from '../../../src/checks/isolation/engine.js';
import { netpolDiffText, reachabilityDiff, reachabilityLines } from '../../../src/checks/isolation/reach-diff.js';
import { readManifestInputs } from '../../../src/io/manifests.js';
import { packageRoot } from '../../../src/paths.js';
import { runAipc } from '../../support/cli.js';

const root = packageRoot();
const shared = join(root, '..', 'shared');
const fixtures = join(root, 'test', 'fixtures', 'netpol-diff');
const dirs = (path: string): string[] =>
  existsSync(path)
    ? readdirSync(path, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];

/** An input folder by upstream name: vendored here, or one of the shared corpora's cases. */
function inputDir(name: string): string {
  const places = [join(fixtures, 'inputs', name), ...['netpol-conformance', 'netpol-admin'].map((c) => join(shared, c, name, 'input'))];
  const found = places.find((p) => existsSync(p));
  if (!found) throw new Error(`input ${name} is in none of ${places.join(', ')}`);
  return found;
}

const analyze = (dir: string) => {
  const { objects, diagnostics } = readManifestInputs([dir]);
  expect(diagnostics).toEqual([]);
  return analyzeReachability(objects);
};

const cases = dirs(join(fixtures, 'cases')).map((name) => {
  const [ref1, ref2] = readFileSync(join(fixtures, 'cases', name, 'refs'), 'utf8')
    .split('\n')
    .filter(Boolean);
  return { name, ref1, ref2, expected: readFileSync(join(fixtures, 'cases', name, 'expected.txt'), 'utf8') };
});

describe('reachability diff against netpol-analyzer diff', () => {
  it('has at least ten upstream cases, some with changes and some reading the shared corpora', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
    expect(cases.filter((c) => c.expected !== '').length).toBeGreaterThanOrEqual(10);
    const fromShared = cases.flatMap((c) => [c.ref1, c.ref2]).filter((r) => inputDir(r).startsWith(shared));
    expect(fromShared.length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: the same text', (_name, c) => {
    const got = netpolDiffText(reachabilityDiff(analyze(inputDir(c.ref1)), analyze(inputDir(c.ref2))));
    expect(got).toBe(c.expected);
  });

  it('CLI: aipc check isolation --diff OLD NEW prints it, exit 0', async () => {
    const c = cases.find((x) => x.expected.includes('diff-type: changed'))!;
    const r = await runAipc(['check', 'isolation', '--diff', inputDir(c.ref1), inputDir(c.ref2)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(c.expected);
  });

  it('CLI: --diff with a missing or malformed input is bad input (exit 2, naming the file), never a partial diff', async () => {
    const missing = await runAipc(['check', 'isolation', '--diff', inputDir(cases[0].ref1), '/nonexistent/new.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('/nonexistent/new.yaml');
    expect(missing.stdout).toBe('');
    const bad = await runAipc(['check', 'isolation', '--diff', '-', inputDir(cases[0].ref2)], {
      input:
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec:\n  podSelector: {matchLabels: [x]}\n',
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/NetworkPolicy a\/p/);
    expect(bad.stdout).toBe('');
    const twice = await runAipc(['check', 'isolation', '--diff', '-', '-'], { input: '' });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/stdin/);
  });

  it('CLI: --diff takes exactly two inputs and no --manifests (exit 2)', async () => {
    const one = await runAipc(['check', 'isolation', '--diff', inputDir(cases[0].ref1)]);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/--diff takes two inputs/);
    const both = await runAipc([
      'check',
      'isolation',
      '--diff',
      inputDir(cases[0].ref1),
      inputDir(cases[0].ref2),
      '--manifests',
      inputDir(cases[0].ref1),
    ]);
    expect(both.code).toBe(2);
    expect(both.stdout).toBe('');
  });
});

describe('reachability lines for a reviewer', () => {
  it('a pair whose connections grow is "now reachable" with the allowing rule; one that shrinks, "no longer" with what denies it', () => {
    const c = cases.find((x) => x.ref1 === 'semanticDiff-same-topologies-old1' && x.ref2 === 'semanticDiff-same-topologies-new1')!;
    const lines = reachabilityLines(reachabilityDiff(analyze(inputDir(c.ref1)), analyze(inputDir(c.ref2))));
    const now = lines.filter((l) => l.reach === 'now');
    const gone = lines.filter((l) => l.reach === 'no-longer');
    expect(now.length).toBeGreaterThan(0);
    expect(gone.length).toBeGreaterThan(0);
    expect(lines.indexOf(now[now.length - 1])).toBeLessThan(lines.indexOf(gone[0]));
    for (const l of now) expect(l.text).toMatch(/^now reachable: \S+ → \S+ .*, allowed by /);
    for (const l of gone) expect(l.text).toMatch(/^no longer reachable: \S+ → \S+ .*, now /);
    // old1 → new1 widens query → ui to every port but TCP 8080 (now allowed by the new egress rule) and narrows ui → command
    expect(now).toEqual([
      expect.objectContaining({
        from: 'demo',
        to: 'demo',
        connections: 'SCTP 1-65535,TCP 1-8079,8081-65535,UDP 1-65535',
        because: ['NetworkPolicy demo/query-to-ui (egress rule #1)'],
        pairs: ['demo/cog-agents-account-query[DaemonSet] → demo/cog-agents-bank-ui[DaemonSet]'],
      }),
    ]);
    expect(gone).toEqual([
      expect.objectContaining({
        connections: 'SCTP 1-65535,TCP 1-8079,8081-9089,9091-65535,UDP 1-8079,8081-65535',
        pairs: ['demo/cog-agents-bank-ui[DaemonSet] → demo/cog-agents-account-command[DaemonSet]'],
      }),
    ]);
    expect(gone[0].because.join(' ')).toMatch(/NetworkPolicy 'demo\/ui-to-command' selects .*but the protocols and ports do not match/);
  });
});
