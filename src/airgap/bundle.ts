// Writing an air-gap bundle: the chart package, the values files used, the image list (from the
// rendered chart), the model list (and weights, when given) and a manifest hashing every file.
// The bundle is built in a temporary directory beside --out and renamed into place: a reader never
// sees half a bundle.
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { AipcError, EXIT_FINDINGS, InputError } from '../errors.js';
import { resolveHelm } from '../helm/binary.js';
import { runHelm } from '../helm/run.js';
import { recoverDirectory, swapDirectoryInto } from '../io/atomic-write.js';
import { formatYaml } from '../io/yaml-format.js';
import { readYamlFile } from '../io/yaml-read.js';
import { chartDir as defaultChartDir } from '../paths.js';
import { collectImages, valuesFilesFor, type CollectedImages } from './collect.js';
import { formatImageUser, type ImageFinding, type ImageUse } from './images.js';
import {
  MANIFEST_FILE,
  comparePaths,
  formatManifest,
  hashFile,
  listBundleEntries,
  type BundleFile,
  type BundleManifest,
} from './manifest.js';
import { AIRGAP_VALUES_FILE, airgapValuesOverride, modelsOf, type ModelEntry } from './values.js';
import { GENERATED_MARKER } from '../generators/header.js';

export interface BundleOptions {
  /** Directory to write; replaced if it holds a previous bundle, refused if it holds anything else. */
  readonly out: string;
  readonly tier?: string;
  readonly valuesFiles?: readonly string[];
  /** Creation time: ISO 8601 or Unix seconds; default SOURCE_DATE_EPOCH, then now. */
  readonly created?: string;
  /** Local registry on the far side: writes values/values-airgap.yaml and lists images there. */
  readonly registry?: string;
  /** Model weights to include: files under DIR/<model name>/ belong to that model. */
  readonly modelDir?: string;
  readonly helm?: string;
  readonly chartDir?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: () => Date;
}

export interface BundleResult {
  readonly dir: string;
  readonly manifest: BundleManifest;
  readonly images: readonly ImageUse[];
}

/** Parses --created / SOURCE_DATE_EPOCH into an ISO 8601 UTC time with seconds precision. */
export function resolveCreated(
  created: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  now: () => Date = () => new Date(),
): Date {
  const parse = (text: string, what: string): Date => {
    const t = text.trim();
    const ms = /^\d+$/.test(t)
      ? Number(t) * 1000
      : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)
        ? Date.parse(t)
        : NaN;
    if (!Number.isFinite(ms) || ms < 0 || ms > Date.UTC(9999, 11, 31)) {
      throw new AipcError(
        `${what} ${JSON.stringify(text)} is not a time`,
        2,
        'give Unix seconds or ISO 8601 with a zone, e.g. 2025-01-31T12:00:00Z',
      );
    }
    return new Date(Math.floor(ms / 1000) * 1000);
  };
  if (created !== undefined) return parse(created, '--created');
  if (env.SOURCE_DATE_EPOCH !== undefined && env.SOURCE_DATE_EPOCH !== '') return parse(env.SOURCE_DATE_EPOCH, 'SOURCE_DATE_EPOCH');
  return new Date(Math.floor(now().getTime() / 1000) * 1000);
}

