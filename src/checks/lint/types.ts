// The one finding type of `aipc lint`, and the shape of a check: kube-linter's name, Polaris' id
// where Polaris has the same check, and a function of the whole object stream (cross-object
// checks need every object, so every check gets the same indexed context).
import type { FieldPath } from '../../util/data.js';
import type { LintContext, LintObject } from './context.js';

export type LintSeverity = 'error' | 'warning';

/** One report of `aipc lint`, as printed and as JSON. */
export interface LintFinding {
  /** The kube-linter name of the check (or aipc's own name for checks neither linter has). */
  readonly check: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly message: string;
  /** Field path in the object (`spec.template.spec.containers[0]`), empty for the object itself. */
  readonly path: string;
  readonly file: string;
  readonly line: number;
  readonly severity: LintSeverity;
  /** The chart template the object was rendered from (Helm's `# Source:` line), when the input names one. */
  readonly template?: string;
}

/** What a check returns: the object it is about, the field, the message. */
export interface RawFinding {
  readonly object: LintObject;
  readonly path?: FieldPath;
  readonly message: string;
}

/** Where a check comes from, for `--include` and for the documentation. */
export type LintOrigin = 'kube-linter' | 'polaris' | 'both' | 'aipc';

export interface LintCheck {
  /** kube-linter's name (kebab-case); for a Polaris-only check, its id in kebab-case. */
  readonly name: string;
  /** Polaris' id (camelCase) where Polaris has this check. */
  readonly polaris?: string;
  /** Other ids Polaris has used for the same check (its default config and its test folders differ). */
  readonly aliases?: readonly string[];
  readonly origin: LintOrigin;
  /** Run when no `--include` is given: kube-linter's and Polaris' defaults, and aipc's own checks that are right about any cluster. */
  readonly byDefault: boolean;
  /**
   * Also run by default on a stream that is a whole release (the chart's own render, `--tier`):
   * cross-object checks that assume every object the pods need is in the stream or declared
   * external — true of a self-contained chart, not of an arbitrary manifest set.
   */
  readonly selfContained?: boolean;
  readonly severity: LintSeverity;
  readonly description: string;
  /** What to change when the check fires (one line, src/checks/lint/remediation.ts). */
  readonly remediation: string;
  readonly run: (ctx: LintContext) => RawFinding[];
}
