// The chart as a subchart: an umbrella chart with its own `global` keys and a dependency
// condition renders and lints with both pinned Helms (Helm copies the parent's `global` and the
// condition key `enabled` into the subchart's values, which its schema must admit), while a key
// of the chart's own `global` and every other group stay strict.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { pinnedHelmPath } from '../../src/helm/binary.js';
import { runHelm } from '../../src/helm/run.js';
import { chartMeta } from '../../src/model/chart-meta.js';
import { chartDir } from '../../src/paths.js';
import { runCli, tempDir } from '../helpers.js';

/** An umbrella chart vendoring this chart under charts/, with a condition on it. */
function umbrella(): string {
  const dir = join(tempDir(), 'platform-stack');
  mkdirSync(join(dir, 'charts'), { recursive: true });
  mkdirSync(join(dir, 'templates'));
  cpSync(chartDir(), join(dir, 'charts', chartMeta.name), { recursive: true });
  writeFileSync(
    join(dir, 'Chart.yaml'),
    [
      'apiVersion: v2',
      'name: platform-stack',
      'description: A site stack around the AI platform',
      'version: 0.1.0',
      'dependencies:',
      `  - name: ${chartMeta.name}`,
      `    version: ${chartMeta.version}`,
      `    condition: ${chartMeta.name}.enabled`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'values.yaml'),
    [
      '# the parent own global keys, as Bitnami-style charts set them',
      'global:',
      '  imageRegistry: registry.site.example',
      '  security:',
      '    allowInsecureImages: false',
      '  siteOwner: platform-team',
      `${chartMeta.name}:`,
      '  enabled: true',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'templates', 'site-configmap.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: site-info\ndata:\n  owner: {{ .Values.global.siteOwner | quote }}\n',
  );
  return dir;
}

const kinds = (stdout: string): string[] =>
  parseAllDocuments(stdout)
    .map((d) => d.toJS() as { kind?: string } | null)
    .filter((o): o is { kind: string } => !!o?.kind)
    .map((o) => o.kind);

describe('an umbrella chart around ai-platform', () => {
  it.each(['helm4', 'helm3'] as const)('renders and lints with the pinned %s, and the condition switches it off', async (which) => {
    const helm = pinnedHelmPath(which);
    const dir = umbrella();
    const rendered = await runHelm(helm, ['template', 'stack', dir, '--namespace', 'ai-platform']);
    expect(rendered.stderr).toBe('');
    expect(rendered.exitCode).toBe(0);
    const on = kinds(rendered.stdout);
    expect(on).toEqual(expect.arrayContaining(['ConfigMap', 'Deployment', 'StatefulSet', 'NetworkPolicy']));
    expect(rendered.stdout).toContain('owner: "platform-team"');
    const lint = await runHelm(helm, ['lint', '--strict', dir, '--namespace', 'ai-platform', '--with-subcharts']);
    expect(lint.stdout + lint.stderr).toContain('0 chart(s) failed');
    expect(lint.exitCode).toBe(0);
    const off = await runHelm(helm, ['template', 'stack', dir, '--set', `${chartMeta.name}.enabled=false`]);
    expect(off.exitCode, off.stderr).toBe(0);
    expect(kinds(off.stdout)).toEqual(['ConfigMap']);
  });

  it.each(['helm4', 'helm3'] as const)(
    'still refuses, through the parent, a bad value of its own global and an unknown key elsewhere (%s)',
    async (which) => {
      const helm = pinnedHelmPath(which);
      const dir = umbrella();
      for (const [set, path] of [
        [`global.tier=orbit`, 'global'],
        [`${chartMeta.name}.gateway.replicaz=3`, 'gateway'],
        [`${chartMeta.name}.enabled=maybe`, 'enabled'],
      ]) {
        const r = await runHelm(helm, ['template', 'stack', dir, '--set-string', set]);
        expect(r.exitCode, set).not.toBe(0);
        expect(r.stderr, set).toContain(path);
      }
    },
  );

  it('aipc values admits a parent chart global key and the condition key, and refuses its own global key with a bad value', () => {
    const ok = runCli(['values', '--tier', 'edge', '--set', 'global.imageRegistry=registry.site.example', '--set', 'enabled=true']);
    expect(ok.code, ok.stderr).toBe(0);
    const bad = runCli(['values', '--tier', 'edge', '--set', 'global.registryType=floppy']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('global.registryType');
  });
});
