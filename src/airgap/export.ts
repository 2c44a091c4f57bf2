// Hand-off formats for operators who already carry software with Zarf or Hauler: the same
// content aipc collects (the chart, the tier's values files, every image from its upstream
// source) as a `zarf.yaml` package definition or Hauler `content.hauler.cattle.io/v1` manifests.
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AipcError, EXIT_FINDINGS } from '../errors.js';
import { swapDirectoryInto } from '../io/atomic-write.js';
import { formatYaml } from '../io/yaml-format.js';
import { chartMeta } from '../model/chart-meta.js';
import { DEFAULT_NAMESPACE, DEFAULT_RELEASE } from '../helm/run.js';
import { workloads } from '../model/components.js';
import { asRecord } from '../util/data.js';
import { trimTrailingSlashes } from '../util/text.js';
import { parseImageRef } from './images.js';
import { chartDir as defaultChartDir } from '../paths.js';
import { collectImages, type CollectOptions } from './collect.js';
import { formatImageFindings } from './bundle.js';
import { GENERATED_MARKER } from '../generators/header.js';
import { MARKER_FILE, MARKER_TEXT } from './manifest.js';
import { asWriteError, checkOutDir } from './out-dir.js';
import { sourcesFor } from './release.js';
import { makeTempDir, removeTempDir, trackPath, untrackPath } from '../io/cleanup.js';

export type ExportFormat = 'zarf' | 'hauler';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['zarf', 'hauler'];

export interface ExportOptions extends CollectOptions {
  readonly format: ExportFormat;
  readonly out: string;
  readonly sourceRegistry?: string;
  /** `os/arch`: Hauler pulls only this platform of each image. */
  readonly platform?: string;
}

export interface ExportResult {
  readonly dir: string;
  /** The package definition or manifest file written, relative to `dir`. */
  readonly file: string;
  /** The images listed for the tool, each exactly what the rendered pods pull (Zarf) or its source (Hauler). */
  readonly images: readonly string[];
}

/** One image of the hand-off: where the tool pulls it, what it stores it as, what the pods pull. */
export interface HandOffImage {
  /** The reference listed for the tool (Zarf: what the pods deploy; Hauler: the source). */
  readonly name: string;
  /** Hauler's v1 `rewrite`: the path the image is stored and copied under. */
  readonly rewrite?: string;
}

/** Contents of the hand-off: chart copied under chart/, values under values/, images. */
export interface HandOff {
  readonly tier: string;
  readonly valuesFiles: readonly string[];
  readonly images: readonly HandOffImage[];
  /** The registry the tier deploys from (Hauler copies into it). */
  readonly registry: string;
}

/** A site setting the operator gives at deploy time: a Zarf variable bound to a chart value. */
interface SiteKnob {
  readonly name: string;
  readonly path: string;
  readonly description: string;
}

/** Site settings of the chart that differ between sites of one tier (strings, so a Zarf variable can carry them). */
const SITE_KNOBS: readonly SiteKnob[] = [
  { name: 'STORAGE_CLASS', path: 'global.storageClass', description: 'StorageClass for every PVC (empty: the cluster default)' },
  {
    name: 'INGRESS_CONTROLLER_NAMESPACE',
    path: 'network.ingressControllerNamespace',
    description: 'Namespace of the ingress controller allowed to reach the gateway and UI',
  },
  { name: 'DNS_NAMESPACE', path: 'network.dns.namespace', description: 'Namespace of the cluster DNS pods' },
];

const valueAt = (values: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => asRecord(v)?.[k], values);

/**
 * The zarf.yaml for a hand-off: one required component with the chart as a local chart. The
 * images listed are the references the rendered pods pull, so Zarf pushes each under the name its
 * agent rewrites the pod to (both from transform.ImageTransformHost of the same reference).
 */
