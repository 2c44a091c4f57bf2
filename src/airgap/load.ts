// `airgap load`: on the far side, a verified bundle's images pushed into the local registry,
// each read back by digest and compared with the digest collected. Idempotent: an image the
// registry already holds with that digest is not pushed again.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import {
  formatLoadedRecord,
  identityError,
  identityOf,
  identityProblems,
  isInside,
  loadedRecordFor,
  readLoadedRecord,
} from './identity.js';
import { MANIFEST_FILE, type BundleManifest } from './manifest.js';
import { resolveHelm } from '../helm/binary.js';
import { helmPushChart } from '../helm/push.js';
import { crdApplyCommand } from '../model/install.js';
import { AipcError, EXIT_FINDINGS, InputError, OptionError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { parseImageRef, rewriteImageRef } from './images.js';
import { Skopeo } from './skopeo.js';
import type { Trust } from './sign.js';
import { AIRGAP_VALUES_FILE, REGISTRY_HOST, SITE_CHART_PATH, airgapValuesOverride } from './values.js';
import { bundleIsVerified, formatVerifyReport, verifyBundle, type VerifyResult } from './verify.js';
import { shellWord, trimTrailingSlashes } from '../util/text.js';

export interface LoadOptions {
  readonly dir: string;
  readonly trust: Trust;
  /** The far side's registry, HOST[:PORT]: the tier's registry host is replaced by it. */
  readonly registry: string;
  readonly insecure?: boolean;
  /** Where values-airgap.yaml goes (default ./values-airgap.yaml, or beside the bundle when run inside it); never inside the bundle. */
  readonly valuesOut?: string;
  /** The tier the operator expects the bundle to be of. */
  readonly tier?: string;
  /** ISO 8601: refuse a bundle created before it. */
  readonly notBefore?: string;
  /** Load a bundle older than the one loaded last, of another tier, or older than --not-before. */
  readonly allowOtherBundle?: boolean;
  readonly progress?: (line: string) => void;
  /** Helm, which pushes the chart (default: AIPC_HELM, then the pinned Helm 4). */
  readonly helm?: string;
}

/** The bundle's packaged chart, as `load` left it in the site registry. */
export interface LoadedChart {
  /** `oci://REGISTRY/charts/<chart>`: what `helm pull`, `helm install` and `helm upgrade` take, with `--version`. */
  readonly repository: string;
  readonly version: string;
  /** The pushed artifact's chart layer: the sha256 of the bundle's `.tgz`, read back from the registry. */
  readonly digest: string;
  /** False when the registry already held this chart. */
  readonly pushed: boolean;
  /**
   * Before `helm upgrade` of an existing release: the chart's CRDs applied first, from the bundle's own
   * package (the chart README's Upgrading step). `load` applies nothing to a cluster; it names the step.
   */
  readonly crdStep: string;
}

export interface LoadedImage {
  readonly name: string;
  readonly target: string;
  readonly digest: string;
  /** False when the registry already held it with this digest. */
  readonly pushed: boolean;
}

export interface LoadResult {
  readonly verify: VerifyResult;
  readonly images: readonly LoadedImage[];
  readonly chart: LoadedChart;
  /** The values-airgap.yaml written (global.registry for the registry loaded into). */
  readonly valuesFile: string;
  /** Beside it: the record of this bundle, which the next load compares with. */
  readonly recordFile: string;
  /** Identity differences accepted with --allow-other-bundle. */
  readonly accepted: readonly string[];
}

/** Verifies the bundle, pushes its images, reads each back by digest. Exit 1 on any mismatch. */
export async function loadBundle(options: LoadOptions): Promise<LoadResult> {
  if (!REGISTRY_HOST.test(options.registry) || options.registry.includes('://'))
    throw new OptionError('registry', `${JSON.stringify(options.registry)} is not HOST[:PORT]`);
  const dir = resolve(options.dir);
  if (dir.includes(':')) throw new InputError([{ file: dir, message: 'the bundle path contains ":", which skopeo cannot name' }]);
  // the values file never goes inside the bundle: an extra file there would fail every later verify
  const valuesFile =
    options.valuesOut !== undefined
      ? resolve(options.valuesOut)
      : isInside(AIRGAP_VALUES_FILE, dir)
        ? join(dirname(dir), AIRGAP_VALUES_FILE)
        : resolve(AIRGAP_VALUES_FILE);
  if (isInside(valuesFile, dir))
    throw new OptionError('valuesOut', `${valuesFile} is inside the bundle ${dir}; write it outside, the bundle stays as signed`);
  const last = readLoadedRecord(valuesFile);
  const verify = await verifyBundle(dir, { trust: options.trust, progress: options.progress });
  if (!bundleIsVerified(verify))
    throw new AipcError(`the bundle does not verify; nothing loaded:\n${formatVerifyReport(dir, verify).trimEnd()}`, EXIT_FINDINGS);
  const m = verify.manifest!;
  if (!m.images.length) throw new AipcError(`${dir} carries no images (made by \`airgap bundle\`; use \`airgap collect\`)`, EXIT_FINDINGS);
  const problems = identityProblems(m, { tier: options.tier, notBefore: options.notBefore, last });
  if (problems.length && !options.allowOtherBundle) throw identityError(dir, problems, 'nothing loaded');
  const registry = trimTrailingSlashes(options.registry);
  const skopeo = new Skopeo({ insecure: options.insecure });
  const images: LoadedImage[] = [];
  const mismatched: string[] = [];
  let chart: LoadedChart;
  try {
    let n = 0;
    for (const image of m.images) {
      const target = m.registry ? rewriteImageRef(image.name, m.registry, registry) : `${registry}/${image.name}`;
      const ref = parseImageRef(target);
      const byDigest = `${ref.registry}/${ref.repository}@${image.digest}`;
      const before = await skopeo.digestOf(target);
      const pushed = before !== image.digest;
      options.progress?.(`load: [${++n}/${m.images.length}] ${target} ${pushed ? 'pushing' : 'already there'}`);
      if (pushed) await skopeo.push(join(dir, 'images'), image.name, target);
      const after = await skopeo.digestOf(byDigest);
      const tagged = await skopeo.digestOf(target);
      if (after !== image.digest || tagged !== image.digest)
        mismatched.push(
          `${target}: the registry serves ${tagged ?? 'nothing'} (by digest: ${after ?? 'nothing'}), collected ${image.digest}`,
        );
      images.push({ name: image.name, target, digest: image.digest, pushed });
    }
    options.progress?.(`load: chart ${m.chart.name} ${m.chart.version}`);
    chart = await loadChart(dir, m, registry, skopeo, options, mismatched);
  } finally {
    skopeo.close();
  }
  if (mismatched.length)
    throw new AipcError(`images read back differ from the bundle:\n${mismatched.map((l) => `  ${l}`).join('\n')}`, EXIT_FINDINGS);
  writeFileAtomic(valuesFile, airgapValuesOverride(registry));
  const recordFile = loadedRecordFor(valuesFile);
  const manifestSha256 = createHash('sha256')
    .update(readFileSync(join(dir, MANIFEST_FILE)))
    .digest('hex');
  writeFileAtomic(
    recordFile,
    formatLoadedRecord(identityOf(m), manifestSha256, { reference: `${chart.repository}:${chart.version}`, crdStep: chart.crdStep }),
  );
  return { verify, images, chart, valuesFile, recordFile, accepted: problems };
}

/**
 * Pushes the bundle's packaged chart to `REGISTRY/charts` with `helm push` (from a copy stamped with
 * the bundle's creation time: Helm dates the artifact by the file, and the bundle is never touched),
 * unless the registry already holds it; then reads the artifact back and compares its chart layer
 * with the bundle's file.
 */
async function loadChart(
  dir: string,
  m: BundleManifest,
  registry: string,
  skopeo: Skopeo,
  options: LoadOptions,
  mismatched: string[],
): Promise<LoadedChart> {
  const file = m.files.find((f) => f.path === m.chart.package);
  if (!file) throw new AipcError(`${dir}: the manifest names the chart ${m.chart.package}, which it does not list`, EXIT_FINDINGS);
  const want = `sha256:${file.sha256}`;
  const ref = `${registry}/${SITE_CHART_PATH}/${m.chart.name}:${m.chart.version}`;
  const before = await skopeo.chartDigestOf(ref);
  const pushed = before !== want;
  if (pushed) {
    const scratch = mkdtempSync(join(tmpdir(), 'aipc-load-chart-'));
    try {
      const copy = join(scratch, basename(m.chart.package));
      copyFileSync(join(dir, m.chart.package), copy);
      const created = new Date(m.created);
      utimesSync(copy, created, created);
      await helmPushChart(
        resolveHelm(options.helm),
        copy,
        `oci://${registry}/${SITE_CHART_PATH}`,
        options.insecure ? 'insecure-https' : 'https',
        {
          fallbackToPlainHttp: options.insecure,
        },
      );
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const after = await skopeo.chartDigestOf(ref);
  if (after !== want) mismatched.push(`${ref}: the registry serves a chart ${after ?? 'nothing'}, the bundle's is ${want}`);
  return {
    repository: `oci://${registry}/${SITE_CHART_PATH}/${m.chart.name}`,
    version: m.chart.version,
    digest: want,
    pushed,
    crdStep: crdApplyCommand(shellWord(join(dir, m.chart.package))),
  };
}
