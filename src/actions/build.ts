// `aipc build`: the main job in one command — generate the chart (with the three tier files),
// render the tiers concurrently, validate every object, run the checks, print a summary.
import type { LintReport } from '../checks/lint/run.js';
import type { ChecklistResult } from '../checks/checklist/checklist.js';
import { currentChartFiles } from './chart-inputs.js';
import { chartDir } from '../paths.js';
import { renderObjects, renderResolvedTier, type InstallTarget } from '../render/render.js';
import { needsCompile, resolvedValuesFiles } from '../tiers/tier-files.js';
import { TIER_NAMES } from '../schemas/tier-names.js';
import type { TierInputs } from './tier.js';
import { makeTempDir, removeTempDir } from '../io/cleanup.js';
import type { AipcError } from '../errors.js';
import { siteName, type Site } from '../tiers/sites.js';
import { runFleet } from './fleet.js';

/**
 * The validator and the checks, loaded (parsed, their models run) while Helm renders in other
 * processes: Helm starts as soon as the values files are known, not after aipc's own start-up.
 */
async function loadChecks() {
  const [{ createValidator, chartKinds }, { checkPodSecurity }, { checklistForRender }, { lintChartRender }, { podSecurityExceptions }] =
    await Promise.all([
      import('../validate/validator.js'),
      import('../checks/pod-security/index.js'),
      import('./check.js'),
      import('../checks/lint/tier.js'),
      import('../model/pod-security-exceptions.js'),
    ]);
  const validator = createValidator({ strict: true });
  validator.preload(chartKinds());
  return { validator, checkPodSecurity, checklistForRender, lintChartRender, podSecurityExceptions };
}

/**
 * `tier` builds one tier (a built-in name or a profile file) instead of the three built-in tiers,
 * `sites` a fleet (fleetSites()); the values input applies to each tier built.
 */
export interface BuildOptions extends InstallTarget, TierInputs {
  /** A fleet: every site built in one run, a failing site reported in its row (never hiding the others). */
  readonly sites?: readonly Site[];
  readonly chartDir?: string;
  readonly helm?: string;
  /** Called with one line per step as it finishes. */
  readonly progress?: (line: string) => void;
}

export interface TierBuildResult {
  /** The site's name: a built-in tier's, or its profile file's name without `.yaml`. */
  readonly site: string;
  /** How the summary names it: the tier, or `<profile name> (<tier>)` for a site profile. */
  readonly tier: string;
  readonly objects: number;
  readonly invalid: readonly string[];
  readonly podSecurityFailures: readonly string[];
  /** `aipc lint` of the render with the chart's declared exceptions. */
  readonly lint: LintReport;
  readonly checklist: ChecklistResult;
}

/** A site of a fleet that could not be built: its error (a bad profile, Helm refusing the values). */
export interface FailedSite {
  readonly tier: string;
  /** The site's --tier value or profile file. */
  readonly source: string;
  readonly error: AipcError;
  readonly exitCode: number;
}

export interface BuildResult {
  readonly files: number;
  readonly tiers: readonly TierBuildResult[];
  /** Sites of a fleet that failed before they could be checked (always empty for one tier or the built-in three: those throw). */
  readonly failed: readonly FailedSite[];
  readonly ok: boolean;
  /** The worst site's: 0 all good, 1 an invalid object or a failed check, 2 a site's bad input. */
  readonly exitCode: number;
  readonly millis: Readonly<Record<string, number>>;
}

/** Runs the whole pipeline; throws only on bad input or a Helm failure. */
export async function runBuild(options: BuildOptions = {}): Promise<BuildResult> {
  // a site tier's compiled values file lives only as long as the build
  const workDir = makeTempDir('aipc-build-');
  try {
    return await buildIn(workDir, options);
  } finally {
    removeTempDir(workDir);
  }
}

