// `aipc diff` as a library: the pure object diff, its formats, and the git-ref renders.
export {
  diffObjects,
  diffObjectLists,
  diffValues,
  objectKey,
  apiGroup,
  countChanges,
  isEmptyReport,
  formatFieldPath,
  objectLabel,
  HIDDEN,
  type DiffReport,
  type DiffSection,
  type ObjectChange,
  type FieldChange,
  type PathSegment,
  type DiffCounts,
  type DiffOptions,
} from './diff.js';
export {
  formatDiff,
  DIFF_FORMATTERS,
  diffText,
  diffMarkdown,
  diffJson,
  DIFF_FORMATS,
  MARKDOWN_LIMIT,
  GITHUB_COMMENT_LIMIT,
  GITHUB_MARKER,
  type DiffFormat,
} from './format.js';
export { parseIgnoreRules, ignoreRulesOf, GENERATED_PATTERNS, type IgnoreRule } from './ignore.js';
export { CATEGORIES, categoryCounts, fieldCategory, objectCategories, parseFailOn, trippedGates, type Category } from './rank.js';
export { rankedEntries, type Entry, type GroupEntry, type ObjectEntry } from './group.js';
export { extractChartAtRef, type ExtractedChart } from './git.js';
