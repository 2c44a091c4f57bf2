// Runs the selected checks over a manifest stream, drops what annotations exempt and what the
// declared exceptions accept, and locates each remaining finding (file and line).
import type { ManifestObject } from '../../io/manifests.js';
import { fieldLocator } from '../../io/manifests.js';
import { exceptionMatches as namesMatch, exceptionNamesOf, sourcePathOf, sourceTemplateOf } from '../../kube/refs.js';
import type { LintException } from '../../model/lint-exceptions.js';
import { LintContext, type LintObject } from './context.js';
import { formatPath } from '../../errors.js';
import { LINT_CHECKS, resolveLintChecks } from './registry.js';
import type { LintCheck, LintFinding, RawFinding } from './types.js';

export interface LintOptions {
  /** Run only these checks (kube-linter names or Polaris ids); default: every check on by default. */
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  /** Accepted findings (the chart's own for `--tier`). */
  readonly exceptions?: readonly LintException[];
  /** Namespace of namespaced objects that set none (Helm's release namespace for a render). */
  readonly defaultNamespace?: string;
  /** The tier is air-gapped: images must be pinned. */
  readonly airgapped?: boolean;
  /** `KIND/NAME` of objects that exist outside the stream. */
  readonly external?: readonly string[];
  /** API versions (`group/version` or `group/version/Kind`) the target cluster still serves. */
  readonly servedApis?: readonly string[];
  /** The stream is a whole release (the chart's render): the self-contained cross-object checks run by default too. */
  readonly selfContained?: boolean;
  /** Target Kubernetes release, `1.33` by default. */
  readonly kubeVersion?: string;
}

/** A finding an exception accepted, and why. */
export interface ExceptedFinding {
  readonly finding: Omit<LintFinding, 'line' | 'file'>;
  readonly exception: LintException;
}

export interface LintReport {
  readonly findings: readonly LintFinding[];
  readonly excepted: readonly ExceptedFinding[];
  /** Findings exempted by an annotation on the object. */
  readonly exempted: number;
  readonly checks: readonly LintCheck[];
  readonly objects: number;
}

const namesCache = new WeakMap<LintObject, string[]>();

/** The names an exception may give an object (kube/refs.ts exceptionNamesOf), computed once per object. */
function namesOf(o: LintObject): string[] {
  let names = namesCache.get(o);
  if (!names) {
    names = exceptionNamesOf({
      kind: o.kind,
      name: o.name,
      namespace: o.namespace,
      sourceTemplate: sourceTemplateOf(o.manifest.source),
      component: o.labels['app.kubernetes.io/component'],
    });
    namesCache.set(o, names);
  }
  return names;
}

/** Whether an exception's `object` pattern names this object. */
export function exceptionMatches(pattern: string, o: LintObject): boolean {
  return namesMatch(pattern, namesOf(o));
}

/**
 * Whether the object opts out of the check by kube-linter's or Polaris' own annotation, read as each
 * tool reads it: kube-linter (pkg/ignore/ignore.go) skips the object for `ignore-check.kube-linter.io/<check>`
 * or `kube-linter.io/ignore-all` whatever the value (the value is the reason); Polaris
 * (pkg/validator/schema.go, hasExemptionAnnotation) for `polaris.fairwinds.com/exempt` or
 * `polaris.fairwinds.com/<checkId>-exempt` whose value is "true" in any case.
 */
function exemptByAnnotation(o: LintObject, c: LintCheck): boolean {
  const a = o.annotations;
  if (a[`ignore-check.kube-linter.io/${c.name}`] !== undefined || a['kube-linter.io/ignore-all'] !== undefined) return true;
  const isTrue = (key: string): boolean => typeof a[key] === 'string' && a[key].toLowerCase() === 'true';
  if (isTrue('polaris.fairwinds.com/exempt')) return true;
  return [c.polaris, ...(c.aliases ?? [])].some((id) => id !== undefined && isTrue(`polaris.fairwinds.com/${id}-exempt`));
}

/** Selected checks: `include` (or every default check, with the self-contained ones for a whole release) minus `exclude`. */
export function selectLintChecks(include?: readonly string[], exclude?: readonly string[], selfContained = false): LintCheck[] {
  const chosen = include?.length
    ? resolveLintChecks(include, '--include')
    : LINT_CHECKS.filter((c) => c.byDefault || (selfContained && c.selfContained));
  const dropped = new Set(resolveLintChecks(exclude ?? [], '--exclude'));
  // registry order, so output does not depend on the order of flags
  return LINT_CHECKS.filter((c) => chosen.includes(c) && !dropped.has(c));
}

/** Lints a manifest stream. */
export function lintObjects(manifests: readonly ManifestObject[], options: LintOptions = {}): LintReport {
  const checks = selectLintChecks(options.include, options.exclude, options.selfContained);
  const ctx = new LintContext(manifests, options);
  const raw: { check: LintCheck; finding: RawFinding; seq: number }[] = [];
  let seq = 0;
  for (const check of checks) for (const finding of check.run(ctx)) raw.push({ check, finding, seq: seq++ });
  // kube-linter's order: by object as read, then by finding
  raw.sort((a, b) => a.finding.object.index - b.finding.object.index || a.seq - b.seq);

  const exceptions = options.exceptions ?? [];
  const findings: LintFinding[] = [];
  const excepted: ExceptedFinding[] = [];
  let exempted = 0;
  const locators = new Map<LintObject, ReturnType<typeof fieldLocator>>();
  for (const { check, finding } of raw) {
    const o = finding.object;
    const base = {
      check: check.name,
      kind: o.kind,
      namespace: o.namespace,
      name: o.name,
      message: finding.message,
      path: formatPath(finding.path ?? []),
      severity: check.severity,
    };
    const exception = exceptions.find(
      (e) => (e.check === check.name || e.check === check.polaris || check.aliases?.includes(e.check)) && exceptionMatches(e.object, o),
    );
    // a declared exception first: the chart carries its exceptions as annotations too, and `--tier`
    // still names each one it applies with its reason
    if (exception) {
      excepted.push({ finding: base, exception });
      continue;
    }
    if (exemptByAnnotation(o, check)) {
      exempted++;
      continue;
    }
    let locate = locators.get(o);
    if (!locate) {
      locate = fieldLocator(o.manifest);
      locators.set(o, locate);
    }
    const template = sourcePathOf(o.manifest.source);
    findings.push({
      ...base,
      file: o.manifest.file,
      line: finding.path?.length ? locate(finding.path).line : o.manifest.line,
      ...(template ? { template } : {}),
    });
  }
  return { findings, excepted, exempted, checks, objects: manifests.length };
}
