// The manifest reader against the reference: kubectl v1.35 (pinned, offline) decodes the same
// files, and aipc must produce the same objects — the objects every check judges. A corpus of
// tricky documents (test/fixtures/kube-yaml) plus generated documents (fast-check, fixed seed).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readManifestText } from '../../src/io/manifests.js';
import { decodeCounts } from '../../src/io/kube-yaml.js';
import { packageRoot } from '../../src/paths.js';
import { tempDir } from '../helpers.js';
import { kubectlDecode, stripProbe } from '../support/kubectl.js';

const CORPUS = join(packageRoot(), 'test/fixtures/kube-yaml');

/** aipc's reading of each file of `dir`, in kubectl's order (path order). */
function aipcDecode(dir: string, skip: Set<string>) {
  const objects: unknown[] = [];
  const diagnosed = new Set<string>();
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name);
    const result = readManifestText(readFileSync(file, 'utf8'), file);
    if (result.diagnostics.length) diagnosed.add(file);
    if (!skip.has(file)) objects.push(...result.objects.map((m) => stripProbe(structuredClone(m.object))));
  }
  return { objects, diagnosed };
}

function compare(dir: string) {
  const k = kubectlDecode(dir);
  const a = aipcDecode(dir, k.refused);
  // every file kubectl refuses or cannot fully decode, aipc reports
  for (const f of [...k.refused, ...k.undecodable]) expect(a.diagnosed, `aipc accepts ${f}; kubectl: ${k.stderr}`).toContain(f);
  expect(a.objects).toEqual(k.objects);
  return { kubectl: k, aipc: a };
}

describe('the manifest reader decodes what kubectl decodes', () => {
  it('the corpus of tricky documents', () => {
    const { kubectl } = compare(CORPUS);
    // the corpus exercises both outcomes: accepted documents and refused files
    expect(kubectl.objects.length).toBeGreaterThan(20);
    expect(kubectl.refused.size).toBeGreaterThan(5);
  });

  it('the readings that change verdicts', () => {
    const read = (f: string) => readManifestText(readFileSync(join(CORPUS, f), 'utf8'), f).objects.map((m) => m.object);
    const [pod] = read('pod-yes.yaml') as {
      spec: Record<string, unknown> & { containers: { securityContext: Record<string, unknown> }[] };
    }[];
    expect(pod.spec.hostNetwork).toBe(true);
    expect(pod.spec.containers[0].securityContext.privileged).toBe(true);
    const [np] = read('networkpolicy-merge.yaml') as { spec: { ingress: unknown[] } }[];
    expect(np.spec.ingress).toEqual([{}]);
    expect(read('doc-end.yaml').map((o) => (o.metadata as { name: string }).name)).toEqual(['doc-end-1', 'doc-end-2', 'doc-end-3']);
  });

  it('says what kubectl reads silently: duplicate keys and content after `...`', () => {
    const dup = readManifestText(readFileSync(join(CORPUS, 'duplicates.yaml'), 'utf8'), 'duplicates.yaml');
    expect(dup.diagnostics.map((d) => `${d.line}:${d.column}`)).toEqual(['7:3', '8:18', '10:3', '13:1']);
    expect(dup.diagnostics[0].message).toMatch(/duplicate key "a": Kubernetes keeps only the last one/);
    const end = readManifestText(readFileSync(join(CORPUS, 'doc-end.yaml'), 'utf8'), 'doc-end.yaml');
    expect(end.diagnostics).toEqual([
      expect.objectContaining({ line: 6, message: expect.stringMatching(/after a `\.\.\.` line is never read by kubectl/) }),
    ]);
  });

  it('takes the reference path only for documents with tags or merge keys, not for a `!` inside a string', () => {
    const count = (text: string) => {
      const before = { ...decodeCounts };
      readManifestText(text, 'x.yaml');
      return { fast: decodeCounts.fast - before.fast, reference: decodeCounts.reference - before.reference };
    };
    // the second document has a tagged key and a `<<` key
    expect(count(readFileSync(join(CORPUS, 'bang-in-strings.yaml'), 'utf8'))).toEqual({ fast: 1, reference: 1 });
    // the chart's CRDs carry CEL rules such as `!has(oldSelf.x)`: all on the fast path
    const crds = join(packageRoot(), 'charts/ai-platform/crds');
    const files = readdirSync(crds);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(count(readFileSync(join(crds, f), 'utf8')), f).toEqual({ fast: 1, reference: 0 });
  });

  it('generated documents: scalars in every YAML 1.1 spelling, merge keys, anchors (fast-check)', () => {
    const runs = Number(process.env.AIPC_PROPERTY_RUNS ?? 300);
    const seed = Number(process.env.AIPC_PROPERTY_SEED ?? 20261201);
    const docs = fc.sample(documentArb, { numRuns: runs, seed });
    const dir = tempDir();
    docs.forEach((text, i) => writeFileSync(join(dir, `p${String(i).padStart(5, '0')}.yaml`), text.replaceAll('NAME', `p-${i}`)));
    const { kubectl } = compare(dir);
    // the generator stays inside what kubectl accepts, so the comparison covers every document
    expect(kubectl.refused.size).toBe(0);
    expect(kubectl.objects).toHaveLength(runs);
  });
});

