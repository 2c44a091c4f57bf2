// The values an operator hands to an install, as Helm's `values.Options` holds them
// (pkg/cli/values/options.go: ValueFiles, Values, StringValues, FileValues): one type from the
// `-f/--set/--set-string/--set-file` flags down to the Helm arguments, one name per concept.
// `extraValuesFiles` are the operator's own `-f` files; the full list handed to Helm (the chart's
// values.yaml, the tier file, then these) is a `valuesFiles`; the merged tree is `mergedValues`.

/** `-f`, `--set`, `--set-string`, `--set-file`, applied in that order after the chart's and the tier's values. */
export interface ValuesInput {
  /** `-f/--values FILE`: the operator's own values files, after the tier file. */
  readonly extraValuesFiles?: readonly string[];
  /** `--set key=value`: the value read as YAML. */
  readonly set?: readonly string[];
  /** `--set-string key=value`: the value kept as a string. */
  readonly setString?: readonly string[];
  /** `--set-file key=path`: the value the file's text. */
  readonly setFile?: readonly string[];
}

/** Whether any `--set`, `--set-string` or `--set-file` is given. */
export const hasSetValues = (v: ValuesInput): boolean => !!(v.set?.length || v.setString?.length || v.setFile?.length);

/** Whether any values input at all is given. */
export const hasValuesInput = (v: ValuesInput): boolean => !!v.extraValuesFiles?.length || hasSetValues(v);
