// Whether a tier renders the same twice. A GitOps tool (Argo CD) renders the chart with
// `helm template`, without a cluster and so without `lookup`: whatever the templates draw at random
// (randAlphaNum, genCA) changes on every sync. The honest test is to do what it does: render twice
// with the real Helm, raw (aipc's own renders redact generated values), and compare.
import { readManifestText, type KubeObject } from '../io/manifests.js';
import { objectRef } from '../kube/refs.js';
import type { ResolvedTier } from '../tiers/resolve.js';
import { renderResolvedTierText, type InstallTarget } from './render.js';

/** Two renders compared: identical, or each object and field that differed. */
export interface RenderStability {
  readonly identical: boolean;
  /** `Kind/namespace/name field.path` for every leaf that differed (an object present in one render only: the ref alone). */
  readonly differences: readonly string[];
  /** Objects in the first render. */
  readonly objects: number;
}

const dotted = (path: readonly (string | number)[]): string =>
  path.map((k, i) => (typeof k === 'number' ? `[${k}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `${i ? '.' : ''}${k}` : `["${k}"]`)).join('');

/** The paths of the leaves that differ between two decoded values. */
function differingPaths(a: unknown, b: unknown, path: (string | number)[] = []): string[] {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) =>
      differingPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], [...path, Array.isArray(a) ? Number(k) : k]),
    );
  }
  return a === b ? [] : [dotted(path) || '(the whole object)'];
}

/** What differs between two renders, object by object (matched by kind, namespace and name). */
export function compareRenders(first: string, second: string): RenderStability {
  const a = readManifestText(first, '<render 1>').objects;
  if (first === second) return { identical: true, differences: [], objects: a.length };
  const b = readManifestText(second, '<render 2>').objects;
  const byRef = new Map<string, KubeObject>(b.map((m) => [objectRef(m.object), m.object]));
  const differences: string[] = [];
  for (const { object } of a) {
    const ref = objectRef(object);
    const other = byRef.get(ref);
    byRef.delete(ref);
    if (!other) differences.push(`${ref}: only in the first render`);
    else differences.push(...differingPaths(object, other).map((p) => `${ref} ${p}`));
  }
  for (const ref of byRef.keys()) differences.push(`${ref}: only in the second render`);
  // the texts differ even where no decoded field does (comments, order): say so rather than pass
  if (!differences.length) differences.push('the two renders differ in text only (order or formatting)');
  return { identical: false, differences, objects: a.length };
}

/** Renders a resolved tier twice with Helm, as a GitOps tool would, and compares the two outputs. */
export async function checkRenderStability(tier: ResolvedTier, options: InstallTarget & { helm?: string } = {}): Promise<RenderStability> {
  // one after the other, as two syncs would
  const first = await renderResolvedTierText(tier, options);
  const second = await renderResolvedTierText(tier, options);
  return compareRenders(first, second);
}
