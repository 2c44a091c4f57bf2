// The far side of the gap as an operator without aipc meets it: INSTALL.md's own `sh` blocks, taken
// from the generated file and run as written (only `helm install` becomes `helm template` with the
// same flags, and kubectl decodes offline: no cluster here) against a real CNCF Distribution
// registry on 127.0.0.1. Verification must fail for every tampering, and the bundle must verify
// again after every step. Then the aipc path: `load` twice, `check` of what load wrote, and
// refusing an older bundle or another tier's.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli, tempDir } from '../helpers.js';
import { kubectlPath } from '../support/kubectl.js';
import { makeKey, pushImage, remoteDigest, startRegistry, writeImage, type Registry } from '../../scripts/support/registry.js';
import { resolveHelm } from '../../src/helm/binary.js';
import { chartDir } from '../../src/paths.js';
import { collectArgs } from '../support/airgap.js';
import { customResourceDefinitions } from '../../src/model/crds/index.js';
import { release } from '../../src/model/release.js';
import { readManifestText } from '../../src/io/manifests.js';
import { redactGenerated } from '../../src/render/render.js';

let source: Registry;
let far: Registry;
let work: string;
let keys: { key: string; pub: string };
let bundle: string;
let models: string;
let deployed: string[];

const collect = (out: string, created: string, extra: string[] = []) =>
  runCli(collectArgs(out, keys.key, source.host, ['--model-dir', models, '--created', created, ...extra]));

