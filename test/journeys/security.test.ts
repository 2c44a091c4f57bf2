// The classes of hole an attacker found (issue 13), each shown closed: the verdicts are the
// cluster's, paths built from data stay inside their root, output directories are replaced only
// when aipc wrote them, readers are bounded before reading, links stay inside walked trees,
// multi-file writes are all-or-nothing, negative quantities and prototype keys are refused.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { readBoundedFile } from '../../src/io/read-bounded.js';
import { readStdinText } from '../../src/io/stdin.js';
import { readManifestText, type ManifestObject } from '../../src/io/manifests.js';
import { writeFilesAtomic } from '../../src/io/atomic-write.js';
import { checklistOf } from '../support/checklist.js';
import { renderTierObjects } from '../../src/render/render.js';
import { objectPath } from '../../src/render/split.js';
import { checkCapacity } from '../../src/tiers/capacity.js';
import { loadTierProfile } from '../../src/tiers/profile.js';
import { packageRoot } from '../../src/paths.js';
import { runCli, tempDir } from '../helpers.js';

const CORPUS = join(packageRoot(), 'test/fixtures/kube-yaml');
const fixture = (name: string) => readFileSync(join(packageRoot(), 'test/fixtures', name), 'utf8');
const tenant = (name: string, cpu: string, memory = '1Gi') =>
  `  - name: ${name}\n    quota: {cpu: ${cpu}, memory: ${memory}, gpu: 0, pvcs: 1, pods: 2}\n    budget: {maxTotalTokens: 1, maxTotalCost: "1.00", maxConcurrentRuns: 1}\n`;

