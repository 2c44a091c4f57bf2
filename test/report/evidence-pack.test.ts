// `aipc report`: the evidence pack of each built-in tier and of a site profile, checked as a
// reviewer would use it — report.html opened in headless Chromium (no console error, no network
// request; the graph and the checklist visible in the pixels), report.json valid against the
// published schema, the SSH signature accepted by stock ssh-keygen and refused after one changed
// byte, the same bytes from a second run, and no path of this machine in any file.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAipc } from '../support/cli.js';
import { Chromium } from '../support/chromium.js';
import { countPixels, decodePng } from '../support/png.js';
import { packageRoot } from '../../src/paths.js';
import { TIER_NAMES } from '../../src/schemas/tier-names.js';
import { CHECKLIST_RULES } from '../../src/checks/checklist/checklist.js';
import { CONTROL_MAPPINGS, CONTROLS } from '../../src/evidence/controls.js';

const CREATED = '2026-03-01T12:00:00Z';
const root = realpathSync(mkdtempSync(join(tmpdir(), 'aipc-report-test-')));
const key = join(root, 'signer');
const site = join(root, 'site');

interface Case {
  readonly name: string;
  readonly args: readonly string[];
}
const cases: Case[] = [
  ...TIER_NAMES.map((tier) => ({ name: tier, args: ['--tier', tier] })),
  {
    name: 'site-a',
    args: [
      '--tier',
      join(site, 'site-a.yaml'),
      '--tenants',
      join(site, 'tenants.yaml'),
      '-f',
      join(site, 'extra.yaml'),
      '--set-string',
      'ui.config.title=Site A',
    ],
  },
];

const out = (run: string) => join(root, run);
const packDir = (run: string, c: Case) => join(out(run), c.name);
const read = (run: string, c: Case, file: string) => readFileSync(join(packDir(run, c), file));
const results = new Map<string, { code: number; stdout: string; stderr: string }>();

