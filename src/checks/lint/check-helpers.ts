// Small builders shared by the check files: one finding per offending container, per object.
import type { FieldPath } from '../../util/data.js';
import { containersOf, type ContainerRef, type LintContext, type LintObject, type Workload } from './context.js';
import type { LintCheck, LintOrigin, LintSeverity, RawFinding } from './types.js';
import { REMEDIATIONS } from './remediation.js';

interface CheckSpec {
  readonly name: string;
  readonly polaris?: string;
  readonly aliases?: readonly string[];
  /** Default: kube-linter, or both when `polaris` is given. */
  readonly origin?: LintOrigin;
  readonly byDefault: boolean;
  /** On by default for a whole release's render (see LintCheck.selfContained). */
  readonly selfContained?: boolean;
  readonly severity?: LintSeverity;
  readonly description: string;
}

/** A check over the whole stream. */
export function check(spec: CheckSpec, run: (ctx: LintContext) => RawFinding[]): LintCheck {
  return {
    name: spec.name,
    polaris: spec.polaris,
    aliases: spec.aliases,
    origin: spec.origin ?? (spec.polaris ? 'both' : 'kube-linter'),
    byDefault: spec.byDefault,
    selfContained: spec.selfContained,
    severity: spec.severity ?? 'warning',
    description: spec.description,
    remediation: REMEDIATIONS[spec.name] ?? '',
    run,
  };
}

/** A check of each workload; `run` returns [path, message] pairs. */
export function workloadCheck(
  spec: CheckSpec & { readonly skipKinds?: readonly string[] },
  run: (w: Workload, ctx: LintContext) => (readonly [FieldPath, string])[],
): LintCheck {
  return check(spec, (ctx) =>
    ctx.workloads
      .filter((w) => !spec.skipKinds?.includes(w.object.kind))
      .flatMap((w) => run(w, ctx).map(([path, message]) => ({ object: w.object, path, message }))),
  );
}

/** A check of each container (init containers too with `withInit`); `run` returns messages. */
export function containerCheck(
  spec: CheckSpec & { readonly withInit?: boolean; readonly skipKinds?: readonly string[] },
  run: (c: ContainerRef, w: Workload, ctx: LintContext) => (string | readonly [FieldPath, string])[],
): LintCheck {
  return workloadCheck(spec, (w, ctx) =>
    containersOf(w, spec.withInit ?? true).flatMap((c) => run(c, w, ctx).map((m) => (typeof m === 'string' ? ([c.path, m] as const) : m))),
  );
}

/** A check of each object of the given kinds. */
export function objectCheck(
  spec: CheckSpec & { readonly kinds?: readonly string[] },
  run: (o: LintObject, ctx: LintContext) => (readonly [FieldPath, string])[],
): LintCheck {
  return check(spec, (ctx) =>
    (spec.kinds ? ctx.ofKind(...spec.kinds) : ctx.objects).flatMap((o) =>
      run(o, ctx).map(([path, message]) => ({ object: o, path, message })),
    ),
  );
}
