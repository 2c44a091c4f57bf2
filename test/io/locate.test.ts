// The one field locator (io/locate.ts): its quick walk agrees with the position-keeping parser on
// every field of a full render (all optional components and APIs on) and of the lint conformance
// fixtures, and both resolve a key given twice to the last one, as Kubernetes decodes it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsedLocator, quickLine } from '../../src/io/locate.js';
import { renderTierObjects } from '../../src/render/render.js';
import { packageRoot } from '../../src/paths.js';
import { fieldLocator, readManifestText, type ManifestObject } from '../../src/io/manifests.js';
import { ALL_COMPONENTS_ON, ALL_GATED_APIS } from '../support/chart-apis.js';

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
    const slow = parsedLocator(m);
    const locate = fieldLocator(m);
    // a field the object lacks resolves to its nearest existing parent, as the parser resolves it
    const missing = paths(m.object).map((p) => [...p, 'not-a-field']);
    for (const p of [...paths(m.object), ...missing]) {
      const quick = quickLine(m.source, p);
      const want = slow(p);
      if (quick !== undefined && m.line + quick !== want.line)
        out.push(`${m.file}:${m.line} ${p.join('.')}: quick ${m.line + quick}, parser ${want.line}`);
      const got = locate(p);
      if (got.line !== want.line || got.column !== want.column)
        out.push(`${m.file}:${m.line} ${p.join('.')}: located ${got.line}:${got.column}, parser ${want.line}:${want.column}`);
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

  it('resolves a key given twice to the last one, as Kubernetes keeps it, on both paths', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: a',
      'spec:',
      '  template:',
      '    spec:',
      '      hostNetwork: false',
      '      hostNetwork: true',
      '      containers:',
      '      - name: c',
      '        image: x',
      '        image: y',
      '',
    ].join('\n');
    const [m] = readManifestText(text, 'dup.yaml', { duplicateKeys: 'keep' }).objects;
    expect(m.object.spec).toMatchObject({ template: { spec: { hostNetwork: true } } });
    for (const locate of [fieldLocator(m), parsedLocator(m)]) {
      expect(locate(['spec', 'template', 'spec', 'hostNetwork'])).toEqual({ line: 9, column: 7 });
      expect(locate(['spec', 'template', 'spec', 'containers', 0, 'image'])).toEqual({ line: 13, column: 9 });
      // a field the object lacks: its nearest existing parent
      expect(locate(['spec', 'template', 'spec', 'containers', 0, 'securityContext'])).toEqual({ line: 11, column: 9 });
    }
    // the same document as JSON and as a List item goes through the parser, with the same answer
    const list = readManifestText(`apiVersion: v1\nkind: List\nitems:\n- ${text.split('\n').join('\n  ').trimEnd()}\n`, 'list.yaml', {
      duplicateKeys: 'keep',
    }).objects[0];
    expect(fieldLocator(list)(['spec', 'template', 'spec', 'hostNetwork'])).toEqual({ line: 12, column: 9 });
  });
});
