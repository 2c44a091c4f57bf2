// Release data (release.yaml): a release is an edit of that one file. Bumping the chart version
// and image tags in a copy changes the generated chart and nothing a test expects, nor aipc's own
// version; the GPU catalogue is data too; the file is schema-checked. And the CLI never runs a
// dist/ older than src/.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readRelease, releaseFile } from '../../src/model/release.js';
import { packageRoot } from '../../src/paths.js';
import { renderTierObjects } from '../../src/render/render.js';
import { splitObjects } from '../../src/render/split.js';
import { runCli, tempDir } from '../helpers.js';
import { expectGoldenTree } from '../support/golden.js';
import { chartVersion, image } from '../support/release.js';

const packageVersion = (): string => JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version;

/** A copy of release.yaml with `edit` applied to its text. */
function releaseCopy(edit: (text: string) => string): string {
  const file = join(tempDir(), 'release.yaml');
  writeFileSync(file, edit(readFileSync(releaseFile(), 'utf8')));
  return file;
}

describe('release data', () => {
  it('a bumped chart version and image tags change the generated chart, no golden render and not aipc --version', async () => {
    const agentTag = image('ai-platform/agent').split(':')[1];
    const bumped = releaseCopy((t) =>
      t
        .replace(/^( {2}version: ).*$/m, '$19.8.7')
        .replace(/^( {2}appVersion: ).*$/m, '$19.8.7-app')
        .replace(new RegExp(`(repository: ai-platform/agent\\n {4}tag: )${agentTag}`), '$1v9.8.7')
        .replace(/(repository: postgres\n {4}tag: )"?[^"\n]+"?/, '$1"99"'),
    );
    const release = readRelease(bumped);
    expect(release.chart).toMatchObject({ version: '9.8.7', appVersion: '9.8.7-app' });
    const env = { AIPC_RELEASE_FILE: bumped };
    const out = join(tempDir(), 'chart');
    const g = runCli(['generate', '--out', out], { env });
    expect(g.code, g.stderr).toBe(0);
    const chart = parse(readFileSync(join(out, 'Chart.yaml'), 'utf8'));
    expect([chart.version, chart.appVersion]).toEqual(['9.8.7', '9.8.7-app']);
    expect(chart.version).not.toBe(chartVersion);
    const values = parse(readFileSync(join(out, 'values.yaml'), 'utf8'));
    expect([values.controller.image.tag, values.postgres.image.tag]).toEqual(['v9.8.7', '99']);
    // the committed chart is now stale against the candidate release, and aipc says so
    expect(runCli(['generate', '--check'], { env }).code).toBe(1);
    expect(runCli(['--version'], { env }).stdout.trim()).toBe(packageVersion());
    // the bumped chart renders to what the golden files hold (versions and tags are placeholders)
    const objects = await renderTierObjects('edge', { chartDir: out });
    expect(objects.some((o) => JSON.stringify(o.object).includes('ai-platform/agent:v9.8.7'))).toBe(true);
    expectGoldenTree(join(import.meta.dirname, '../golden', 'edge'), splitObjects(objects), release);
  });

  it('is the GPU catalogue: an unknown type names the choices and the file; adding it to the release makes a site tier compile', () => {
    const dir = tempDir();
    const site = join(dir, 'site.yaml');
    writeFileSync(site, 'extends: edge\nname: site\nhardware:\n  gpuType: nvidia-l4\n');
    const r = runCli(['values', '--tier', site]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/site\.yaml:4:\d+: hardware\.gpuType: expected one of nvidia-a10g \| nvidia-h100 \| cloud, found "nvidia-l4"/);
    expect(r.stderr).toContain('release.yaml');
    const withL4 = releaseCopy((t) =>
      t.replace(/^ {2}gpuTypes:\n/m, '$&    - name: nvidia-l4\n      memoryPerGpu: 24Gi\n      node: { cpu: "8", memory: 32Gi }\n'),
    );
    const ok = runCli(['values', '--tier', site], { env: { AIPC_RELEASE_FILE: withL4 } });
    expect(ok.code, ok.stderr).toBe(0);
    expect(parse(ok.stdout).gpu.type).toBe('nvidia-l4');
  });

  it('is schema-checked with file, line and field (exit 2)', () => {
    const bad = releaseCopy((t) => t.replace(/^( {2}version: ).*$/m, '$1v1.3.0').replace(/^( {6}memoryPerGpu: ).*$/m, '$124GB'));
    const r = runCli(['generate', '--check'], { env: { AIPC_RELEASE_FILE: bad } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /release\.yaml:\d+:\d+: chart\.version: expected the chart version, SemVer 2 such as 1\.3\.0, found "v1\.3\.0"/,
    );
    expect(r.stderr).toMatch(/release\.yaml:\d+:\d+: hardware\.gpuTypes\[0\]\.memoryPerGpu: expected the memory of one GPU/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(releaseFile(), 'utf8')).toMatch(/^# yaml-language-server: \$schema=src\/schemas\/release\.schema\.json$/m);
  });
});

describe('bin/aipc.js and a stale dist/', () => {
  it('rebuilds dist/ when src/ is newer, and with AIPC_NO_REBUILD=1 refuses with "run npm run build"', () => {
    const root = tempDir();
    // the build loads every action module, and the model reads release.yaml as it loads
    for (const p of ['bin', 'scripts', 'src', 'package.json', 'release.yaml', 'profiles'])
      cpSync(join(packageRoot(), p), join(root, p), { recursive: true });
    symlinkSync(join(packageRoot(), 'node_modules'), join(root, 'node_modules'));
    const cli = (args: string[], env: Record<string, string> = {}) => {
      const r = spawnSync(process.execPath, [join(root, 'bin', 'aipc.js'), ...args], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const builtVersion = () => JSON.parse(readFileSync(join(root, 'dist', 'source-stamp.json'), 'utf8')).version as string;
    // --version reads src/ itself: no dist/ needed, none built
    expect(cli(['--version']).stdout.trim()).toBe(packageVersion());
    expect(existsSync(join(root, 'dist'))).toBe(false);
    const built = cli(['--help']);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toContain('rebuilding'); // no dist/ yet
    expect(cli(['--help']).stderr).toBe(''); // current: no rebuild
    const version = join(root, 'src', 'version.ts');
    writeFileSync(version, readFileSync(version, 'utf8').replace(/AIPC_VERSION = '[^']*'/, "AIPC_VERSION = '0.0.0-edited'"));
    const later = new Date(Date.now() + 5000);
    utimesSync(version, later, later);
    const refused = cli(['--help'], { AIPC_NO_REBUILD: '1' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('dist/ is older than src/; run `npm run build`');
    expect(cli(['--version']).stdout.trim()).toBe('0.0.0-edited');
    const rebuilt = cli(['--help']);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(builtVersion()).toBe('0.0.0-edited');
    // a new file under src/ counts as a change too
    mkdirSync(join(root, 'src', 'extra'));
    writeFileSync(join(root, 'src', 'extra', 'note.ts'), 'export {};\n');
    utimesSync(join(root, 'src', 'extra', 'note.ts'), new Date(0), new Date(0));
    expect(cli(['--help'], { AIPC_NO_REBUILD: '1' }).code).toBe(2);
  });
});
