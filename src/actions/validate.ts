// `aipc validate`: read manifests (files, directories, stdin) and CRDs, validate every object.
import { InputError } from '../errors.js';
import { readManifestInputs } from '../io/manifests.js';
import { createValidator, type ValidationReport } from '../validate/validator.js';

export interface ValidateOptions {
  /** Files holding CustomResourceDefinitions to validate custom resources against. */
  readonly crd: readonly string[];
  readonly strict: boolean;
  readonly ignoreMissingSchemas?: boolean;
}

/** Validates every object in `inputs` (files, directories, `-`); bad input throws (exit 2). */
export function validateInputs(inputs: readonly string[], opts: ValidateOptions): ValidationReport {
  const crds = [];
  for (const file of opts.crd) {
    const read = readManifestInputs([file]);
    if (read.diagnostics.length) throw new InputError(read.diagnostics);
    const found = read.objects.filter((m) => m.object.kind === 'CustomResourceDefinition');
    if (!found.length) throw new InputError([{ file, message: '--crd: no CustomResourceDefinition in this file' }]);
    crds.push(...found.map((m) => m.object));
  }
  const read = readManifestInputs(inputs);
  if (read.diagnostics.length) throw new InputError(read.diagnostics);
  return createValidator({ strict: opts.strict, ignoreMissingSchemas: opts.ignoreMissingSchemas, crds }).validate(read.objects);
}
