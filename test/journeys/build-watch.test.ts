// `aipc build --watch`, as a platform engineer runs it: a real process (spawned: it runs until a
// signal), a folder of two sites, an edit to one profile. Exactly that site is rebuilt (one more
// Helm render, counted by a logging Helm shim), only the changed verdict lines are printed, and
// Ctrl-C ends it with 130 leaving no temporary behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pinnedHelmPath } from '../../src/helm/binary.js';
import { packageRoot } from '../../src/paths.js';
import { tempDir } from '../helpers.js';

const TENANT = `tenants:
  - name: team-north
    quota: {cpu: "4", memory: 8Gi, gpu: 1, pvcs: 2, pods: 10}
    budget: {maxTotalTokens: 1000, maxTotalCost: "10.00", maxConcurrentRuns: 1}
`;

/** A Helm that appends one line per `template` to a log, then runs the pinned Helm. */
function countingHelm(dir: string): { helm: string; log: string } {
  const log = join(dir, 'helm.log');
  const helm = join(dir, 'helm');
  writeFileSync(log, '');
  // with a file `slow` beside it, a render takes 5 s longer: long enough to be interrupted
  writeFileSync(
    helm,
    `#!/bin/sh\n[ "$1" = template ] && echo "$*" >> '${log}'\n[ -f '${join(dir, 'slow')}' ] && sleep 5\nexec '${pinnedHelmPath('helm4')}' "$@"\n`,
  );
  chmodSync(helm, 0o755);
  return { helm, log };
}

/** The process's stdout so far, and a wait for a pattern in it (the process's own pace: a loaded machine is slow). */
function follow(child: ChildProcess) {
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  return {
    text: () => out,
    until: (pattern: RegExp, from = 0) =>
      new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (pattern.test(out.slice(from))) {
            clearInterval(timer);
            resolve();
          } else if (child.exitCode !== null) {
            clearInterval(timer);
            reject(new Error(`exited ${child.exitCode} before ${pattern}:\n${out}`));
          }
        }, 50);
      }),
  };
}

describe('aipc build --watch', () => {
  it('rebuilds exactly the site a profile edit touches, prints what changed, and exits 130 on Ctrl-C mid-rebuild leaving no temporary', async () => {
    const root = tempDir('aipc-watch-');
    const sites = join(root, 'sites');
    const tmp = join(root, 'tmp');
    mkdirSync(sites);
    mkdirSync(tmp);
    writeFileSync(join(sites, 'north.yaml'), 'name: north\nextends: edge\nhardware:\n  gpuNodes: 4\n');
    writeFileSync(join(sites, 'north.tenants.yaml'), TENANT);
    writeFileSync(join(sites, 'south.yaml'), 'name: south\nextends: datacenter\n');
    const shim = countingHelm(root);
    const renders = () => readFileSync(shim.log, 'utf8').trim().split('\n').filter(Boolean);
    const child = spawn(
      process.execPath,
      [join(packageRoot(), 'bin/aipc.js'), 'build', '--watch', '--out', join(root, 'chart'), '--sites', sites],
      {
        cwd: root,
        env: { ...process.env, AIPC_HELM: shim.helm, TMPDIR: tmp, AIPC_DEBUG: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const out = follow(child);
    try {
      await out.until(/^watching /m);
      expect(out.text()).toMatch(/^\| north \(edge\) \| \d+ \| all valid \|/m);
      expect(renders()).toHaveLength(2);

      const mark = out.text().length;
      writeFileSync(join(sites, 'north.yaml'), 'name: north\nextends: edge\nhardware:\n  gpuNodes: 5\n');
      await out.until(/^rebuilt .*\n(?:[-+] .*\n)*/m, mark);
      // let a second (wrong) rebuild show itself: the debounce is 150 ms, a rebuild a few seconds
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const after = out.text().slice(mark);
      expect(after.match(/^watch .*$/gm)).toEqual([`watch     ${join('sites', 'north.yaml')} changed: north`]);
      expect(after.match(/^rebuilt .*$/gm)).toHaveLength(1);
      expect(after).toMatch(/^rebuilt +north \(\d+ ms\)$/m);
      // the one verdict that changed, old and new; nothing of south, no summary table again
      expect(after).toMatch(/^- north \(edge\): +models\.primary = .* 4 nodes$/m);
      expect(after).toMatch(/^\+ north \(edge\): +models\.primary = .* 5 nodes$/m);
      expect(after).not.toContain('south');
      expect(after).not.toContain('| tier |');
      expect(renders()).toHaveLength(3);
      expect(renders()[2]).toContain('values-north.yaml');

      // a file in the folder that is no site's input is not a rebuild
      writeFileSync(join(sites, 'notes.txt'), 'not an input\n');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(renders()).toHaveLength(3);

      // Ctrl-C in the middle of a rebuild: Helm stopped, the rebuild's temporary directory removed
      writeFileSync(join(root, 'slow'), '');
      const mid = out.text().length;
      writeFileSync(join(sites, 'south.yaml'), 'name: south\nextends: datacenter\nhardware:\n  gpuNodes: 7\n');
      await out.until(/^watch .* changed: south$/m, mid);
      while (renders().length < 4) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(readdirSync(tmp).length).toBeGreaterThan(0);
    } finally {
      child.kill('SIGINT');
    }
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code, out.text()).toBe(130);
    expect(out.text()).toMatch(/^aipc: interrupted \(SIGINT\); removed \d+ temporary/m);
    // every build's work directory is gone
    expect(readdirSync(tmp)).toEqual([]);
  });
});
