// Regular expressions with RE2 semantics, as the API server compiles CRD `pattern`s and CEL
// `matches()` (Go's regexp). JavaScript's RegExp rejects RE2 syntax such as `(?i)` and `\z`, and
// accepts what RE2 refuses (lookaround, backreferences); re2js is a port of RE2 itself.
import { RE2JS } from 're2js';

/** A compiled pattern: `test` searches, as JSON Schema `pattern` and CEL `matches()` do. */
export interface Re2Pattern {
  test(input: string): boolean;
  /** Successive leftmost matches, as Go's FindAllString finds them. */
  matcher(input: string): { find(): boolean; group(): string | null };
  /** The pattern as written: ajv keys compiled patterns by it. */
  toString(): string;
}

const cache = new Map<string, Re2Pattern | Error>();

/** Compiles `pattern` with RE2 syntax (cached); an Error naming RE2's reason if it does not compile. */
export function compileRe2(pattern: string): Re2Pattern | Error {
  let hit = cache.get(pattern);
  if (hit === undefined) {
    try {
      const re = RE2JS.compile(pattern);
      // ajv keys compiled patterns by toString(): it must name the pattern
      hit = { test: (input: string) => re.test(input), matcher: (input: string) => re.matcher(input), toString: () => `/${pattern}/` };
    } catch (err) {
      hit = new Error((err as Error).message);
    }
    cache.set(pattern, hit);
  }
  return hit;
}

/**
 * ajv's `code.regExp` engine: RE2 for every `pattern` of a CRD schema. A pattern RE2 cannot
 * compile matches everything here; crd-schema.ts reports it once, on its CRD, not on each object.
 */
export function ajvRe2Engine(): ((pattern: string) => Re2Pattern) & { code: string } {
  const engine = (pattern: string): Re2Pattern => {
    const re = compileRe2(pattern);
    return re instanceof Error
      ? { test: () => true, matcher: () => ({ find: () => false, group: () => null }), toString: () => `/${pattern}/ (not RE2)` }
      : re;
  };
  // ajv names the engine only in standalone code, which CRD schemas never become
  return Object.assign(engine, { code: 'aipcRe2' });
}
