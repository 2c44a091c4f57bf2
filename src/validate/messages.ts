// Turning ajv's errors into one readable message per field: `must be integer, found "two"`.
import { describeValue } from '../util/describe.js';
import { getPath } from '../util/data.js';
import { keywordFailureMessage, requiredFieldMessage, unknownFieldMessage } from '../schemas/wording.js';
import type { Problem } from '../report/index.js';

export { describeValue };

/** The subset of ajv's ErrorObject this module reads. */
export interface SchemaError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

/** A schema violation at a field path. */
export type FieldProblem = Problem<'schema'>;

/** Splits an ajv instancePath (`/spec/containers/0/name`) into keys, numbers for list indexes. */
export function parseInstancePath(pointer: string, root: unknown): (string | number)[] {
  if (pointer === '') return [];
  const keys: (string | number)[] = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^\d+$/.test(key)) {
      keys.push(Number(key));
      node = node[Number(key)];
    } else {
      keys.push(key);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return keys;
}

/** One problem per field: alternatives (oneOf/anyOf) and a type error's follow-on errors are merged. */
export function schemaProblems(errors: readonly SchemaError[], root: unknown): FieldProblem[] {
  const byPath = new Map<string, SchemaError[]>();
  for (const e of errors) {
    const group = byPath.get(e.instancePath);
    if (group) group.push(e);
    else byPath.set(e.instancePath, [e]);
  }
  const out: FieldProblem[] = [];
  for (const [pointer, group] of byPath) {
    const path = parseInstancePath(pointer, root);
    const value = getPath(root, path);
    // in the one wording of schema failures (schemas/wording.ts), as profiles and tenants are checked
    const word = (e: Pick<SchemaError, 'keyword' | 'params' | 'message'>) =>
      keywordFailureMessage({
        keyword: e.keyword,
        params: e.params,
        found: describeValue(value),
        length: typeof value === 'string' ? value.length : undefined,
        fallback: e.message,
      });
    const types = [...new Set(group.filter((e) => e.keyword === 'type').flatMap((e) => String(e.params.type).split(',')))];
    if (types.length) {
      out.push({ rule: 'schema', path, message: word({ keyword: 'type', params: { type: types.join(',') } }) });
      continue;
    }
    if (group.some((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')) {
      out.push({ rule: 'schema', path, message: word({ keyword: 'oneOf', params: {} }) });
      continue;
    }
    for (const e of group) {
      if (e.keyword === 'required')
        out.push({ rule: 'schema', path: [...path, String(e.params.missingProperty)], message: requiredFieldMessage() });
      else if (e.keyword === 'additionalProperties')
        out.push({ rule: 'schema', path: [...path, String(e.params.additionalProperty)], message: unknownFieldMessage() });
      // if/then and not: ajv's sentence says which branch; the value is not the point
      else if (e.keyword === 'if' || e.keyword === 'not') out.push({ rule: 'schema', path, message: e.message ?? e.keyword });
      else out.push({ rule: 'schema', path, message: word(e) });
    }
  }
  return out;
}

/** A close match for a misspelt field name, for `did you mean`. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    if (c === '*') continue;
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best;
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin >= limit) return limit;
    prev = cur;
  }
  return prev[b.length];
}
