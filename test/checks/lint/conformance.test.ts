// aipc lint against kube-linter's end-to-end tests and Polaris' check fixtures (../shared/lint-conformance):
// each case is linted with only its check enabled, as the corpus README says.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintObjects } from '../../../src/checks/lint/index.js';
import { packageRoot } from '../../../src/paths.js';
import { readManifestText } from '../../../src/io/manifests.js';

const root = join(packageRoot(), '..', 'shared', 'lint-conformance');
const dirs = (d: string): string[] =>
  readdirSync(d, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

function lint(file: string, check: string) {
  const read = readManifestText(readFileSync(file, 'utf8'), file);
  expect(read.diagnostics).toEqual([]);
  return lintObjects(read.objects, { include: [check] }).findings;
}

interface Expected {
  check: string;
  fixture: string;
  exitCode: number | null;
  count: number | null;
  /** `named`: the upstream test prints `Kind Name: message`, else `Kind: message`. */
  reports: (({ index: number; line: string } | { index: number; contains: string }) & { named?: boolean })[];
}

describe('kube-linter end-to-end cases', () => {
  for (const name of dirs(join(root, 'kube-linter'))) {
    it(name, () => {
      const expected = JSON.parse(readFileSync(join(root, 'kube-linter', name, 'expected.json'), 'utf8')) as Expected;
      const findings = lint(join(root, 'kube-linter', name, expected.fixture), expected.check);
      if (expected.count !== null) expect(findings.length).toBe(expected.count);
      if (expected.exitCode !== null) expect(findings.length > 0 ? 1 : 0).toBe(expected.exitCode);
      for (const r of expected.reports) {
        const f = findings[r.index];
        expect(f, `report ${r.index}`).toBeDefined();
        // the bats test prints "Kind: message", or "Kind Name: message" where the case says `named`
        const printed = r.named ? `${f.kind} ${f.name}: ${f.message}` : `${f.kind}: ${f.message}`;
        if ('line' in r) expect(printed).toBe(r.line);
        else expect(printed).toContain(r.contains);
      }
    });
  }
});

describe('Polaris check fixtures', () => {
  for (const check of dirs(join(root, 'polaris'))) {
    const dir = join(root, 'polaris', check);
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()) {
      it(`${check}/${file}`, () => {
        const findings = lint(join(dir, file), check);
        if (file.startsWith('failure')) expect(findings.length).toBeGreaterThan(0);
        else expect(findings.map((f) => f.message)).toEqual([]);
      });
    }
  }
});
