// Writing an air-gap bundle: the chart package, the values files used, the images (an OCI image
// layout, with `collect`), the model list and weights, the install steps and a manifest with a
// sha256 and size for every file, signed. The bundle is built in a temporary directory beside
// --out and renamed into place: a reader never sees half a bundle.
import { createHash, randomBytes } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { AipcError, EXIT_FINDINGS, InputError, OptionError, type Diagnostic } from '../errors.js';
import { resolveHelm } from '../helm/binary.js';
import { runHelm } from '../helm/run.js';
import { swapDirectoryInto } from '../io/atomic-write.js';
import { formatYaml } from '../io/yaml-format.js';
import { readYamlFile } from '../io/yaml-read.js';
import { chartDir as defaultChartDir } from '../paths.js';
import { collectImages, valuesFilesFor, type CollectedImages, type CollectOptions } from './collect.js';
import { IMPORT_CLAIM, MODEL_IMPORT_FILE, installDoc, modelImportManifest } from './install-doc.js';
import { DEFAULT_NAMESPACE, DEFAULT_RELEASE } from '../model/install.js';
import { asRecord } from '../util/data.js';
import { formatImageUser, parseImageRef, type ImageFinding, type ImageUse } from './images.js';
import {
  MANIFEST_FILE,
  MARKER_FILE,
  MARKER_TEXT,
  SUMS_FILE,
  comparePaths,
  formatManifest,
  formatSums,
  hashFile,
  isSafeBundlePath,
  type BundleFile,
  type BundleImage,
  type BundleManifest,
} from './manifest.js';
import { readLayoutIndex } from './oci-layout.js';
import { asWriteError, checkOutDir } from './out-dir.js';
import { sourcesFor, viaMirror } from './release.js';
import { escapeBytes, escapeName, readBounded, walkTree } from './safe-fs.js';
import { signFile } from './sign.js';
import { Skopeo, type RegistryOptions } from './skopeo.js';
import { AIRGAP_VALUES_FILE, airgapValuesOverride, modelsOf, readMergedValues, registryOf, type ModelEntry } from './values.js';
import { GENERATED_MARKER } from '../generators/header.js';
import { assertSelfContainedChart } from '../helm/chart-guard.js';
import { makeTempDir, removeTempDir, trackPath, untrackPath } from '../io/cleanup.js';

export interface BundleOptions extends CollectOptions {
  /** Directory to write; replaced if it holds an earlier aipc bundle, refused if it holds anything else. */
  readonly out: string;
  /** Creation time: ISO 8601 or Unix seconds; default SOURCE_DATE_EPOCH, then now. */
  readonly created?: string;
  /** Local registry on the far side: writes values/values-airgap.yaml and lists images there. */
  readonly registry?: string;
  /** Model weights to include: files under DIR/<model name>/ belong to that model. */
  readonly modelDir?: string;
  /** An ed25519 private key: the manifest is signed (manifest.yaml.sig). */
  readonly key?: string;
  /** Pull every image the tier deploys into images/ (an OCI image layout): `airgap collect`. */
  readonly images?: CollectImagesOptions;
  /** A served model without weights is exit 1, nothing written (collect, unless --no-models). */
  readonly requireModels?: boolean;
  /** Progress lines for long work (per image, per GB hashed). */
  readonly progress?: (line: string) => void;
  readonly helm?: string;
  readonly chartDir?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: () => Date;
}

/** What `airgap collect` pulls and from where. */
export interface CollectImagesOptions extends RegistryOptions {
  /** A mirror every source is pulled from instead, repository path kept. */
  readonly sourceRegistry?: string;
  /** More images to carry (e.g. ones a container passes on as an argument). */
  readonly extraImages?: readonly string[];
}

export interface BundleResult {
  readonly dir: string;
  readonly manifest: BundleManifest;
  readonly images: readonly ImageUse[];
  readonly signed: boolean;
}

/**
 * Parses a time (ISO 8601 with a zone, or Unix seconds) to seconds precision; otherwise exit 2: an
 * OptionError of `source` (a library option name), or an error naming the environment variable.
 */
