// The built-in kinds: which apiVersion/kind pairs exist (and in which module their validator lives),
// and the closed field sets `--strict` checks, read from the generated k8s-shapes.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';
import { findListDuplicates, type ListSemantics } from './list-semantics.js';

interface ShapeFile {
  readonly generatedFrom: Record<string, string>;
  readonly packages: readonly string[];
  /** List semantics of fields: [typeRef, nameIndex, 'map' | 'set', keys?, key defaults?]. */
  readonly lists?: readonly (readonly [number, number, 'map' | 'set', (readonly string[])?, Record<string, unknown>?])[];
  readonly kinds: Record<string, Record<string, [number, number]>>;
  readonly names: readonly string[];
  readonly types: readonly (readonly number[])[];
}

/** A type's allowed fields: name → child ref (0 = unchecked), or a map's value ref under `*`. */
export type FieldSet = ReadonlyMap<string, number>;

/** One built-in kind: the module holding its validator and the root of its field graph. */
export interface BuiltinKind {
  readonly apiVersion: string;
  readonly kind: string;
  readonly module: string;
  /** The npm package the schema comes from, and its version. */
  readonly package: string;
  readonly packageVersion: string;
  readonly shape: number;
}

/** The built-in kind table and field graph (loaded once, expanded lazily per type). */
export class ShapeIndex {
  private readonly fieldSets: (FieldSet | undefined)[];
  private readonly byKind = new Map<string, string[]>();

  private constructor(private readonly file: ShapeFile) {
    this.fieldSets = new Array(file.types.length);
    for (const [apiVersion, kinds] of Object.entries(file.kinds)) {
      for (const kind of Object.keys(kinds)) {
        const list = this.byKind.get(kind);
        if (list) list.push(apiVersion);
        else this.byKind.set(kind, [apiVersion]);
      }
    }
  }

  private static shared: ShapeIndex | undefined;

  /** The index of the committed k8s-shapes.json (read on first use). */
  static load(): ShapeIndex {
    return (ShapeIndex.shared ??= new ShapeIndex(
      JSON.parse(readFileSync(join(packageRoot(), 'src/validate/k8s-shapes.json'), 'utf8')) as ShapeFile,
    ));
  }

  lookup(apiVersion: string, kind: string): BuiltinKind | undefined {
    const entry = Object.hasOwn(this.file.kinds, apiVersion) ? this.file.kinds[apiVersion] : undefined;
    const hit = entry && Object.hasOwn(entry, kind) ? entry[kind] : undefined;
    if (!hit) return undefined;
    const pkg = this.file.packages[hit[0]];
    return {
      apiVersion,
      kind,
      module: `${pkg}/${apiVersion}/${kind}`,
      package: pkg,
      packageVersion: this.file.generatedFrom[pkg],
      shape: hit[1],
    };
  }

  /** Every apiVersion that has `kind`. */
  apiVersionsOf(kind: string): readonly string[] {
    return this.byKind.get(kind) ?? [];
  }

  /** True if some built-in kind is in `apiVersion` (the group/version is a known one). */
  hasApiVersion(apiVersion: string): boolean {
    return Object.hasOwn(this.file.kinds, apiVersion);
  }

  /** The allowed fields of type `ref` (undefined for 0: anything goes). */
  fields(ref: number): FieldSet | undefined {
    if (ref === 0) return undefined;
    let set = this.fieldSets[ref];
    if (!set) {
      const flat = this.file.types[ref];
      const m = new Map<string, number>();
      for (let i = 0; i < flat.length; i += 2) m.set(flat[i] < 0 ? '*' : this.file.names[flat[i]], flat[i + 1]);
      this.fieldSets[ref] = set = m;
    }
    return set;
  }

  private listsByType: Map<number, Map<string, ListSemantics>> | undefined;
  private reaching: Set<number> | undefined;

  /** The list semantics declared on the fields of type `ref` (from the upstream OpenAPI's x-kubernetes-list-type). */
  lists(ref: number): ReadonlyMap<string, ListSemantics> | undefined {
    this.indexLists();
    return this.listsByType!.get(ref);
  }

  /** True if a value of type `ref` can hold, at some depth, a list with declared semantics. */
  reachesList(ref: number): boolean {
    this.indexLists();
    return this.reaching!.has(ref);
  }

  private indexLists(): void {
    if (this.listsByType) return;
    const byType = new Map<number, Map<string, ListSemantics>>();
    for (const [ref, name, type, keys, defaults] of this.file.lists ?? []) {
      const m = byType.get(ref) ?? new Map<string, ListSemantics>();
      m.set(this.file.names[name], { type, keys, defaults });
      byType.set(ref, m);
    }
    // the types from which such a list is reachable: a fixpoint over the (cyclic) type graph
    const reaching = new Set<number>(byType.keys());
    for (let changed = true; changed;) {
      changed = false;
      this.file.types.forEach((flat, ref) => {
        if (reaching.has(ref)) return;
        for (let i = 1; i < flat.length; i += 2)
          if (reaching.has(flat[i])) {
            reaching.add(ref);
            changed = true;
            return;
          }
      });
    }
    this.listsByType = byType;
    this.reaching = reaching;
  }

  /** The type ref of `field` inside type `ref` (0 if unknown or unchecked). */
  child(ref: number, field: string): number {
    return this.fields(ref)?.get(field) ?? 0;
  }
}

/** Reports every field of `value` that type `ref` does not define. */
export function findUnknownFields(
  index: ShapeIndex,
  value: unknown,
  ref: number,
  path: (string | number)[],
  report: (path: (string | number)[], field: string, known: Iterable<string>) => void,
): void {
  if (ref === 0 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      findUnknownFields(index, value[i], ref, path, report);
      path.pop();
    }
    return;
  }
  const fields = index.fields(ref)!;
  const mapValue = fields.get('*');
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const child = mapValue ?? fields.get(key);
    if (child === undefined) {
      report(path, key, fields.keys());
      continue;
    }
    if (child === 0) continue;
    path.push(key);
    findUnknownFields(index, (value as Record<string, unknown>)[key], child, path, report);
    path.pop();
  }
}

/** Reports the duplicates in every list of `value` whose field declares map or set semantics. */
export function findBuiltinListDuplicates(
  index: ShapeIndex,
  value: unknown,
  ref: number,
  path: (string | number)[],
  report: (path: (string | number)[], message: string) => void,
): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      findBuiltinListDuplicates(index, value[i], ref, path, report);
      path.pop();
    }
    return;
  }
  const lists = index.lists(ref);
  const fields = index.fields(ref)!;
  const mapValue = fields.get('*');
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const child = (value as Record<string, unknown>)[key];
    if (child === null || typeof child !== 'object') continue;
    const semantics = lists?.get(key);
    if (semantics && Array.isArray(child)) findListDuplicates(child, semantics, (i, message) => report([...path, key, i], message));
    const childRef = mapValue ?? fields.get(key) ?? 0;
    // only the paths that can lead to such a list are walked
    if (childRef === 0 || !index.reachesList(childRef)) continue;
    path.push(key);
    findBuiltinListDuplicates(index, child, childRef, path, report);
    path.pop();
  }
}