// --- generated documents -------------------------------------------------------------------------

const cases = (words: string[]) =>
  words.flatMap((w) => [w, w.toUpperCase(), w[0].toUpperCase() + w.slice(1), w.replace(/./g, (c, i) => (i % 2 ? c.toUpperCase() : c))]);
const scalarText = fc.oneof(
  fc.constantFrom(...cases(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']), '~', ''),
  fc.constantFrom(
    '0755',
    '0o17',
    '0x1F',
    '0b101',
    '-0b11',
    '1_000',
    '+12',
    '-0',
    '08',
    '1e3',
    '1.5e+3',
    '1.',
    '.5',
    '-.5',
    '+.5',
    '190:20:30',
    '12:30:00',
  ),
  fc.constantFrom(
    '2024-01-01',
    '2024-1-1',
    '2024-02-30',
    '9223372036854775808',
    '18446744073709551616',
    '1e400',
    '0x',
    'a b',
    'yes please',
    '<<x',
  ),
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }).map((d) => String(d)),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
);
const PLAIN_SAFE = /^[A-Za-z0-9.+~_][A-Za-z0-9 .+~_:<-]*$/;
/** A scalar written plain (when YAML allows), single- or double-quoted, or tagged `!!str`. */
const scalar = fc.tuple(scalarText, fc.constantFrom('plain', 'plain', 'plain', 'single', 'double', 'str')).map(([t, style]) => {
  const plainOk = t === '' || (PLAIN_SAFE.test(t) && !/: |:$| $/.test(t));
  if (style === 'single' || (!plainOk && style === 'plain')) return `'${t}'`;
  if (style === 'double') return JSON.stringify(t);
  if (style === 'str') return `!!str ${plainOk && t !== '' ? t : `'${t}'`}`;
  return t;
});
const key = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'd', 'yes', 'on', 'n', 'Off', '1', '0x10', '1.5', '1e3', '"yes"', "'01'"),
  fc.stringMatching(/^k[a-z]{0,4}$/),
);

type Tree = string | { map: [string, Tree][] } | { seq: Tree[] };
const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.record({ map: fc.uniqueArray(fc.tuple(key, tie('t')), { maxLength: 4, selector: ([k]) => k }) }),
    fc.record({ seq: fc.array(tie('t'), { maxLength: 3 }) }),
  ),
})).t;

function flow(t: Tree): string {
  if (typeof t === 'string') return t === '' ? "''" : t;
  if ('seq' in t) return `[${t.seq.map(flow).join(', ')}]`;
  return `{${t.map.map(([k, v]) => `${k}: ${flow(v)}`).join(', ')}}`;
}

/** Block style where a person would write it; anchors, aliases and merge keys mixed in by `extras`. */
function block(t: Tree, indent: string): string {
  if (typeof t === 'string') return ` ${t}\n`;
  if ('seq' in t) return t.seq.length ? `\n${t.seq.map((v) => `${indent}- ${flow(v)}\n`).join('')}` : ' []\n';
  if (!t.map.length) return ' {}\n';
  return `\n${t.map.map(([k, v]) => `${indent}${k}:${block(v, `${indent}  `)}`).join('')}`;
}

const documentArb = fc
  .record({
    anchored: fc.array(fc.record({ map: fc.uniqueArray(fc.tuple(key, tree), { minLength: 1, maxLength: 3, selector: ([k]) => k }) }), {
      minLength: 1,
      maxLength: 3,
    }),
    body: fc.uniqueArray(fc.tuple(key, tree), { maxLength: 5, selector: ([k]) => k }),
    merges: fc.array(
      fc.oneof(
        fc.nat(2).map((i) => ({ alias: i })),
        fc.array(fc.nat(2), { minLength: 1, maxLength: 3 }).map((l) => ({ list: l })),
      ),
      { maxLength: 2 },
    ),
    mergeFirst: fc.boolean(),
    scalarAlias: fc.option(scalar, { nil: undefined }),
  })
  .map(({ anchored, body, merges, mergeFirst, scalarAlias }) => {
    const anchors = anchored.map((m, i) => `  a${i}: &a${i} ${flow(m)}\n`).join('');
    const n = anchored.length;
    const mergeLines = merges.map((m) =>
      'alias' in m ? `  <<: *a${m.alias % n}\n` : `  <<: [${m.list.map((i) => `*a${i % n}`).join(', ')}]\n`,
    );
    // keys are unique in every mapping: a repeated key is a finding in aipc, not a reading
    const unique = body.map(([k, v]) => `  ${k}:${block(v, '    ')}`);
    const spec = mergeFirst ? [...mergeLines, ...unique] : [...unique, ...mergeLines];
    const alias = scalarAlias === undefined ? '' : `s: &s ${scalarAlias}\nt: *s\n`;
    return `apiVersion: test.aipc/v1\nkind: Case\nmetadata:\n  name: NAME\nanchors:\n${anchors}${alias}spec:\n${spec.join('') || '  {}\n'}`.replace(
      /spec:\n {2}\{\}\n$/,
      'spec: {}\n',
    );
  });
