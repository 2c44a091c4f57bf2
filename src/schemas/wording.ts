// The one wording of each schema keyword's failure, shared by the input-file checks (schemas/check.ts)
// and the manifest validator (validate/): a person sees the same sentence for the same mistake.

/** A required field is absent: API-server-like "required field is missing", naming the field when the path does not. */
export function requiredFieldMessage(field?: string, within?: string): string {
  return `required field${field === undefined ? '' : ` \`${field}\``} is missing${within ? ` in ${within}` : ''}`;
}

/** A field the schema does not know, with the allowed names when the caller has them. */
export function unknownFieldMessage(field?: string, allowed?: readonly string[]): string {
  const base = field === undefined ? 'unknown field' : `unknown field \`${field}\``;
  return allowed ? `${base}; expected one of: ${allowed.join(', ')}` : base;
}
