// `check --bundle DIR`: the bundle verified (signature included), then its tier, registry and
// chart version compared with what is being checked — the version read from the packaged chart
// inside the bundle, not from aipc's own Chart.yaml.
import { trimTrailingSlashes } from '../util/text.js';
import { join } from 'node:path';
import { gunzipSync } from 'fflate';
import { InputError } from '../errors.js';
import { parseYamlText } from '../io/yaml-read.js';
import { readBounded } from './safe-fs.js';
import type { Trust } from './sign.js';
import { bundleIsIntact, verifyBundle } from './verify.js';
import { createHash } from 'node:crypto';
import { identityProblems as bundleIdentityProblems, readLoadedRecord } from './identity.js';
import { rewriteImageRef } from './images.js';
import { MANIFEST_FILE, MAX_MANIFEST_BYTES } from './manifest.js';

/** What `check --bundle` learned: problems (verification, tier, registry, chart version) or what matched. */
export interface BundleEvidence {
  readonly dir: string;
  /** Verification and chart version problems (the chart version item). */
  readonly problems: readonly string[];
  readonly matched: readonly string[];
  /** Verification, tier, age and registry problems (the bundle identity item). */
  readonly identityProblems: readonly string[];
  readonly identityMatched: readonly string[];
  /** Image references the bundle carries (verified), as the tier deploys them: mapped to the values' registry. */
  readonly images: readonly { readonly name: string; readonly digest: string }[];
}

const MAX_CHART_PACKAGE = 64 * 1024 * 1024;

/** `version` of `<chart>/Chart.yaml` inside a `helm package` archive. */
export async function packagedChartVersion(file: string, chartName: string): Promise<string> {
  const tar = gunzipSync(await readBounded(file, MAX_CHART_PACKAGE));
  for (let off = 0; off + 512 <= tar.length;) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, len: number) => new TextDecoder().decode(header.subarray(start, start + len)).replace(/\0.*$/s, '');
    const name = field(345, 155) ? `${field(345, 155)}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    if (name === `${chartName}/Chart.yaml`) {
      const doc = parseYamlText(new TextDecoder().decode(tar.subarray(off + 512, off + 512 + size)), `${file}:${name}`);
      const version = (doc.value as { version?: unknown } | null)?.version;
      if (typeof version !== 'string') throw new InputError([doc.diagnostic(['version'], 'version: expected a string')]);
      return version;
    }
    off += 512 + Math.ceil(size / 512) * 512;
  }
  throw new InputError([{ file, message: `no ${chartName}/Chart.yaml in the chart package` }]);
}

/** Verifies the bundle and compares it with the tier being checked. */
export async function bundleEvidence(
  dir: string,
  trust: Trust | undefined,
  expected: {
    readonly tier: string;
    readonly registry: string;
    readonly chartVersion: string;
    /** ISO 8601: a bundle created before it is refused. */
    readonly notBefore?: string;
    /** The values files checked: a load record beside one of them shows `load` rewrote the registry. */
    readonly valuesFiles?: readonly string[];
  },
): Promise<BundleEvidence> {
  const r = await verifyBundle(dir, { trust });
  const problems: string[] = [];
  const matched: string[] = [];
  if (!r.authentication.ok) problems.push(`${dir}: ${r.authentication.message}`);
  else matched.push(`${dir}: ${r.authentication.message}`);
  const m = r.manifest;
  if (m && !bundleIsIntact(r))
    problems.push(
      `${dir}: ${r.missing.length} files missing, ${r.changed.length} changed, ${r.extra.length} extra (run aipc airgap verify)`,
    );
  const identityProblems: string[] = [...problems];
  const identityMatched: string[] = [];
  let images: { name: string; digest: string }[] = [];
  if (m && !problems.length) {
    const packaged = await packagedChartVersion(join(dir, m.chart.package), m.chart.name);
    if (packaged !== m.chart.version)
      problems.push(`${m.chart.package}: packaged chart version ${packaged}, the manifest says ${m.chart.version}`);
    if (packaged !== expected.chartVersion)
      problems.push(`${m.chart.package}: packaged chart version ${packaged}, but the chart checked is ${expected.chartVersion}`);
    if (!problems.length) matched.push(`${m.chart.package}: chart ${m.chart.name} ${packaged} = manifest = chart checked`);

    identityProblems.push(...bundleIdentityProblems(m, { tier: expected.tier, notBefore: expected.notBefore }));
    const want = trimTrailingSlashes(expected.registry);
    if (m.registry === want)
      identityMatched.push(`${dir}: tier ${m.tier}, created ${m.created}, images named for ${m.registry} as the values deploy them`);
    else {
      // `aipc airgap load --registry HOST` rewrote the host and recorded this very bundle beside the values file it wrote
      const sha = createHash('sha256')
        .update(await readBounded(join(dir, MANIFEST_FILE), MAX_MANIFEST_BYTES))
        .digest('hex');
      const record = (expected.valuesFiles ?? []).map((f) => readLoadedRecord(f)).find((x) => x?.manifestSha256 === sha);
      if (record)
        identityMatched.push(
          `${dir}: tier ${m.tier}, created ${m.created}; images named for ${m.registry}, loaded into ${want} by aipc airgap load (${record.file} records this manifest, sha256 ${sha})`,
        );
      else
        identityProblems.push(
          `${dir}: the bundle's images are named for registry ${m.registry || '(none)'}, the values deploy from ${want}, and no load record beside the values files names this bundle: load it with \`aipc airgap load --registry ${want}\` and check with the values file it writes`,
        );
    }
    images = m.images.map((i) => ({ name: m.registry ? rewriteImageRef(i.name, m.registry, want) : i.name, digest: i.digest }));
  }
  return {
    dir,
    problems,
    matched,
    identityProblems,
    identityMatched,
    images: problems.length || identityProblems.length ? [] : images,
  };
}
