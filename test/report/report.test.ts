// The report contract: every area prints through one table of formatters, the CLI offers exactly
// the table's formats, and problems placed in files point at the field's line.
import { describe, expect, it } from 'vitest';
import { readManifestText } from '../../src/io/manifests.js';
import { validateObjects } from '../../src/validate/validator.js';
import { VALIDATION_FORMATTERS, validationProblems } from '../../src/validate/format.js';
import { lintObjects } from '../../src/checks/lint/run.js';
import { LINT_FORMATTERS, lintProblems } from '../../src/checks/lint/format.js';
import { checkPodSecurity } from '../../src/checks/pod-security/check.js';
import { POD_SECURITY_FORMATTERS, podSecurityProblems } from '../../src/checks/pod-security/format.js';
import { checkIsolation } from '../../src/checks/isolation/index.js';
import { ISOLATION_FORMATTERS } from '../../src/checks/isolation/format.js';
import { CHECKLIST_FORMATTERS } from '../../src/checks/checklist/format.js';
import { COMPAT_FORMATTERS } from '../../src/compat/format.js';
import { DIFF_FORMATTERS } from '../../src/diff/format.js';
import { BASE_FORMATS, formatNames, type Formatters, type LocatedProblem } from '../../src/report/index.js';
import { runAipc } from '../support/cli.js';

const STREAM = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: "two"
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx
          securityContext:
            privileged: true
`;
const objects = readManifestText(STREAM, 'stream.yaml').objects;
const lines = STREAM.split('\n');

const tables: [string, Formatters<never, string>][] = [
  ['validate', VALIDATION_FORMATTERS],
  ['lint', LINT_FORMATTERS],
  ['check pod-security', POD_SECURITY_FORMATTERS],
  ['check isolation', ISOLATION_FORMATTERS],
  ['check', CHECKLIST_FORMATTERS],
  ['compat', COMPAT_FORMATTERS],
  ['diff', DIFF_FORMATTERS],
];

describe('formatter tables', () => {
  it.each(tables)('%s offers text, markdown and json', (_area, table) => {
    expect(formatNames(table)).toEqual(expect.arrayContaining([...BASE_FORMATS]));
  });

  it.each(tables)('aipc %s --format accepts exactly the table formats', async (area, table) => {
    const args = [...area.split(' '), ...(area === 'check' ? ['--tier', 'edge'] : []), '--format', 'nope'];
    const r = await runAipc(args);
    expect(r.code).toBe(2);
    const offered = /--format must be one of (.*); got "nope"/.exec(r.stderr);
    expect(offered, r.stderr).not.toBeNull();
    expect(offered![1].split(', ').sort()).toEqual(formatNames(table).sort());
  });
});

describe('located problems', () => {
  const reports: [string, () => LocatedProblem[], string][] = [
    ['validate', () => validationProblems(validateObjects(objects)), 'replicas'],
    ['lint', () => lintProblems(lintObjects(objects)), 'privileged'],
    ['pod-security', () => podSecurityProblems(checkPodSecurity(objects)), 'privileged'],
  ];
  it.each(reports)('%s: each problem names its file, rule and the line of its field', (_area, problems, field) => {
    const found = problems();
    expect(found.length).toBeGreaterThan(0);
    for (const p of found) {
      expect(p.file).toBe('stream.yaml');
      expect(p.rule).not.toBe('');
      expect(p.line).toBeGreaterThanOrEqual(1);
    }
    const at = found.find((p) => p.path.endsWith(field));
    expect(at, JSON.stringify(found)).toBeDefined();
    expect(lines[at!.line - 1]).toContain(field);
  });

  it('a clean stream has none', () => {
    const clean = readManifestText('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n', 'c.yaml').objects;
    expect(validationProblems(validateObjects(clean))).toEqual([]);
    expect(podSecurityProblems(checkPodSecurity(clean))).toEqual([]);
  });
});

describe('formats print the same report', () => {
  it('validate: markdown lists every problem the text lists; json parses', () => {
    const report = validateObjects(objects);
    const text = VALIDATION_FORMATTERS.text(report);
    const markdown = VALIDATION_FORMATTERS.markdown(report);
    expect(JSON.parse(VALIDATION_FORMATTERS.json(report)).summary.invalid).toBe(1);
    for (const p of validationProblems(report)) {
      expect(text).toContain(p.path);
      expect(markdown).toContain(p.path);
    }
    expect(markdown.endsWith('\n')).toBe(true);
  });

  it('isolation: mermaid is the graph markdown embeds', () => {
    const report = checkIsolation([...objects]);
    const graph = ISOLATION_FORMATTERS.mermaid(report).trim();
    expect(ISOLATION_FORMATTERS.markdown(report)).toContain(graph);
  });
});
