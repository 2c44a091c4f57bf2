// The render-stable checklist item, through the real tool: a site profile that declares GitOps
// delivery is rendered twice with the pinned Helm, raw, and FAILs naming every object and field
// the two renders disagree on (generate mode draws credentials at random); the same site with a
// GitOps credential mode passes; a site delivered by helm install is not rendered twice.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialSets } from '../../../src/model/credentials.js';
import { readYamlValue } from '../../../src/io/yaml-read.js';
import { runAipc } from '../../support/cli.js';
import { tempDir } from '../../helpers.js';
import { pinnedHelmPath } from '../../../src/helm/binary.js';

function site(lines: string[]): string {
  const file = join(tempDir(), 'site.yaml');
  writeFileSync(file, ['extends: edge', 'name: edge-site', ...lines, ''].join('\n'));
  return file;
}

interface Item {
  id: string;
  status: string;
  evidence: string[];
}

async function renderStable(args: string[]): Promise<{ code: number; item: Item }> {
  const r = await runAipc(['check', ...args, '--format', 'json']);
  const items = JSON.parse(r.stdout).items as Item[];
  return { code: r.code, item: items.find((i) => i.id === 'render-stable')! };
}

describe('render-stable', () => {
  it('FAILs a GitOps site whose credentials are generated at render time, naming each field that changed', async () => {
    const { code, item } = await renderStable(['--tier', site(['delivery:', '  method: gitops'])]);
    expect(code).toBe(1);
    expect(item.status).toBe('FAIL');
    const random = credentialSets.filter((c) => c.owner !== 'langfuse').flatMap((c) => c.keys.filter((k) => !k.fixed).map((k) => k.env));
    for (const env of random)
      expect(
        item.evidence.some((e) => new RegExp(`^Secret/ai-platform/\\S+ data\\.${env}: differs between two helm template renders$`).test(e)),
        env,
      ).toBe(true);
    expect(item.evidence).toContain(
      'ValidatingWebhookConfiguration/ai-platform-validating webhooks[0].clientConfig.caBundle: differs between two helm template renders',
    );
    expect(item.evidence.at(-1)).toMatch(/global\.credentials\.mode = generate: set delivery\.credentials .* to existing or hook/);
    // the fixed user name is not random: not reported
    expect(item.evidence.join('\n')).not.toContain('POSTGRES_USER');
  });

  it('PASSes the same site in hook mode, rendered twice byte for byte', async () => {
    const file = site(['delivery:', '  method: gitops', '  credentials: hook']);
    const { item } = await renderStable(['--tier', file, '--set', 'capabilities.certManager=always']);
    expect(item).toMatchObject({ status: 'PASS' });
    expect(item.evidence[0]).toMatch(
      /^delivery\.method: gitops; rendered twice with Helm: byte-identical, \d+ objects \(global\.credentials\.mode = hook\)$/,
    );
  });

  it('is quiet for a site delivered with helm install, without rendering twice', async () => {
    const { item } = await renderStable(['--tier', 'edge']);
    expect(item.status).toBe('PASS');
    expect(item.evidence[0]).toMatch(/delivers with helm install\/upgrade .*global\.credentials\.mode = generate/);
  });

  it("compiles a profile's delivery.credentials into global.credentials.mode", async () => {
    const out = join(tempDir(), 'values.yaml');
    const r = await runAipc(['values', '--tier', site(['delivery:', '  method: gitops', '  credentials: existing']), '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect((readYamlValue(out) as { global: { credentials: unknown } }).global.credentials).toEqual({ mode: 'existing' });
  });

  it('refuses an unknown credentials mode in a profile, naming the field', async () => {
    const r = await runAipc(['values', '--tier', site(['delivery:', '  credentials: random'])]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/delivery\.credentials|delivery\/credentials/);
  });
});

describe('render-stable on every command that runs the checklist', () => {
  // check and build judge the same item with the Helm they were given: a logging shim counts the
  // renders (the tier's own, then the two of the stability test)
  it.each([
    ['check', (s: string, h: string) => ['check', '--tier', s, '--helm', h, '--format', 'json']],
    ['build', (s: string, h: string) => ['build', '--tier', s, '--helm', h, '--out', join(tempDir(), 'chart'), '--format', 'json']],
  ])('%s renders a GitOps site twice more with its --helm, and FAILs generate mode', async (_name, args) => {
    const dir = tempDir();
    const log = join(dir, 'helm.log');
    const shim = join(dir, 'helm');
    writeFileSync(shim, `#!/bin/sh\necho "$1" >> '${log}'\nexec '${pinnedHelmPath()}' "$@"\n`, { mode: 0o755 });
    const r = await runAipc(args(site(['delivery:', '  method: gitops']), shim));
    expect(r.code, r.stderr).toBe(1);
    const renders = readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => l === 'template').length;
    expect(renders).toBeGreaterThanOrEqual(3);
    expect(r.stdout).toMatch(/render-stable[\s\S]*FAIL|FAIL[\s\S]*render-stable/);
  });
});