async function buildIn(workDir: string, options: BuildOptions): Promise<BuildResult> {
  const dir = options.chartDir ?? chartDir();
  const progress = options.progress ?? (() => {});
  const millis: Record<string, number> = {};
  const timed = async <T>(step: string, fn: () => T | Promise<T>, describe: (r: T) => string): Promise<T> => {
    const start = performance.now();
    const result = await fn();
    millis[step] = Math.round(performance.now() - start);
    progress(`${step.padEnd(9)} ${describe(result)} (${millis[step]} ms)`);
    // a turn of the event loop between steps: an interrupt (Ctrl-C) is handled here, not after the last step
    await new Promise((resolve) => setImmediate(resolve));
    return result;
  };

  let unchanged = false;
  const files = await timed(
    'generate',
    async () => {
      // the inputs file says whether the directory already holds what generating would write
      const current = currentChartFiles(dir);
      unchanged = current !== undefined;
      if (current !== undefined) return current;
      // the generators (every template, formatted) load only when there is something to generate
      const { runGenerate, generateFullChart } = await import('./generate.js');
      return runGenerate(dir, generateFullChart());
    },
    (n) =>
      `${n} files in ${dir} (chart, values, schema, README, CRDs, 3 tier files)${unchanged ? ', unchanged inputs: not regenerated' : ''}`,
  );
  const inputs = {
    chartDir: dir,
    workDir,
    namespace: options.namespace,
    allowOvercommit: options.allowOvercommit,
    extraValuesFiles: options.extraValuesFiles,
    set: options.set,
    setString: options.setString,
    setFile: options.setFile,
  };
  const { helm, release, namespace, kubeVersion, apiVersions } = options;
  const target = { helm, release, namespace, kubeVersion, apiVersions };
  const fleetMode = options.sites !== undefined;
  const sites: readonly Site[] =
    options.sites ??
    (options.tier !== undefined
      ? [{ name: siteName(options.tier), tier: options.tier, tenantsFile: options.tenantsFile }]
      : TIER_NAMES.map((tier) => ({ name: tier, tier })));
  // the built-in tiers' files are known before they are read: Helm starts on them at once, and
  // they are checked, merged and their profiles loaded while it renders (a problem found there
  // is the error reported; Helm's output is then not read). -f files over a tier are held to its
  // rules first: Helm starts early only on the tier files alone.
  const early =
    !fleetMode &&
    options.tier === undefined &&
    !options.extraValuesFiles?.length &&
    sites.every((site) => !needsCompile({ ...inputs, tier: site.tier }));
  let checking: Promise<Awaited<ReturnType<typeof loadChecks>>> | undefined;

  // each site is validated and checked as soon as its render is read, while Helm renders the others
  const spent = { validate: 0, lint: 0, check: 0 };
  const clock = <T>(step: keyof typeof spent, fn: () => T): T => {
    const start = performance.now();
    const result = fn();
    spent[step] += performance.now() - start;
    return result;
  };
  const renderStart = performance.now();
  let renderEnd = renderStart;
  const buildSite = async (site: Site): Promise<TierBuildResult> => {
    const started = performance.now();
    const tierInputs = { ...inputs, tier: site.tier, tenantsFile: site.tenantsFile };
    const early_render = early
      ? renderObjects(
          { ...target, chartDir: dir, valuesFiles: resolvedValuesFiles(tierInputs), valuesChecked: true },
          `${site.tier} render`,
        )
      : undefined;
    // bad input found by resolving is reported before anything Helm said about it
    early_render?.catch(() => {});
    // profiles, schemas and the model load here, after Helm has started
    const { resolveTier } = await import('../tiers/resolve.js');
    // the validator and the checks load while the first render runs
    checking ??= new Promise((resolve) => setImmediate(resolve)).then(loadChecks);
    checking.catch(() => {});
    const resolved =
      sites.length === 1 && !early
        ? await timed(
            'compile',
            () => resolveTier(tierInputs),
            (t) => `${t.name} (${t.tier}) from ${site.tier}: ${t.tenants.length} ${t.tenants.length === 1 ? 'tenant' : 'tenants'}`,
          )
        : resolveTier(tierInputs);
    const objects = await (early_render ?? renderResolvedTier(resolved, target));
    renderEnd = Math.max(renderEnd, performance.now());
    const c = await checking;
    const invalid = clock('validate', () =>
      c.validator
        .validate(objects)
        .objects.filter((o) => o.verdict !== 'valid')
        .map((o) => `${o.ref}: ${o.issues.map((x) => `${x.path}: ${x.message}`).join('; ')}`),
    );
    const lint = clock('lint', () => c.lintChartRender(objects, resolved.mergedValues));
    const start = performance.now();
    const pss = c.checkPodSecurity(objects, { level: 'restricted', exceptions: c.podSecurityExceptions, namespace });
    const podSecurityFailures = [
      ...pss.workloads.filter((w) => w.verdict === 'fail').map((w) => `${w.ref}: ${w.failures.map((f) => f.check).join(', ')}`),
      ...pss.namespaceFindings.map((f) => f.message),
    ];
    // the same Helm and install target as the render: a GitOps site is rendered twice with it
    const checklist = await c.checklistForRender(resolved, objects, lint, target);
    spent.check += performance.now() - start;
    // a site is named by its own name, with the tier it is
    const tier = resolved.name === resolved.tier ? resolved.tier : `${resolved.name} (${resolved.tier})`;
    const result = { site: site.name, tier, objects: objects.length, invalid, lint, podSecurityFailures, checklist };
    if (fleetMode) progress(`${'site'.padEnd(9)} ${site.name}: ${siteLine(result)} (${Math.round(performance.now() - started)} ms)`);
    return result;
  };
  const fleet = await runFleet(sites, buildSite, (t) => (tierOk(t) ? 0 : 1));
  const failed = fleet.sites.flatMap((s) =>
    s.error ? [{ tier: s.site.name, source: s.site.tier, error: s.error, exitCode: s.exitCode }] : [],
  );
  // one tier, or the built-in three: bad input is the command's error, as it always was
  if (!fleetMode && failed.length) throw failed[0].error;
  for (const f of failed) progress(`${'site'.padEnd(9)} ${f.tier}: ${firstLine(f.error.message)}`);
  const results = fleet.sites.flatMap((s) => (s.result ? [s.result] : []));
  const line = (step: string, ms: number, text: string) => {
    millis[step] = Math.round(ms);
    progress(`${step.padEnd(9)} ${text} (${millis[step]} ms)`);
  };
  line('render', renderEnd - renderStart, results.map((t) => `${t.tier} ${t.objects}`).join(', ') + ' objects');
  const objects = results.reduce((n, t) => n + t.objects, 0);
  line('validate', spent.validate, `${objects} objects, ${results.reduce((n, t) => n + t.invalid.length, 0)} invalid`);
  line('lint', spent.lint, results.map((t) => `${t.tier} ${t.lint.findings.length}`).join(', ') + ' findings');
  line(
    'check',
    spent.check,
    results.map((t) => `${t.tier} ${t.checklist.items.filter((x) => x.status === 'PASS').length}/${t.checklist.items.length}`).join(', ') +
      ' checklist items pass',
  );
  return { files, tiers: results, failed, ok: fleet.exitCode === 0, exitCode: fleet.exitCode, millis };
}

