// `aipc check --tier X`: the tier resolved once, rendered once, and every checklist item judged on
// that: capacity against the tier's own profile, images against its registry, an optional bundle.
import { registryOf } from '../airgap/values.js';
import { checkImagesInRegistry, formatImageUser, listImages } from '../airgap/images.js';
import { bundleEvidence } from '../airgap/bundle-check.js';
import { missingFromRegistry } from '../airgap/registry-check.js';
import { release } from '../model/release.js';
import type { Trust } from '../airgap/sign.js';
import { chartMeta } from '../model/chart-meta.js';
import { renderResolvedTier, type InstallTarget } from '../render/render.js';
import { effectiveProfile } from '../tiers/compile.js';
import { withResolvedTier, type TierInputs } from './tier.js';
import { checkCapacity } from '../tiers/capacity.js';
import { resolveTier, type ResolvedTier } from '../tiers/resolve.js';
import type { ManifestObject } from '../io/manifests.js';
import { runChecklist, type ChecklistResult } from '../checks/checklist/checklist.js';
import { lintChartRender } from '../checks/lint/tier.js';
import type { LintReport } from '../checks/lint/run.js';

export interface TierChecklistOptions extends Omit<TierInputs, 'tier' | 'values'>, InstallTarget {
  readonly valuesFiles?: readonly string[];
  readonly helm?: string;
  readonly chartDir?: string;
  /** An air-gap bundle directory: verified with `trust`, then its tier, registry and packaged chart compared. */
  readonly bundleDir?: string;
  /** What authenticates the bundle's manifest (--key, --allowed-signers, --digest). */
  readonly trust?: Trust;
  /** A live registry (http://HOST:PORT) the tier's registry host is mapped to: every image is looked up there. */
  readonly registryUrl?: string;
  /** Objects already rendered (aipc build renders once and shares them). */
  readonly objects?: readonly ManifestObject[];
  /** The compiled tier values file, for a tier that is a profile file rather than a built-in name. */
  readonly tierFile?: string;
  /** The profile the tier values were compiled from (name or file; default: the tier name). */
  readonly profile?: string;
  /** The tier already resolved (aipc build resolves once and shares it). */
  readonly resolved?: ResolvedTier;
  /** The render's lint report, when the caller has one (aipc build lints in a step of its own). */
  readonly lint?: LintReport;
}

/** A lint report as checklist evidence. */
export function lintEvidence(report: LintReport, tier: string): { findings: string[]; summary: string } {
  return {
    findings: report.findings.map(
      (f) => `${f.file}:${f.line}: ${f.check}: ${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}: ${f.message}`,
    ),
    summary: `${report.checks.length} checks over ${report.objects} objects, 0 findings (${report.excepted.length} accepted by the chart's declared exceptions, listed with their reasons by aipc lint --tier ${tier})`,
  };
}

/** Runs the deployment checklist for a tier, resolved once and handed to every item. */
export async function checklistForTier(tier: string, options: TierChecklistOptions = {}): Promise<ChecklistResult> {
  if (options.resolved) return checklistForResolved(options.resolved, options);
  if (options.tierFile !== undefined)
    return checklistForResolved(
      resolveTier({
        tier,
        chartDir: options.chartDir,
        valuesFiles: options.valuesFiles,
        tierFile: options.tierFile,
        profile: options.profile,
      }),
      options,
    );
  return withResolvedTier({ ...options, tier, values: options.valuesFiles }, (resolved) => checklistForResolved(resolved, options));
}

async function checklistForResolved(resolved: ResolvedTier, options: TierChecklistOptions): Promise<ChecklistResult> {
  const objects = options.objects ?? (await renderResolvedTier(resolved, options));
  const values = resolved.values as Record<string, any>;
  // judged on the tier's own hardware as the merged values leave it, the platform's pods included
  const capacity = checkCapacity(effectiveProfile(resolved.profile, resolved.values), resolved.tenants, {
    values: resolved.values,
    allowOvercommit: options.allowOvercommit,
  });
  const images = listImages(objects);
  const imageFindings = checkImagesInRegistry(images, registryOf(values)).map(
    (f) => `${f.message} (${f.users.map(formatImageUser).join('; ')})`,
  );
  const registry = registryOf(values);
  const bundle = options.bundleDir
    ? await bundleEvidence(options.bundleDir, options.trust, { tier: resolved.tier, registry, chartVersion: chartMeta.version })
    : undefined;
  // digests pinned by the release data (or collected into a verified bundle) are asked for by digest
  const pinned = new Map(
    release()
      .images.filter((i) => i.digest)
      .map((i) => [`${registry}/${i.image}`, i.digest!]),
  );
  for (const i of bundle?.images ?? []) pinned.set(i.name, i.digest);
  const refs = images.map((i) => i.image);
  const live = options.registryUrl
    ? {
        url: options.registryUrl,
        missing: await missingFromRegistry(
          options.registryUrl,
          registry,
          refs.map((ref) => ({ ref, digest: pinned.get(ref) })),
        ),
      }
    : undefined;
  return runChecklist({
    tier: resolved.tier,
    objects,
    values,
    valuesFiles: resolved.valuesFiles,
    chartVersion: chartMeta.version,
    bundle,
    registry: live,
    capacityFindings: capacity.findings.map((f) => f.message),
    imageFindings,
    imageRefs: refs,
    lint: lintEvidence(options.lint ?? lintChartRender(objects, values), resolved.tier),
  });
}
