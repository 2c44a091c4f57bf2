// The README promises a file's errors in file order: the schema checker reports in the schema's
// order (a tenant's `name` before its `quota`), a person reads top to bottom.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inFileOrder, InputError } from '../../src/errors.js';
import { runAipc } from '../support/cli.js';
import { tempDir } from '../helpers.js';

/** `file:line:col` positions of the diagnostics printed for `file`, in the order printed. */
const positions = (stderr: string, file: string) =>
  [...stderr.matchAll(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):(\\d+):`, 'g'))].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
const ascending = (ps: number[][]) => ps.every((p, i) => i === 0 || ps[i - 1][0] < p[0] || (ps[i - 1][0] === p[0] && ps[i - 1][1] <= p[1]));

describe('errors of one file come in file order', () => {
  it('a tenant whose quota comes before its name: the quota errors first, as the file reads', async () => {
    const dir = tempDir();
    const file = join(dir, 't.yaml');
    writeFileSync(
      file,
      'tenants:\n  - quota: {gpu: 2.5, cpu: ten, memory: 20GB}\n    name: Team-A\n  - name: ok-team\n    quota: {gpu: -1}\n',
    );
    const r = await runAipc(['values', '--tier', 'edge', '--tenants', file], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    const ps = positions(r.stderr, 't.yaml');
    expect(ps.length, r.stderr).toBeGreaterThanOrEqual(4);
    expect(ascending(ps), r.stderr).toBe(true);
    // the name error (line 3) follows the three quota errors of line 2
    expect(ps.findIndex((p) => p[0] === 3)).toBeGreaterThan(ps.findIndex((p) => p[0] === 2));
  });

  it('a profile whose later fields are wrong first in the schema', async () => {
    const dir = tempDir();
    const file = join(dir, 'site.yaml');
    writeFileSync(file, 'extends: edge\nname: site\nregistry: {type: local, url: 5}\nhardware: {gpuNodes: many}\nmemoryPerPod: lots\n');
    const r = await runAipc(['values', '--tier', file], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    const ps = positions(r.stderr, 'site.yaml');
    expect(ps.length, r.stderr).toBeGreaterThanOrEqual(2);
    expect(ascending(ps), r.stderr).toBe(true);
  });

  it('files keep the order they were first named in; positions order within each; stable for equal ones', () => {
    const d = (file: string, line?: number, column?: number, message = 'm') => ({ file, line, column, message });
    const given = [d('b', 5, 1), d('a', 9), d('b', 2, 7), d('a', 1, 1), d('b', 2, 7, 'second'), d('a')];
    expect(inFileOrder(given)).toEqual([d('b', 2, 7), d('b', 2, 7, 'second'), d('b', 5, 1), d('a'), d('a', 1, 1), d('a', 9)]);
    expect(new InputError(given).message.split('\n')[0]).toBe('b:2:7: m');
  });
});
