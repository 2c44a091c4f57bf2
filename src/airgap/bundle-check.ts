// `check --bundle DIR`: the bundle verified (signature included), then its tier, registry and
// chart version compared with what is being checked — the version read from the packaged chart
// inside the bundle, not from aipc's own Chart.yaml.
import { join } from 'node:path';
import { gunzipSync } from 'fflate';
import { InputError } from '../errors.js';
import { parseYamlText } from '../io/yaml-read.js';
import { readBounded } from './safe-fs.js';
import type { Trust } from './sign.js';
import { bundleIsIntact, verifyBundle } from './verify.js';

/** What `check --bundle` learned: problems (verification, tier, registry, chart version) or what matched. */
export interface BundleEvidence {
  readonly dir: string;
  readonly problems: readonly string[];
  readonly matched: readonly string[];
  /** Image references the bundle carries (verified), as the tier deploys them. */
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
  expected: { readonly tier: string; readonly registry: string; readonly chartVersion: string },
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
  if (m && !problems.length) {
    const packaged = await packagedChartVersion(join(dir, m.chart.package), m.chart.name);
    if (m.tier !== expected.tier) problems.push(`${dir}: the bundle is of tier ${m.tier}, checking tier ${expected.tier}`);
    if (m.registry !== expected.registry)
      problems.push(`${dir}: the bundle's images are for registry ${m.registry}, the tier deploys from ${expected.registry}`);
    if (packaged !== m.chart.version)
      problems.push(`${m.chart.package}: packaged chart version ${packaged}, the manifest says ${m.chart.version}`);
    if (packaged !== expected.chartVersion)
      problems.push(`${m.chart.package}: packaged chart version ${packaged}, but the chart checked is ${expected.chartVersion}`);
    if (!problems.length)
      matched.push(
        `${m.chart.package}: chart ${m.chart.name} ${packaged} = manifest = chart checked; tier ${m.tier}; registry ${m.registry}`,
      );
  }
  return { dir, problems, matched, images: problems.length ? [] : (m?.images.map((i) => ({ name: i.name, digest: i.digest })) ?? []) };
}
