// `aipc diff` as a library: the pure object diff, its formats, and the git-ref renders.
export {
  diffObjects,
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
} from './diff.js';
export { formatDiff, diffText, diffMarkdown, diffJson, DIFF_FORMATS, MARKDOWN_LIMIT, type DiffFormat } from './format.js';
export { extractChartAtRef, type ExtractedChart } from './git.js';
