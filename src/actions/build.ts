// `aipc build`: the main job in one command — generate the chart (with the three tier files),
// render the tiers concurrently, validate every object, run the checks, print a summary.
import type { LintReport } from '../checks/lint/run.js';
import type { ChecklistResult } from '../checks/checklist/checklist.js';
import { currentChartFiles } from './chart-inputs.js';
import { chartDir } from '../paths.js';
import { renderObjects, renderResolvedTier, type InstallTarget } from '../render/render.js';
import type { ResolvedTier } from '../tiers/resolve.js';
import { needsCompile, resolvedValuesFiles } from '../tiers/tier-files.js';
import { TIER_NAMES } from '../schemas/tier-names.js';
import type { ManifestObject } from '../io/manifests.js';
import type { TierInputs } from './tier.js';
import { makeTempDir, removeTempDir } from '../io/cleanup.js';

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

/** `tier` builds one tier (a built-in name or a profile file) instead of the three built-in tiers; the values input applies to each tier built. */
export interface BuildOptions extends InstallTarget, TierInputs {
  readonly chartDir?: string;
  readonly helm?: string;
  /** Called with one line per step as it finishes. */
  readonly progress?: (line: string) => void;
}

export interface TierBuildResult {
  readonly tier: string;
  readonly objects: number;
  readonly invalid: readonly string[];
  readonly podSecurityFailures: readonly string[];
  /** `aipc lint` of the render with the chart's declared exceptions. */
  readonly lint: LintReport;
  readonly checklist: ChecklistResult;
}

export interface BuildResult {
  readonly files: number;
  readonly tiers: readonly TierBuildResult[];
  readonly ok: boolean;
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
  let resolving: Promise<ResolvedTier[]>;
  let renders: Promise<ManifestObject[]>[];
  if (options.tier) {
    // a site tier is compiled into its values file first: Helm renders that file
    const { resolveTier } = await import('../tiers/resolve.js');
    const site = await timed(
      'compile',
      () => resolveTier({ ...inputs, tier: options.tier!, tenantsFile: options.tenantsFile }),
      (t) => `${t.name} (${t.tier}) from ${options.tier}: ${t.tenants.length} ${t.tenants.length === 1 ? 'tenant' : 'tenants'}`,
    );
    resolving = Promise.resolve([site]);
    renders = [renderResolvedTier(site, target)];
  } else {
    // the built-in tiers' files are known before they are read: Helm starts on them at once, and
    // they are checked, merged and their profiles loaded while it renders (a problem found there
    // is the error reported; Helm's output is then not read)
    const tiers = TIER_NAMES.map((tier) => ({ ...inputs, tier }));
    // -f files over a tier are held to its rules first: Helm starts early only on the tier files alone
    const early = !options.extraValuesFiles?.length && tiers.every((t) => !needsCompile(t));
    renders = early
      ? tiers.map((t) =>
          renderObjects({ ...target, chartDir: dir, valuesFiles: resolvedValuesFiles(t), valuesChecked: true }, `${t.tier} render`),
        )
      : [];
    // profiles, schemas and the model load here, after Helm has started
    resolving = import('../tiers/resolve.js').then(({ resolveTier }) => tiers.map((t) => resolveTier(t)));
    if (!early) renders = (await resolving).map((t) => renderResolvedTier(t, target));
  }
  const checking = new Promise((resolve) => setImmediate(resolve)).then(loadChecks);
  // nothing is left unhandled whichever of these fails first; the first failure is the one reported
  for (const p of [resolving, checking, ...renders]) p.catch(() => {});

  // each tier is validated and checked as soon as its render is read, while Helm renders the others
  const spent = { validate: 0, lint: 0, check: 0 };
  const clock = <T>(step: keyof typeof spent, fn: () => T): T => {
    const start = performance.now();
    const result = fn();
    spent[step] += performance.now() - start;
    return result;
  };
  const renderStart = performance.now();
  let renderEnd = renderStart;
  const results = await Promise.all(
    renders.map(async (render, i) => {
      void render.then(() => (renderEnd = Math.max(renderEnd, performance.now())));
      // bad input found by resolving is reported before anything Helm said about it
      const resolved = (await resolving)[i];
      const objects = await render;
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
      const checklist = await c.checklistForRender(resolved, objects, lint);
      spent.check += performance.now() - start;
      // a site is named by its own name, with the tier it is
      const tier = resolved.name === resolved.tier ? resolved.tier : `${resolved.name} (${resolved.tier})`;
      return { tier, objects: objects.length, invalid, lint, podSecurityFailures, checklist };
    }),
  );
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
  return {
    files,
    tiers: results,
    ok: results.every((t) => t.invalid.length === 0 && t.podSecurityFailures.length === 0 && t.checklist.ok),
    millis,
  };
}

/** The summary table printed at the end of `aipc build`. */
export function formatBuildSummary(result: BuildResult): string {
  const rows = result.tiers.map((t) => {
    const failed = t.checklist.items.filter((i) => i.status === 'FAIL');
    const lint = `${t.lint.findings.length} finding${t.lint.findings.length === 1 ? '' : 's'}`;
    return `| ${t.tier} | ${t.objects} | ${t.invalid.length ? `${t.invalid.length} invalid` : 'all valid'} | ${t.podSecurityFailures.length ? `${t.podSecurityFailures.length} below restricted` : 'restricted'} | ${lint} | ${failed.length ? `${failed.length} FAIL` : `${t.checklist.items.filter((i) => i.status === 'PASS').length} PASS${skippedOf(t)}`} |`;
  });
  const details = result.tiers.flatMap((t) => [
    ...t.invalid.map((x) => `${t.tier}: invalid ${x}`),
    ...t.podSecurityFailures.map((x) => `${t.tier}: pod security ${x}`),
    ...t.checklist.items.filter((i) => i.status === 'FAIL').flatMap((i) => i.evidence.map((e) => `${t.tier}: FAIL ${i.title}: ${e}`)),
  ]);
  return [
    '',
    '| tier | objects | validate | pod security | lint | checklist |',
    '|---|---:|---|---|---|---|',
    ...rows,
    '',
    ...details,
    result.ok ? 'build: OK' : 'build: FAILED (details above)',
    '',
  ].join('\n');
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
    files: result.files,
    tiers: result.tiers.map((t) => ({
      tier: t.tier,
      objects: t.objects,
      invalid: t.invalid,
      podSecurityFailures: t.podSecurityFailures,
      lintFindings: t.lint.findings.length,
      checklist: t.checklist.items.map((i) => ({ id: i.id, title: i.title, status: i.status })),
    })),
    millis: result.millis,
  };
}
