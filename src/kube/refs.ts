// How objects are named: the one display form of an object in every report (`Kind/namespace/name`,
// `Kind/name` for an object without a namespace), and the one matcher declared exceptions use to
// name objects (lint exceptions, pod-security exceptions).
import { isRecord } from '../util/data.js';

/** The parts of an object's identity a reference shows. */
export interface ObjectId {
  readonly kind: string;
  readonly name: string;
  /** '' or undefined for an object without a namespace (cluster-scoped, or not yet defaulted). */
  readonly namespace?: string;
}

/** `Kind/namespace/name`, or `Kind/name` without a namespace: the one display form of an object. */
export const formatObjectRef = (id: ObjectId): string => (id.namespace ? `${id.kind}/${id.namespace}/${id.name}` : `${id.kind}/${id.name}`);

/** An object's identity as written (`<no kind>` and `<no name>` stand in for missing fields). */
export function objectIdOf(object: unknown): ObjectId {
  const o = isRecord(object) ? object : {};
  const meta = isRecord(o.metadata) ? o.metadata : {};
  return {
    kind: typeof o.kind === 'string' ? o.kind : '<no kind>',
    name: typeof meta.name === 'string' ? meta.name : '<no name>',
    namespace: typeof meta.namespace === 'string' ? meta.namespace : undefined,
  };
}

/** The display form of an object as written: `Deployment/ai/gateway`, `ClusterRole/reader`. */
export const objectRef = (object: unknown): string => formatObjectRef(objectIdOf(object));

const SOURCE_COMMENT = /^# Source: [^/\n]+\/templates\/(.+?)\.ya?ml\s*$/m;

/** The chart template a rendered document came from (`# Source: chart/templates/x.yaml` → `x`). */
export const sourceTemplateOf = (documentText: string): string | undefined => SOURCE_COMMENT.exec(documentText)?.[1];

/** The chart template's path as Helm's `# Source:` line gives it (`chart/templates/x.yaml`). */
export const sourcePathOf = (documentText: string): string | undefined => /^# Source: (\S+)/m.exec(documentText)?.[1];

/** What an exception pattern can name an object by. */
export interface ObjectNames extends ObjectId {
  /** The chart template the object was rendered from (`tenant-namespace`, `tests/gateway`). */
  readonly sourceTemplate?: string;
  /** Its `app.kubernetes.io/component` label. */
  readonly component?: string;
}

/** The names an exception pattern is tried against: template, component, name, `Kind/name`, `Kind/namespace/name`. */
export function exceptionNamesOf(o: ObjectNames): string[] {
  const names = [o.name, `${o.kind}/${o.name}`, `${o.kind}/${o.namespace ?? ''}/${o.name}`];
  if (o.component !== undefined) names.unshift(o.component);
  if (o.sourceTemplate !== undefined) names.unshift(o.sourceTemplate);
  return names;
}

const patterns = new Map<string, RegExp>();

/** A `*` glob (any run of characters; nothing else is special) as an anchored RegExp, compiled once per pattern. */
function globToRegExp(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(
      `^${pattern
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    patterns.set(pattern, re);
  }
  return re;
}

/**
 * Whether an exception's object pattern names this object: the pattern (`*` matches any run of
 * characters) matches its chart template, component label, name, `Kind/name` or `Kind/namespace/name`.
 */
export function exceptionMatches(pattern: string, names: ObjectNames | readonly string[]): boolean {
  const re = globToRegExp(pattern);
  const list = Array.isArray(names) ? (names as readonly string[]) : exceptionNamesOf(names as ObjectNames);
  return list.some((n) => re.test(n));
}
