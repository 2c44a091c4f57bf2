// A problem found in a compiled tier: where in the chart values, what, and which rule.
import type { FieldPath } from '../util/data.js';

/** One broken tier rule or capacity limit. */
export interface Finding {
  /** Field path in the chart values. */
  readonly path: FieldPath;
  readonly message: string;
  readonly rule: string;
}
