// "caused by": for each field a diff of two tier renders changes, the input change behind it —
// the values paths the field's template line reads (the chart's source map) whose value differs
// between the sides, each with the input that set it on the side that has it (the compile's
// provenance). A field whose values are the same on both sides changed with the chart itself.
import { formatPath } from '../errors.js';
import type { ManifestObject } from '../io/manifests.js';
import { valuesPathsOf } from '../explain/explain.js';
import { describeOrigin, type ValuesProvenance } from '../tiers/provenance.js';
import { getPath, isRecord } from '../util/data.js';
import type { ObjectChange } from './diff.js';
import { formatFieldPath, type PathSegment } from './path.js';

/** One side's render and the values it was rendered with. */
export interface CausesSide {
  readonly objects: readonly ManifestObject[];
  readonly mergedValues: Record<string, unknown>;
  readonly provenance: () => ValuesProvenance;
}

const show = (v: unknown): string => (v === undefined ? '(unset)' : JSON.stringify(v));

/** The field's path in one object (named items by name), or undefined when the object lacks it. */
function concretePath(object: unknown, path: readonly PathSegment[]): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  let node = object;
  for (const seg of path) {
    if (typeof seg === 'object') {
      if (!('name' in seg) || !Array.isArray(node)) return undefined;
      const index = node.findIndex((x) => isRecord(x) && x.name === seg.name);
      if (index < 0) return undefined;
      out.push(index);
      node = node[index];
    } else {
      out.push(seg);
      node = isRecord(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[seg] : undefined;
    }
  }
  return out;
}

/** Each changed object's field causes, keyed by the field path as the diff prints it. */
export function fieldCauses(changes: readonly ObjectChange[], before: CausesSide, after: CausesSide): ObjectChange[] {
  const find = (side: CausesSide, o: ObjectChange) =>
    side.objects.find(
      (m) => m.object.kind === o.kind && m.object.metadata?.name === o.name && (m.object.metadata?.namespace ?? undefined) === o.namespace,
    );
  return changes.map((o) => {
    if (o.change !== 'changed') return o;
    const causes: Record<string, string[]> = {};
    for (const f of o.fields) {
      // the side that has the field: the new one, or the old one for a removed field
      const side = f.change === 'removed' ? before : after;
      const m = find(side, o);
      const path = m && concretePath(m.object, f.path);
      if (!m || !path) continue;
      const lines: string[] = [];
      for (const p of valuesPathsOf(m, path, side.mergedValues).paths) {
        const was = getPath(before.mergedValues, p);
        const now = getPath(after.mergedValues, p);
        if (JSON.stringify(was) === JSON.stringify(now)) continue;
        const origin = (now === undefined ? before : after).provenance().originOf(p);
        lines.push(`${formatPath(p)} ${show(was)} -> ${show(now)}, set by ${describeOrigin(origin)}`);
      }
      if (lines.length) causes[formatFieldPath(f.path)] = lines;
    }
    return Object.keys(causes).length ? { ...o, causes } : o;
  });
}
