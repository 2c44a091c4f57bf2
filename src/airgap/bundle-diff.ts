// `aipc airgap diff OLD NEW`: what is about to cross the gap, for the review before media is
// burned — images and digests, the chart version, the merged values, the CRDs in the packaged
// chart, the model weights — ranked in that order, as text, Markdown or JSON.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { gunzipSync } from 'fflate';
import { AipcError } from '../errors.js';
import { diffValues, formatFieldPath, type FieldChange } from '../diff/diff.js';
import { parseImageRef } from './images.js';
import { MANIFEST_FILE, MAX_MANIFEST_BYTES, parseManifest, type BundleManifest } from './manifest.js';
import { readBounded } from './safe-fs.js';
import type { Trust } from './sign.js';
import { readMergedValues } from './values.js';
import { bundleIsVerified, formatVerifyReport, verifyBundle } from './verify.js';

/** Categories in rank order: what runs first, then what the chart is, how it is configured, its API, the weights. */
export const BUNDLE_DIFF_CATEGORIES = ['image', 'chart', 'values', 'crd', 'weights'] as const;
export type BundleDiffCategory = (typeof BUNDLE_DIFF_CATEGORIES)[number];

const TITLES: Record<BundleDiffCategory, string> = {
  image: 'Images',
  chart: 'Chart, tier and registry',
  values: 'Values',
  crd: 'CustomResourceDefinitions',
  weights: 'Model weights',
};

/** One difference: what, and before/after in words. */
export interface BundleDiffEntry {
  readonly category: BundleDiffCategory;
  readonly change: 'added' | 'removed' | 'changed';
  /** What changed: an image repository, `chart version`, a values path, a CRD file, a weights file. */
  readonly subject: string;
  readonly before?: string;
  readonly after?: string;
}

export interface BundleDiffReport {
  readonly before: string;
  readonly after: string;
  /** How the bundles were read: authenticated with a key, or their manifests taken as they are. */
  readonly note: string;
  readonly entries: readonly BundleDiffEntry[];
}

const MAX_CHART_PACKAGE = 64 * 1024 * 1024;

