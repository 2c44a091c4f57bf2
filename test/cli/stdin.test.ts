// Every command that takes `-` reads stdin through the one reader (io/stdin.ts): the same stream
// gives the same objects whatever the command, an empty pipe is "no input" (exit 2), and `-`
// twice is refused.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAipc } from '../support/cli.js';
import { tempDir } from '../helpers.js';

const POD = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: web',
  '  namespace: ai',
  'spec:',
  '  containers:',
  '  - name: web',
  '    image: registry.example/web:1.0',
  '',
].join('\n');

/** Each command, and what its report says about the piped Pod. */
const COMMANDS: readonly (readonly [string, readonly string[], RegExp])[] = [
  ['validate', ['validate', '-'], /1 resources: 1 valid/],
  ['lint', ['lint', '-'], /web/],
  ['check pod-security', ['check', 'pod-security', '--manifests', '-'], /Pod\/ai\/web/],
  ['check isolation', ['check', 'isolation', '--manifests', '-'], /\bai\b/],
  ['diff', ['diff', '-', 'SAME'], /^/],
  ['airgap images', ['airgap', 'images', '--manifests', '-'], /registry\.example\/web:1\.0/],
];

describe('stdin for every command that takes -', () => {
  it.each(COMMANDS)('%s reads the piped stream', async (_name, args, says) => {
    const same = join(tempDir(), 'pod.yaml');
    writeFileSync(same, POD);
    const r = await runAipc(
      args.map((a) => (a === 'SAME' ? same : a)),
      { input: POD },
    );
    expect(r.stderr).not.toMatch(/stdin was not read|no input/);
    expect(r.code, r.stderr).not.toBe(2);
    // the object read from stdin is the one the report is about (diff: the same object on both sides)
    expect(r.stdout + r.stderr).toMatch(says);
    if (args[0] === 'diff') expect(r.code).toBe(0);
  });

  it.each(COMMANDS)('%s: an empty pipe is no input (exit 2)', async (_name, args) => {
    const r = await runAipc(
      args.map((a) => (a === 'SAME' ? '-' : a)).filter((a, i, all) => a !== '-' || all.indexOf('-') === i),
      {
        input: '',
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no input|stdin was empty/);
  });

  it('refuses - twice', async () => {
    const r = await runAipc(['diff', '-', '-'], { input: POD });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/may be given only once/);
  });
});