export function zarfPackage(h: HandOff, values: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'ZarfPackageConfig',
    metadata: {
      name: `${chartMeta.name}-${h.tier}`,
      description: `${chartMeta.name} ${chartMeta.version} for tier ${h.tier}, exported by aipc`,
      version: chartMeta.version,
    },
    variables: SITE_KNOBS.map((k) => {
      const v = valueAt(values, k.path);
      return { name: k.name, description: k.description, default: typeof v === 'string' ? v : '', prompt: false };
    }),
    components: [
      {
        name: chartMeta.name,
        description: `The ${chartMeta.name} chart with the ${h.tier} tier's values files`,
        required: true,
        charts: [
          {
            name: chartMeta.name,
            namespace: DEFAULT_NAMESPACE,
            version: chartMeta.version,
            localPath: `chart/${chartMeta.name}`,
            valuesFiles: [...h.valuesFiles],
            variables: SITE_KNOBS.map((k) => ({ name: k.name, description: k.description, path: k.path })),
          },
        ],
        images: h.images.map((i) => i.name),
      },
    ],
  };
}

/** Hauler manifests for a hand-off: Images (each with its v1 rewrite), Charts (the local chart) and Files documents. */
export function haulerManifests(h: HandOff, platform?: string): Record<string, unknown>[] {
  const meta = (kind: string) => ({
    apiVersion: 'content.hauler.cattle.io/v1',
    kind,
    metadata: { name: `${chartMeta.name}-${h.tier}-${kind.toLowerCase()}` },
  });
  return [
    {
      ...meta('Images'),
      spec: {
        images: h.images.map((i) => ({ name: i.name, ...(platform ? { platform } : {}), ...(i.rewrite ? { rewrite: i.rewrite } : {}) })),
      },
    },
    // pkg/artifacts/chart/chart.go: a repoURL that is not a URL is a directory, the chart found at <repoURL>/<name>
    { ...meta('Charts'), spec: { charts: [{ name: chartMeta.name, repoURL: './chart', version: chartMeta.version }] } },
    { ...meta('Files'), spec: { files: h.valuesFiles.map((path) => ({ path })) } },
  ];
}

/**
 * The path go-containerregistry gives a reference without a registry (name.ParseReference, then
 * RepositoryStr): a single-component name is a Docker Hub official image, `library/<name>`.
 * Hauler's `store copy` relocates every stored image by it (pkg/content/registry.go RewriteRefToRegistry).
 */
export function dockerHubPath(repository: string): string {
  return repository.includes('/') ? repository : `library/${repository}`;
}

/** Values that make every workload's image the given reference (per-image registry, repository, tag, digest). */
function imageValues(
  values: Record<string, unknown>,
  deployedOf: (w: { registry: string; repository: string; tag: string; digest: string }) => string,
  target: (deployed: string) => { registry: string; repository: string; tag: string; digest?: string } | undefined,
): Record<string, unknown> {
  const global = asRecord(values.global) ?? {};
  const out: Record<string, unknown> = {};
  for (const w of workloads) {
    const image = asRecord(asRecord(values[w.key])?.image);
    if (!image || typeof image.repository !== 'string') continue;
    const current = {
      registry: typeof image.registry === 'string' && image.registry ? image.registry : String(global.registry ?? ''),
      repository: image.repository,
      tag: String(image.tag ?? ''),
      digest: typeof image.digest === 'string' ? image.digest : '',
    };
    const t = target(deployedOf(current));
    if (t) out[w.key] = { image: { registry: t.registry, repository: t.repository, tag: t.tag, digest: t.digest ?? '' } };
  }
  return out;
}

/** The reference the chart's `ai-platform.image` helper renders from per-image values. */
const chartRef = (i: { registry: string; repository: string; tag: string; digest: string }): string =>
  `${trimTrailingSlashes(i.registry)}/${i.repository}:${i.tag}${i.digest ? `@${i.digest}` : ''}`;

