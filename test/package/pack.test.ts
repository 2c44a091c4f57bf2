// The package as a consumer gets it: `npm pack`, then `npm install` of the tarball into an empty
// project (so none of aipc's dev dependencies), then the README's library example type-checked
// with `tsc --strict` against the shipped declarations and run, then the installed CLI. Helm comes
// from the bundled dependency, provisioned on first use inside the consumer's node_modules.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import pins from '../../src/helm/pins.json' with { type: 'json' };

const root = packageRoot();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  devDependencies: Record<string, string>;
};

function run(cmd: string, args: readonly string[], options: SpawnSyncOptions) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.error) throw r.error;
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** The README's library example: the code block after the `library-example` marker. */
export function readmeExample(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = /<!-- library-example -->\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README.md: no ```ts block after <!-- library-example -->');
  return block;
}

describe('the packed package', () => {
  let consumer: string;
  // a HOME of its own: no user cache can stand in for the package's provisioning
  let env: NodeJS.ProcessEnv;
  // one project for every test below (helpers' tempDir would be removed after the first)
  const work = mkdtempSync(join(tmpdir(), 'aipc-pack-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  beforeAll(() => {
    const home = join(work, 'home');
    mkdirSync(home);
    // the npm cache stays the user's: the install prefers it to the registry
    const cache = run('npm', ['config', 'get', 'cache'], { cwd: work }).stdout.trim();
    env = { ...process.env, HOME: home, npm_config_cache: cache, AIPC_CACHE_DIR: '', AIPC_HELM: '', XDG_CACHE_HOME: '' };
    const packed = run('npm', ['pack', '--pack-destination', work, '--json'], { cwd: root, env });
    expect(packed.code, packed.stderr).toBe(0);
    const [{ filename }] = JSON.parse(packed.stdout) as { filename: string }[];
    consumer = join(work, 'consumer');
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
    const installed = run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        join(work, filename),
        `typescript@${pkg.devDependencies.typescript}`,
        `@types/node@${pkg.devDependencies['@types/node']}`,
      ],
      { cwd: consumer, env },
    );
    expect(installed.code, installed.stderr).toBe(0);
  }, 900_000);

  it('installs without aipc’s dev dependencies or an install script', () => {
    const modules = join(consumer, 'node_modules');
    expect(existsSync(join(modules, pkg.name, 'dist', 'index.js'))).toBe(true);
    expect(existsSync(join(modules, pkg.name, 'types', 'index.d.ts'))).toBe(true);
    const devOnly = Object.keys(pkg.devDependencies).filter((d) => !['typescript', '@types/node'].includes(d));
    expect(devOnly.filter((d) => existsSync(join(modules, d)))).toEqual([]);
    // the bundled Helm package's peers (aws-cdk-lib, constructs) are not pulled in
    expect(readdirSync(modules).filter((d) => d === 'aws-cdk-lib' || d === 'constructs')).toEqual([]);
  });

  it('type-checks the README example with tsc --strict and runs it', () => {
    writeFileSync(join(consumer, 'example.ts'), readmeExample());
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          outDir: 'out',
          types: ['node'],
        },
        files: ['example.ts'],
      }),
    );
    const tsc = run(process.execPath, [join(consumer, 'node_modules/typescript/bin/tsc'), '-p', consumer], { cwd: consumer, env });
    expect(tsc.code, tsc.stdout + tsc.stderr).toBe(0);
    const example = run(process.execPath, [join(consumer, 'out/example.js')], { cwd: consumer, env });
    expect(example.code, example.stderr).toBe(0);
    const lines = example.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^edge: \d+ tenants, profile edge$/);
    expect(lines[1]).toMatch(/^(\d+) objects: \1 valid, 0 invalid$/);
    expect(lines[2]).toMatch(/^tier: missing/);
    // Helm 4 was provisioned on first use inside the consumer's copy of the package
    const helm = join(consumer, 'node_modules', pkg.name, 'node_modules/.cache/aipc/helm', pins.helm4.version, 'helm');
    expect(existsSync(helm)).toBe(true);
  }, 600_000);

  it('is importable from plain JavaScript, where an omitted option takes its default', () => {
    const script = [
      "const aipc = await import('aipc');",
      "const c = aipc.runValues({ tier: 'datacenter' });",
      "const r = aipc.runValidate(['-'], undefined, 'apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: x}\\n');",
      'console.log(JSON.stringify([c.profile.profile.tier, r.valid, aipc.AIPC_VERSION]));',
    ].join('\n');
    const r = run(process.execPath, ['--input-type=module', '-e', script], { cwd: consumer, env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(['datacenter', 1, pkg.version]);
  });

  it('runs the installed CLI: --version, then a render validated from stdin', () => {
    const bin = join(consumer, 'node_modules/.bin/aipc');
    const version = run(bin, ['--version'], { cwd: consumer, env });
    expect([version.code, version.stdout.trim()]).toEqual([0, pkg.version]);
    const rendered = run(bin, ['render', '--tier', 'connected'], { cwd: consumer, env });
    expect(rendered.code, rendered.stderr).toBe(0);
    const validated = run(bin, ['validate', '-'], { cwd: consumer, env, input: rendered.stdout });
    expect(validated.code, validated.stdout + validated.stderr).toBe(0);
    // dist/ of a package is never rebuilt (no esbuild there)
    expect(validated.stderr).not.toContain('rebuilding');
  }, 300_000);
});
