// A problem found in a compiled tier: where in the chart values, what, and which rule — the one
// Problem of the report contract, its path a path in the values.

import type { Problem } from '../report/index.js';

/** One broken tier rule or capacity limit. */
export type Finding = Problem;
