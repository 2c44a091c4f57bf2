// Every regular-expression literal in src/, and every `pattern` of the JSON Schemas, meets adversarial text of up to 10,000 characters in
// bounded time. The inputs are built from each pattern's own characters (pumped pairs of them, then
// a character that makes the match fail), which is how backtracking blow-ups are triggered: the
// old "only comments?" test /^(\s*#.*\n?)*\s*$/ doubled its time with each "#\n" and is the control
// case below. Lengths grow step by step so an exponential pattern fails fast instead of hanging.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { onlyComments } from '../../src/io/yaml-read.js';

const MAX_LENGTH = 10_000;
/** One run of one input may take this long; linear patterns take microseconds at 10,000 characters. */
const BUDGET_MS = 150;

interface Literal {
  where: string;
  source: string;
  flags: string;
}

function regexLiterals(): Literal[] {
  const root = packageRoot();
  const found: Literal[] = [];
  const files = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => join(root, 'src', f));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText(sf);
        const end = literal.lastIndexOf('/');
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        found.push({ where: `${relative(root, file)}:${line + 1}`, source: literal.slice(1, end), flags: literal.slice(end + 1) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

/** The `pattern`s of the JSON Schemas that check what people write (ajv runs them as JavaScript regexes). */
function schemaPatterns(): Literal[] {
  const root = packageRoot();
  const files = [
    'charts/ai-platform/values.schema.json',
    ...readdirSync(join(root, 'src/schemas'))
      .filter((f) => f.endsWith('.schema.json'))
      .map((f) => `src/schemas/${f}`),
  ];
  const found = new Map<string, Literal>();
  const visit = (node: unknown, file: string): void => {
    if (Array.isArray(node)) node.forEach((n) => visit(n, file));
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'pattern' && typeof value === 'string') found.set(value, { where: file, source: value, flags: 'u' });
        else visit(value, file);
      }
    }
  };
  for (const file of files) visit(JSON.parse(readFileSync(join(root, file), 'utf8')), file);
  return [...found.values()];
}

/** Characters a pattern can be pumped with: its literal characters and a member of each class it names. */
function atoms(source: string): string[] {
  const set = new Set<string>([' ', 'a', '1', '\n', '#', '.', '-', '/', ':', '"', '=']);
  const classes: Record<string, string[]> = { s: [' ', '\t', '\n'], d: ['1'], w: ['a', '_'], S: ['x'], D: ['x'], W: ['-'] };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\' && i + 1 < source.length) {
      const next = source[++i]!;
      for (const a of classes[next] ?? (/[a-zA-Z0-9]/.test(next) ? [] : [next])) set.add(a);
    } else if (!'^$()[]{}|*+?'.includes(c)) {
      set.add(c);
    }
  }
  return [...set].slice(0, 14);
}

function inputs(source: string): Array<(n: number) => string> {
  const as = atoms(source);
  const out: Array<(n: number) => string> = [];
  for (const a of as) {
    out.push((n) => a.repeat(n) + '\u0000');
    for (const b of as) if (a !== b) out.push((n) => (a + b).repeat(Math.ceil(n / 2)) + '\u0000');
  }
  return out;
}

/** The slowest run at any length up to 10,000 characters; stops at the first run over budget. */
function worstRun(re: RegExp, input: (n: number) => string): { ms: number; length: number } {
  let worst = { ms: 0, length: 0 };
  // small steps while short, so an exponential pattern overshoots the budget by a factor of about 4 at most
  for (let n = 4; ; n = n < 64 ? n + 2 : Math.min(MAX_LENGTH, Math.ceil(n * 1.5))) {
    const text = input(n);
    // the fastest of up to three runs: a busy machine can pause one run, a blow-up is slow every time
    let ms = Infinity;
    for (let attempt = 0; attempt < 3 && ms > BUDGET_MS; attempt++) {
      re.lastIndex = 0;
      const start = performance.now();
      re.test(text);
      ms = Math.min(ms, performance.now() - start);
    }
    if (ms > worst.ms) worst = { ms, length: text.length };
    if (ms > BUDGET_MS || n === MAX_LENGTH) return worst;
  }
}

describe('regular expressions on adversarial input', () => {
  it('the pumping inputs catch the old exponential comments test (the control)', () => {
    const old = /^(\s*#.*\n?)*\s*$/;
    const caught = inputs(old.source)
      .map((input) => () => worstRun(old, input))
      .reduce<{ ms: number; length: number } | undefined>((found, run) => found ?? [run()].find((r) => r.ms > BUDGET_MS), undefined);
    expect(caught?.length).toBeLessThan(200);
  });

  it('the comments test that replaced it is linear and answers as before', () => {
    const comments = '# a comment line\n'.repeat(5_000);
    const start = performance.now();
    expect(onlyComments(comments + '\n   \n')).toBe(true);
    expect(onlyComments(comments + 'key: value\n')).toBe(false);
    expect(performance.now() - start).toBeLessThan(BUDGET_MS);
    expect(onlyComments('  # indented\r\n\t\n')).toBe(true);
    expect(onlyComments('')).toBe(true);
    expect(onlyComments('a: 1 # trailing comment')).toBe(false);
  });

  const literals = [...regexLiterals(), ...schemaPatterns()];
  it('finds the regular expressions of src/ and the schemas', () => {
    expect(literals.some((l) => l.where.startsWith('src/io/'))).toBe(true);
    expect(literals.some((l) => l.where.endsWith('values.schema.json'))).toBe(true);
  });

  it('every regular expression of src/ and the schemas stays within budget on every pumping input', () => {
    const slow: string[] = [];
    for (const literal of literals) {
      const re = new RegExp(literal.source, literal.flags);
      for (const input of inputs(literal.source)) {
        const run = worstRun(re, input);
        if (run.ms > BUDGET_MS) {
          slow.push(`${literal.where} /${literal.source}/${literal.flags}: ${run.ms.toFixed(0)} ms at ${run.length} characters`);
          break;
        }
      }
    }
    expect(slow).toEqual([]);
  });
});
