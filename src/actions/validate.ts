// `aipc validate`: read manifests (files, directories, stdin) and CRDs, validate every object.
import { InputError, OptionError } from '../errors.js';
import { readManifestInputs } from '../io/manifests.js';
import { createValidator, SCHEMA_KUBERNETES_VERSION, type ValidationReport } from '../validate/validator.js';

export interface ValidateOptions {
  /** Files holding CustomResourceDefinitions to validate custom resources against (default: none). */
  readonly crd?: readonly string[];
  /** Reject fields the schema does not define (default true). */
  readonly strict?: boolean;
  readonly ignoreMissingSchemas?: boolean;
  /** The Kubernetes release the objects target (1.29 to 1.33): which removed APIs are errors. */
  readonly kubeVersion?: string;
}

const OLDEST_TARGET = 29;

/** `1.31` or `1.31.2` (or with a `v`) as `1.31`, or exit 2 outside 1.29 to 1.33. */
export function targetRelease(version: string | undefined): string | undefined {
  if (version === undefined) return undefined;
  const minor = /^v?1\.(\d+)(\.\d+)?$/.exec(version)?.[1];
  if (minor === undefined || Number(minor) < OLDEST_TARGET || Number(minor) > Number(SCHEMA_KUBERNETES_VERSION.split('.')[1]))
    throw new OptionError(
      'kubeVersion',
      `must be a release from 1.${OLDEST_TARGET} to ${SCHEMA_KUBERNETES_VERSION} (e.g. 1.31 or 1.31.2), not ${JSON.stringify(version)}`,
    );
  return `1.${minor}`;
}

/** Validates every object in `inputs` (files, directories, `-` = `stdinText`); bad input throws (exit 2). */
export function runValidate(inputs: readonly string[], opts: ValidateOptions = {}, stdinText = ''): ValidationReport {
  const kubeVersion = targetRelease(opts.kubeVersion);
  const crds = [];
  for (const file of opts.crd ?? []) {
    const read = readManifestInputs([file]);
    if (read.diagnostics.length) throw new InputError(read.diagnostics);
    const found = read.objects.filter((m) => m.object.kind === 'CustomResourceDefinition');
    if (!found.length) throw new InputError([{ file, message: 'no CustomResourceDefinition in this file (given as a CRD file)' }]);
    crds.push(...found.map((m) => m.object));
  }
  // a duplicate key is a finding of its object here, so the other documents are still validated
  const read = readManifestInputs(inputs, () => stdinText, { duplicateKeys: 'keep' });
  if (read.diagnostics.length) throw new InputError(read.diagnostics);
  return createValidator({ strict: opts.strict ?? true, ignoreMissingSchemas: opts.ignoreMissingSchemas, crds, kubeVersion }).validate(
    read.objects,
  );
}

// what `aipc validate` prints with: its command imports this module alone
export { formatValidation } from '../validate/format.js';
export { readStdinText } from '../io/stdin.js';
export { writeFileAtomic } from '../io/atomic-write.js';