/** Writes the hand-off directory: the chart, the values files and zarf.yaml or hauler-manifest.yaml, with a README. */
export async function exportHandOff(options: ExportOptions): Promise<ExportResult> {
  const out = resolve(options.out);
  checkOutDir(out);
  const chart = options.chartDir ?? defaultChartDir();
  const collected = await collectImages({ ...options, chartDir: chart });
  if (collected.findings.length)
    throw new AipcError(
      `${collected.findings.length} image(s) are not in the tier's registry; nothing written:\n${formatImageFindings(collected.findings).trimEnd()}`,
      EXIT_FINDINGS,
    );
  const sources = sourcesFor(
    collected.images.map((i) => i.image),
    collected.registry,
    { mirror: options.sourceRegistry },
  );
  const byDeployed = new Map(sources.map((s) => [s.deployed, s]));
  const scratch = makeTempDir('aipc-export-');
  const staging = trackPath(join(dirname(out), `.${basename(out)}.aipc-tmp-${process.pid}-${randomBytes(4).toString('hex')}`));
  try {
    // what the pods pull: for Zarf the source itself (pinned by digest where release.yaml pins it); for
    // Hauler the tier's registry under the path `hauler store copy` gives the image
    const override =
      options.format === 'zarf'
        ? imageValues(collected.values, chartRef, (d) => {
            const s = byDeployed.get(d);
            if (!s) return undefined;
            const ref = parseImageRef(s.source);
            return {
              registry: ref.registry ?? 'docker.io',
              repository: ref.repository,
              tag: ref.tag ?? 'latest',
              digest: s.digest ?? ref.digest,
            };
          })
        : imageValues(collected.values, chartRef, (d) => {
            const s = byDeployed.get(d);
            if (!s) return undefined;
            const ref = parseImageRef(s.deployed.slice(trimTrailingSlashes(collected.registry).length + 1));
            return { registry: '', repository: dockerHubPath(ref.repository), tag: ref.tag ?? 'latest', digest: s.digest };
          });
    const overrideName = `values/${options.format}-images.yaml`;
    const overridePath = join(scratch, basename(overrideName));
    writeFileSync(
      overridePath,
      formatYaml(override, {
        header: [
          GENERATED_MARKER,
          options.format === 'zarf'
            ? 'Every image as the package lists it: Zarf pushes each under the name its agent rewrites the pod to.'
            : "Every image where `hauler store copy` puts it in the tier's registry (a one-part name goes under library/).",
        ],
      }),
    );
    // the pods as the tool deploys them: rendered with the override, every image must be one listed
    const rendered = await collectImages({ ...options, chartDir: chart, valuesFiles: [...(options.valuesFiles ?? []), overridePath] });
    const images: HandOffImage[] =
      options.format === 'zarf'
        ? rendered.images.map((i) => ({ name: i.image }))
        : sources.map((s) => {
            const ref = parseImageRef(s.deployed.slice(trimTrailingSlashes(collected.registry).length + 1));
            // by tag: Hauler's rewrite of a digest reference looks the image up as repo:sha256:… and finds nothing
            // (cmd/hauler/cli/store/add.go rewriteReference); the digest pinned is in the values, so the pods
            // pull by digest from the copied repository and a moved tag fails to start instead of running
            return { name: s.source, rewrite: `${ref.repository}:${ref.tag ?? 'latest'}` };
          });
    if (options.format === 'zarf') {
      const expected = new Set(sources.map((s) => (s.digest && !s.source.includes('@') ? `${s.source}@${s.digest}` : s.source)));
      const stray = rendered.images.filter((i) => !expected.has(i.image));
      if (stray.length || rendered.images.length !== expected.size)
        throw new AipcError(
          `the Zarf values do not make every pod pull a listed image; nothing written:\n${stray.map((i) => `  ${i.image}`).join('\n')}`,
          3,
        );
    }
    mkdirSync(join(staging, 'values'), { recursive: true });
    cpSync(chart, join(staging, 'chart', chartMeta.name), { recursive: true, dereference: true });
    const valuesFiles = collected.valuesFiles.map((f, i) => {
      const name = `values/${i + 1}-${basename(f)}`;
      copyFileSync(f, join(staging, name));
      return name;
    });
    copyFileSync(overridePath, join(staging, overrideName));
    valuesFiles.push(overrideName);
    const handOff: HandOff = { tier: collected.tier, valuesFiles, images, registry: collected.registry };
    const header = { header: [GENERATED_MARKER, `aipc airgap export --format ${options.format} --tier ${collected.tier}`] };
    const file = options.format === 'zarf' ? 'zarf.yaml' : 'hauler-manifest.yaml';
    const text =
      options.format === 'zarf'
        ? formatYaml(zarfPackage(handOff, collected.values), header)
        : haulerManifests(handOff, options.platform)
            .map((d, i) => formatYaml(d, i === 0 ? header : {}))
            .join('---\n');
    writeFileSync(join(staging, file), text);
    writeFileSync(join(staging, 'README.md'), exportReadme(options.format, handOff));
    writeFileSync(join(staging, MARKER_FILE), MARKER_TEXT);
    swapDirectoryInto(staging, out);
    untrackPath(staging);
    return { dir: out, file, images: images.map((i) => i.name) };
  } catch (err) {
    throw asWriteError(err, out);
  } finally {
    removeTempDir(staging);
    removeTempDir(scratch);
  }
}

