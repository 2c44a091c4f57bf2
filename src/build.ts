// `aipc build`: the main job in one command — generate the chart (with the three tier files),
// render the tiers concurrently, validate every object, run the checks, print a summary.
import { checkPodSecurity } from './checks/pod-security/index.js';
import { checklistForTier } from './checks/checklist/run.js';
import type { ChecklistResult } from './checks/checklist/checklist.js';
import { writeChartDir, generateFullChart } from './generate.js';
import { podSecurityExceptions } from './model/pod-security-exceptions.js';
import { chartDir } from './paths.js';
import { renderTierObjects } from './render/render.js';
import { BUILTIN_TIERS } from './render/tiers.js';
import { createValidator } from './validate/api.js';
import type { ManifestObject } from './validate/read-manifests.js';

export interface BuildOptions {
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

  const files = await timed('generate', () => writeChartDir(dir, generateFullChart()), (n) => `${n} files in ${dir} (chart, values, schema, README, CRDs, 3 tier files)`);
  const rendered = await timed(
    'render',
    () => Promise.all(BUILTIN_TIERS.map((tier) => renderTierObjects(tier, { chartDir: dir, helm: options.helm }))),
    (r) => r.map((objs, i) => `${BUILTIN_TIERS[i]} ${objs.length}`).join(', ') + ' objects',
  );
  const validator = createValidator({ strict: true });
  const invalid = await timed(
    'validate',
    () => rendered.map((objs) => validator.validate(objs).objects.filter((o) => o.verdict !== 'valid').map((o) => `${o.ref}: ${o.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`)),
    (r) => `${rendered.reduce((n, o) => n + o.length, 0)} objects, ${r.reduce((n, x) => n + x.length, 0)} invalid`,
  );
  const checks = await timed(
    'check',
    () =>
      Promise.all(
        BUILTIN_TIERS.map(async (tier, i) => {
          const objects: ManifestObject[] = rendered[i];
          const pss = checkPodSecurity(objects, { level: 'restricted', exceptions: podSecurityExceptions });
          const podSecurityFailures = [
            ...pss.workloads.filter((w) => w.verdict === 'fail').map((w) => `${w.ref}: ${w.failures.map((f) => f.check).join(', ')}`),
            ...pss.namespaceFindings.map((f) => f.message),
          ];
          const checklist = await checklistForTier(tier, { chartDir: dir, objects });
          return { podSecurityFailures, checklist };
        }),
      ),
    (r) => r.map((c, i) => `${BUILTIN_TIERS[i]} ${c.checklist.items.filter((x) => x.status === 'PASS').length}/${c.checklist.items.length}`).join(', ') + ' checklist items pass',
  );
  const tiers = BUILTIN_TIERS.map((tier, i) => ({ tier, objects: rendered[i].length, invalid: invalid[i], ...checks[i] }));
  return { files, tiers, ok: tiers.every((t) => t.invalid.length === 0 && t.podSecurityFailures.length === 0 && t.checklist.ok), millis };
}

/** The summary table printed at the end of `aipc build`. */
export function formatBuildSummary(result: BuildResult): string {
  const rows = result.tiers.map((t) => {
    const failed = t.checklist.items.filter((i) => i.status === 'FAIL');
    return `| ${t.tier} | ${t.objects} | ${t.invalid.length ? `${t.invalid.length} invalid` : 'all valid'} | ${t.podSecurityFailures.length ? `${t.podSecurityFailures.length} below restricted` : 'restricted'} | ${failed.length ? `${failed.length} FAIL` : `${t.checklist.items.length} PASS`} |`;
  });
  const details = result.tiers.flatMap((t) => [
    ...t.invalid.map((x) => `${t.tier}: invalid ${x}`),
    ...t.podSecurityFailures.map((x) => `${t.tier}: pod security ${x}`),
    ...t.checklist.items.filter((i) => i.status === 'FAIL').flatMap((i) => i.evidence.map((e) => `${t.tier}: FAIL ${i.title}: ${e}`)),
  ]);
  return [
    '',
    '| tier | objects | validate | pod security | checklist |',
    '|---|---:|---|---|---|',
    ...rows,
    '',
    ...details,
    result.ok ? 'build: OK' : 'build: FAILED (details above)',
    '',
  ].join('\n');
}
