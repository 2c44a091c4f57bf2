// Each Kubernetes concept has one definition, in src/kube/ (or the one other home named below):
// a second pod-template table, container walk, quantity parser, DNS-1123 pattern, name-pattern
// matcher, field locator or path printer anywhere else in src/ fails this test, naming the file and line.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';

const root = packageRoot();

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (/\.ts$/.test(e.name) && !/\.generated\./.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const files = sources(join(root, 'src')).map((f) => ({ file: relative(root, f).replace(/\\/g, '/'), text: readFileSync(f, 'utf8') }));

/** Lines of files outside `home` that match `pattern`, as `file:line: text`. */
function outside(home: RegExp, pattern: RegExp): string[] {
  const hits: string[] = [];
  for (const { file, text } of files) {
    if (home.test(file)) continue;
    text.split('\n').forEach((line, i) => {
      if (pattern.test(line)) hits.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  return hits;
}

const KUBE = /^src\/kube\//;
const WORKLOAD_KIND = '(Pod|PodTemplate|Deployment|StatefulSet|DaemonSet|ReplicaSet|ReplicationController|Job|CronJob|DeploymentConfig)';

describe('one definition of each Kubernetes concept', () => {
  it('is scanning the sources (the rules below can fail)', () => {
    expect(files.some((f) => f.file === 'src/kube/workloads.ts' && /jobTemplate/.test(f.text))).toBe(true);
    expect(outside(/^$/, /'jobTemplate', 'spec', 'template'/)).not.toEqual([]);
  });

  it('where a kind keeps its pod template: kube/workloads.ts', () => {
    expect(outside(KUBE, /'jobTemplate',\s*'spec',\s*'template'/)).toEqual([]);
    expect(outside(KUBE, new RegExp(`\\b${WORKLOAD_KIND}\\s*:\\s*[[{][^\\n]*'template'`))).toEqual([]);
  });

  it('the container lists of a pod spec: kube/workloads.ts containersOf', () => {
    expect(outside(KUBE, /'initContainers'.*'containers'|'containers'.*'initContainers'|'ephemeralContainers'.*'containers'/)).toEqual([]);
  });

  it('quantities: kube/quantity.ts', () => {
    // a suffix table or a quantity grammar of one's own
    expect(outside(KUBE, /\bKi\s*:|'Ki'\s*:|\[KMGTPE\]i|Ki\|Mi\|Gi/)).toEqual([]);
  });

  it('DNS-1123 names: kube/names.ts', () => {
    expect(outside(KUBE, /\[a-z0-9\]\(\[(-a-z0-9|a-z0-9-)\.?\]\*\[a-z0-9\]\)/)).toEqual([]);
  });

  it('the name patterns of exceptions: kube/refs.ts', () => {
    expect(outside(KUBE, /\.split\('\*'\)/)).toEqual([]);
  });

  it('the field path printer: errors.ts formatPath', () => {
    expect(outside(/^src\/errors\.ts$/, /`\[\$\{JSON\.stringify\(/)).toEqual([]);
  });

  it('the field locator: io/locate.ts', () => {
    expect(outside(/^src\/io\/locate\.ts$/, /\.findLast\(\(p\) => .*\.key/)).toEqual([]);
    expect(outside(/^src\/io\//, /\bLineCounter\b/)).toEqual([]);
  });

  it('the stdin reader: io/stdin.ts (the CLI hands it process.stdin)', () => {
    expect(outside(/^src\/(io\/stdin|cli\/io)\.ts$/, /^(?!\s*\/\/).*(process\.stdin\b|readSync\(0|fstatSync\(0\))/)).toEqual([]);
  });

  it('user YAML is parsed in one place: src/io/', () => {
    // a parser call elsewhere would bypass the size, depth, alias and duplicate-key limits io/ enforces
    expect(outside(/^src\/io\//, /from '(yaml|js-yaml)'|import\('(yaml|js-yaml)'\)|require\('(yaml|js-yaml)'\)/)).toEqual([]);
  });

  it('the wording of a schema keyword failure: schemas/wording.ts (input files and manifests alike)', () => {
    // a second switch over ajv keywords, or a second list of type nouns, would be a second voice
    expect(outside(/^src\/schemas\/wording\.ts$/, /case '(enum|pattern|minimum|maxLength|minItems|const|format)':/)).toEqual([]);
    expect(outside(/^src\/schemas\/wording\.ts$/, /integer: 'an integer'|must match the pattern|must be one of \$\{list/)).toEqual([]);
  });
});
