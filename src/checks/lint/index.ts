export { lintObjects, selectLintChecks, exceptionMatches, type LintOptions, type LintReport, type ExceptedFinding } from './run.js';
export { LINT_CHECKS, findLintCheck, resolveLintChecks } from './registry.js';
export { formatLintReport, lintProblems, LINT_FORMATTERS, LINT_FORMATS, type LintFormat } from './format.js';
export type { LintCheck, LintFinding, LintSeverity } from './types.js';
