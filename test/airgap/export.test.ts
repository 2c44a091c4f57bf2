// The Zarf and Hauler hand-offs followed image by image: from the list the tool reads, to where the
// tool puts the image, to what the rendered pods pull. Neither tool runs here, so their algorithms
// are reproduced from their sources:
// - Zarf: src/pkg/transform/image.go (ImageTransformHost, ImageTransformHostWithoutChecksum,
//   ParseImageRef with distribution/reference's normalisation), src/pkg/images/push.go (each
//   listed image pushed under both names), src/internal/agent/hooks/pods.go (every container
//   image rewritten with ImageTransformHost); crc32 is helpers.GetCRCHash, IEEE.
// - Hauler: cmd/hauler/cli/store/add.go rewriteReference (the stored name of a v1 `rewrite`),
//   pkg/content/registry.go RewriteRefToRegistry (`store copy registry://HOST` relocates each stored
//   name by go-containerregistry's RepositoryStr, which puts a one-part name under library/).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { runCli, tempDir } from '../helpers.js';
import { resolveHelm } from '../../src/helm/binary.js';
import { sourceOf } from '../support/release.js';

/** distribution/reference ParseNormalizedNamed: the domain, the path and the full name. */
function normalized(ref: string): { domain: string; path: string; name: string; tag?: string; digest?: string } {
  let rest = ref;
  let digest: string | undefined;
  if (rest.includes('@')) [rest, digest] = rest.split('@');
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) [rest, tag] = [rest.slice(0, colon), rest.slice(colon + 1)];
  const slash = rest.indexOf('/');
  const first = slash < 0 ? '' : rest.slice(0, slash);
  let domain = 'docker.io';
  let path = rest;
  if (slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost')) [domain, path] = [first, rest.slice(slash + 1)];
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  return { domain, path, name: `${domain}/${path}`, tag, digest };
}

/** transform.ImageTransformHost. */
function zarfTransform(target: string, ref: string): string {
  const i = normalized(ref);
  if (target.startsWith(i.domain)) return ref;
  if (i.digest) return `${target}/${i.path}@${i.digest}`;
  return `${target}/${i.path}:${i.tag ?? 'latest'}-zarf-${crc32(i.name)}`;
}

/** transform.ImageTransformHostWithoutChecksum. */
function zarfTransformWithoutChecksum(target: string, ref: string): string {
  const i = normalized(ref);
  if (target.startsWith(i.domain)) return ref;
  return `${target}/${i.path}${i.digest ? `@${i.digest}` : `:${i.tag ?? 'latest'}`}`;
}

/** Hauler: the name a v1 rewrite (without a registry) stores, then where `store copy` pushes it. */
function haulerCopyLocation(target: string, rewrite: string): string {
  const [repo, tag] = [rewrite.slice(0, rewrite.lastIndexOf(':')), rewrite.slice(rewrite.lastIndexOf(':') + 1)];
  // rewriteReference stores the rewrite's own path (its library/ stripped unless written); RewriteRefToRegistry
  // parses that name again, and go-containerregistry puts a one-part Docker Hub name under library/
  const relocated = repo.includes('/') ? repo : `library/${repo}`;
  return `${target}/${relocated}:${tag}`;
}

/** Every image the pods of a rendered stream pull (containers and init containers). */
function podImages(stream: string): string[] {
  const out: string[] = [];
  const visit = (o: unknown): void => {
    if (Array.isArray(o)) o.forEach(visit);
    else if (o && typeof o === 'object')
      for (const [k, v] of Object.entries(o)) {
        if ((k === 'containers' || k === 'initContainers') && Array.isArray(v)) v.forEach((c) => out.push(c.image));
        else visit(v);
      }
  };
  parseAllDocuments(stream).forEach((d) => visit(d.toJS()));
  return out;
}

