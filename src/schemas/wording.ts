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

/** A JSON-schema type (or list of them) as a person says it: `an integer`, `a mapping or a list`. */
export function typeNoun(t: unknown): string {
  const one = (x: string) =>
    ({
      object: 'a mapping',
      array: 'a list',
      string: 'a string',
      number: 'a number',
      integer: 'an integer',
      boolean: 'true or false',
      null: 'null',
    })[x] ?? x;
  return Array.isArray(t) ? t.map((x) => one(String(x))).join(' or ') : one(String(t));
}

/** Allowed values listed for a person: words bare, anything else as JSON, at most 12. */
export function allowedList(values: readonly unknown[]): string {
  const shown = values.slice(0, 12).map((v) => (typeof v === 'string' && /^[\w./-]+$/.test(v) ? v : JSON.stringify(v)));
  return values.length > 12 ? `${shown.join(' | ')} | …` : shown.join(' | ');
}

/** One schema keyword's failure at a field: what the checker knows about it. */
export interface KeywordFailure {
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** The field's own description of what it holds, when its schema has one. */
  readonly description?: string;
  /** The field's declared type(s), when known. */
  readonly type?: unknown;
  /** The value found, already described (`"two"`, `the number 1`). */
  readonly found: string;
  /** The length of the value found, for the length keywords. */
  readonly length?: number;
  /** ajv's own sentence, for keywords this module does not word. */
  readonly fallback?: string;
}

/**
 * The one wording of a schema keyword's failure ("expected …, found …"), used by the input-file
 * checks (profiles, tenants, values) and the manifest validator alike.
 */
export function keywordFailureMessage(f: KeywordFailure): string {
  const p = f.params;
  const typed = f.type !== undefined ? typeNoun(f.type) : undefined;
  const expected = (otherwise: string) => f.description ?? otherwise;
  switch (f.keyword) {
    case 'type':
      return `expected ${expected(typeNoun(String(p.type).split(',')))}, found ${f.found}`;
    case 'enum':
      return `expected one of ${allowedList(p.allowedValues as unknown[])}, found ${f.found}`;
    case 'const':
      return `expected ${JSON.stringify(p.allowedValue)}, found ${f.found}`;
    case 'pattern':
      return `expected ${expected(`a string matching ${String(p.pattern)}`)}, found ${f.found}`;
    case 'format':
      return `expected ${expected(`a valid ${String(p.format)}`)}, found ${f.found}`;
    case 'oneOf':
    case 'anyOf':
      return `expected ${expected('one of the allowed forms')}, found ${f.found}`;
    case 'not':
      return `${f.found} is not allowed here: it is reserved${f.description ? ` (expected ${f.description})` : ''}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `expected ${expected(typed ?? 'a number')}, found ${f.found} (must be ${String(p.comparison)} ${String(p.limit)})`;
    case 'maxLength':
      return `expected ${expected(typed ?? 'a string')}, found ${f.found} (${String(f.length)} characters, more than ${String(p.limit)})`;
    case 'minLength':
      return `expected ${expected(typed ?? 'a string')}, found ${f.found} (shorter than ${String(p.limit)} characters)`;
    case 'minItems':
      return `expected ${expected(typed ?? 'a list')}, found ${f.found} with fewer than ${String(p.limit)} items`;
    case 'maxItems':
      return `expected ${expected(typed ?? 'a list')}, found ${f.found} with more than ${String(p.limit)} items`;
    case 'minProperties':
      return `expected ${expected(typed ?? 'a mapping')}, found ${f.found} with fewer than ${String(p.limit)} fields`;
    case 'maxProperties':
      return `expected ${expected(typed ?? 'a mapping')}, found ${f.found} with more than ${String(p.limit)} fields`;
    default:
      return `${f.fallback ?? f.keyword}${f.description || typed ? ` (expected ${expected(typed ?? '')}, found ${f.found})` : `, found ${f.found}`}`;
  }
}
