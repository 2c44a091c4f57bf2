// `aipc report --tier X --out DIR`: one evidence pack per site, `DIR/<site>/report.{html,md,json}`
// (+ report.json.sig): the tier resolved and rendered once, then the checklist, pod security, lint,
// images, capacity and isolation exactly as `aipc check` and its sub-checks find them, with the
// identity of what produced it (aipc and chart versions, the packaged chart's digest, a sha256 of
// every input) and no absolute path of the machine that ran it. Same inputs and --created: the
// same bytes, signature included (ed25519 signatures are deterministic).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { makeTempDir, removeTempDir } from '../io/cleanup.js';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { OptionError } from '../errors.js';
import { AIPC_VERSION } from '../version.js';
import { packageRoot, releaseFile } from '../paths.js';
import { chartMeta } from '../model/chart-meta.js';
import { DEFAULT_NAMESPACE, DEFAULT_RELEASE } from '../model/install.js';
import { podSecurityExceptions } from '../model/pod-security-exceptions.js';
import { isBuiltinTier } from '../schemas/tier-names.js';
import type { ReportInputFile, ReportJson } from '../schemas/report.js';
import { DEFAULT_KUBE_VERSION } from '../helm/run.js';
import { renderResolvedTier, type InstallTarget } from '../render/render.js';
import { effectiveProfile } from '../tiers/compile.js';
import { checkCapacity } from '../tiers/capacity.js';
import { loadTierProfile } from '../tiers/profile.js';
import { defaultTenantsFile, needsCompile, resolvedValuesFiles, type ResolvedTier } from '../tiers/resolve.js';
import { runChecklist } from '../checks/checklist/checklist.js';
import { checklistIsolationOptions } from '../checks/checklist/checklist.js';
import { checkIsolation } from '../checks/isolation/index.js';
import { checkPodSecurity } from '../checks/pod-security/check.js';
import { DEFAULT_POLICY_VERSION, policyVersionOfRelease } from '../checks/pod-security/policy.js';
import { lintChartRender } from '../checks/lint/tier.js';
import { listImages } from '../airgap/images.js';
import { registryOf } from '../airgap/values.js';
import { packageChart, resolveCreated, isoSeconds } from '../airgap/bundle.js';
import { assertSigningKey, signFile } from '../airgap/sign.js';
import { replaceOutputDirectory } from '../io/output-dir.js';
import type { OutputFile } from '../io/output-file.js';
import { assemblePack, renamePaths } from '../evidence/pack.js';
import { formatReportHtml } from '../evidence/html.js';
import { formatReportMarkdown } from '../evidence/markdown.js';
import { REPORT_SIGNATURE_NAMESPACE, REPORT_FILES } from '../evidence/files.js';
import { checklistFindings, pinnedDigests, type ChecklistEvidenceOptions } from './check.js';
import { withResolvedTier, type TierInputs } from './tier.js';

export interface ReportOptions extends Omit<TierInputs, 'tier'>, InstallTarget, ChecklistEvidenceOptions {
  /** A built-in tier or a site profile file. Required. */
  readonly tier?: string;
  /** The directory the site's pack is written into, as `<out>/<site>/`. Required. */
  readonly out?: string;
  /** The pack's time: Unix seconds or ISO 8601 (default: SOURCE_DATE_EPOCH, else now). */
  readonly created?: string;
  /** An ed25519 private key (OpenSSH): report.json is signed with it (`report.json.sig`). */
  readonly signKey?: string;
  readonly helm?: string;
  readonly chartDir?: string;
}

export interface ReportResult {
  /** The site's name: its profile's, or the built-in tier's. */
  readonly site: string;
  /** The directory written, `<out>/<site>`. */
  readonly dir: string;
  /** The files written there. */
  readonly files: readonly string[];
  /** The checklist has no FAIL. */
  readonly ok: boolean;
  readonly report: ReportJson;
}