/** Whether a built tier passes: every object valid, restricted pod security, the checklist passed. */
const tierOk = (t: TierBuildResult): boolean => t.invalid.length === 0 && t.podSecurityFailures.length === 0 && t.checklist.ok;

/** A site's verdicts on one line, as fleet progress prints them. */
function siteLine(t: TierBuildResult): string {
  const pass = t.checklist.items.filter((i) => i.status === 'PASS').length;
  return `${t.objects} objects, ${t.invalid.length} invalid, ${t.podSecurityFailures.length} below restricted, ${t.lint.findings.length} lint findings, ${pass}/${t.checklist.items.length} checklist items pass`;
}

const firstLine = (text: string): string => text.split('\n')[0];

/** A built tier's row of the summary table. */
function summaryRow(t: TierBuildResult): string {
  const failed = t.checklist.items.filter((i) => i.status === 'FAIL');
  const lint = `${t.lint.findings.length} finding${t.lint.findings.length === 1 ? '' : 's'}`;
  return `| ${t.tier} | ${t.objects} | ${t.invalid.length ? `${t.invalid.length} invalid` : 'all valid'} | ${t.podSecurityFailures.length ? `${t.podSecurityFailures.length} below restricted` : 'restricted'} | ${lint} | ${failed.length ? `${failed.length} FAIL` : `${t.checklist.items.filter((i) => i.status === 'PASS').length} PASS${skippedOf(t)}`} |`;
}