beforeAll(async () => {
  [source, far] = await Promise.all([startRegistry(), startRegistry()]);
  work = mkdtempSync(join(tmpdir(), 'aipc-far-'));
  keys = makeKey(work);
  const listed = runCli(['airgap', 'images', '--tier', 'edge', '--source-registry', source.host]);
  expect(listed.code, listed.stderr).toBe(0);
  deployed = [];
  listed.stdout
    .trim()
    .split('\n')
    .forEach((line, i) => {
      const [src, dep] = line.split(' ');
      const layout = join(work, `layout-${i}`);
      writeImage(layout, 'img', `image ${src}`);
      pushImage(layout, 'img', src);
      deployed.push(dep);
    });
  models = join(work, 'models');
  mkdirSync(join(models, 'mistral-7b-instruct-q4'), { recursive: true });
  writeFileSync(join(models, 'mistral-7b-instruct-q4', 'model.gguf'), Buffer.alloc(4096, 7));
  bundle = join(work, 'bundle');
  const c = collect(bundle, '2026-02-01T00:00:00Z');
  expect(c.code, c.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await Promise.all([source?.stop(), far?.stop()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A render's objects as JSON, the values the chart draws at random on every render redacted. */
const redactedObjects = (text: string): string[] => {
  const read = readManifestText(text, 'render');
  expect(read.diagnostics).toEqual([]);
  return read.objects.map((m) => JSON.stringify(redactGenerated(m.object)));
};

/** The digest of the packaged chart a Helm OCI artifact carries (its chart content layer), read with skopeo. */
function chartLayer(registry: Registry, path: string): string | undefined {
  const r = spawnSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${registry.host}/${path}`], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const manifest = JSON.parse(r.stdout) as { layers: { mediaType: string; digest: string }[] };
  return manifest.layers.find((l) => l.mediaType === 'application/vnd.cncf.helm.chart.content.v1.tar+gzip')?.digest;
}

/** The fenced `sh` blocks of INSTALL.md, in order (block 0 is the settings). */
function shBlocks(dir: string): string[] {
  const text = readFileSync(join(dir, 'INSTALL.md'), 'utf8');
  return [...text.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

/** A PATH with `helm` (the pinned binary) and a `kubectl` that decodes what it is given offline and logs each call. */
function tools(dir: string): { path: string; log: string } {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const log = join(dir, 'kubectl.log');
  writeFileSync(join(bin, 'helm'), `#!/bin/sh\nexec '${resolveHelm()}' "$@"\n`);
  // apply: the objects read with the real kubectl (label --local), which fails on anything it cannot decode
  writeFileSync(
    join(bin, 'kubectl'),
    `#!/bin/sh
echo "kubectl $*" >> '${log}'
case "$1" in
  apply)
    f='${dir}/applied-'$(date +%s%N).yaml
    cat > "$f"
    KUBECONFIG=/dev/null '${kubectlPath()}' label --local -f "$f" aipc-probe=x -o name >> '${log}' ;;
  cp)
    [ -d models ] || { echo "kubectl cp: no models/ here" >&2; exit 1; } ;;
esac
`,
  );
  chmodSync(join(bin, 'helm'), 0o755);
  chmodSync(join(bin, 'kubectl'), 0o755);
  return { path: `${bin}:${process.env.PATH}`, log };
}

interface Far {
  readonly dir: string;
  readonly workDir: string;
  readonly path: string;
  readonly log: string;
}

function farSide(dir: string, registry = far): Far & { env: Record<string, string> } {
  const home = tempDir('aipc-far-home-');
  const t = tools(home);
  const workDir = join(home, 'work');
  mkdirSync(workDir);
  cpSync(keys.pub, join(workDir, 'signer.pub'));
  const env = {
    PATH: t.path,
    HOME: home,
    BUNDLE: dir,
    WORK: workDir,
    REGISTRY: registry.host,
    TLS_VERIFY: 'false',
  };
  return { dir, workDir, path: t.path, log: t.log, env };
}

/** Runs settings + block `i` as written (helm install and upgrade → helm template, same flags). */
function runBlock(f: ReturnType<typeof farSide>, blocks: string[], i: number) {
  const body = blocks[i].replace(/^helm (install|upgrade) /m, 'helm template ');
  const r = spawnSync('sh', ['-e', '-c', `${blocks[0]}\n${body}`], { env: f.env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const copy = () => {
  const dir = join(tempDir(), 'bundle');
  cpSync(bundle, dir, { recursive: true });
  return dir;
};

describe('INSTALL.md followed literally, without aipc', () => {
  it('verifies, loads every image and reads its digest back, applies the namespace and the weights claim, renders the install; the bundle verifies after every step', () => {
    const dir = copy();
    const f = farSide(dir);
    const blocks = shBlocks(dir);
    const text = readFileSync(join(dir, 'INSTALL.md'), 'utf8');
    expect(blocks.join('\n')).not.toContain('--create-namespace');
    expect(text).toContain('Never use `--create-namespace`');
    expect(blocks.length).toBe(9); // settings, verify, load, chart, site values, namespace, weights, install, upgrade
    const verifyStep = blocks.findIndex((b) => b.includes('ssh-keygen -Y verify'));
    expect(verifyStep).toBe(1);
    const outputs: string[] = [];
    for (let i = 1; i < blocks.length; i++) {
      const r = runBlock(f, blocks, i);
      expect(r.code, `block ${i}:\n${blocks[i]}\n${r.stderr}`).toBe(0);
      outputs.push(r.stdout);
      // nothing written inside: both the stock recipe and aipc still accept the bundle
      const again = runBlock(f, blocks, verifyStep);
      expect(again.code, `verify after block ${i}: ${again.stderr}`).toBe(0);
      const v = runCli(['airgap', 'verify', dir, '--key', keys.pub]);
      expect(v.code, `aipc verify after block ${i}: ${v.stdout}`).toBe(0);
    }
    // the carried chart is in the far registry, its chart layer the bundle's file
    const pkg = readdirSync(join(dir, 'charts'))[0];
    const chartSha = createHash('sha256')
      .update(readFileSync(join(dir, 'charts', pkg)))
      .digest('hex');
    expect(chartLayer(far, `charts/ai-platform:${release().chart.version}`)).toBe(`sha256:${chartSha}`);
    // every image is in the far registry with the digest collected
    const manifest = readFileSync(join(dir, 'manifest.yaml'), 'utf8');
    const images = [...manifest.matchAll(/- name: (\S+)\n\s+source: \S+\n\s+digest: (sha256:[0-9a-f]{64})/g)];
    expect(images.length).toBe(deployed.length);
    for (const [, name, digest] of images) expect(remoteDigest(name.replace('registry.local:5000', far.host))).toBe(digest);
    // the site values file points at the far registry and names the import claim
    expect(readFileSync(join(f.workDir, 'values-airgap.yaml'), 'utf8')).toMatch(
      new RegExp(`registry: ${far.host.replace(/\./g, '\\.')}\\n[\\s\\S]*importClaim: model-import`),
    );
    // kubectl received the Namespace alone first, then the claim and the copy pod from the far registry
    const log = readFileSync(f.log, 'utf8');
    expect(log).toMatch(/kubectl apply -f -\nnamespace\/ai-platform\n/);
    expect(log).toMatch(/kubectl apply -n ai-platform -f -\npersistentvolumeclaim\/model-import\npod\/model-import\n/);
    expect(log).toContain('kubectl cp -n ai-platform models model-import:/bundle/models');
    expect(log.indexOf('namespace/ai-platform')).toBeLessThan(log.indexOf('persistentvolumeclaim/model-import'));
    // the upgrade applies every CRD of the carried chart, server-side, before it upgrades
    const crdApply = log.slice(log.indexOf('kubectl apply --server-side --force-conflicts -f -\n'));
    expect(crdApply.length).toBeLessThan(log.length);
    for (const crd of customResourceDefinitions)
      expect(crdApply).toContain(`customresourcedefinition.apiextensions.k8s.io/${crd.spec.names.plural}.${crd.spec.group}\n`);
    // the install renders every pod from the far registry, the loader mounting the claim; the upgrade renders the same
    const installAt = blocks.findIndex((b) => /^helm install /m.test(b));
    const upgradeAt = blocks.findIndex((b) => /^helm upgrade /m.test(b));
    expect(upgradeAt).toBeGreaterThan(installAt);
    expect(blocks[upgradeAt].indexOf('helm show crds')).toBeLessThan(blocks[upgradeAt].indexOf('helm upgrade'));
    expect(redactedObjects(outputs[upgradeAt - 1])).toEqual(redactedObjects(outputs[installAt - 1]));
    const rendered = parseAllDocuments(outputs[installAt - 1]).map((d) => d.toJS());
    const pulled = new Set<string>();
    const visit = (o: unknown): void => {
      if (Array.isArray(o)) o.forEach(visit);
      else if (o && typeof o === 'object')
        for (const [k, v] of Object.entries(o)) {
          if ((k === 'containers' || k === 'initContainers') && Array.isArray(v)) v.forEach((c) => pulled.add(c.image));
          else visit(v);
        }
    };
    rendered.forEach(visit);
    expect([...pulled].sort()).toEqual([...new Set(deployed.map((d) => d.replace('registry.local:5000', far.host)))].sort());
    const loader = rendered.find((o) => o?.kind === 'Job' && String(o.metadata?.name).endsWith('model-loader'));
    expect(loader.spec.template.spec.volumes).toContainEqual({
      name: 'bundle',
      persistentVolumeClaim: { claimName: 'model-import', readOnly: true },
    });
    // the namespace step and the install pass the same flags (the chart README's two steps)
    const flags = (b: string) =>
      b
        .split('\n')
        .find((l) => l.startsWith('helm '))!
        .replace(/^helm (template|install|upgrade) /, '')
        .replace(/ --show-only \S+ \| kubectl apply -f -$/, '');
    const namespaceAt = blocks.findIndex((b) => b.includes('--show-only templates/namespace.yaml'));
    expect(flags(blocks[namespaceAt])).toBe(flags(blocks[installAt]));
    expect(flags(blocks[upgradeAt].split('\n').slice(1).join('\n'))).toBe(flags(blocks[installAt]));
  }, 120_000);

  const tamper: [string, (dir: string) => void][] = [
    [
      'a changed values file with its matching SHA256SUMS line',
      (dir) => {
        const file = join(dir, 'values', 'values-tier1-edge.yaml');
        writeFileSync(file, readFileSync(file, 'utf8').replace(/egress: deny-all/, 'egress: allow-approved'));
        const sum = spawnSync('sha256sum', ['values/values-tier1-edge.yaml'], { cwd: dir, encoding: 'utf8' }).stdout;
        const sums = join(dir, 'SHA256SUMS');
        writeFileSync(sums, readFileSync(sums, 'utf8').replace(/^[0-9a-f]{64} {2}values\/values-tier1-edge\.yaml\n/m, sum));
      },
    ],
    [
      'a changed SHA256SUMS',
      (dir) => {
        const sums = join(dir, 'SHA256SUMS');
        writeFileSync(sums, `${readFileSync(sums, 'utf8')}${'0'.repeat(64)}  README.md\n`);
      },
    ],
    ['an extra file', (dir) => writeFileSync(join(dir, 'values', 'values-zz-egress.yaml'), 'network:\n  egress: allow-approved\n')],
    [
      'a changed image blob',
      (dir) => {
        const blobs = join(dir, 'images', 'blobs', 'sha256');
        const victim = join(blobs, readdirSync(blobs).sort()[0]);
        const bytes = readFileSync(victim);
        bytes[bytes.length - 1] ^= 1;
        writeFileSync(victim, bytes);
      },
    ],
  ];

  it.each(tamper)('fails at the verification step for %s (and aipc airgap verify fails too)', (what, change) => {
    const dir = copy();
    change(dir);
    const f = farSide(dir);
    const blocks = shBlocks(dir);
    const r = runBlock(f, blocks, 1);
    expect(r.code, `${what}: ${r.stdout}${r.stderr}`).not.toBe(0);
    expect(runCli(['airgap', 'verify', dir, '--key', keys.pub]).code).toBe(1);
  });

  it('names the file the signed list does not hold', () => {
    const dir = copy();
    writeFileSync(join(dir, 'values', 'values-zz-egress.yaml'), 'network:\n  egress: allow-approved\n');
    const r = runBlock(farSide(dir), shBlocks(dir), 1);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('not in the signed SHA256SUMS: values/values-zz-egress.yaml');
  });
});

describe('aipc airgap load and check on the far side', () => {
  it('load from inside the bundle writes beside it, twice (the second pushes nothing); check -f its values passes on that registry, fails on an empty one', async () => {
    const [target, empty] = await Promise.all([startRegistry(), startRegistry()]);
    try {
      const dir = copy();
      const load = () => runCli(['airgap', 'load', '.', '--key', keys.pub, '--registry', target.host, '--insecure-registry'], { cwd: dir });
      const first = load();
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain(`${deployed.length} pushed`);
      const values = join(dir, '..', 'values-airgap.yaml');
      expect(readFileSync(values, 'utf8')).toContain(`registry: ${target.host}\n`);
      expect(existsSync(join(dir, '..', 'values-airgap.bundle.yaml'))).toBe(true);
      expect(runCli(['airgap', 'verify', dir, '--key', keys.pub]).code).toBe(0);
      // the chart is in the registry as an OCI artifact: pulled back by Helm, it renders as the local chart
      const version = release().chart.version;
      const repository = `oci://${target.host}/charts/ai-platform`;
      expect(first.stdout).toContain(`pushed ${repository}:${version} sha256:`);
      expect(first.stdout).toMatch(
        /before helm upgrade of an existing release, apply the CRDs first[^\n]*\n {2}helm show crds \S+\/charts\/ai-platform-[^ ]+\.tgz \| kubectl apply --server-side --force-conflicts -f -\n/,
      );
      const pulled = tempDir();
      const helm = resolveHelm();
      const pull = spawnSync(helm, ['pull', repository, '--version', version, '--plain-http', '--destination', pulled], {
        encoding: 'utf8',
      });
      expect(pull.status, pull.stderr).toBe(0);
      const template = (chart: string) => {
        const r = spawnSync(
          helm,
          ['template', 'ai-platform', chart, '--namespace', 'ai-platform', '-f', join(chartDir(), 'values-tier1-edge.yaml')],
          {
            encoding: 'utf8',
            maxBuffer: 256 * 1024 * 1024,
          },
        );
        expect(r.status, r.stderr).toBe(0);
        return redactedObjects(r.stdout);
      };
      expect(template(join(pulled, `ai-platform-${version}.tgz`))).toEqual(template(chartDir()));
      expect(readFileSync(join(dir, '..', 'values-airgap.bundle.yaml'), 'utf8')).toContain(`chartReference: ${repository}:${version}\n`);
      // a second load pushes nothing (JSON: every image and the chart already there)
      const second = runCli(
        ['airgap', 'load', '.', '--key', keys.pub, '--registry', target.host, '--insecure-registry', '--format', 'json'],
        {
          cwd: dir,
        },
      );
      expect(second.code, second.stderr).toBe(0);
      const doc = JSON.parse(second.stdout) as {
        images: { target: string; digest: string; pushed: boolean }[];
        chart: { repository: string; version: string; digest: string; pushed: boolean; crdStep: string };
        valuesFile: string;
      };
      expect(doc.images.length).toBe(deployed.length);
      expect(doc.images.every((i) => !i.pushed)).toBe(true);
      expect(doc.chart).toMatchObject({ repository, version, pushed: false });
      expect(doc.chart.crdStep).toContain('| kubectl apply --server-side --force-conflicts -f -');
      expect(doc.valuesFile).toBe(values);
      expect(runCli(['airgap', 'verify', dir, '--key', keys.pub]).code).toBe(0);
      // --values-out inside the bundle is refused
      const inside = runCli([
        'airgap',
        'load',
        dir,
        '--key',
        keys.pub,
        '--registry',
        target.host,
        '--insecure-registry',
        '--values-out',
        join(dir, 'v.yaml'),
      ]);
      expect(inside.code).toBe(2);
      expect(inside.stderr).toContain('is inside the bundle');

      const check = (url: string) =>
        runCli(['check', '--tier', 'edge', '-f', values, '--registry-url', url, '--bundle', dir, '--key', keys.pub]);
      const ok = check(target.url);
      expect(ok.code, ok.stdout).toBe(0);
      expect(ok.stdout).toMatch(
        /^PASS {2}Bundle is of this tier and for the values' registry\n.*loaded into 127\.0\.0\.1:\d+ by aipc airgap load/m,
      );
      expect(ok.stdout).toMatch(/^PASS {2}Chart version matches bundle manifest$/m);
      const bad = check(empty.url);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toMatch(/^FAIL {2}Every image available in the tier's registry$/m);
      // without load's record the registry difference is its own FAIL, not the chart version's
      const own = join(tempDir(), 'values-own.yaml');
      cpSync(values, own);
      const unmapped = runCli(['check', '--tier', 'edge', '-f', own, '--registry-url', target.url, '--bundle', dir, '--key', keys.pub]);
      expect(unmapped.code).toBe(1);
      expect(unmapped.stdout).toMatch(
        /^FAIL {2}Bundle is of this tier and for the values' registry\n.*images are named for registry registry\.local:5000, the values deploy from 127\.0\.0\.1/m,
      );
      expect(unmapped.stdout).toMatch(/^PASS {2}Chart version matches bundle manifest$/m);
    } finally {
      await Promise.all([target.stop(), empty.stop()]);
    }
  }, 120_000);

  it('refuses an older signed bundle after a newer one, and another tier, naming the difference; loads each with --allow-other-bundle', async () => {
    const target = await startRegistry();
    try {
      const older = join(tempDir(), 'older');
      const c = collect(older, '2026-01-01T00:00:00Z', ['--format', 'json']);
      expect(c.code, c.stderr).toBe(0);
      // collect --format json: the manifest as signed, every image with its digest, the chart among the files
      const collected = JSON.parse(c.stdout) as {
        signed: boolean;
        created: string;
        chart: { package: string };
        images: { name: string; digest: string }[];
        files: { path: string }[];
      };
      expect(collected).toMatchObject({ signed: true, created: '2026-01-01T00:00:00Z' });
      expect(collected.images.length).toBe(deployed.length);
      for (const i of collected.images) expect(i.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(collected.files.map((f) => f.path)).toContain(collected.chart.package);
      const cwd = tempDir();
      const load = (dir: string, ...extra: string[]) =>
        runCli(['airgap', 'load', dir, '--key', keys.pub, '--registry', target.host, '--insecure-registry', ...extra], { cwd });
      expect(load(bundle).code).toBe(0);
      const rollback = load(older);
      expect(rollback.code).toBe(1);
      expect(rollback.stderr).toContain('the bundle was created 2026-01-01T00:00:00Z, before the bundle loaded last (2026-02-01T00:00:00Z');
      expect(load(older, '--not-before', '2026-01-15T00:00:00Z', '--allow-other-bundle').code).toBe(0);
      // the record now names the older bundle; --not-before alone refuses it
      const early = load(older, '--not-before', '2026-01-15T00:00:00Z');
      expect(early.code).toBe(1);
      expect(early.stderr).toContain('created 2026-01-01T00:00:00Z, before --not-before 2026-01-15T00:00:00Z');
      const tier = load(bundle, '--tier', 'datacenter');
      expect(tier.code).toBe(1);
      expect(tier.stderr).toContain('the bundle is of tier edge; tier datacenter was asked for');
      // a record of another tier's bundle
      const record = join(cwd, 'values-airgap.bundle.yaml');
      writeFileSync(record, readFileSync(record, 'utf8').replace(/^tier: edge$/m, 'tier: datacenter'));
      const other = load(bundle);
      expect(other.code).toBe(1);
      expect(other.stderr).toContain('the bundle is of tier edge; the bundle loaded last');
      expect(load(bundle, '--allow-other-bundle').code).toBe(0);
      // check --bundle refuses by age too
      const check = runCli(['check', '--tier', 'edge', '--bundle', older, '--key', keys.pub, '--not-before', '2026-01-15T00:00:00Z']);
      expect(check.code).toBe(1);
      expect(check.stdout).toMatch(/^FAIL {2}Bundle is of this tier and for the values' registry\n.*before --not-before/m);
    } finally {
      await target.stop();
    }
  }, 120_000);
});

describe('collect --model-dir', () => {
  it('refuses a link to a file outside the model tree, naming the link (exit 2, nothing written)', () => {
    const dir = tempDir();
    const tree = join(dir, 'models');
    mkdirSync(join(tree, 'mistral-7b-instruct-q4'), { recursive: true });
    writeFileSync(join(dir, 'id_ed25519'), 'secret');
    symlinkSync(join(dir, 'id_ed25519'), join(tree, 'mistral-7b-instruct-q4', 'tokenizer.json'));
    const out = join(dir, 'b');
    const r = runCli(['airgap', 'bundle', '--tier', 'edge', '--out', out, '--model-dir', tree]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${join(tree, 'mistral-7b-instruct-q4', 'tokenizer.json')}: symbolic link to ${join(dir, 'id_ed25519')}, outside the model directory; nothing outside the model tree is carried (--model-dir)`,
    );
    expect(existsSync(out)).toBe(false);
    // a link inside the tree is followed
    rmSync(join(tree, 'mistral-7b-instruct-q4', 'tokenizer.json'));
    writeFileSync(join(tree, 'mistral-7b-instruct-q4', 'weights.bin'), 'w');
    symlinkSync('weights.bin', join(tree, 'mistral-7b-instruct-q4', 'alias.bin'));
    expect(runCli(['airgap', 'bundle', '--tier', 'edge', '--out', out, '--model-dir', tree]).code).toBe(0);
  });
});
