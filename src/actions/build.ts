// `aipc build`: the main job in one command — generate the chart (with the three tier files),
// render the tiers concurrently, validate every object, run the checks, print a summary.
import type { LintReport } from '../checks/lint/run.js';
import type { ChecklistResult } from '../checks/checklist/checklist.js';
import { chartFileCount, chartIsCurrent } from './chart-inputs.js';
import { chartDir } from '../paths.js';
import { renderResolvedTier, type InstallTarget } from '../render/render.js';
import { resolveTier } from '../tiers/resolve.js';
import { TIER_NAMES } from '../schemas/tier-names.js';
import type { ManifestObject } from '../io/manifests.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The validator and the checks, loaded (parsed, their models run) while Helm renders in other
 * processes: Helm starts as soon as the values files are known, not after aipc's own start-up.
 */
async function loadChecks() {
  const [{ createValidator, CHART_KINDS }, { checkPodSecurity }, { checklistForTier }, { lintChartRender }, { podSecurityExceptions }] =
    await Promise.all([
      import('../validate/validator.js'),
      import('../checks/pod-security/index.js'),
      import('./check.js'),
      import('../checks/lint/tier.js'),
      import('../model/pod-security-exceptions.js'),
    ]);
  const validator = createValidator({ strict: true });
  validator.preload(CHART_KINDS);
  return { validator, checkPodSecurity, checklistForTier, lintChartRender, podSecurityExceptions };
}

export interface BuildOptions extends InstallTarget {
  readonly chartDir?: string;
  /** Build one tier (a built-in name or a profile file) instead of the three built-in tiers. */
  readonly tier?: string;
  /** Tenant list for `tier` (default: the tier's own sample list). */
  readonly tenantsFile?: string;
  /** Values files and --set, --set-string, --set-file, compiled into each tier built. */
  readonly values?: readonly string[];
  readonly set?: readonly string[];
  readonly setString?: readonly string[];
  readonly setFile?: readonly string[];
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
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  // a site tier's compiled values file lives only as long as the build
  const workDir = mkdtempSync(join(tmpdir(), 'aipc-build-'));
  try {
    return await buildIn(workDir, options);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
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
    return result;
  };

  let unchanged = false;
  const files = await timed(
    'generate',
    async () => {
      // the inputs file says whether the directory already holds what generating would write
      unchanged = chartIsCurrent(dir);
      if (unchanged) return chartFileCount(dir);
      // the generators (every template, formatted) load only when there is something to generate
      const { writeChartDir, generateFullChart } = await import('./generate.js');
      return writeChartDir(dir, generateFullChart());
    },
    (n) =>
      `${n} files in ${dir} (chart, values, schema, README, CRDs, 3 tier files)${unchanged ? ', unchanged inputs: not regenerated' : ''}`,
  );
  const inputs = {
    chartDir: dir,
    workDir,
    valuesFiles: options.values,
    sets: options.set,
    setStrings: options.setString,
    setFiles: options.setFile,
  };
  const resolved = options.tier
    ? [
        await timed(
          'compile',
          () => resolveTier({ ...inputs, tier: options.tier!, tenantsFile: options.tenantsFile }),
          (t) => `${t.tier} from ${options.tier}: ${t.tenants.length} tenants`,
        ),
      ]
    : TIER_NAMES.map((tier) => resolveTier({ ...inputs, tier }));
  const tierNames = resolved.map((t) => t.tier);
  const { helm, release, namespace, kubeVersion, apiVersions } = options;
  const target = { helm, release, namespace, kubeVersion, apiVersions };
  let checking: ReturnType<typeof loadChecks> | undefined;
  const rendered = await timed(
    'render',
    () => {
      const renders = Promise.all(resolved.map((t) => renderResolvedTier(t, target)));
      checking = loadChecks();
      // a render that fails is the error to report, whatever loading the checks did meanwhile
      return renders.finally(() => checking!.catch(() => {}));
    },
    (r) => r.map((objs, i) => `${tierNames[i]} ${objs.length}`).join(', ') + ' objects',
  );
  const { validator, checkPodSecurity, checklistForTier, lintChartRender, podSecurityExceptions } = await checking!;
  const invalid = await timed(
    'validate',
    () =>
      rendered.map((objs) =>
        validator
          .validate(objs)
          .objects.filter((o) => o.verdict !== 'valid')
          .map((o) => `${o.ref}: ${o.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`),
      ),
    (r) => `${rendered.reduce((n, o) => n + o.length, 0)} objects, ${r.reduce((n, x) => n + x.length, 0)} invalid`,
  );
  const lints = await timed(
    'lint',
    () => resolved.map((t, i) => lintChartRender(rendered[i], t.values)),
    (r) => r.map((l, i) => `${tierNames[i]} ${l.findings.length}`).join(', ') + ' findings',
  );
  const checks = await timed(
    'check',
    () =>
      Promise.all(
        resolved.map(async ({ tier }, i) => {
          const objects: ManifestObject[] = rendered[i];
          const pss = checkPodSecurity(objects, { level: 'restricted', exceptions: podSecurityExceptions, namespace });
          const podSecurityFailures = [
            ...pss.workloads.filter((w) => w.verdict === 'fail').map((w) => `${w.ref}: ${w.failures.map((f) => f.check).join(', ')}`),
            ...pss.namespaceFindings.map((f) => f.message),
          ];
          const checklist = await checklistForTier(tier, { objects, resolved: resolved[i], lint: lints[i], ...target });
          return { podSecurityFailures, checklist };
        }),
      ),
    (r) =>
      r
        .map((c, i) => `${tierNames[i]} ${c.checklist.items.filter((x) => x.status === 'PASS').length}/${c.checklist.items.length}`)
        .join(', ') + ' checklist items pass',
  );
  const tiers = tierNames.map((tier, i) => ({ tier, objects: rendered[i].length, invalid: invalid[i], lint: lints[i], ...checks[i] }));
  return { files, tiers, ok: tiers.every((t) => t.invalid.length === 0 && t.podSecurityFailures.length === 0 && t.checklist.ok), millis };
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
