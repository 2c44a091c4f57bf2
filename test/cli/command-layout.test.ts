// The CLI's shape, kept by a test rather than by review: every verb lazily imports its one action
// module (which re-exports what the verb prints with), and actions are named after their verbs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as library from '../../src/index.js';

const COMMANDS = join(import.meta.dirname, '../../src/cli/commands');
const files = readdirSync(COMMANDS).filter((f) => f.endsWith('.ts'));

describe('commands: one lazy import each, of their action', () => {
  it.each(files)('%s', (file) => {
    const text = readFileSync(join(COMMANDS, file), 'utf8');
    const handlers = text.split('.action(').length - 1;
    const imports = [...text.matchAll(/await import\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]);
    expect(handlers, 'a command file registers at least one verb').toBeGreaterThan(0);
    // one import per verb handler, never a second one inside the same handler
    expect(imports.length, imports.join(', ')).toBe(handlers);
    // the verb's code is its action (completion's script is the CLI's own knowledge of itself)
    for (const target of imports) expect(target).toMatch(/^\.\.\/\.\.\/actions\/[\w-]+\.js$|^\.\.\/completion\.js$/);
  });
});

describe('actions are named runX after their verb', () => {
  it('every verb the CLI has is a runX export of the library', () => {
    const verbs = [
      'runBuild',
      'runGenerate',
      'runValues',
      'runRender',
      'runValidate',
      'runCheck',
      'runCheckIsolation',
      'runCheckPodSecurity',
      'runLint',
      'runDiff',
      'runExplain',
      'runCompat',
      'runChartPush',
      'runGitops',
      'runAirgapImages',
      'runAirgapBundle',
      'runAirgapVerify',
    ];
    const exported = Object.keys(library);
    expect(verbs.filter((v) => !exported.includes(v))).toEqual([]);
    for (const v of verbs) expect(typeof (library as Record<string, unknown>)[v]).toBe('function');
  });

  it.each(files.filter((f) => f !== 'completion.ts'))('%s calls a runX action', (file) => {
    const text = readFileSync(join(COMMANDS, file), 'utf8');
    const imports = [...text.matchAll(/const \{([^}]*)\}\s*=\s*await import\(\s*'\.\.\/\.\.\/actions\/[\w-]+\.js'/g)];
    expect(imports.length).toBe(text.split('.action(').length - 1);
    for (const [, names] of imports) expect(names.split(',').map((n) => n.trim())).toContainEqual(expect.stringMatching(/^run[A-Z]\w*$/));
  });
});