export function parseTime(text: string, source: string | { readonly env: string }): Date {
  const t = text.trim();
  const ms = /^\d+$/.test(t)
    ? Number(t) * 1000
    : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)
      ? Date.parse(t)
      : NaN;
  if (!Number.isFinite(ms) || ms < 0 || ms > Date.UTC(9999, 11, 31)) {
    const problem = `${JSON.stringify(text)} is not a time`;
    const hint = 'give Unix seconds or ISO 8601 with a zone, e.g. 2025-01-31T12:00:00Z';
    if (typeof source === 'string') throw new OptionError(source, problem, hint);
    throw new AipcError(`${source.env} ${problem}`, 2, hint);
  }
  return new Date(Math.floor(ms / 1000) * 1000);
}

/** Parses --created / SOURCE_DATE_EPOCH into an ISO 8601 UTC time with seconds precision. */
export function resolveCreated(
  created: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  now: () => Date = () => new Date(),
): Date {
  if (created !== undefined) return parseTime(created, 'created');
  if (env.SOURCE_DATE_EPOCH !== undefined && env.SOURCE_DATE_EPOCH !== '')
    return parseTime(env.SOURCE_DATE_EPOCH, { env: 'SOURCE_DATE_EPOCH' });
  return new Date(Math.floor(now().getTime() / 1000) * 1000);
}