/** `helm template` of the exported chart with its values files, as the tool installs it. */
function render(dir: string, valuesFiles: string[], set: string[] = []): string {
  const r = spawnSync(
    resolveHelm(),
    [
      'template',
      'ai-platform',
      join(dir, 'chart', 'ai-platform'),
      '--namespace',
      'ai-platform',
      ...valuesFiles.flatMap((f) => ['-f', join(dir, f)]),
      ...set.flatMap((s) => ['--set', s]),
    ],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

const site = (): string => {
  const file = join(tempDir(), 'site.yaml');
  writeFileSync(file, 'extends: edge\nname: site-north\nregistry:\n  url: registry.north.internal:5000/platform\n');
  return file;
};

describe('airgap export --format zarf', () => {
  it.each([
    ['edge', () => 'edge'],
    ['a site profile', site],
  ])('%s: every pod pulls the name Zarf pushed its listed image under (agent rewrite = push name), for every image', (_what, tier) => {
    const out = join(tempDir(), 'zarf');
    const r = runCli(['airgap', 'export', '--format', 'zarf', '--tier', tier(), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const pkg = parse(readFileSync(join(out, 'zarf.yaml'), 'utf8'));
    const chart = pkg.components[0].charts[0];
    const listed: string[] = pkg.components[0].images;
    const registry = '127.0.0.1:31999'; // zarf init's registry
    const pushed = new Set(listed.flatMap((l) => [zarfTransform(registry, l), zarfTransformWithoutChecksum(registry, l)]));
    // the chart variables at their defaults, as zarf package deploy sets them
    const set = chart.variables.map(
      (v: { name: string; path: string }) => `${v.path}=${pkg.variables.find((p: { name: string }) => p.name === v.name).default}`,
    );
    const pulled = [...new Set(podImages(render(out, chart.valuesFiles, set)))].sort();
    const rewritten = pulled.map((p) => zarfTransform(registry, p));
    const found = rewritten.filter((x) => pushed.has(x));
    expect(`${found.length} of ${pulled.length}`).toBe(`${listed.length} of ${listed.length}`);
    expect(pulled).toEqual([...listed].sort());
    // the crc is of the listed name itself: a pod pulling the tier registry's name would miss
    expect(pushed.has(zarfTransform(registry, 'registry.local:5000/ai-platform/agent:v1.2.0'))).toBe(false);
    // a README naming the commands
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    expect(readme).toContain('zarf package create .');
    expect(readme).toContain('zarf package deploy');
    // Zarf creates the namespace before Helm applies (src/internal/packager/helm/post-render.go): Helm must adopt it
    expect(readme).toContain('--take-ownership');
  });
});

describe('airgap export --format hauler', () => {
  it.each([
    ['edge', () => 'edge', 'registry.local:5000'],
    ['a site profile', site, 'registry.north.internal:5000/platform'],
  ])('%s: every pod pulls where hauler store copy put its image (v1 rewrite), for every image', (_what, tier, registry) => {
    const out = join(tempDir(), 'hauler');
    const r = runCli(['airgap', 'export', '--format', 'hauler', '--tier', tier(), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const [images, charts, files] = parseAllDocuments(readFileSync(join(out, 'hauler-manifest.yaml'), 'utf8')).map((d) => d.toJS());
    // pkg/artifacts/chart/chart.go: a repoURL that is no URL is a directory holding <name>
    expect(charts.spec.charts[0]).toMatchObject({ name: 'ai-platform', repoURL: './chart' });
    expect(readFileSync(join(out, charts.spec.charts[0].repoURL, 'ai-platform', 'Chart.yaml'), 'utf8')).toContain('name: ai-platform');
    const locations = new Set(images.spec.images.map((i: { rewrite: string }) => haulerCopyLocation(registry, i.rewrite)));
    const valuesFiles = files.spec.files.map((f: { path: string }) => f.path);
    for (const target of [registry, '10.1.2.3:5000']) {
      const here = new Set(images.spec.images.map((i: { rewrite: string }) => haulerCopyLocation(target, i.rewrite)));
      const pulled = [...new Set(podImages(render(out, valuesFiles, target === registry ? [] : [`global.registry=${target}`])))].sort();
      expect(`${pulled.filter((p) => here.has(p)).length} of ${pulled.length}`).toBe(`${here.size} of ${here.size}`);
    }
    expect(locations.size).toBe(images.spec.images.length);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain(`hauler store copy registry://${registry}`);
  });
});

describe('the chart’s image annotations', () => {
  it('name every image by its full upstream reference, so tools reading them (Hauler add-images, Zarf find-images) pull the right one', () => {
    const chart = parse(readFileSync(join('charts', 'ai-platform', 'Chart.yaml'), 'utf8'));
    for (const key of ['helm.sh/images', 'artifacthub.io/images']) {
      const listed: { name: string; image: string }[] = parse(chart.annotations[key]);
      expect(listed.length).toBeGreaterThan(0);
      for (const { image } of listed) {
        // distribution/reference: the first part is a registry only with a '.' or ':' (or localhost)
        const first = image.split('/')[0];
        expect(first.includes('.') || first.includes(':'), image).toBe(true);
      }
      expect(listed.map((l) => l.image)).toContain(sourceOf('postgres'));
      expect(listed.map((l) => l.image)).toContain(sourceOf('ai-platform/agent'));
    }
  });
});

describe('airgap export with a digest pinned in the release data', () => {
  const DIGEST = `sha256:${'a'.repeat(64)}`;
  const pinned = (): Record<string, string> => {
    const file = join(tempDir(), 'release.yaml');
    const redis = sourceOf('redis').split(':').pop();
    writeFileSync(
      file,
      readFileSync('release.yaml', 'utf8').replace(
        `repository: redis\n    tag: ${redis}\n`,
        `repository: redis\n    tag: ${redis}\n    digest: ${DIGEST}\n`,
      ),
    );
    return { AIPC_RELEASE_FILE: file };
  };

  it('Zarf lists the image by digest and the pod pulls exactly that: Zarf pushes and rewrites it to the same @digest', () => {
    const out = join(tempDir(), 'zarf');
    const r = runCli(['airgap', 'export', '--format', 'zarf', '--tier', 'edge', '--out', out], { env: pinned() });
    expect(r.code, r.stderr).toBe(0);
    const pkg = parse(readFileSync(join(out, 'zarf.yaml'), 'utf8'));
    const listed: string[] = pkg.components[0].images;
    expect(listed).toContain(`${sourceOf('redis')}@${DIGEST}`);
    const pulled = [...new Set(podImages(render(out, pkg.components[0].charts[0].valuesFiles)))].sort();
    expect(pulled).toEqual([...listed].sort());
    const registry = '127.0.0.1:31999';
    expect(zarfTransform(registry, `${sourceOf('redis')}@${DIGEST}`)).toBe(`${registry}/library/redis@${DIGEST}`);
  });

  it('Hauler stores the image by tag under its rewrite and the pod pulls it by the pinned digest from the copied repository', () => {
    const out = join(tempDir(), 'hauler');
    const r = runCli(['airgap', 'export', '--format', 'hauler', '--tier', 'edge', '--out', out], { env: pinned() });
    expect(r.code, r.stderr).toBe(0);
    const [images, , files] = parseAllDocuments(readFileSync(join(out, 'hauler-manifest.yaml'), 'utf8')).map((d) => d.toJS());
    const entry = images.spec.images.find((i: { name: string }) => i.name.startsWith('docker.io/library/redis'));
    expect(entry.name).toBe(sourceOf('redis'));
    const pulled = podImages(
      render(
        out,
        files.spec.files.map((f: { path: string }) => f.path),
      ),
    );
    expect(pulled).toContain(`${haulerCopyLocation('registry.local:5000', entry.rewrite)}@${DIGEST}`);
  });
});
