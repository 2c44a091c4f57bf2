// The public validation API (re-exported by src/index.ts).
export {
  createValidator,
  validateObjects,
  type Validator,
  type ValidationOptions,
  type ValidationReport,
  type ObjectResult,
  type ValidationIssue,
  type IssueRule,
  type Verdict,
} from './validator.js';
export { fieldLocator } from '../io/manifests.js';
export {
  reportText as formatValidationText,
  reportJson as formatValidationJson,
  formatValidation,
  validationProblems,
  VALIDATION_FORMATTERS,
  type ValidationFormat,
} from './format.js';
