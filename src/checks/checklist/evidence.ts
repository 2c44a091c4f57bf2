// How the checklist words what the other areas found: each typed finding becomes one evidence line
// here, and nowhere else (the areas return data; the checklist decides what a reader sees).
import type { ImageFinding } from '../../airgap/images.js';
import { formatImageUser } from '../../airgap/images.js';
import type { LintReport } from '../lint/run.js';
import type { LintFinding } from '../lint/types.js';
import type { Finding as TierFinding } from '../../tiers/finding.js';
import type { Violation } from '../isolation/index.js';

/** A capacity or model-fit finding of the tier compiler. */
export const capacityLine = (f: TierFinding): string => f.message;

/** An image outside the tier's registry, with every object that pulls it. */
export const imageLine = (f: ImageFinding): string => `${f.message} (${f.users.map(formatImageUser).join('; ')})`;

/** An image a live registry lacks. */
export const registryMissingLine = (ref: string, url: string): string => `${ref}: not in the registry at ${url}`;

/** An image a verified bundle does not carry. */
export const bundleMissingLine = (ref: string, dir: string): string => `${ref}: not in the bundle ${dir}`;

/** A lint finding left after the chart's declared exceptions. */
export const lintLine = (f: LintFinding): string =>
  `${f.file}:${f.line}: ${f.check}: ${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}: ${f.message}`;

/** What lint checked, when it found nothing. */
export const lintSummary = (report: LintReport, tier: string): string =>
  `${report.checks.length} checks over ${report.objects} objects, 0 findings (${report.excepted.length} accepted by the chart's declared exceptions, listed with their reasons by aipc lint --tier ${tier})`;

/** A path across a tenant or classification boundary, or out of the cluster. */
export const isolationLine = (v: Violation): string => v.message;