/** ISO 8601 UTC with seconds, as manifests write times. */
export const isoSeconds = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** One line per image, sorted (the images command's text output without --why). */
export const formatImageList = (images: readonly ImageUse[]): string => images.map((i) => `${i.image}\n`).join('');

/** Findings as lines naming each image and every object pulling it. */
export function formatImageFindings(findings: readonly ImageFinding[]): string {
  return findings.map((f) => `${f.message}\n${f.users.map((u) => `  pulled by ${formatImageUser(u)}\n`).join('')}`).join('');
}

/** Writes the bundle. Throws AipcError exit 1 (nothing written) if an image is outside the registry. */
export async function writeBundle(options: BundleOptions): Promise<BundleResult> {
  const env = options.env ?? process.env;
  const created = resolveCreated(options.created, env, options.now);
  const chart = options.chartDir ?? defaultChartDir();
  const out = resolve(options.out);
  const modelDir = options.modelDir ? resolve(options.modelDir) : undefined;
  if (modelDir && (!existsSync(modelDir) || !statSync(modelDir).isDirectory())) {
    throw new InputError([{ file: modelDir, message: existsSync(modelDir) ? 'not a directory' : 'no such directory', option: 'modelDir' }]);
  }
  checkOutDir(out);
  // skopeo's oci: transport takes PATH:REFERENCE, so the layout's path cannot hold a colon
  if (options.images && dirname(out).includes(':'))
    throw new InputError([{ file: out, message: 'the parent directory contains ":", which skopeo cannot name', option: 'out' }]);
  if (options.key) await readBounded(options.key, 64 * 1024); // a readable regular file, before any work
  if (options.registry !== undefined) airgapValuesOverride(options.registry); // a bad --registry is refused before any work
  const inputs = valuesFilesFor(options); // checks the tier file exists before anything is built
  const merged = readMergedValues(inputs);
  // collect writes the site values file for the tier's own registry: INSTALL.md rewrites its host for another
  const siteRegistry = options.registry ?? (options.images ? registryOf(merged) : '');

  const staging = join(dirname(out), `.${basename(out)}.aipc-tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const scratch = makeTempDir('aipc-airgap-');
  const skopeo = options.images ? new Skopeo(options.images) : undefined;
  try {
    mkdirSync(dirname(out), { recursive: true });
    mkdirSync(trackPath(staging));
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
    // the weights first: a bad --model-dir (a link loop, a full disk) fails before Helm runs
    const weightFiles = modelDir ? copyModelDir(modelDir, join(staging, 'models')) : [];
    const weights = weightFiles.length > 0 && loaderEnabled(merged);
    let overridePath: string | undefined;
    if (siteRegistry) {
      overridePath = join(scratch, AIRGAP_VALUES_FILE);
      writeFileSync(overridePath, airgapValuesOverride(siteRegistry, weights ? IMPORT_CLAIM : undefined));
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
    if (options.requireModels) {
      const lacking = models.filter(
        (m) => (m.provider === undefined || m.provider === 'local') && !weightFiles.some((p) => p.startsWith(`models/${m.name}/`)),
      );
      if (lacking.length)
        throw new AipcError(
          `the tier serves ${lacking.map((m) => m.name).join(', ')} but ${modelDir ? `the model directory ${modelDir} has no ${lacking.map((m) => `${m.name}/`).join(', ')}` : 'no model directory was given'}; no bundle written`,
          EXIT_FINDINGS,
          'give the model directory (DIR holding DIR/<model name>/...), or collect without the models and carry the weights another way',
        );
    }
    writeFileSync(join(staging, 'models.yaml'), formatModels(models, weightFiles, modelDir !== undefined));

    // the images themselves, into one OCI image layout
    const images = skopeo ? await pullImages(skopeo, collected, options.images!, join(staging, 'images'), options.progress) : [];

    // the chart package, its README and the install steps
    const pkg = await packageChart(chart, created, scratch, options.helm);
    mkdirSync(join(staging, 'charts'), { recursive: true });
    copyFileSync(pkg.file, join(staging, 'charts', basename(pkg.file)));
    if (existsSync(join(chart, 'README.md'))) copyFileSync(join(chart, 'README.md'), join(staging, 'README.md'));
    const head = {
      chart: { name: pkg.name, version: pkg.version, package: `charts/${basename(pkg.file)}` },
      tier: collected.tier,
      created: isoSeconds(created),
      registry: collected.registry,
      valuesFiles: bundled,
      images,
      ...(options.images?.platform ? { platform: options.images.platform } : {}),
    };
    const loader = collected.images.find((i) => i.users.some((u) => u.container === 'model-loader'));
    const importing = weights && loader !== undefined && siteRegistry !== '';
    if (importing) {
      const bytes = weightFiles.reduce((n, p) => n + statSync(join(staging, p)).size, 0);
      const storageClass = asRecord(collected.values.global)?.storageClass;
      mkdirSync(join(staging, dirname(MODEL_IMPORT_FILE)), { recursive: true });
      writeFileSync(
        join(staging, MODEL_IMPORT_FILE),
        modelImportManifest({ image: loader.image, bytes, storageClass: typeof storageClass === 'string' ? storageClass : undefined }),
      );
    }
    writeFileSync(
      join(staging, 'INSTALL.md'),
      installDoc(head, {
        signed: options.key !== undefined,
        release: options.install?.release ?? DEFAULT_RELEASE,
        namespace: options.install?.namespace ?? DEFAULT_NAMESPACE,
        weights: importing,
      }),
    );
    writeFileSync(join(staging, MARKER_FILE), MARKER_TEXT);

    // every file, hashed one by one
    const files: BundleFile[] = [];
    let hashed = 0;
    const GiB = 1024 ** 3;
    for (const entry of walkTree(staging)) {
      if (!entry.stats.isFile()) throw new AipcError(`bundle entry ${entry.path} is not a regular file`, 2);
      const sum = await hashFile(join(staging, entry.path), (n) => {
        if (Math.floor((hashed + n) / GiB) > Math.floor(hashed / GiB)) options.progress?.(`hash: ${Math.floor((hashed + n) / GiB)} GiB`);
        hashed += n;
      });
      files.push({ path: entry.path, ...sum });
    }
    const manifest: BundleManifest = { ...head, files: files.sort((a, b) => comparePaths(a.path, b.path)) };
    const manifestText = formatManifest(manifest);
    writeFileSync(join(staging, MANIFEST_FILE), manifestText);
    writeFileSync(join(staging, SUMS_FILE), formatSums(manifest.files, createHash('sha256').update(manifestText).digest('hex')));
    if (options.key) {
      await signFile(join(staging, MANIFEST_FILE), options.key);
      await signFile(join(staging, SUMS_FILE), options.key);
    }
    swapDirectoryInto(staging, out);
    untrackPath(staging);
    return { dir: out, manifest, images: collected.images, signed: options.key !== undefined };
  } catch (err) {
    throw asWriteError(err, out);
  } finally {
    skopeo?.close();
    removeTempDir(staging);
    removeTempDir(scratch);
  }
}

/** Pulls every image of the tier (and the extra ones) into the layout; returns them with their digests. */
async function pullImages(
  skopeo: Skopeo,
  collected: CollectedImages,
  options: CollectImagesOptions,
  layout: string,
  progress?: (line: string) => void,
): Promise<BundleImage[]> {
  const sources = sourcesFor(
    collected.images.map((i) => i.image),
    collected.registry,
    { mirror: options.sourceRegistry },
  );
  for (const extra of options.extraImages ?? []) {
    const ref = parseImageRef(extra);
    if (!ref.repository || (!ref.tag && !ref.digest))
      throw new OptionError('extraImage', `${JSON.stringify(extra)}: expected a reference with a tag or digest`);
    const deployed = `${collected.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}`;
    sources.push({ source: options.sourceRegistry ? viaMirror(extra, options.sourceRegistry) : extra, deployed });
  }
  let n = 0;
  for (const s of sources) {
    progress?.(`collect: [${++n}/${sources.length}] ${s.source} -> ${s.deployed}`);
    await skopeo.pull(s.source, layout, s.deployed);
  }
  const index = new Map((await readLayoutIndex(layout)).map((e) => [e.ref, e.digest]));
  const pinned = sources.filter((s) => s.digest && index.get(s.deployed) !== s.digest);
  if (pinned.length)
    throw new AipcError(
      `pulled images differ from the digests pinned in the release data; no bundle written:\n${pinned.map((s) => `  ${s.source}: ${index.get(s.deployed)}, release.yaml pins ${s.digest}`).join('\n')}`,
      EXIT_FINDINGS,
    );
  return sources.map((s) => ({ name: s.deployed, source: s.source, digest: index.get(s.deployed)! }));
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
  assertSelfContainedChart(chart); // the copy dereferences links: none may leave the chart
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

/**
 * Copies every regular file under `from` into `to`; returns their bundle paths (`models/...`).
 * A link to a file ships the file; a link to a directory is followed only once per real
 * directory, so a loop (`a -> ..`) is refused with exit 2 instead of recursing for ever.
 */
function copyModelDir(from: string, to: string): string[] {
  const paths: string[] = [];
  const problems: Diagnostic[] = [];
  const seen = new Set<string>();
  const root = realpathSync(from);
  const visit = (rel: string) => {
    const dir = rel ? join(from, rel) : from;
    const real = realpathSync(dir);
    if (seen.has(real)) {
      problems.push({ file: dir, message: 'symbolic link loop (this directory is reached again through a link)', option: 'modelDir' });
      return;
    }
    seen.add(real);
    for (const raw of readdirSync(dir, { encoding: 'buffer' }).sort(Buffer.compare)) {
      const name = raw.toString('utf8');
      if (!Buffer.from(name, 'utf8').equals(raw)) {
        problems.push({ file: join(dir, escapeBytes(raw)), message: 'file name is not UTF-8; rename it', option: 'modelDir' });
        continue;
      }
      const relPath = rel ? `${rel}/${name}` : name;
      if (!isSafeBundlePath(`models/${relPath}`)) {
        problems.push({
          file: join(from, escapeName(relPath)),
          message: 'file name holds control characters; rename it',
          option: 'modelDir',
        });
        continue;
      }
      // a link is followed only inside the tree: one to a private key elsewhere is never carried across
      if (lstatSync(join(from, relPath)).isSymbolicLink()) {
        let real: string | undefined;
        try {
          real = realpathSync(join(from, relPath));
        } catch {
          // dangling or a loop: statSync below names it
        }
        if (real !== undefined && real !== root && !real.startsWith(`${root}${sep}`)) {
          problems.push({
            file: join(from, escapeName(relPath)),
            message: `symbolic link to ${escapeName(real)}, outside the model directory; nothing outside the model tree is carried`,
            option: 'modelDir',
          });
          continue;
        }
      }
      let st;
      try {
        st = statSync(join(from, relPath)); // follows links: the weights, not the link, are shipped
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        problems.push({
          file: join(from, relPath),
          message: code === 'ELOOP' ? 'symbolic link loop' : code === 'ENOENT' ? 'dangling symbolic link' : `cannot read (${code})`,
          option: 'modelDir',
        });
        continue;
      }
      if (st.isDirectory()) visit(relPath);
      else if (st.isFile()) {
        mkdirSync(dirname(join(to, relPath)), { recursive: true });
        copyFileSync(join(from, relPath), join(to, relPath));
        paths.push(`models/${relPath}`);
      } else problems.push({ file: join(from, relPath), message: 'not a regular file', option: 'modelDir' });
    }
  };
  visit('');
  if (problems.length) throw new InputError(problems);
  return paths.sort(comparePaths);
}

/** Whether the merged values run the model-loader Job (the one that reads the import claim). */
function loaderEnabled(values: Record<string, unknown>): boolean {
  return asRecord(values.modelLoader)?.enabled !== false && asRecord(values.inference)?.enabled !== false;
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
