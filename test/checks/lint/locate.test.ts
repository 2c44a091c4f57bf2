// The quick line locator of lint findings agrees with the position-keeping parser on every field
// of a full render (all optional components and APIs on) and of the lint conformance fixtures.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quickLine } from '../../../src/checks/lint/locate.js';
import { renderTierObjects } from '../../../src/render/render.js';
import { packageRoot } from '../../../src/paths.js';
import { fieldLocator, readManifestText, type ManifestObject } from '../../../src/io/manifests.js';
import { ALL_COMPONENTS_ON, ALL_GATED_APIS } from '../../support/chart-apis.js';

type Path = (string | number)[];

/** Every path into a value: each mapping key and sequence index, depth first. */
function paths(v: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  const children: [string | number, unknown][] = Array.isArray(v)
    ? v.map((x, i) => [i, x])
    : v && typeof v === 'object'
      ? Object.entries(v)
      : [];
  for (const [k, x] of children) {
    out.push([...prefix, k]);
    paths(x, [...prefix, k], out);
  }
  return out;
}

function disagreements(objects: readonly ManifestObject[]): string[] {
  const out: string[] = [];
  for (const m of objects) {
    if (m.itemPath.length) continue;
    const slow = fieldLocator(m);
    // a field the object lacks resolves to its nearest existing parent, as the parser resolves it
    const missing = paths(m.object).map((p) => [...p, 'not-a-field']);
    for (const p of [...paths(m.object), ...missing]) {
      const quick = quickLine(m.source, p);
      const want = slow(p).line;
      if (quick !== undefined && m.line + quick !== want)
        out.push(`${m.file}:${m.line} ${p.join('.')}: quick ${m.line + quick}, parser ${want}`);
    }
  }
  return out;
}

describe('quick field locator', () => {
  it('finds the line the parser finds for every field of a full render', async () => {
    const objects = await renderTierObjects('datacenter', {
      set: [...ALL_COMPONENTS_ON, 'crds.templated=true'],
      apiVersions: ALL_GATED_APIS,
    });
    expect(disagreements(objects)).toEqual([]);
  });

  it('finds the line the parser finds for every field of the lint conformance fixtures', () => {
    const root = join(packageRoot(), '..', 'shared', 'lint-conformance');
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d)) {
        const p = join(d, e);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.ya?ml$/.test(e)) files.push(p);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThan(0);
    const objects = files.flatMap((f) => readManifestText(readFileSync(f, 'utf8'), f).objects);
    expect(disagreements(objects)).toEqual([]);
  });
});