const PRODUCER = 'report';

/** Builds one site's evidence pack and writes it; resolves to what was written where. */
export async function runReport(opts: ReportOptions = {}): Promise<ReportResult> {
  if (!opts.tier) throw new OptionError('tier', 'missing: name a built-in tier or a site profile file');
  if (!opts.out) throw new OptionError('out', 'missing: name the directory to write the evidence pack into');
  const tier = opts.tier;
  const created = resolveCreated(opts.created);
  // a usable key before any work
  if (opts.signKey) await assertSigningKey(opts.signKey, 'signKey');
  const scratch = makeTempDir('aipc-report-');
  try {
    const { site, report } = await withResolvedTier({ ...opts, tier }, async (resolved) => {
      const objects = await renderResolvedTier(resolved, opts);
      const lint = lintChartRender(objects, resolved.mergedValues);
      const findings = await checklistFindings(resolved, objects, lint, opts);
      const checklist = runChecklist({ resolved, objects, chartVersion: chartMeta.version, findings });
      const kubernetesVersion = opts.kubeVersion ?? DEFAULT_KUBE_VERSION;
      const namespace = opts.namespace ?? DEFAULT_NAMESPACE;
      const podSecurity = checkPodSecurity(objects, {
        level: 'restricted',
        version: policyVersionOfRelease(kubernetesVersion) ?? DEFAULT_POLICY_VERSION,
        exceptions: podSecurityExceptions,
        namespace,
      });
      const isolation = checkIsolation([...objects], checklistIsolationOptions(resolved.tier));
      const capacity = checkCapacity(effectiveProfile(resolved.profile, resolved.mergedValues), resolved.tenants, {
        values: resolved.mergedValues,
        allowOvercommit: opts.allowOvercommit,
      });
      const pkg = await packageChart(resolved.chartDir, created, join(scratch, 'chart'), opts.helm);
      const registry = registryOf(resolved.mergedValues as Record<string, unknown>);
      const report = assemblePack({
        identity: {
          aipcVersion: AIPC_VERSION,
          site: resolved.name,
          tier: resolved.tier,
          release: opts.release ?? DEFAULT_RELEASE,
          namespace,
          kubernetesVersion,
          created: isoSeconds(created),
          chart: {
            name: pkg.name,
            version: pkg.version,
            package: basename(pkg.file),
            sha256: sha256(readFileSync(pkg.file)),
            digestMethod:
              'sha256 of the archive `helm package` writes from the chart with every file dated --created (reproducible: same chart and time, same bytes)',
          },
          inputs: inputFiles(opts, tier, resolved),
          set: [
            ...(opts.set ?? []).map((s) => `--set ${s}`),
            ...(opts.setString ?? []).map((s) => `--set-string ${s}`),
            ...(opts.setFile ?? []).map((s) => `--set-file ${s}`),
          ],
        },
        checklist,
        podSecurity,
        lint,
        registry,
        images: listImages(objects),
        pinnedDigests: pinnedDigests(registry),
        bundle: findings.bundle,
        capacity,
        profile: effectiveProfile(resolved.profile, resolved.mergedValues),
        tenants: resolved.tenants,
        isolation,
      });
      return { site: resolved.name, report: renamePaths(report, pathNames(opts)) };
    });
    const json = `${JSON.stringify(report, null, 2)}\n`;
    const files: OutputFile[] = [
      { path: REPORT_FILES.html, content: formatReportHtml(report) },
      { path: REPORT_FILES.markdown, content: formatReportMarkdown(report) },
      { path: REPORT_FILES.json, content: json },
    ];
    if (opts.signKey) {
      const file = join(scratch, REPORT_FILES.json);
      writeFileSync(file, json);
      const signature = await signFile(file, opts.signKey, REPORT_SIGNATURE_NAMESPACE, 'signKey');
      files.push({ path: REPORT_FILES.signature, content: signature.toString('utf8') });
    }
    const dir = join(opts.out, site);
    replaceOutputDirectory(dir, files, PRODUCER, '--out');
    return { site, dir, files: files.map((f) => f.path), ok: report.checklist.ok, report };
  } finally {
    removeTempDir(scratch);
  }
}

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/** A file as a reader names it: relative to the working directory when inside it, else its base name. */
export function shownName(file: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, resolve(cwd, file));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : basename(file);
}

