// `aipc airgap diff` on two real collects (CNCF Distribution on 127.0.0.1 as the source, tiny real
// images pushed with skopeo): the second with an image tag bumped in the release data and a tenant
// added. Both changes are named first, in text, Markdown and JSON.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';
import { makeKey, pushImage, startRegistry, writeImage, type Registry } from '../../scripts/support/registry.js';
import { image } from '../support/release.js';
import { collectArgs } from '../support/airgap.js';

let source: Registry;
let work: string;
let keys: { key: string; pub: string };
let oldBundle: string;
let newBundle: string;
const redis = image('redis');
const [redisRepo, redisTag] = [redis.slice(0, redis.lastIndexOf(':')), redis.slice(redis.lastIndexOf(':') + 1)];
const bumped = `${redisTag}-bumped`;

/** Pushes every image `airgap images --sources` names, under the given env (release file). */
function pushSources(args: string[], env: Record<string, string>): void {
  const listed = runCli(['airgap', 'images', '--tier', 'edge', '--source-registry', source.host, ...args], { env });
  expect(listed.code, listed.stderr).toBe(0);
  listed.stdout
    .trim()
    .split('\n')
    .forEach((line, i) => {
      const [src] = line.split(' ');
      const layout = join(work, `layout-${Object.keys(env).length}-${i}`);
      writeImage(layout, 'img', `image ${src}`);
      pushImage(layout, 'img', src);
    });
}

beforeAll(async () => {
  source = await startRegistry();
  work = mkdtempSync(join(tmpdir(), 'aipc-bundle-diff-'));
  keys = makeKey(work);
  // the next release: redis bumped in the release data, the chart deploying it, and a tenant more
  const release = join(work, 'release.yaml');
  writeFileSync(
    release,
    readFileSync('release.yaml', 'utf8').replace(
      `repository: ${redisRepo}\n    tag: ${redisTag}`,
      `repository: ${redisRepo}\n    tag: ${bumped}`,
    ),
  );
  const bump = join(work, 'bump.yaml');
  writeFileSync(bump, `${redisRepo}:\n  image:\n    tag: ${bumped}\n`);
  const tenants = join(work, 'tenants.yaml');
  writeFileSync(
    tenants,
    `${readFileSync('profiles/tenants-edge.yaml', 'utf8')}  - name: team-zeta\n    quota: {cpu: "2", memory: 4Gi, gpu: 0, pvcs: 2, pods: 5}\n    budget: {maxTotalTokens: 1000, maxTotalCost: "1.00", maxConcurrentRuns: 1}\n`,
  );
  const next = { AIPC_RELEASE_FILE: release };
  pushSources([], {});
  pushSources(['-f', bump], next);
  const collect = (out: string, created: string, extra: string[], env: Record<string, string>) => {
    const r = runCli(collectArgs(out, keys.key, source.host, ['--no-models', '--created', created, ...extra]), { env });
    expect(r.code, r.stderr).toBe(0);
  };
  oldBundle = join(work, 'old');
  newBundle = join(work, 'new');
  collect(oldBundle, '2026-01-01T00:00:00Z', [], {});
  collect(newBundle, '2026-02-01T00:00:00Z', ['-f', bump, '--tenants', tenants], next);
}, 180_000);

afterAll(async () => {
  await source?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('aipc airgap diff', () => {
  it('names the bumped image (tag and digest) and the added tenant first, both bundles verified', () => {
    const r = runCli(['airgap', 'diff', oldBundle, newBundle, '--key', keys.pub]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('note: both bundles verified with the key given');
    expect(lines[1]).toMatch(
      new RegExp(
        `^~ images: ${redisRepo}: ${redisTag.replace(/\./g, '\\.')} \\(sha256:[0-9a-f]{64}\\) -> ${bumped.replace(/\./g, '\\.')} \\(sha256:[0-9a-f]{64}\\)$`,
      ),
    );
    expect(lines[2]).toMatch(/^\+ values: tenants\[name=team-zeta\]: added \{"name":"team-zeta"/);
    // nothing else among the images: only redis changed
    expect(lines.filter((l) => l.includes(' images: '))).toHaveLength(1);
    expect(lines[lines.length - 1]).toMatch(/^\d+ changes: 1 images, \d+ values$/);
  });

  it('gives the same ranking as Markdown and JSON, and --exit-code exits 1 when they differ', () => {
    const md = runCli(['airgap', 'diff', oldBundle, newBundle, '--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout.indexOf('#### Images')).toBeLessThan(md.stdout.indexOf('#### Values'));
    expect(md.stdout).toContain('not authenticated');
    const json = JSON.parse(runCli(['airgap', 'diff', oldBundle, newBundle, '--format', 'json']).stdout);
    expect(json.entries[0]).toMatchObject({ category: 'image', change: 'changed', subject: redisRepo });
    expect(json.entries[1]).toMatchObject({ category: 'values', change: 'added', subject: 'tenants[name=team-zeta]' });
    expect(json.categories.image).toBe(1);
    expect(runCli(['airgap', 'diff', oldBundle, newBundle, '--exit-code']).code).toBe(1);
    const same = runCli(['airgap', 'diff', oldBundle, oldBundle, '--exit-code']);
    expect(same.code).toBe(0);
    expect(same.stdout).toBe(`no differences between ${oldBundle} and ${oldBundle}\n`);
  });

  it('refuses a bundle that does not verify when a key is given (exit 1)', () => {
    const other = makeKey(work, 'other');
    const r = runCli(['airgap', 'diff', oldBundle, newBundle, '--key', other.pub]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('does not verify; nothing compared');
  });
});