/** Every regular file of a `helm package` archive, by path inside it. */
function chartFiles(tgz: Uint8Array): Map<string, Uint8Array> {
  const tar = gunzipSync(tgz);
  const files = new Map<string, Uint8Array>();
  for (let off = 0; off + 512 <= tar.length;) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, len: number) => {
      const raw = header.subarray(start, start + len);
      const end = raw.indexOf(0);
      return new TextDecoder().decode(end < 0 ? raw : raw.subarray(0, end));
    };
    const name = field(345, 155) ? `${field(345, 155)}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156]);
    if (type === '0' || type === '\0') files.set(name, tar.subarray(off + 512, off + 512 + size));
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

interface Side {
  readonly dir: string;
  readonly manifest: BundleManifest;
}

async function readSide(dir: string, trust: Trust | undefined): Promise<{ side: Side; authenticated: boolean }> {
  if (trust) {
    const r = await verifyBundle(dir, { trust });
    if (!bundleIsVerified(r)) throw new AipcError(`${dir} does not verify; nothing compared:\n${formatVerifyReport(dir, r).trimEnd()}`, 1);
    return { side: { dir, manifest: r.manifest! }, authenticated: true };
  }
  const file = join(dir, MANIFEST_FILE);
  return { side: { dir, manifest: parseManifest(await readBounded(file, MAX_MANIFEST_BYTES), file) }, authenticated: false };
}

/** `repository` (the path after the registry) → `tag@digest` of each image a bundle carries. */
function imagesOf(m: BundleManifest): Map<string, { tag: string; digest: string }> {
  const out = new Map<string, { tag: string; digest: string }>();
  for (const i of m.images) {
    const rest = m.registry && i.name.startsWith(`${m.registry}/`) ? i.name.slice(m.registry.length + 1) : i.name;
    const ref = parseImageRef(`host.invalid/${rest}`);
    out.set(ref.repository, { tag: ref.tag ?? '', digest: i.digest });
  }
  return out;
}

const inline = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Compares two bundles; with `trust` each must verify first (exit 1 otherwise). */
export async function diffBundles(oldDir: string, newDir: string, trust?: Trust): Promise<BundleDiffReport> {
  const [a, b] = await Promise.all([readSide(oldDir, trust), readSide(newDir, trust)]);
  const before = a.side.manifest;
  const after = b.side.manifest;
  const entries: BundleDiffEntry[] = [];

  // images: by repository, tag and digest
  const ia = imagesOf(before);
  const ib = imagesOf(after);
  for (const repo of [...new Set([...ia.keys(), ...ib.keys()])].sort()) {
    const x = ia.get(repo);
    const y = ib.get(repo);
    const text = (v: { tag: string; digest: string }) => `${v.tag} (${v.digest})`;
    if (!x) entries.push({ category: 'image', change: 'added', subject: repo, after: text(y!) });
    else if (!y) entries.push({ category: 'image', change: 'removed', subject: repo, before: text(x) });
    else if (x.tag !== y.tag || x.digest !== y.digest)
      entries.push({ category: 'image', change: 'changed', subject: repo, before: text(x), after: text(y) });
  }

  // chart, tier, registry, platform
  const pairs: [string, string, string][] = [
    ['chart', `${before.chart.name} ${before.chart.version}`, `${after.chart.name} ${after.chart.version}`],
    ['tier', before.tier, after.tier],
    ['registry', before.registry, after.registry],
    ['platform', before.platform ?? '', after.platform ?? ''],
  ];
  for (const [subject, x, y] of pairs) if (x !== y) entries.push({ category: 'chart', change: 'changed', subject, before: x, after: y });

  // values: merged as Helm merges them, compared field by field
  const merged = (s: Side) => readMergedValues(s.manifest.valuesFiles.map((f) => join(s.dir, f)));
  const fields: FieldChange[] = diffValues(merged(a.side), merged(b.side));
  for (const f of fields)
    entries.push({
      category: 'values',
      change: f.change,
      subject: formatFieldPath(f.path),
      ...(f.before !== undefined ? { before: inline(f.before) } : {}),
      ...(f.after !== undefined ? { after: inline(f.after) } : {}),
    });

  // CRDs of the packaged charts (crds/ and the templated copies)
  const pkg = async (s: Side) => chartFiles(await readBounded(join(s.dir, s.manifest.chart.package), MAX_CHART_PACKAGE));
  const [ca, cb] = await Promise.all([pkg(a.side), pkg(b.side)]);
  const crds = (files: Map<string, Uint8Array>) =>
    new Map([...files].filter(([p]) => /^[^/]+\/crds\//.test(p)).map(([p, c]) => [p.slice(p.indexOf('/') + 1), sha(c)]));
  const [xa, xb] = [crds(ca), crds(cb)];
  for (const p of [...new Set([...xa.keys(), ...xb.keys()])].sort()) {
    if (!xa.has(p)) entries.push({ category: 'crd', change: 'added', subject: p });
    else if (!xb.has(p)) entries.push({ category: 'crd', change: 'removed', subject: p });
    else if (xa.get(p) !== xb.get(p)) entries.push({ category: 'crd', change: 'changed', subject: p });
  }

  // weights: files under models/ as the manifests list them
  const weights = (m: BundleManifest) => new Map(m.files.filter((f) => f.path.startsWith('models/')).map((f) => [f.path, f]));
  const [wa, wb] = [weights(before), weights(after)];
  for (const p of [...new Set([...wa.keys(), ...wb.keys()])].sort()) {
    const x = wa.get(p);
    const y = wb.get(p);
    const text = (f: { size: number; sha256: string }) => `${f.size} bytes, sha256 ${f.sha256}`;
    if (!x) entries.push({ category: 'weights', change: 'added', subject: p, after: text(y!) });
    else if (!y) entries.push({ category: 'weights', change: 'removed', subject: p, before: text(x) });
    else if (x.sha256 !== y.sha256) entries.push({ category: 'weights', change: 'changed', subject: p, before: text(x), after: text(y) });
  }

  // within the values, the tenants first: who gets a namespace, quota and budget is read before the sums that follow
  const rank = (e: BundleDiffEntry) =>
    BUNDLE_DIFF_CATEGORIES.indexOf(e.category) * 2 + (e.category === 'values' && !e.subject.startsWith('tenants') ? 1 : 0);
  return {
    before: oldDir,
    after: newDir,
    note:
      a.authenticated && b.authenticated
        ? 'both bundles verified with the key given'
        : 'manifests read as they are, not authenticated (give --key PUB or --allowed-signers FILE to verify both first)',
    entries: entries
      .map((e, i) => ({ e, i }))
      .sort((x, y) => rank(x.e) - rank(y.e) || x.i - y.i)
      .map(({ e }) => e),
  };
}

const SIGN = { added: '+', removed: '-', changed: '~' } as const;

const entryText = (e: BundleDiffEntry): string =>
  e.change === 'added'
    ? `added ${e.after ?? ''}`.trimEnd()
    : e.change === 'removed'
      ? `removed${e.before ? ` (was ${e.before})` : ''}`
      : e.before !== undefined
        ? `${e.before} -> ${e.after}`
        : 'changed';

/** The report as text, Markdown or JSON (the `aipc diff` styles: ranked, one line per change, totals last). */
export function formatBundleDiff(r: BundleDiffReport, format: 'text' | 'markdown' | 'json'): string {
  const counts = (cat: BundleDiffCategory) => r.entries.filter((e) => e.category === cat).length;
  if (format === 'json')
    return `${JSON.stringify(
      {
        before: r.before,
        after: r.after,
        note: r.note,
        changes: r.entries.length,
        categories: Object.fromEntries(BUNDLE_DIFF_CATEGORIES.map((c) => [c, counts(c)])),
        entries: r.entries,
      },
      null,
      2,
    )}\n`;
  if (!r.entries.length)
    return format === 'markdown'
      ? `No differences between \`${r.before}\` and \`${r.after}\`.\n`
      : `no differences between ${r.before} and ${r.after}\n`;
  const totals = BUNDLE_DIFF_CATEGORIES.filter((c) => counts(c))
    .map((c) => `${counts(c)} ${TITLES[c].toLowerCase()}`)
    .join(', ');
  if (format === 'markdown') {
    let out = `### Bundle diff: \`${r.before}\` → \`${r.after}\`\n\n_${r.note}_\n\n`;
    for (const c of BUNDLE_DIFF_CATEGORIES) {
      const list = r.entries.filter((e) => e.category === c);
      if (!list.length) continue;
      out += `#### ${TITLES[c]}\n\n| | what | change |\n|---|---|---|\n`;
      for (const e of list)
        out += `| ${SIGN[e.change]} | \`${e.subject.replace(/\|/g, '\\|')}\` | ${entryText(e).replace(/\|/g, '\\|')} |\n`;
      out += '\n';
    }
    return `${out}${r.entries.length} changes: ${totals}\n`;
  }
  let out = `note: ${r.note}\n`;
  for (const e of r.entries) out += `${SIGN[e.change]} ${TITLES[e.category].toLowerCase()}: ${e.subject}: ${entryText(e)}\n`;
  return `${out}${r.entries.length} changes: ${totals}\n`;
}
