// Hand-off formats for operators who already carry software with Zarf or Hauler: the same
// content aipc collects (the chart, the tier's values files, every image from its upstream
// source) as a `zarf.yaml` package definition or Hauler `content.hauler.cattle.io/v1` manifests.
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AipcError, EXIT_FINDINGS } from '../errors.js';
import { swapDirectoryInto } from '../io/atomic-write.js';
import { formatYaml } from '../io/yaml-format.js';
import { chartMeta } from '../model/chart-meta.js';
import { DEFAULT_NAMESPACE } from '../helm/run.js';
import { chartDir as defaultChartDir } from '../paths.js';
import { collectImages } from './collect.js';
import { formatImageFindings } from './bundle.js';
import { GENERATED_MARKER } from '../generators/header.js';
import { MARKER_FILE, MARKER_TEXT } from './manifest.js';
import { asWriteError, checkOutDir } from './out-dir.js';
import { sourcesFor } from './release.js';

export type ExportFormat = 'zarf' | 'hauler';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['zarf', 'hauler'];

export interface ExportOptions {
  readonly format: ExportFormat;
  readonly out: string;
  readonly tier?: string;
  readonly valuesFiles?: readonly string[];
  readonly sourceRegistry?: string;
  /** `os/arch`: Hauler pulls only this platform of each image. */
  readonly platform?: string;
  readonly helm?: string;
  readonly chartDir?: string;
}

export interface ExportResult {
  readonly dir: string;
  /** The package definition or manifest file written, relative to `dir`. */
  readonly file: string;
  readonly images: readonly string[];
}

/** Contents of the hand-off: chart copied under chart/, values under values/, images by source. */
export interface HandOff {
  readonly tier: string;
  readonly valuesFiles: readonly string[];
  readonly images: readonly string[];
}

/** The zarf.yaml for a hand-off: one required component with the chart as a local chart. */
export function zarfPackage(h: HandOff): Record<string, unknown> {
  return {
    kind: 'ZarfPackageConfig',
    metadata: {
      name: `${chartMeta.name}-${h.tier}`,
      description: `${chartMeta.name} ${chartMeta.version} for tier ${h.tier}, exported by aipc`,
      version: chartMeta.version,
    },
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
          },
        ],
        images: [...h.images],
      },
    ],
  };
}

/** Hauler manifests for a hand-off: Images, Charts and Files documents. */
export function haulerManifests(h: HandOff, platform?: string): Record<string, unknown>[] {
  const meta = (kind: string) => ({
    apiVersion: 'content.hauler.cattle.io/v1',
    kind,
    metadata: { name: `${chartMeta.name}-${h.tier}-${kind.toLowerCase()}` },
  });
  return [
    { ...meta('Images'), spec: { images: h.images.map((name) => ({ name, ...(platform ? { platform } : {}) })) } },
    { ...meta('Charts'), spec: { charts: [{ name: `chart/${chartMeta.name}`, version: chartMeta.version }] } },
    { ...meta('Files'), spec: { files: h.valuesFiles.map((path) => ({ path })) } },
  ];
}

/** Writes the hand-off directory: the chart, the values files and zarf.yaml or hauler-manifest.yaml. */
export async function exportHandOff(options: ExportOptions): Promise<ExportResult> {
  const out = resolve(options.out);
  checkOutDir(out);
  const chart = options.chartDir ?? defaultChartDir();
  const collected = await collectImages({ tier: options.tier, valuesFiles: options.valuesFiles, helm: options.helm, chartDir: chart });
  if (collected.findings.length)
    throw new AipcError(
      `${collected.findings.length} image(s) are not in the tier's registry; nothing written:\n${formatImageFindings(collected.findings).trimEnd()}`,
      EXIT_FINDINGS,
    );
  const images = sourcesFor(
    collected.images.map((i) => i.image),
    collected.registry,
    { mirror: options.sourceRegistry },
  ).map((s) => s.source);
  const staging = join(dirname(out), `.${basename(out)}.aipc-tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(join(staging, 'values'), { recursive: true });
    cpSync(chart, join(staging, 'chart', chartMeta.name), { recursive: true, dereference: true });
    const valuesFiles = collected.valuesFiles.map((f, i) => {
      const name = `values/${i + 1}-${basename(f)}`;
      copyFileSync(f, join(staging, name));
      return name;
    });
    const handOff = { tier: collected.tier, valuesFiles, images };
    const header = { header: [GENERATED_MARKER, `aipc airgap export --format ${options.format} --tier ${collected.tier}`] };
    const file = options.format === 'zarf' ? 'zarf.yaml' : 'hauler-manifest.yaml';
    const text =
      options.format === 'zarf'
        ? formatYaml(zarfPackage(handOff), header)
        : haulerManifests(handOff, options.platform)
            .map((d, i) => formatYaml(d, i === 0 ? header : {}))
            .join('---\n');
    writeFileSync(join(staging, file), text);
    writeFileSync(join(staging, MARKER_FILE), MARKER_TEXT);
    swapDirectoryInto(staging, out);
    return { dir: out, file, images };
  } catch (err) {
    throw asWriteError(err, out);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
