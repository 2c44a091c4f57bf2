// The engine against np-guard/netpol-analyzer's own results on real cases (Apache-2.0):
// ../shared/netpol-conformance (NetworkPolicies) and ../shared/netpol-admin (with
// AdminNetworkPolicy and BaselineAdminNetworkPolicy). Line sets must be equal.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeReachability, connectionLines } from '../../../src/checks/isolation/engine.js';
import { readManifestInputs } from '../../../src/io/manifests.js';
import { packageRoot } from '../../../src/paths.js';

const shared = join(packageRoot(), '..', 'shared');
const listCases = (corpus: string): string[] =>
  existsSync(corpus)
    ? readdirSync(corpus, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];

describe.each([
  ['netpol-analyzer conformance (NetworkPolicy)', 'netpol-conformance'],
  ['netpol-analyzer conformance (AdminNetworkPolicy, BaselineAdminNetworkPolicy)', 'netpol-admin'],
])('%s', (_title, folder) => {
  const corpus = join(shared, folder);
  const cases = listCases(corpus);
  it('finds the corpus', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases)('%s: reproduces every connection line exactly', (name) => {
    const { objects, diagnostics } = readManifestInputs([join(corpus, name, 'input')]);
    expect(diagnostics).toEqual([]);
    const result = analyzeReachability(objects);
    expect(result.model.errors).toEqual([]);
    const got = new Set(connectionLines(result));
    const expected = new Set(
      readFileSync(join(corpus, name, 'expected.txt'), 'utf8')
        .split(/\r?\n/)
        .filter(Boolean),
    );
    const missing = [...expected].filter((l) => !got.has(l));
    const extra = [...got].filter((l) => !expected.has(l));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });
});
