// YAML injection through values: every string-typed values path (walked from the model's values
// tree, so a new value is covered without editing this test) gets a hostile multi-line value that
// would end the document and start a ClusterRoleBinding to cluster-admin. Rendered with the real
// pinned Helm, the chart must emit the same objects (count and kinds) as without it, with each
// hostile string kept whole inside one scalar — or the values schema must refuse the value.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { valuesTree } from '../../src/model/values.js';
import { defaultsOf, walkValues, type JsonSchema } from '../../src/model/values-tree.js';
import { chartDir } from '../../src/paths.js';
import { renderObjects } from '../../src/render/render.js';
import { checkSchema } from '../../src/tiers/schema-check.js';
import { tempDir } from '../helpers.js';

const INJECTION = (tag: string) =>
  `${tag}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: pwned-${tag}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n- kind: Group\n  name: system:serviceaccounts\n  apiGroup: rbac.authorization.k8s.io\n`;
/** Breaks out of a double-quoted scalar and of a flow mapping on one line. */
const QUOTE_BREAK = (tag: string) => `${tag}", "injected": "yes"}, {"x": "`;

interface HostilePath {
  readonly path: string[];
  /** How the hostile string is placed: the value itself, a list item, a map value, a map key. */
  readonly shape: 'string' | 'list' | 'map-value' | 'map-key';
}

const isString = (s: JsonSchema | undefined) =>
  s !== undefined && (s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string')));

/** Every place in the values tree a person can put a string. */
function stringPaths(): HostilePath[] {
  const out: HostilePath[] = [];
  for (const { path, node } of walkValues(valuesTree)) {
    if (node.kind !== 'leaf' || path[0] === 'tenants') continue;
    const s = node.schema;
    if (isString(s)) out.push({ path, shape: 'string' });
    else if (s.type === 'array' && isString(s.items as JsonSchema)) out.push({ path, shape: 'list' });
    else if (s.type === 'object' && !s.properties && isString(s.additionalProperties as JsonSchema)) {
      out.push({ path, shape: 'map-value' }, { path, shape: 'map-key' });
    }
  }
  return out;
}

function setPath(values: Record<string, unknown>, path: string[], value: unknown) {
  let node = values;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string, unknown>;
  node[path.at(-1)!] = value;
}

function place(values: Record<string, unknown>, p: HostilePath, hostile: string) {
  if (p.shape === 'string') setPath(values, p.path, hostile);
  else if (p.shape === 'list') setPath(values, p.path, [hostile]);
  else if (p.shape === 'map-value') setPath(values, p.path, { injected: hostile });
  else setPath(values, p.path, { [hostile]: 'v' });
}

const summary = (objects: { object: { kind?: unknown } }[]) => objects.map((m) => String(m.object.kind)).sort();
const strings = (v: unknown, out: string[] = []): string[] => {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      strings(x, out);
    }
  return out;
};

describe('no YAML injection through values (real pinned Helm)', () => {
  const paths = stringPaths();
  // the schema Helm enforces on the chart it renders
  const schema = JSON.parse(readFileSync(join(chartDir(), 'values.schema.json'), 'utf8')) as object;
  const refuses = (values: unknown) => checkSchema(schema, values, (_path, message) => ({ file: 'values', message })).length > 0;

  it('walks the values tree: the named paths of the finding are among the string paths', () => {
    const names = paths.map((p) => p.path.join('.'));
    for (const n of [
      'gateway.ingress.className',
      'ui.ingress.tlsSecret',
      'global.imagePullSecrets',
      'global.storageClass',
      'nameOverride',
      'fullnameOverride',
    ])
      expect(names).toContain(n);
  });

  it('every string path: refused by the schema, or rendered as one whole scalar (one render with every hostile value)', async () => {
    const accepted: { p: HostilePath; hostile: string }[] = [];
    const values = structuredClone(defaultsOf(valuesTree)) as Record<string, unknown>;
    // switched-off components render nothing: turn every optional one on so each string is used
    for (const { path, node } of walkValues(valuesTree))
      if (node.kind === 'leaf' && path.at(-1) === 'enabled' && node.schema.type === 'boolean') setPath(values, path, true);
    setPath(values, ['network', 'ingress'], 'internal-only');
    const baseFile = join(tempDir(), 'base.yaml');
    writeFileSync(baseFile, JSON.stringify(values));
    const baseline = await renderObjects({ valuesFiles: [baseFile] });

    paths.forEach((p, i) => {
      for (const [j, make] of [INJECTION, QUOTE_BREAK].entries()) {
        const hostile = make(`h${i}-${j}`);
        const probe = structuredClone(values);
        place(probe, p, hostile);
        // the schema (values.schema.json, which Helm enforces) refusing the value is a fine answer
        if (!refuses(probe)) accepted.push({ p, hostile });
      }
    });
    // free text (config values, annotations, image names...) is accepted and must stay inert
    expect(accepted.length).toBeGreaterThan(50);
    for (const { p, hostile } of accepted) place(values, p, hostile);
    const file = join(tempDir(), 'hostile.yaml');
    writeFileSync(file, JSON.stringify(values));
    const rendered = await renderObjects({ valuesFiles: [file] });
    expect(summary(rendered)).toEqual(summary(baseline));
    const all = new Set(rendered.flatMap((m) => strings(m.object)));
    const text = [...all].join('\u0000');
    const split = accepted.filter(({ hostile }) => text.includes(hostile.split('\n')[0]) && ![...all].some((s) => s.includes(hostile)));
    expect(split.map(({ p }) => `${p.path.join('.')} (${p.shape})`)).toEqual([]);
  });

  it.each([
    ['gateway.ingress.className', 'ingressClassName: {{ .Values.gateway.ingress.className | quote }}'],
    ['ui.ingress.tlsSecret', 'secretName: {{ . | quote }}'],
    ['global.imagePullSecrets', '- name: {{ . | quote }}'],
    ['global.storageClass', 'storageClassName: {{ . | quote }}'],
    ['nameOverride', undefined],
    ['fullnameOverride', undefined],
  ])('%s: the schema refuses a multi-line value, and the template quotes it', (path, quoted) => {
    const values = structuredClone(defaultsOf(valuesTree)) as Record<string, unknown>;
    place(values, { path: path.split('.'), shape: path === 'global.imagePullSecrets' ? 'list' : 'string' }, INJECTION('t'));
    expect(refuses(values)).toBe(true);
    if (quoted) {
      const dir = join(chartDir(), 'templates');
      const templates = readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => readFileSync(join(dir, f), 'utf8'));
      expect(templates.some((t) => t.includes(quoted))).toBe(true);
    }
  });
});
