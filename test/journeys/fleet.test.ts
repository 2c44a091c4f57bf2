// Fleet mode: one process over many sites (`--tier` repeated, `--sites DIR`). The guard that does
// not depend on timing: Helm is replaced by a shim that logs each spawn's start and end in order,
// so the test counts renders (each site exactly once) and sees them overlap (two in flight), and
// never more in flight than the render limiter allows.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pinnedHelmPath } from '../../src/helm/binary.js';
import { sitesInFolder } from '../../src/tiers/sites.js';
import { runAipc } from '../support/cli.js';
import { tempDir } from '../helpers.js';

const TENANT = `tenants:
  - name: team-north
    quota: {cpu: "4", memory: 8Gi, gpu: 1, pvcs: 2, pods: 10}
    budget: {maxTotalTokens: 1000, maxTotalCost: "10.00", maxConcurrentRuns: 1}
`;

/** A sites folder: `north` (edge, with its tenants), `south` (datacenter), and a shared base in a sub-folder. */
function sitesFolder(extra: Record<string, string> = {}): string {
  const dir = join(tempDir('aipc-fleet-'), 'sites');
  mkdirSync(join(dir, 'bases'), { recursive: true });
  writeFileSync(join(dir, 'bases', 'edge-base.yaml'), 'extends: edge\nhardware:\n  gpuNodes: 4\n');
  writeFileSync(join(dir, 'north.yaml'), 'name: north\nextends: ./bases/edge-base.yaml\n');
  writeFileSync(join(dir, 'north.tenants.yaml'), TENANT);
  writeFileSync(join(dir, 'south.yaml'), 'name: south\nextends: datacenter\n');
  for (const [file, text] of Object.entries(extra)) writeFileSync(join(dir, file), text);
  return dir;
}

/**
 * A Helm that logs `start <n> <args>` and `end <n>` around the real one. A `template` waits (up to
 * 20 s) until a second template has started or it is the last site's, so overlap is observed, not
 * raced: a run that rendered one site after the other would log start, end, start, end.
 */
function helmShim(expectedRenders: number): { helm: string; log: string } {
  const dir = tempDir('aipc-helm-shim-');
  const log = join(dir, 'helm.log');
  const helm = join(dir, 'helm');
  writeFileSync(log, '');
  writeFileSync(
    helm,
    `#!/bin/sh
log='${log}'
id=$$
echo "start $id $*" >> "$log"
if [ "$1" = template ]; then
  i=0
  while [ $i -lt 400 ]; do
    n=$(grep -c '^start .* template ' "$log")
    [ "$n" -ge 2 ] || [ "$n" -ge ${expectedRenders} ] && break
    sleep 0.05
    i=$((i + 1))
  done
fi
'${pinnedHelmPath('helm4')}' "$@"
rc=$?
echo "end $id" >> "$log"
exit $rc
`,
  );
  chmodSync(helm, 0o755);
  return { helm, log };
}

/** The template spawns in the log, and the most of them in flight at once. */
function spawnsOf(log: string): { templates: string[]; maxInFlight: number } {
  const lines = readFileSync(log, 'utf8').trim().split('\n');
  const templates = lines.filter((l) => /^start \d+ template /.test(l));
  const templateIds = new Set(templates.map((l) => l.split(' ')[1]));
  let inFlight = 0;
  let maxInFlight = 0;
  for (const l of lines) {
    const [event, id] = l.split(' ');
    if (!templateIds.has(id)) continue;
    inFlight += event === 'start' ? 1 : -1;
    maxInFlight = Math.max(maxInFlight, inFlight);
  }
  return { templates, maxInFlight };
}