const isoSeconds = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** One line per image, sorted (the images command's text output without --why). */
export const formatImageList = (images: readonly ImageUse[]): string => images.map((i) => `${i.image}\n`).join('');

/** Findings as lines naming each image and every object pulling it. */
export function formatImageFindings(findings: readonly ImageFinding[]): string {
  return findings.map((f) => `${f.message}\n${f.users.map((u) => `  pulled by ${formatImageUser(u)}\n`).join('')}`).join('');
}

/** Writes the bundle. Throws AipcError exit 1 (nothing written) if any image is outside the registry. */
export async function writeBundle(options: BundleOptions): Promise<BundleResult> {
  const env = options.env ?? process.env;
  const created = resolveCreated(options.created, env, options.now);
  const chart = options.chartDir ?? defaultChartDir();
  const out = resolve(options.out);
  const modelDir = options.modelDir ? resolve(options.modelDir) : undefined;
  if (modelDir && (!existsSync(modelDir) || !statSync(modelDir).isDirectory())) {
    throw new InputError([
      { file: modelDir, message: existsSync(modelDir) ? 'not a directory (--model-dir)' : 'no such directory (--model-dir)' },
    ]);
  }
  checkTarget(out);
  const overrideText = options.registry !== undefined ? airgapValuesOverride(options.registry) : undefined;
  const inputs = valuesFilesFor(options); // checks the tier file exists before anything is built

  mkdirSync(dirname(out), { recursive: true });
  const staging = join(dirname(out), `.${basename(out)}.aipc-tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const scratch = mkdtempSync(join(tmpdir(), 'aipc-airgap-'));
  try {
    mkdirSync(staging);
    // values files, in the order Helm applies them
    const bundled: string[] = [];
    const copyValues = (from: string, name: string) => {
      const path = `values/${name}`;
      mkdirSync(join(staging, 'values'), { recursive: true });
      copyFileSync(from, join(staging, path));
      bundled.push(path);
    };
    // the chart's values.yaml and the tier file keep their names; --values files are numbered
    const baseCount = inputs.length - (options.valuesFiles?.length ?? 0);
    inputs.forEach((file, i) => copyValues(file, i < baseCount ? basename(file) : `override-${i - baseCount + 1}-${basename(file)}`));
    let overridePath: string | undefined;
    if (overrideText !== undefined) {
      overridePath = join(scratch, AIRGAP_VALUES_FILE);
      writeFileSync(overridePath, overrideText);
      copyValues(overridePath, AIRGAP_VALUES_FILE);
    }

    // images, from the chart rendered exactly as it will be installed
    const collected = await collectImages({
      ...options,
      chartDir: chart,
      valuesFiles: [...(options.valuesFiles ?? []), ...(overridePath ? [overridePath] : [])],
    });
    if (collected.findings.length) {
      throw new AipcError(
        `${collected.findings.length} image(s) are not in the tier's registry${collected.registry ? ` ${collected.registry}` : ' (global.registry is empty)'}; no bundle written:\n${formatImageFindings(collected.findings).trimEnd()}`,
        EXIT_FINDINGS,
      );
    }
    writeFileSync(join(staging, 'images.txt'), formatImageList(collected.images));
    if (overridePath) {
      const source = await collectImages({ ...options, chartDir: chart });
      writeFileSync(join(staging, 'image-map.txt'), formatImageMap(source.images, collected.images));
    }

    // models and weights
    const models = modelsOf(collected.values);
    const weightFiles = modelDir ? copyModelDir(modelDir, join(staging, 'models')) : [];
    writeFileSync(join(staging, 'models.yaml'), formatModels(models, weightFiles, modelDir !== undefined));

    // the chart package
    const pkg = await packageChart(chart, created, scratch, options.helm);
    mkdirSync(join(staging, 'charts'), { recursive: true });
    copyFileSync(pkg.file, join(staging, 'charts', basename(pkg.file)));

    // every file, hashed one by one
    const files: BundleFile[] = [];
    for (const entry of listBundleEntries(staging)) {
      if (!entry.regular) throw new AipcError(`bundle entry ${entry.path} is not a regular file`, 2);
      files.push({ path: entry.path, ...(await hashFile(join(staging, entry.path))) });
    }
    const manifest: BundleManifest = {
      chart: { name: pkg.name, version: pkg.version, package: `charts/${basename(pkg.file)}` },
      tier: collected.tier,
      created: isoSeconds(created),
      registry: collected.registry,
      valuesFiles: bundled,
      files: files.sort((a, b) => comparePaths(a.path, b.path)),
    };
    writeFileSync(join(staging, MANIFEST_FILE), formatManifest(manifest));
    swapDirectoryInto(staging, out);
    return { dir: out, manifest, images: collected.images };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** --out may be absent, empty, or a previous bundle (it is replaced); anything else is refused. */
function checkTarget(out: string): void {
  recoverDirectory(out);
  if (!existsSync(out)) return;
  if (!lstatSync(out).isDirectory()) throw new InputError([{ file: out, message: 'exists and is not a directory (--out)' }]);
  if (readdirSync(out).length && !existsSync(join(out, MANIFEST_FILE))) {
    throw new InputError(
      [
        {
          file: out,
          message: 'exists, is not empty and holds no manifest.yaml: refusing to replace a directory that is not an air-gap bundle',
        },
      ],
      'choose a new --out directory',
    );
  }
}

/**
 * `helm package` of a copy of the chart whose files all carry the bundle's creation time: Helm
 * writes file mtimes into the archive, so the same chart and --created give the same bytes.
 */
export async function packageChart(
  chart: string,
  created: Date,
  scratch: string,
  helm?: string,
): Promise<{ file: string; name: string; version: string }> {
  const meta = readYamlFile(join(chart, 'Chart.yaml')).value as { name?: unknown; version?: unknown };
  if (typeof meta?.name !== 'string' || typeof meta.version !== 'string')
    throw new InputError([{ file: join(chart, 'Chart.yaml'), message: 'name and version must be strings' }]);
  const copy = join(scratch, 'chart', meta.name);
  cpSync(chart, copy, { recursive: true, dereference: true });
  const stamp = (path: string) => {
    if (statSync(path).isDirectory()) for (const name of readdirSync(path)) stamp(join(path, name));
    utimesSync(path, created, created);
  };
  stamp(copy);
  const dest = join(scratch, 'package');
  mkdirSync(dest);
  const result = await runHelm(resolveHelm(helm), ['package', copy, '--destination', dest]);
  if (result.exitCode !== 0) throw new AipcError(`helm package failed:\n${result.stderr.trim()}`, EXIT_FINDINGS);
  const produced = readdirSync(dest).filter((n) => n.endsWith('.tgz'));
  if (produced.length !== 1) throw new AipcError(`helm package produced ${produced.length} archives in ${dest}; expected one`, 3);
  return { file: join(dest, produced[0]), name: meta.name, version: meta.version };
}

/** Copies every regular file under `from` into `to`; returns their bundle paths (`models/...`). */
function copyModelDir(from: string, to: string): string[] {
  const paths: string[] = [];
  const visit = (rel: string) => {
    for (const name of readdirSync(join(from, rel)).sort()) {
      const relPath = rel ? `${rel}/${name}` : name;
      const st = statSync(join(from, relPath)); // follows links: the weights, not the link, are shipped
      if (st.isDirectory()) visit(relPath);
      else if (st.isFile()) {
        mkdirSync(dirname(join(to, relPath)), { recursive: true });
        copyFileSync(join(from, relPath), join(to, relPath));
        paths.push(`models/${relPath}`);
      } else throw new InputError([{ file: join(from, relPath), message: 'not a regular file (--model-dir)' }]);
    }
  };
  visit('');
  return paths.sort(comparePaths);
}

/** models.yaml: each model with its weights: included (and which files), or required but not included. */
export function formatModels(models: readonly ModelEntry[], weightFiles: readonly string[], modelDirGiven: boolean): string {
  const claimed = new Set<string>();
  const entries = models.map((m) => {
    const files = weightFiles.filter((p) => p.startsWith(`models/${m.name}/`));
    files.forEach((p) => claimed.add(p));
    const hosted = m.provider !== undefined && m.provider !== 'local';
    const weights = hosted
      ? { status: 'not-required', reason: `served by the hosted provider ${m.provider}` }
      : files.length
        ? { status: 'included', files }
        : {
            status: 'required-not-included',
            reason: modelDirGiven
              ? `no directory models/${m.name}/ in --model-dir`
              : 'no --model-dir given; load the weights onto the model PVC separately',
          };
    return { ...m, weights };
  });
  const other = weightFiles.filter((p) => !claimed.has(p));
  return formatYaml(
    { models: entries, ...(other.length ? { otherFiles: other } : {}) },
    { header: [GENERATED_MARKER, 'Models the release serves (from the merged values) and whether their weights are in this bundle.'] },
  );
}

/** `SOURCE TARGET` per line: each image as the source side names it and as the far side pulls it. */
export function formatImageMap(source: readonly ImageUse[], target: readonly ImageUse[]): string {
  const sourceByUse = new Map<string, string>();
  for (const use of source) for (const u of use.users) sourceByUse.set(`${u.object}\0${u.field}`, use.image);
  const pairs = new Set<string>();
  for (const use of target) {
    for (const u of use.users) {
      const from = sourceByUse.get(`${u.object}\0${u.field}`);
      if (from !== undefined) pairs.add(`${from} ${use.image}`);
    }
  }
  return [...pairs]
    .sort(comparePaths)
    .map((p) => `${p}\n`)
    .join('');
}

export type { CollectedImages };