describe('verdicts are computed on the objects the cluster receives', () => {
  it('check pod-security: `privileged: yes`, `hostNetwork: on` are privileged, as Kubernetes reads them', () => {
    // restricted in every other respect: a YAML 1.2 reading saw a restricted pod
    const dir = tempDir();
    const restricted = (extra: string) =>
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: t}\nspec:\n' +
      `  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n${extra}` +
      '  containers:\n  - name: c\n    image: registry.local:5000/x:1\n' +
      '    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, privileged: PRIV}\n';
    writeFileSync(join(dir, 'ok.yaml'), restricted('').replace('PRIV', '"yes"'));
    expect(runCli(['check', 'pod-security', '--manifests', join(dir, 'ok.yaml')]).code).toBe(0);
    for (const [extra, priv, why] of [
      ['', 'yes', /privileged: true; must be unset or false/],
      ['', 'On', /privileged: true; must be unset or false/],
      ['  hostNetwork: on\n', 'false', /spec\.hostNetwork: true; must be unset or false/],
    ] as const) {
      writeFileSync(join(dir, 'p.yaml'), restricted(extra).replace('PRIV', priv));
      const p = runCli(['check', 'pod-security', '--manifests', join(dir, 'p.yaml')]);
      expect(p.code, `${extra}${priv}`).toBe(1);
      expect(p.stdout).toMatch(why);
    }
    const r = runCli(['check', 'pod-security', '--manifests', join(CORPUS, 'pod-yes.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Pod\/ai-platform\/pod-yes is privileged/);
    expect(r.stdout).toMatch(/pod-yes\.yaml:12:7: spec\.containers\[0\]\.securityContext\.privileged: true/);
    expect(r.stdout).toMatch(/spec\.hostNetwork: true/);
  });

  it('check isolation: a NetworkPolicy that gains `ingress: [{}]` through `<<` is allow-all', () => {
    const dir = tempDir();
    const open =
      '---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: opened, namespace: team-beta}\n' +
      'spec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  <<: {ingress: [{}]}\n';
    writeFileSync(join(dir, 'm.yaml'), fixture('isolation/multi-tenant.yaml') + open);
    expect(runCli(['check', 'isolation', '--manifests', join(dir, 'm.yaml')]).code).toBe(0 + 1);
    // the same policy without the merge key is what a YAML 1.2 reading saw: deny-all, no crossing
    writeFileSync(join(dir, 'm.yaml'), fixture('isolation/multi-tenant.yaml') + open.replace('  <<: {ingress: [{}]}\n', ''));
    expect(runCli(['check', 'isolation', '--manifests', join(dir, 'm.yaml')]).code).toBe(0);
  });

  it('validate: a document after a `...` line (never read by kubectl) is named, not validated silently', () => {
    const r = runCli(['validate', join(CORPUS, 'doc-end.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/doc-end\.yaml:6:1: content after a `\.\.\.` line is never read by kubectl/);
  });
});

describe('RBAC: cluster-wide grants', () => {
  const binding = (kind: string, roleRef: string, subject: Record<string, string>, namespace?: string): ManifestObject => ({
    file: 'injected.yaml',
    line: 1,
    source: '',
    itemPath: [],
    object: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind,
      metadata: { name: `x-${roleRef}`, ...(namespace ? { namespace } : {}) },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleRef },
      subjects: [subject],
    },
  });

  it('fails on cluster-admin to system:serviceaccounts, a RoleBinding to edit, a foreign ServiceAccount', async () => {
    const rendered = await renderTierObjects('edge');
    const objects = [
      ...rendered,
      binding('ClusterRoleBinding', 'cluster-admin', {
        kind: 'Group',
        name: 'system:serviceaccounts',
        apiGroup: 'rbac.authorization.k8s.io',
      }),
      binding('RoleBinding', 'edit', { kind: 'ServiceAccount', name: 'default', namespace: 'ai-platform' }, 'ai-platform'),
      binding('ClusterRoleBinding', 'view', { kind: 'ServiceAccount', name: 'builder', namespace: 'ci' }),
    ];
    const r = await checklistOf('edge', objects);
    const rbac = r.items.find((i) => i.id === 'rbac-namespaced')!;
    expect(rbac.status).toBe('FAIL');
    expect(rbac.evidence).toEqual(
      expect.arrayContaining([
        'ClusterRoleBinding/x-cluster-admin roleRef: binds the built-in ClusterRole cluster-admin',
        'ClusterRoleBinding/x-cluster-admin subjects[0]: grants ClusterRole cluster-admin to group system:serviceaccounts',
        'RoleBinding/ai-platform/x-edit roleRef: binds the built-in ClusterRole edit',
        'ClusterRoleBinding/x-view subjects[0]: grants ClusterRole view to ServiceAccount ci/builder, not one the platform renders',
      ]),
    );
    // the platform's own bindings pass
    expect((await checklistOf('edge', rendered)).items.find((i) => i.id === 'rbac-namespaced')!.status).toBe('PASS');
  });
});

describe('paths built from data stay inside their root', () => {
  const object = (metadata: Record<string, unknown>, kind: unknown = 'ConfigMap'): ManifestObject => ({
    file: 'm.yaml',
    line: 3,
    source: '',
    itemPath: [],
    object: { apiVersion: 'v1', kind, metadata },
  });

  it('render --split: a name or namespace that is not a Kubernetes name is refused, naming the value', () => {
    expect(() => objectPath(object({ name: '../../evil' }))).toThrow(
      /metadata\.name: "\.\.\/\.\.\/evil" cannot name a file under the split directory[^\n]*\(option split\)/,
    );
    expect(() => objectPath(object({ name: 'x', namespace: '../..' }))).toThrow(InputError);
    expect(() => objectPath(object({ name: 'x' }, 'a/b'))).toThrow(/kind: "a\/b"/);
  });

  it('any name: objectPath refuses it or returns a path inside the root (fast-check)', () => {
    const root = resolve('/split-root');
    const part = fc.oneof(fc.string(), fc.constantFrom('..', '.', '../x', 'a/../../b', '/etc', 'ok-name', 'a..b', '', 'x\u0000y'));
    fc.assert(
      fc.property(part, part, part, (name, namespace, kind) => {
        let path: string;
        try {
          path = objectPath(object({ name, namespace }, kind));
        } catch (err) {
          return err instanceof InputError;
        }
        const full = resolve(root, path);
        return full.startsWith(`${root}/`) && !path.split('/').includes('..');
      }),
      { numRuns: Number(process.env.AIPC_PROPERTY_RUNS ?? 300), seed: Number(process.env.AIPC_PROPERTY_SEED ?? 13) },
    );
  });

  it('render --split with fullnameOverride=../x: exit 2 from the values schema, nothing written', () => {
    const dir = join(tempDir(), 'out');
    const r = runCli(['render', '--split', dir, '--set', 'fullnameOverride=../../escaped']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fullnameOverride/);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('output directories: replaced only when aipc wrote them, never the working directory', () => {
  it('generate --out .. refuses to replace the working directory and its parents', () => {
    const root = tempDir();
    const cwd = join(root, 'work', 'here');
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(cwd, 'mine.txt'), 'mine\n');
    for (const out of ['..', '.', root]) {
      const r = runCli(['generate', '--out', out], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('refusing to replace the working directory or one of its parents');
    }
    expect(readFileSync(join(cwd, 'mine.txt'), 'utf8')).toBe('mine\n');
  });

  it('generate --out DIR: a directory without the marker is refused; its own earlier output is replaced', () => {
    const dir = join(tempDir(), 'chart');
    mkdirSync(dir);
    writeFileSync(join(dir, 'Chart.yaml'), 'name: mine\n');
    const refused = runCli(['generate', '--out', dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/no \.aipc-output marker from an earlier `aipc generate`/);
    expect(readFileSync(join(dir, 'Chart.yaml'), 'utf8')).toBe('name: mine\n');
    const fresh = join(tempDir(), 'chart');
    expect(runCli(['generate', '--out', fresh]).code).toBe(0);
    writeFileSync(join(fresh, 'values.yaml'), 'edited: true\n');
    expect(runCli(['generate', '--out', fresh]).code).toBe(0);
    expect(readFileSync(join(fresh, 'values.yaml'), 'utf8')).not.toContain('edited');
  });
});

describe('readers are bounded before reading', () => {
  it('a FIFO, a device and a 1 TiB sparse file are refused at once (exit 2), never read', () => {
    const dir = tempDir();
    const fifo = join(dir, 'manifest.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const sparse = join(dir, 'huge.yaml');
    closeSync(openSync(sparse, 'w'));
    truncateSync(sparse, 2 ** 40);
    const started = Date.now();
    const cases: [string[], RegExp][] = [
      [['validate', fifo], /not a regular file or directory/],
      [['validate', dir], /manifest\.yaml: not a regular file; not read/],
      [['validate', '/dev/zero'], /not a regular file or directory/],
      [['validate', sparse], /huge\.yaml: file is 1099511627776 bytes; the limit is 268435456/],
      [['values', '--tier', fifo], /manifest\.yaml: is a FIFO \(named pipe\), expected a regular file/],
      [['values', '--tier', '/dev/zero'], /is a device, expected a regular file/],
      [['values', '--tier', 'edge', '--tenants', sparse], /file is 1099511627776 bytes; the limit is 16777216/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    // bounded by construction: nothing waited for a writer or read the sparse terabyte
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('stdin: the one reader (io/stdin.ts) stops at the bound, for a file and for a pipe', async () => {
    const file = join(tempDir(), 'in.yaml');
    writeFileSync(file, 'x'.repeat(100));
    await expect(readStdinText(createReadStream(file), 10)).rejects.toThrow(/input is more than 10 bytes/);
    await expect(readStdinText(createReadStream(file), 100)).resolves.toHaveLength(100);
    // a pipe: a child process reads its own stdin with a 10-byte bound
    const module = join(packageRoot(), 'src/io/stdin.ts');
    const piped = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import(${JSON.stringify(module)}).then((m) => m.readStdinText(process.stdin, 10)).catch((e) => console.log(e.message))`,
      ],
      { input: 'y'.repeat(100), encoding: 'utf8', cwd: packageRoot() },
    );
    expect(piped.stdout).toMatch(/input is more than 10 bytes/);
    expect(readBoundedFile(file, 100)).toHaveLength(100);
  });

  it('a JSON manifest nested 8,000 deep is exit 2 with a message, not a stack overflow (exit 3)', () => {
    const dir = tempDir();
    const deep = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":${'['.repeat(8000)}${']'.repeat(8000)}}`;
    writeFileSync(join(dir, 'deep.json'), deep);
    writeFileSync(join(dir, 'deep.yaml'), deep);
    for (const f of ['deep.json', 'deep.yaml']) {
      const r = runCli(['validate', join(dir, f)]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/nested deeper than 256 levels/);
    }
    // a tenant list (a file a person edits) nested 8,000 deep
    writeFileSync(join(dir, 't.yaml'), `tenants: ${'['.repeat(8000)}${']'.repeat(8000)}\n`);
    const t = runCli(['values', '--tier', 'edge', '--tenants', join(dir, 't.yaml')]);
    expect(t.code, t.stderr).toBe(2);
    expect(t.stderr).toMatch(/t\.yaml:1:\d+: nested deeper than 64 levels/);
  });
});

describe('symbolic links in walked trees', () => {
  it('validate and diff: a link out of the tree is refused and its target never printed; a link inside is followed', () => {
    const root = tempDir();
    const secret = join(root, 'kubeconfig.yaml');
    writeFileSync(secret, 'apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user: {token: SECRET-TOKEN-123}\n');
    const tree = (name: string) => {
      const dir = join(root, name);
      mkdirSync(join(dir, 'ns'), { recursive: true });
      writeFileSync(join(dir, 'ns', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: ns}\n');
      return dir;
    };
    const a = tree('a');
    const b = tree('b');
    symlinkSync(secret, join(b, 'ns', 'leak.yaml'));
    for (const args of [
      ['validate', b],
      ['diff', a, b],
    ]) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/leak\.yaml: a symbolic link to .*kubeconfig\.yaml, outside .*; links are followed only inside the tree/);
      expect(r.stdout + r.stderr).not.toContain('SECRET-TOKEN-123');
    }
    const c = tree('c');
    symlinkSync(join(c, 'ns', 'cm.yaml'), join(c, 'alias.yaml'));
    symlinkSync(c, join(c, 'ns', 'loop'));
    const inside = runCli(['validate', c]);
    expect(inside.code, inside.stderr).toBe(0);
    expect(inside.stdout).toMatch(/^2 resources: 2 valid/m);
  });
});

describe('multi-file writes are all-or-nothing', () => {
  it('values --all: one target a directory leaves every tier file as it was', () => {
    const dir = tempDir();
    for (const f of ['values-tier1-edge.yaml', 'values-tier3-connected.yaml']) writeFileSync(join(dir, f), 'old\n');
    mkdirSync(join(dir, 'values-tier2-datacenter.yaml'));
    const r = runCli(['values', '--all', '--out-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/values-tier2-datacenter\.yaml: cannot write: exists and is not a regular file/);
    expect(readFileSync(join(dir, 'values-tier1-edge.yaml'), 'utf8')).toBe('old\n');
    expect(readFileSync(join(dir, 'values-tier3-connected.yaml'), 'utf8')).toBe('old\n');
    expect(readdirSync(dir).sort()).toEqual(['values-tier1-edge.yaml', 'values-tier2-datacenter.yaml', 'values-tier3-connected.yaml']);
  });

  it('writeFilesAtomic: a failure while staging leaves no file changed and no temporary behind', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a'), 'old a\n');
    writeFileSync(join(dir, 'blocker'), 'a file where a directory is needed\n');
    expect(() =>
      writeFilesAtomic([
        { path: join(dir, 'a'), content: 'new a\n' },
        { path: join(dir, 'blocker', 'b'), content: 'b\n' },
      ]),
    ).toThrow(InputError);
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe('old a\n');
    expect(readdirSync(dir).sort()).toEqual(['a', 'blocker']);
  });
});

describe('negative quantities', () => {
  it('a tenant with negative cpu or memory is refused (exit 2), not offset against another over-commit', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 't.yaml'), `tenants:\n${tenant('big', '"100"')}${tenant('negative', '"-90"', '-1Gi')}`);
    const r = runCli(['values', '--tier', 'datacenter', '--tenants', join(dir, 't.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/t\.yaml:\d+:\d+: tenants\[1\]\.quota\.cpu: .*must not be negative/);
    expect(r.stderr).toMatch(/tenants\[1\]\.quota\.memory: .*must not be negative/);
  });

  it('capacity sums never decrease, whatever the input', () => {
    const { profile } = loadTierProfile('edge');
    const t = (name: string, cpu: string) => ({
      name,
      quota: { cpu, memory: '1Gi', gpu: 0, pvcs: 1, pods: 1 },
      budget: { maxTotalTokens: 1, maxTotalCost: '1.00', maxConcurrentRuns: 1 },
    });
    const over = checkCapacity(profile, [t('a', '1000')]).findings;
    expect(over.length).toBeGreaterThan(0);
    expect(checkCapacity(profile, [t('a', '1000'), t('b', '-1000')]).findings).toEqual(
      over.map((f) => expect.objectContaining({ rule: f.rule })),
    );
  });

  it('validate refuses a negative ResourceQuota', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'q.yaml'),
      'apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q, namespace: t}\nspec:\n  hard:\n    requests.cpu: "-10"\n    limits.memory: 1Gi\n',
    );
    const r = runCli(['validate', join(dir, 'q.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/q\.yaml:6 ResourceQuota\/t\/q: spec\.hard\["requests\.cpu"\]: "-10": must be greater than or equal to 0/);
  });
});

describe('prototype keys', () => {
  it('--set __proto__.polluted=1 is refused, blaming --set (not the chart values)', () => {
    const r = runCli(['values', '--tier', 'edge', '--set', '__proto__.polluted=1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--set\[1\]:1:1: the key "__proto__" is not allowed/);
    const v = runCli(['values', '--tier', 'edge', '--set', 'ui.config={constructor: {prototype: 1}}']);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/--set\[1\].*ui\.config\.constructor: the key "constructor" is not allowed/);
  });

  it('a tenant list or a manifest with a __proto__ key is refused, naming the file and line', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 't.yaml'), `tenants:\n${tenant('a', '"1"')}__proto__: {polluted: 1}\n`);
    const r = runCli(['values', '--tier', 'edge', '--tenants', join(dir, 't.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/t\.yaml:5:\d+: __proto__: the key "__proto__" is not allowed/);
    const m = readManifestText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  __proto__: x\n', 'm.yaml');
    expect(m.diagnostics[0]).toMatchObject({ line: 5, message: expect.stringMatching(/key "__proto__" is not allowed in a manifest/) });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