describe('fleet mode', () => {
  it('lists a folder: every profile with its <site>.tenants.yaml, sub-folders left alone, by name', () => {
    const dir = sitesFolder();
    expect(sitesInFolder(dir)).toEqual([
      { name: 'north', tier: join(dir, 'north.yaml'), tenantsFile: join(dir, 'north.tenants.yaml') },
      { name: 'south', tier: join(dir, 'south.yaml') },
    ]);
  });

  it('refuses a tenant list that names no site, and two sites of one name', async () => {
    const dir = sitesFolder({ 'nort.tenants.yaml': TENANT });
    const orphan = await runAipc(['values', '--sites', dir]);
    expect(orphan.code).toBe(2);
    expect(orphan.stderr).toContain(`${join(dir, 'nort.tenants.yaml')}: a tenant list for site "nort", but`);
    const twice = await runAipc(['values', '--tier', 'edge', '--tier', 'edge']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('two sites are named "edge"');
  });

  it('check --sites renders each site exactly once, two renders in flight, never more than the limit', async () => {
    const dir = sitesFolder({ 'east.yaml': 'name: east\nextends: connected\n' });
    const sites = sitesInFolder(dir);
    const shim = helmShim(sites.length);
    const r = await runAipc(['check', '--sites', dir, '--format', 'json'], { env: { AIPC_HELM: shim.helm, AIPC_JOBS: '2' } });
    expect(r.code, r.stderr).toBe(0);
    const { templates, maxInFlight } = spawnsOf(shim.log);
    // one render per site, each with its own compiled values file
    expect(templates).toHaveLength(sites.length);
    for (const site of ['north', 'south', 'east'])
      expect(
        templates.filter((t) => t.includes(`/values-${site}.yaml`)),
        site,
      ).toHaveLength(1);
    expect(maxInFlight).toBe(2);
    const json = JSON.parse(r.stdout) as { exitCode: number; sites: { site: string; exitCode: number; result: { ok: boolean } }[] };
    expect(json.exitCode).toBe(0);
    expect(json.sites.map((s) => [s.site, s.exitCode, s.result.ok])).toEqual([
      ['east', 0, true],
      ['north', 0, true],
      ['south', 0, true],
    ]);
  });

  it('build --tier repeated builds each site once, concurrently, with a summary row per site', async () => {
    const dir = sitesFolder();
    const shim = helmShim(2);
    const out = join(tempDir(), 'chart');
    const r = await runAipc(['build', '--out', out, '--tier', join(dir, 'north.yaml'), '--tier', 'datacenter'], {
      env: { AIPC_HELM: shim.helm, AIPC_JOBS: '2' },
    });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const { templates, maxInFlight } = spawnsOf(shim.log);
    expect(templates).toHaveLength(2);
    expect(maxInFlight).toBe(2);
    expect(r.stdout).toMatch(/^\| north \(edge\) \| \d+ \| all valid \| restricted \| 0 findings \| 13 PASS, 3 SKIP \|$/m);
    expect(r.stdout).toMatch(/^\| datacenter \| \d+ \| all valid \|/m);
    expect(r.stdout.trimEnd().endsWith('build: OK')).toBe(true);
  });

  it('a bad site is its own error; the other sites are still checked and the exit code is the worst', async () => {
    const dir = sitesFolder({ 'west.yaml': 'name: west\nextends: edge\nhardware:\n  gpuNodes: -1\n' });
    for (const format of ['text', 'markdown'] as const) {
      const r = await runAipc(['check', '--sites', dir, '--format', format]);
      expect(r.code, r.stderr).toBe(2);
      // the bad profile's diagnostic, with file, line and field, in its own section
      expect(r.stdout).toContain(`aipc: ${join(dir, 'west.yaml')}:4:13: hardware.gpuNodes: expected`);
      expect(r.stdout).toMatch(/Deployment checklist (for|—) site north \(tier edge\)/);
      expect(r.stdout).toMatch(/Deployment checklist (for|—) site south \(tier datacenter\)/);
      expect(r.stdout).toContain('3 sites: 2 ok, 0 failed, 1 in error (exit 2)');
    }
    const text = await runAipc(['check', '--sites', dir]);
    expect(text.stdout).toMatch(/^north +ok +0 +13 PASS, 3 SKIP$/m);
    expect(text.stdout).toMatch(/^west +ERROR +2 +.*west\.yaml:4:13: hardware\.gpuNodes/m);
  });

  it('findings on every site exit 1; with a site in error, 2', async () => {
    const dir = sitesFolder();
    const extra = ['--extra-image', 'docker.io/library/busybox:1.36'];
    const findings = await runAipc(['airgap', 'images', '--sites', dir, ...extra]);
    expect(findings.code, findings.stderr).toBe(1);
    expect(findings.stdout).toMatch(/^north +FAIL +1 +9 images in registry\.local:5000, 1 not in it/m);
    const broken = sitesFolder({ 'west.yaml': 'name: west\nextends: nowhere\n' });
    const worst = await runAipc(['airgap', 'images', '--sites', broken, ...extra, '--format', 'json']);
    expect(worst.code).toBe(2);
    const json = JSON.parse(worst.stdout) as {
      exitCode: number;
      sites: { site: string; exitCode: number; error?: { diagnostics: unknown[] } }[];
    };
    expect(json.exitCode).toBe(2);
    expect(json.sites.map((s) => [s.site, s.exitCode])).toEqual([
      ['north', 1],
      ['south', 1],
      ['west', 2],
    ]);
    expect(json.sites[2].error?.diagnostics).toHaveLength(1);
  });

  it('lint, check pod-security and check isolation take a fleet too', async () => {
    const dir = sitesFolder();
    for (const args of [['lint'], ['check', 'pod-security'], ['check', 'isolation']]) {
      const r = await runAipc([...args, '--sites', dir, '--format', 'markdown']);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain(`## north (${join(dir, 'north.yaml')}, tenants ${join(dir, 'north.tenants.yaml')})`);
      expect(r.stdout).toContain('## Summary');
      expect(r.stdout).toMatch(/^\| south \| ok \| 0 \| .+ \|$/m);
    }
  });

  it('render --split writes DIR/<site>/ per site; values --out-dir writes values-<site>.yaml', async () => {
    const dir = sitesFolder();
    const split = join(tempDir(), 'split');
    const r = await runAipc(['render', '--sites', dir, '--split', split]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(split).filter((f) => !f.startsWith('.'))).toEqual(['north', 'south']);
    expect(existsSync(join(split, 'north', 'tenant-team-north'))).toBe(true);
    expect(existsSync(join(split, 'south', 'tenant-team-north'))).toBe(false);
    expect(r.stdout).toContain(`wrote `);
    const stream = await runAipc(['render', '--sites', dir]);
    expect(stream.code).toBe(2);
    expect(stream.stderr).toContain('several sites render into --split DIR');

    const out = join(tempDir(), 'values');
    const v = await runAipc(['values', '--sites', dir, '--out-dir', out]);
    expect(v.code, v.stderr).toBe(0);
    expect(readdirSync(out)).toEqual(['values-north.yaml', 'values-south.yaml']);
    expect(readFileSync(join(out, 'values-north.yaml'), 'utf8')).toContain('team-north');
    expect(v.stdout).toMatch(/^north +ok +0 +edge, 1 tenant, /m);
  });

  it('refuses what a fleet cannot take: SARIF, -o, manifests, --tenants with --sites', async () => {
    const dir = sitesFolder();
    const cases: [string[], string][] = [
      [['check', '--sites', dir, '--format', 'sarif'], '--format (with several sites) must be one of text, markdown, json'],
      [['values', '--tier', 'edge', '--tier', 'connected', '-o', join(tempDir(), 'x.yaml')], '-o/--output cannot be combined'],
      [['check', 'pod-security', '--sites', dir, '--manifests', dir], '--manifests cannot be combined'],
      [['lint', '--sites', dir, '--tenants', join(dir, 'north.tenants.yaml')], '--tenants: goes with --tier'],
    ];
    for (const [args, message] of cases) {
      const r = await runAipc(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(message);
    }
  });
});