/** A built tier's detail lines: each invalid object, each workload below restricted, each failed item's evidence. */
function detailLines(t: TierBuildResult): string[] {
  return [
    ...t.invalid.map((x) => `${t.tier}: invalid ${x}`),
    ...t.podSecurityFailures.map((x) => `${t.tier}: pod security ${x}`),
    ...t.checklist.items.filter((i) => i.status === 'FAIL').flatMap((i) => i.evidence.map((e) => `${t.tier}: FAIL ${i.title}: ${e}`)),
  ];
}

const failedRow = (f: FailedSite): string =>
  `| ${f.tier} | — | error (exit ${f.exitCode}): ${firstLine(f.error.message).replace(/\|/g, '\\|')} | | | |`;
const failedDetail = (f: FailedSite): string => `${f.tier}: ${f.error.message}${f.error.suggestion ? `\nhint: ${f.error.suggestion}` : ''}`;

/** The summary table printed at the end of `aipc build`. */
export function formatBuildSummary(result: BuildResult): string {
  return [
    '',
    '| tier | objects | validate | pod security | lint | checklist |',
    '|---|---:|---|---|---|---|',
    ...result.tiers.map(summaryRow),
    ...result.failed.map(failedRow),
    '',
    ...result.tiers.flatMap(detailLines),
    ...result.failed.map(failedDetail),
    result.ok ? 'build: OK' : 'build: FAILED (details above)',
    '',
  ].join('\n');
}

/**
 * Per site (by its name), the lines that state its verdicts: its summary row, each checklist
 * item's status, the details — what `build --watch` compares between two builds of a site.
 */
export function buildVerdictLines(result: BuildResult): Map<string, string[]> {
  const lines = new Map<string, string[]>();
  for (const t of result.tiers)
    lines.set(t.site, [
      summaryRow(t),
      ...t.checklist.items.flatMap((i) => [`${t.tier}: ${i.status} ${i.title}`, ...i.evidence.map((e) => `${t.tier}:   ${e}`)]),
      ...t.lint.findings.map((f) => `${t.tier}: lint ${f.check} ${f.message}`),
      ...detailLines(t),
    ]);
  for (const f of result.failed) lines.set(f.tier, [failedRow(f), ...failedDetail(f).split('\n')]);
  return lines;
}

/** `, 2 SKIP` when items could not be verified (no registry URL, no bundle), else nothing. */
function skippedOf(t: { checklist: { items: readonly { status: string }[] } }): string {
  const n = t.checklist.items.filter((i) => i.status === 'SKIP').length;
  return n ? `, ${n} SKIP` : '';
}

/** The build's result as `aipc build --format json` prints it: per tier, the counts and checklist verdicts. */
export function buildSummaryJson(result: BuildResult) {
  return {
    ok: result.ok,
    exitCode: result.exitCode,
    files: result.files,
    tiers: result.tiers.map((t) => ({
      tier: t.tier,
      objects: t.objects,
      invalid: t.invalid,
      podSecurityFailures: t.podSecurityFailures,
      lintFindings: t.lint.findings.length,
      checklist: t.checklist.items.map((i) => ({ id: i.id, title: i.title, status: i.status })),
    })),
    ...(result.failed.length
      ? {
          failed: result.failed.map((f) => ({
            tier: f.tier,
            source: f.source,
            exitCode: f.exitCode,
            error: f.error.message,
            ...('diagnostics' in f.error ? { diagnostics: f.error.diagnostics } : {}),
          })),
        }
      : {}),
    millis: result.millis,
  };
}

export { fleetSites } from './fleet.js';