/** The export's README: the commands to run, on each side of the gap. */
function exportReadme(format: ExportFormat, h: HandOff): string {
  const flags = h.valuesFiles.map((f) => `-f ${f}`).join(' ');
  const lines =
    format === 'zarf'
      ? [
          `# ${chartMeta.name} ${chartMeta.version} (tier ${h.tier}) as a Zarf package`,
          '',
          '`zarf.yaml` lists every image exactly as the rendered pods pull it (`values/zarf-images.yaml` sets each',
          "image's registry, repository, tag and digest), so Zarf pushes each image under the name its agent rewrites",
          'the pod to. Site settings are Zarf variables bound to chart values: ' +
            SITE_KNOBS.map((k) => `\`${k.name}\` (\`${k.path}\`)`).join(', ') +
            '.',
          '',
          'Connected side, in this directory:',
          '',
          '```sh',
          'zarf package create . --confirm',
          '```',
          '',
          'Far side (a cluster initialised with `zarf init`):',
          '',
          '```sh',
          `zarf package deploy zarf-package-${chartMeta.name}-${h.tier}-*.tar.zst --confirm --take-ownership --set STORAGE_CLASS=<class>`,
          '```',
          '',
          `Zarf creates the chart's namespace itself before Helm applies the chart (its post-renderer), unlabelled;`,
          `the chart renders that Namespace with its classification and Pod Security labels, and \`--take-ownership\``,
          '(Helm’s take-ownership) lets the install adopt it with them instead of refusing it.',
          '',
        ]
      : [
          `# ${chartMeta.name} ${chartMeta.version} (tier ${h.tier}) as Hauler content`,
          '',
          'Each image is stored under a v1 `rewrite` of the path the chart deploys it from, so `hauler store copy`',
          `puts it where the pods pull it in the tier's registry ${h.registry}; a one-part name (\`postgres\`) is copied`,
          'under `library/`, which `values/hauler-images.yaml` sets as its repository. The chart is a local chart',
          '(`repoURL: ./chart`).',
          '',
          'Connected side, in this directory:',
          '',
          '```sh',
          'hauler store sync --filename hauler-manifest.yaml',
          'hauler store save --filename haul.tar.zst',
          '```',
          '',
          'Far side, with this directory beside `haul.tar.zst`:',
          '',
          '```sh',
          'hauler store load --filename haul.tar.zst',
          `hauler store copy registry://${h.registry}   # add --plain-http for a registry without TLS`,
          `helm template ${DEFAULT_RELEASE} chart/${chartMeta.name} --namespace ${DEFAULT_NAMESPACE} ${flags} --show-only templates/namespace.yaml | kubectl apply -f -`,
          `helm install ${DEFAULT_RELEASE} chart/${chartMeta.name} --namespace ${DEFAULT_NAMESPACE} ${flags}`,
          '```',
          '',
          `Another registry host: copy there instead and add \`--set global.registry=HOST\` to both helm commands.`,
          '',
        ];
  return lines.join('\n');
}