/** Every file the tier was made from, with its sha256, in the order Helm and the compiler read them. */
function inputFiles(opts: ReportOptions, tier: string, resolved: ResolvedTier): ReportInputFile[] {
  const out: ReportInputFile[] = [];
  const add = (role: ReportInputFile['role'], file: string, name = shownName(file)) => {
    if (!out.some((i) => i.role === role && i.name === name)) out.push({ role, name, sha256: sha256(readFileSync(file)) });
  };
  const chartName = (file: string) => `charts/${basename(resolved.chartDir)}/${basename(file)}`;
  add('chart values', join(resolved.chartDir, 'values.yaml'), chartName('values.yaml'));
  const inputs = { ...opts, tier, extraValuesFiles: opts.extraValuesFiles ?? [] };
  if (needsCompile(inputs)) {
    // the profile and every profile it extends; a built-in tier's is the package's own
    for (const layer of loadTierProfile(tier).layers)
      add('profile', layer.file, isBuiltinTier(tier) || !isAbsolute(layer.file) ? shownPackageFile(layer.file) : shownName(layer.file));
    const tenants = opts.tenantsFile ?? defaultTenantsFile(tier);
    if (tenants) add('tenants', tenants, opts.tenantsFile ? shownName(tenants) : shownPackageFile(tenants));
  } else {
    add('tier values', resolvedValuesFiles({ tier, chartDir: resolved.chartDir })[1], chartName(resolvedValuesFiles({ tier })[1]));
  }
  for (const f of opts.extraValuesFiles ?? []) add('values', f);
  for (const s of opts.setFile ?? []) {
    const file = s.slice(s.indexOf('=') + 1);
    if (s.includes('=') && file) add('set-file', file);
  }
  add('release data', releaseFile(), shownPackageFile(releaseFile()));
  return out;
}

/** A file of aipc's own package, named from the package root (`profiles/edge.yaml`), else as any file. */
function shownPackageFile(file: string): string {
  const rel = relative(packageRoot(), resolve(file));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : shownName(file);
}

/**
 * The absolute paths evidence lines may carry (the areas name files and directories as they were
 * given or resolved) and how the pack shows each: the inputs and the bundle by their names, then
 * the package, the working directory, the temporary directory and the home directory generically.
 */
function pathNames(opts: ReportOptions): Map<string, string> {
  const names = new Map<string, string>();
  const cwd = process.cwd();
  const given = [
    opts.tier,
    opts.tenantsFile,
    opts.bundleDir,
    ...(opts.extraValuesFiles ?? []),
    ...(opts.setFile ?? []).map((s) => s.slice(s.indexOf('=') + 1)),
  ].filter((f): f is string => !!f && /[\\/.]/.test(f));
  for (const f of given) {
    names.set(resolve(f), shownName(f));
    if (isAbsolute(f)) names.set(f, shownName(f));
  }
  names.set(`${packageRoot()}${sep}`, '');
  names.set(packageRoot(), '<aipc>');
  names.set(`${cwd}${sep}`, '');
  names.set(cwd, '.');
  names.set(tmpdir(), '<tmp>');
  names.set(homedir(), '~');
  // what a resolved path of the temporary directory looks like on systems where it is a link
  names.set(dirname(resolve(tmpdir(), 'x')), '<tmp>');
  return names;
}

// what `aipc report` needs besides the action: its command imports this module alone
export { trustFrom } from './airgap.js';
export { isoSeconds, parseTime } from '../airgap/bundle.js';