beforeAll(async () => {
  mkdirSync(site);
  writeFileSync(join(site, 'site-a.yaml'), 'extends: datacenter\nname: site-a\n');
  writeFileSync(join(site, 'tenants.yaml'), readFileSync(join(packageRoot(), 'profiles/tenants.yaml')));
  writeFileSync(join(site, 'extra.yaml'), 'ui:\n  config:\n    title: Site A operations\n');
  const keygen = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ops@site', '-f', key]);
  expect(keygen.status, 'ssh-keygen (apt-get install -y openssh-client)').toBe(0);
  for (const c of cases) {
    const r = await runAipc(['report', ...c.args, '--out', out('first'), '--created', CREATED, '--sign-key', key]);
    results.set(c.name, r);
  }
}, 600_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.each(cases)('aipc report $name', (c) => {
  it('writes report.html, report.md, report.json and report.json.sig into DIR/<site>/', () => {
    const r = results.get(c.name)!;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(
      readdirSync(packDir('first', c))
        .filter((f) => !f.startsWith('.'))
        .sort(),
    ).toEqual(['report.html', 'report.json', 'report.json.sig', 'report.md']);
  });

  it('report.md carries the checklist, the graph as Mermaid and the control table', () => {
    const md = read('first', c, 'report.md').toString('utf8');
    for (const rule of CHECKLIST_RULES) expect(md).toContain(`| ${rule.title} |`);
    expect(md).toContain('```mermaid\nflowchart LR');
    expect(md).toContain('### Controls → items');
    expect(md).toMatch(/\| AC-4 \| Information Flow Enforcement \| .*networkpolicies-block-cross-namespace/);
  });

  it('report.json validates against the published schema it names', () => {
    const schema = JSON.parse(readFileSync(join(packageRoot(), 'schemas/report.schema.json'), 'utf8'));
    const ajv = new Ajv({ strict: true, allErrors: true });
    (addFormatsPlugin as unknown as typeof addFormatsPlugin.default)(ajv);
    const validate = ajv.compile(schema);
    const report = JSON.parse(read('first', c, 'report.json').toString('utf8'));
    expect(report.$schema).toBe(schema.$id);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    // and the schema can fail: a status the checklist never gives
    report.checklist.items[0].status = 'OK';
    expect(validate(report)).toBe(false);
  });

  it('states what produced it: versions, the chart digest, a sha256 of every input, the time given', () => {
    const report = JSON.parse(read('first', c, 'report.json').toString('utf8'));
    const { identity } = report;
    expect(identity.created).toBe(CREATED);
    expect(identity.chart.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(identity.chart.package).toBe(`${identity.chart.name}-${identity.chart.version}.tgz`);
    const names = identity.inputs.map((i: { name: string }) => i.name);
    expect(names).toContain('release.yaml');
    if (c.name === 'site-a') {
      expect(names).toEqual(expect.arrayContaining(['site-a.yaml', 'profiles/datacenter.yaml', 'tenants.yaml', 'extra.yaml']));
      const tenants = identity.inputs.find((i: { name: string }) => i.name === 'tenants.yaml');
      expect(tenants.sha256).toBe(sha256(readFileSync(join(site, 'tenants.yaml'))));
      expect(identity.set).toEqual(['--set-string ui.config.title=Site A']);
    }
  });

  it('carries every checklist item with its controls, and a control → items table', () => {
    const report = JSON.parse(read('first', c, 'report.json').toString('utf8'));
    expect(report.checklist.items.map((i: { id: string }) => i.id)).toEqual(CHECKLIST_RULES.map((r) => r.id));
    for (const item of report.checklist.items) expect(item.controls.length, item.id).toBeGreaterThan(0);
    const controlIds = new Set(CONTROLS.map((x) => x.id));
    for (const m of CONTROL_MAPPINGS) for (const id of m.controls) expect(controlIds.has(id), `${m.item}: ${id}`).toBe(true);
    const byControl = new Map(report.controls.byControl.map((b: { control: string; items: string[] }) => [b.control, b.items]));
    expect(byControl.get('AC-4')).toContain('networkpolicies-block-cross-namespace');
    expect(byControl.get('AU-2')).toContain('audit-on');
  });

  it('draws every tenant, the platform, kube-system and the outside, with the policies allowing each connection', () => {
    const report = JSON.parse(read('first', c, 'report.json').toString('utf8'));
    const ids = report.isolation.nodes.map((n: { id: string }) => n.id);
    expect(ids).toEqual(expect.arrayContaining(['ai-platform', 'kube-system', 'outside the cluster']));
    const tenants = report.isolation.nodes.filter((n: { kind: string }) => n.kind === 'tenant');
    expect(tenants.length).toBeGreaterThan(0);
    for (const t of tenants) {
      // each tenant reaches the platform's gateway and DNS, each named with the policies allowing it
      const gateway = report.isolation.edges.find((e: { from: string; to: string }) => e.from === t.id && e.to === 'ai-platform');
      expect(gateway?.verdict, t.id).toBe('allowed');
      expect(gateway.allowedBy).toContain('NetworkPolicy ai-platform/ai-platform-gateway (ingress)');
      expect(report.isolation.edges.find((e: { from: string; to: string }) => e.from === t.id && e.to === 'kube-system')?.connections).toBe(
        'TCP 53,UDP 53',
      );
    }
    // every pair of tenants is a boundary, closed both ways
    for (const a of tenants)
      for (const b of tenants)
        if (a.id !== b.id)
          expect(report.isolation.boundaries.find((x: { from: string; to: string }) => x.from === a.id && x.to === b.id)?.verdict).toBe(
            'closed',
          );
  });

  it('names no absolute path of this machine in any file', () => {
    const forbidden = [root, realpathSync(tmpdir()), tmpdir(), process.cwd(), packageRoot(), homedir()].map((p) => `${p}/`);
    for (const file of readdirSync(packDir('first', c))) {
      const text = read('first', c, file).toString('utf8');
      for (const p of forbidden) expect(text.includes(p), `${file} contains ${p}`).toBe(false);
    }
  });

  it('is signed: stock ssh-keygen -Y verify accepts report.json and refuses it with one byte changed', () => {
    const allowed = join(root, 'allowed_signers');
    writeFileSync(allowed, `ops@site namespaces="aipc-report" ${readFileSync(`${key}.pub`, 'utf8')}`);
    const verify = (content: Buffer) =>
      spawnSync(
        'ssh-keygen',
        ['-Y', 'verify', '-f', allowed, '-I', 'ops@site', '-n', 'aipc-report', '-s', join(packDir('first', c), 'report.json.sig')],
        {
          input: content,
        },
      );
    const json = read('first', c, 'report.json');
    const good = verify(json);
    expect(good.status, good.stderr.toString()).toBe(0);
    const changed = Buffer.from(json);
    changed[Math.floor(changed.length / 2)] ^= 0x01;
    expect(verify(changed).status).not.toBe(0);
    // a pack's signature is no bundle's
    const asBundle = spawnSync(
      'ssh-keygen',
      ['-Y', 'verify', '-f', allowed, '-I', 'ops@site', '-n', 'aipc-bundle', '-s', join(packDir('first', c), 'report.json.sig')],
      { input: json },
    );
    expect(asBundle.status).not.toBe(0);
  });
});

describe('aipc report reuses the checks', () => {
  it('its checklist is the one aipc check prints, item for item', async () => {
    const check = await runAipc(['check', '--tier', 'edge', '--format', 'json']);
    expect(check.code, check.stderr).toBe(0);
    const report = JSON.parse(read('first', cases[0], 'report.json').toString('utf8'));
    expect(cases[0].name).toBe('edge');
    expect(report.checklist.items.map(({ controls: _c, ...item }: { controls: string[] }) => item)).toEqual(JSON.parse(check.stdout).items);
  }, 300_000);

  it('with --bundle DIR --key PUB: the bundle verified by airgap verify, named by its base name', async () => {
    const bundle = join(root, 'bundle');
    const made = await runAipc(['airgap', 'bundle', '--tier', 'edge', '--out', bundle, '--key', key, '--created', CREATED]);
    expect(made.code, made.stderr).toBe(0);
    const r = await runAipc([
      'report',
      '--tier',
      'edge',
      '--bundle',
      bundle,
      '--key',
      `${key}.pub`,
      '--out',
      out('bundle'),
      '--created',
      CREATED,
    ]);
    // a bundle without images carries none of the tier's images: the checklist says so, as aipc check does
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(readFileSync(join(out('bundle'), 'edge', 'report.json'), 'utf8'));
    expect(report.images.bundle).toMatchObject({ name: 'bundle', verified: true, problems: [] });
    expect(report.images.bundle.evidence.join('\n')).toContain('signature by aipc-bundle-signer');
    const status = (id: string) => report.checklist.items.find((i: { id: string }) => i.id === id).status;
    expect(status('chart-version-matches-bundle')).toBe('PASS');
    expect(status('images-in-registry')).toBe('FAIL');
    expect(readFileSync(join(out('bundle'), 'edge', 'report.html'), 'utf8')).not.toContain(root);

    // a bundle changed after signing is not verified, and the pack says so
    writeFileSync(join(bundle, 'INSTALL.md'), 'changed\n');
    const tampered = await runAipc([
      'report',
      '--tier',
      'edge',
      '--bundle',
      bundle,
      '--key',
      `${key}.pub`,
      '--out',
      out('tampered'),
      '--created',
      CREATED,
    ]);
    expect(tampered.code).toBe(1);
    const bad = JSON.parse(readFileSync(join(out('tampered'), 'edge', 'report.json'), 'utf8'));
    expect(bad.images.bundle.verified).toBe(false);
    expect(bad.images.bundle.problems.join('\n')).toMatch(/1 changed/);
  }, 300_000);

  it('refuses bad input with exit 2 naming the flag, writing nothing', async () => {
    const none = await runAipc(['report', '--tier', 'edge']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--out');
    const created = await runAipc(['report', '--tier', 'edge', '--out', out('bad'), '--created', 'yesterday']);
    expect(created.code).toBe(2);
    expect(created.stderr).toContain('--created');
    const notKey = join(root, 'not-a-key');
    writeFileSync(notKey, 'hello\n');
    const signKey = await runAipc(['report', '--tier', 'edge', '--out', out('bad'), '--created', CREATED, '--sign-key', notKey]);
    expect(signKey.code).toBe(2);
    expect(signKey.stderr).toContain('not an OpenSSH private key');
    expect(signKey.stderr).not.toMatch(/\n\s+at /);
    expect(() => readdirSync(out('bad'))).toThrow();
  }, 300_000);
});

describe('aipc report is reproducible', () => {
  it.each(cases.filter((c) => c.name === 'edge' || c.name === 'site-a'))(
    '$name: a second run with the same inputs and --created gives the same bytes, signature included',
    async (c) => {
      const r = await runAipc(['report', ...c.args, '--out', out('second'), '--sign-key', key], {
        env: { SOURCE_DATE_EPOCH: String(Date.parse(CREATED) / 1000) },
      });
      expect(r.code, r.stderr).toBe(0);
      for (const file of ['report.html', 'report.md', 'report.json', 'report.json.sig'])
        expect(read('second', c, file).equals(read('first', c, file)), file).toBe(true);
    },
    300_000,
  );
});

describe('report.html in headless Chromium', () => {
  let browser: Chromium;
  beforeAll(async () => {
    browser = await Chromium.launch(1280, 1000);
  }, 60_000);
  afterAll(async () => browser?.close());

  it('notices a request and a console error when a page makes them (the harness can fail)', async () => {
    const page = join(root, 'control.html');
    writeFileSync(
      page,
      '<!DOCTYPE html><html><body><img src="http://example.invalid/x.png"><script>console.error("boom")</script></body></html>',
    );
    const record = await browser.open(pathToFileURL(page).href);
    expect(record.requests).toContain('http://example.invalid/x.png');
    expect(record.errors.join('\n')).toContain('boom');
  }, 60_000);

  it.each(cases)(
    '$name: renders offline with no console error and no request but its own, the graph and the checklist visible',
    async (c) => {
      const url = pathToFileURL(join(packDir('first', c), 'report.html')).href;
      const record = await browser.open(url);
      expect(record.errors).toEqual([]);
      expect(record.requests).toEqual([url]);

      // the graph: its box holds drawn nodes and arrows (blue), not only the white background
      const graph = await browser.box('#reachability-graph');
      expect(graph && graph.width > 200 && graph.height > 200, JSON.stringify(graph)).toBe(true);
      const picture = decodePng(await browser.screenshot(graph!));
      const total = picture.width * picture.height;
      const drawn = countPixels(picture, (r, g, b) => r < 240 || g < 240 || b < 240);
      expect(drawn / total).toBeGreaterThan(0.02);
      const blue = countPixels(picture, (r, g, b) => b > 180 && r < 120 && g < 160);
      expect(blue).toBeGreaterThan(200);

      // the checklist: a row per item, PASS drawn in green
      const table = await browser.box('#checklist-table');
      expect(table && table.height > 100, JSON.stringify(table)).toBe(true);
      const rows = await browser.evaluate<number>("document.querySelectorAll('#checklist-table tr').length");
      expect(rows).toBe(CHECKLIST_RULES.length + 1);
      const checklist = decodePng(await browser.screenshot(table!));
      const green = countPixels(checklist, (r, g, b) => g > 70 && g > r + 40 && g > b + 30);
      expect(green).toBeGreaterThan(100);
    },
    60_000,
  );
});

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
