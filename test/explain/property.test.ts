// A property over the values tree: for a random leaf of the chart's values, `--set` it, render
// with the pinned Helm, and explain each rendered field whose template line reads it: the
// explanation names that --set. The fields are found from the chart's source map and the render,
// not listed by hand. A fixed seed in CI; AIPC_PROPERTY_RUNS / AIPC_PROPERTY_SEED for longer runs.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { withResolvedTier } from '../../src/actions/tier.js';
import { renderResolvedTier } from '../../src/render/render.js';
import { explainField, templateOf } from '../../src/explain/explain.js';
import { chartSourceMap, type MapSegment } from '../../src/generators/source-map.js';
import { formatPath } from '../../src/errors.js';
import type { ManifestObject } from '../../src/io/manifests.js';
import { walkValues } from '../../src/model/values-tree.js';
import { valuesTree } from '../../src/model/values.js';
import { getPath, isRecord } from '../../src/util/data.js';

const SEED = Number(process.env.AIPC_PROPERTY_SEED ?? 20261208);
/** A Helm render per case (~2 s on a shared machine): 6 in CI. */
const RUNS = Number(process.env.AIPC_PROPERTY_RUNS ?? 6);

interface Candidate {
  /** The values leaf: as explain prints it, and as --set names it (a dot in a key escaped). */
  readonly valuesPath: string;
  readonly setPath: string;
  readonly value: unknown;
  /** KIND/NAMESPACE/NAME (or KIND/NAME) of a rendered object, and the field in it that reads the leaf. */
  readonly object: string;
  readonly field: string;
}

const objectRef = (m: ManifestObject) =>
  [m.object.kind, ...(typeof m.object.metadata?.namespace === 'string' ? [m.object.metadata.namespace] : []), m.object.metadata?.name].join(
    '/',
  );

/** The rendered field a template path names: named items by name, others by their place. */
function concrete(object: unknown, path: readonly (MapSegment | string | number)[]): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  let node = object;
  for (const seg of path) {
    if (typeof seg === 'object') {
      if (!Array.isArray(node)) return undefined;
      const index = seg.name !== undefined ? node.findIndex((x) => isRecord(x) && x.name === seg.name) : seg.index;
      if (index < 0 || index >= node.length) return undefined;
      out.push(index);
      node = node[index];
    } else {
      if (typeof seg === 'number' ? !Array.isArray(node) : !isRecord(node) || !(seg in node)) return undefined;
      out.push(seg);
      node = (node as Record<string | number, unknown>)[seg];
    }
  }
  return out;
}

/** Every (scalar values leaf, rendered field reading it) of a render, from the source map. */
function candidatesOf(objects: readonly ManifestObject[], values: Record<string, unknown>): Candidate[] {
  const map = chartSourceMap();
  const out: Candidate[] = [];
  // the tree's leaves, and the scalars inside a leaf that holds a mapping (a container's resources)
  const scalars = (path: string[]): string[][] => {
    const v = getPath(values, path);
    return isRecord(v) ? Object.keys(v).flatMap((k) => scalars([...path, k])) : [path];
  };
  const leaves = [...walkValues(valuesTree)]
    .filter((x) => x.node.kind === 'leaf' && x.path[0] !== 'tenants')
    .flatMap((x) => scalars(x.path));
  for (const path of leaves) {
    const value = getPath(values, path);
    if (!['string', 'number', 'boolean'].includes(typeof value)) continue;
    for (const m of objects) {
      const file = templateOf(m);
      for (const doc of file ? (map.get(file) ?? []) : []) {
        if (doc.kind !== undefined && doc.kind !== m.object.kind) continue;
        for (const e of doc.entries) {
          let fieldPath: (MapSegment | string)[] | undefined;
          if (!e.block && e.reads.some((r) => r.length === path.length && r.every((k, i) => k === path[i]))) fieldPath = [...e.path];
          const sub = e.block === 'subtree' ? e.reads[0] : undefined;
          if (sub && sub.length < path.length && sub.every((k, i) => k === path[i])) fieldPath = [...e.path, ...path.slice(sub.length)];
          const field = fieldPath && concrete(m.object, fieldPath);
          if (!field || !field.length || typeof getPath(m.object, field) === 'object') continue;
          out.push({
            valuesPath: formatPath(path),
            setPath: path.map((k) => k.replace(/\./g, '\\.')).join('.'),
            value,
            object: objectRef(m),
            field: formatPath(field),
          });
        }
      }
    }
  }
  return out;
}

describe('explain: a --set of any values leaf is named as the origin of the fields that read it', () => {
  let candidates: Candidate[] = [];
  beforeAll(async () => {
    candidates = await withResolvedTier({ tier: 'edge', compile: true }, async (tier) => {
      const objects = await renderResolvedTier(tier);
      const found = candidatesOf(objects, tier.mergedValues);
      // without a --set, every such field already reads its leaf (the source map agrees with the render)
      for (const c of found) {
        const m = objects.find((o) => objectRef(o) === c.object)!;
        const e = explainField(m, c.field, { mergedValues: tier.mergedValues, provenance: tier.provenance() });
        expect(
          e.reads.map((r) => r.valuesPath),
          `${c.object} ${c.field}`,
        ).toContain(c.valuesPath);
      }
      return found;
    });
  }, 180_000);

  it('finds fields for many leaves, in several templates, through toYaml blocks and plain lines', () => {
    const leaves = new Set(candidates.map((c) => c.valuesPath));
    const kinds = new Set(candidates.map((c) => c.object.split('/')[0]));
    expect(leaves.size).toBeGreaterThan(20);
    expect(kinds.size).toBeGreaterThan(4);
    expect(leaves).toContain('inference.resources.limits.memory');
    expect(leaves).toContain('gpu.perReplica');
  });

  it('names the --set (real Helm render per case)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...candidates), async (c) => {
        // the leaf's own value, so the render stays valid; the origin must still be the flag
        const flag = typeof c.value === 'string' ? '--set-string' : '--set';
        const text = `${c.setPath}=${String(c.value)}`;
        const inputs = flag === '--set' ? { set: [text] } : { setString: [text] };
        await withResolvedTier({ tier: 'edge', compile: true, ...inputs }, async (tier) => {
          const objects = await renderResolvedTier(tier);
          const m = objects.find((o) => objectRef(o) === c.object);
          expect(m, c.object).toBeDefined();
          const e = explainField(m!, c.field, { mergedValues: tier.mergedValues, provenance: tier.provenance() });
          const read = e.reads.find((r) => r.valuesPath === c.valuesPath);
          expect(read, `${c.object} ${c.field} reads ${c.valuesPath}`).toBeDefined();
          expect(read!.origin).toMatchObject({ layer: 'set', flag: `${flag} ${text}` });
          expect(read!.value).toEqual(c.value);
        });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 600_000);
});
