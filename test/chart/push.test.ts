// `aipc chart push` to a real registry (CNCF Distribution on 127.0.0.1), read back by the tools a
// platform team uses: the digest printed is the one skopeo reads from the registry, and the chart
// `helm pull`ed by Helm 4 and by Helm 3 renders as the local chart does (byte for byte, once the
// values the chart draws at random on every render are redacted, as aipc's renders redact them).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinnedHelmPath, pinnedHelmVersions } from '../../src/helm/binary.js';
import { readManifestText } from '../../src/io/manifests.js';
import { chartDir } from '../../src/paths.js';
import { redactGenerated } from '../../src/render/render.js';
import { release } from '../../src/model/release.js';
import { runCli, tempDir } from '../helpers.js';
import { remoteDigest, startRegistry, type Registry } from '../../scripts/support/registry.js';

let registry: Registry;
beforeAll(async () => {
  registry = await startRegistry();
}, 60_000);
afterAll(() => registry?.stop());

const helmRun = (helm: string, args: readonly string[]) => {
  const r = spawnSync(helm, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, HELM_NO_PLUGINS: '1' } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
};
const template = (helm: string, chart: string) => {
  const text = helmRun(helm, [
    'template',
    'ai-platform',
    chart,
    '--namespace',
    'ai-platform',
    '-f',
    join(chartDir(), 'values-tier1-edge.yaml'),
  ]);
  const read = readManifestText(text, chart);
  expect(read.diagnostics).toEqual([]);
  return read.objects.map((m) => JSON.stringify(redactGenerated(m.object)));
};

describe('aipc chart push', () => {
  const version = release().chart.version;

  it('pushes the chart, prints the digest the registry serves, and the pulled chart renders as the local one', () => {
    const pushed = runCli([
      'chart',
      'push',
      '--registry',
      `${registry.host}/charts`,
      '--plain-http',
      '--created',
      '1700000000',
      '--format',
      'json',
    ]);
    expect(pushed.code, pushed.stderr).toBe(0);
    const result = JSON.parse(pushed.stdout) as { repository: string; chart: string; version: string; digest: string };
    expect(result).toEqual({
      repository: `oci://${registry.host}/charts/ai-platform`,
      chart: 'ai-platform',
      version,
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    expect(remoteDigest(`${registry.host}/charts/ai-platform:${version}`)).toBe(result.digest);

    for (const which of Object.keys(pinnedHelmVersions) as (keyof typeof pinnedHelmVersions)[]) {
      const helm = pinnedHelmPath(which);
      const dest = tempDir();
      helmRun(helm, ['pull', result.repository, '--version', version, '--plain-http', '--destination', dest]);
      const [archive] = readdirSync(dest);
      expect(archive).toBe(`ai-platform-${version}.tgz`);
      expect(template(helm, join(dest, archive)), which).toEqual(template(helm, chartDir()));
    }

    // the same chart and time: the same bytes, so a second push is the same digest; text output
    const again = runCli(['chart', 'push', '--registry', `oci://${registry.host}/charts/`, '--plain-http', '--created', '1700000000']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(`pushed oci://${registry.host}/charts/ai-platform:${version}\ndigest ${result.digest}\n`);
  });

  it.each([
    ['no --registry', [], '--registry: missing'],
    [
      'a scheme other than oci',
      ['--registry', 'https://example.com/charts'],
      '--registry: "https://example.com/charts" is not HOST[:PORT][/PATH]',
    ],
    ['an upper-case path', ['--registry', 'example.com/Charts'], 'is not HOST[:PORT][/PATH]'],
  ])('refuses %s with exit 2 before packaging', (_name, args, message) => {
    const r = runCli(['chart', 'push', ...args]);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toContain(message);
  });

  it('exits 1 naming the registry when Helm cannot push', () => {
    // a port nothing listens on: the registry stopped by the test that owns it is gone
    const r = runCli(['chart', 'push', '--registry', '127.0.0.1:1/charts', '--plain-http']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('helm push to oci://127.0.0.1:1/charts failed');
  });
});
