// Which input last set each values path of a compiled tier: the chart default (values.yaml, or
// release.yaml for the image fields the model takes from it), the profile, the tenant list, a -f
// file, a --set, or a compiler rule. Recorded while the compile merges its layers (in the order it
// merges them, with the same rules: mappings merge key by key, lists and scalars replace), so the
// answer is the compile's own and never a second reading of the inputs. Positions are looked up
// only when asked (a thunk per path), so a compile that nobody explains pays one map entry a leaf.
import { formatPath } from '../errors.js';
import type { FieldPath } from '../util/data.js';
import { isRecord } from '../util/data.js';

/** The layers a values path can come from, in the order the compiler applies them. */
export const VALUE_LAYERS = ['chart-default', 'release', 'profile', 'tenants', 'values-file', 'set', 'compiler'] as const;
export type ValueLayer = (typeof VALUE_LAYERS)[number];

/** Where one value came from. */
export interface ValueOrigin {
  readonly layer: ValueLayer;
  /** The file that set it (a display path), when a file did. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** The field in that file (a profile's `hardware.gpuNodes`, a tenant list's `tenants[0].quota.gpu`). */
  readonly field?: string;
  /** The flag as given (`--set inference.replicas=3`), for a --set, --set-string or --set-file. */
  readonly flag?: string;
  /** The compiler rule that computed it, for a value the compiler fitted. */
  readonly rule?: string;
  /** What the value was computed from and how, in a sentence. */
  readonly detail?: string;
}

type Thunk = () => ValueOrigin;

const keyOf = (path: FieldPath): string => JSON.stringify(path);

/**
 * The origin of every values path a compile set, by path. A path no layer set falls back to
 * `fallback` (the chart default); a path below a value set whole (a list, a scalar replaced by a
 * mapping's absence) takes the origin of the nearest path recorded above it.
 */
export class ValuesProvenance {
  private readonly origins = new Map<string, { path: FieldPath; origin: Thunk }>();
  private readonly resolved = new Map<string, ValueOrigin>();

  constructor(private readonly fallback: (path: FieldPath) => ValueOrigin) {}

  /**
   * Records that a layer set `value` at `path`, as the merge applies it: a mapping merges into
   * what is there (each leaf recorded), anything else replaces the whole subtree.
   */
  record(path: FieldPath, value: unknown, origin: (path: FieldPath) => ValueOrigin): void {
    if (isRecord(value) && Object.keys(value).length) {
      for (const [k, v] of Object.entries(value)) this.record([...path, k], v, origin);
      return;
    }
    this.forgetBelow(path);
    this.put(path, origin);
    // list items are located one by one: a tenant's quota is a line of its own
    if (Array.isArray(value)) value.forEach((item, i) => this.recordAll([...path, i], item, origin));
  }

  /** The origin of `path`: its own, else its nearest recorded ancestor's, else the chart default. */
  originOf(path: FieldPath): ValueOrigin {
    for (let n = path.length; n >= 1; n--) {
      const key = keyOf(path.slice(0, n));
      const entry = this.origins.get(key);
      if (!entry) continue;
      let origin = this.resolved.get(key);
      if (!origin) this.resolved.set(key, (origin = entry.origin()));
      return origin;
    }
    return this.fallback(path);
  }

  private recordAll(path: FieldPath, value: unknown, origin: (path: FieldPath) => ValueOrigin): void {
    this.put(path, origin);
    if (Array.isArray(value)) value.forEach((item, i) => this.recordAll([...path, i], item, origin));
    else if (isRecord(value)) for (const [k, v] of Object.entries(value)) this.recordAll([...path, k], v, origin);
  }

  private put(path: FieldPath, origin: (path: FieldPath) => ValueOrigin): void {
    const key = keyOf(path);
    this.resolved.delete(key);
    this.origins.set(key, { path: [...path], origin: () => origin(path) });
  }

  private forgetBelow(path: FieldPath): void {
    const prefix = keyOf(path).slice(0, -1);
    for (const key of [...this.origins.keys()])
      if (key.startsWith(prefix) && (key.length === prefix.length + 1 || key[prefix.length] === ',')) {
        this.origins.delete(key);
        this.resolved.delete(key);
      }
  }
}

/** `--set inference.replicas=3 (flag 2 of --set)` / `profiles/edge.yaml:12:5 (hardware.gpuNodes)`: an origin in one line. */
export function describeOrigin(o: ValueOrigin): string {
  const at = o.file ? `${o.file}${o.line !== undefined ? `:${o.line}${o.column !== undefined ? `:${o.column}` : ''}` : ''}` : '';
  const field = o.field ? ` (${o.field})` : '';
  switch (o.layer) {
    case 'chart-default':
      return `chart default: ${at || 'values.yaml'}${field}`;
    case 'release':
      return `release data: ${at}${field}${o.detail ? `; ${o.detail}` : ''}`;
    case 'profile':
      return `profile: ${at}${field}${o.detail ? `; ${o.detail}` : ''}`;
    case 'tenants':
      return `tenants: ${at}${field}`;
    case 'values-file':
      return `values file (-f): ${at}${field}`;
    case 'set':
      return `${o.flag ?? '--set'}`;
    case 'compiler':
      return `compiler rule ${o.rule ?? ''}: ${o.detail ?? ''}`.trimEnd();
  }
}

/** A values path as the chart's values name it (`tenants[0].quota.gpu`). */
export const valuesPathText = (path: FieldPath): string => formatPath(path);
