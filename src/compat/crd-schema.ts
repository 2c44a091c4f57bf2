// CRDs in a chart's crds/ are installed by `helm install` and never touched by `helm upgrade`, so
// any change there (a field added, removed or retyped, a constraint, a version, a new CRD) does not
// reach an existing install unless the operator applies crds/ first. Each changed CRD is a finding
// whose migration is the chart README's own command (model/install.ts), so the two never disagree.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { readManifestInputs, type KubeObject } from '../io/manifests.js';
import { crdApplyCommand } from '../model/install.js';
import { isRecord } from '../util/data.js';
import type { CompatFinding, Severity } from './report.js';

/** One change inside a CRD, and how much it can break. */
interface CrdChange {
  readonly severity: Severity;
  readonly text: string;
}

/** Keywords whose change only documents (kubectl explain): the rest constrain what the API server accepts. */
const DOCUMENTING = new Set(['description', 'example', 'externalDocs', 'title']);
/** Keywords walked into rather than compared whole. */
const STRUCTURE = new Set(['properties', 'items', 'additionalProperties', 'type']);

const typeOf = (s: Record<string, unknown>): string =>
  s['x-kubernetes-int-or-string'] === true ? 'int-or-string' : typeof s.type === 'string' ? s.type : 'any';
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const at = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** The differences between two openAPIV3Schema nodes at `path`, field by field. */
function schemaChanges(a: unknown, b: unknown, path: string, out: CrdChange[]): void {
  if (!isRecord(a) || !isRecord(b)) {
    if (!same(a, b)) out.push({ severity: 'warning', text: `${path || 'the schema'} changed` });
    return;
  }
  const where = path || 'the root';
  if (typeOf(a) !== typeOf(b)) out.push({ severity: 'breaking', text: `${where}: type ${typeOf(a)} → ${typeOf(b)}` });
  const pa = isRecord(a.properties) ? a.properties : {};
  const pb = isRecord(b.properties) ? b.properties : {};
  for (const key of Object.keys(pa))
    if (!(key in pb)) out.push({ severity: 'breaking', text: `${at(path, key)} removed (stored values are pruned)` });
  for (const [key, value] of Object.entries(pb)) {
    if (!(key in pa)) out.push({ severity: 'additive', text: `${at(path, key)} added (${isRecord(value) ? typeOf(value) : 'any'})` });
    else schemaChanges(pa[key], value, at(path, key), out);
  }
  if (a.items !== undefined || b.items !== undefined) schemaChanges(a.items ?? {}, b.items ?? {}, `${path}[*]`, out);
  if (isRecord(a.additionalProperties) && isRecord(b.additionalProperties))
    schemaChanges(a.additionalProperties, b.additionalProperties, at(path, '*'), out);
  else if (!same(a.additionalProperties, b.additionalProperties))
    out.push({ severity: 'warning', text: `${where}: additionalProperties changed` });
  const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => !STRUCTURE.has(k) && k !== 'x-kubernetes-int-or-string'));
  for (const key of [...keys].sort())
    if (!same(a[key], b[key])) out.push({ severity: DOCUMENTING.has(key) ? 'info' : 'warning', text: `${where}: ${key} changed` });
}

interface Version {
  readonly name: string;
  readonly schema: unknown;
  readonly rest: Record<string, unknown>;
}

function versionsOf(crd: KubeObject): Map<string, Version> {
  const spec = isRecord(crd.spec) ? crd.spec : {};
  const list = Array.isArray(spec.versions) ? spec.versions.filter(isRecord) : [];
  return new Map(
    list.map((v) => {
      const { schema, ...rest } = v;
      return [String(v.name), { name: String(v.name), schema: isRecord(schema) ? schema.openAPIV3Schema : undefined, rest }];
    }),
  );
}

/** Every difference between two versions of one CRD: its versions, each version's schema and settings, the rest of its spec. */
export function crdChanges(a: KubeObject, b: KubeObject): CrdChange[] {
  const out: CrdChange[] = [];
  const va = versionsOf(a);
  const vb = versionsOf(b);
  for (const name of va.keys()) if (!vb.has(name)) out.push({ severity: 'warning', text: `version ${name} removed` });
  for (const [name, v] of vb) {
    const old = va.get(name);
    if (!old) {
      out.push({ severity: 'additive', text: `version ${name} added` });
      continue;
    }
    const before = out.length;
    schemaChanges(old.schema, v.schema, '', out);
    for (let i = before; i < out.length; i++) out[i] = { ...out[i]!, text: `${name}: ${out[i]!.text}` };
    for (const key of new Set([...Object.keys(old.rest), ...Object.keys(v.rest)]))
      if (!same(old.rest[key], v.rest[key])) out.push({ severity: 'warning', text: `${name}: ${key} changed` });
  }
  const sa = isRecord(a.spec) ? a.spec : {};
  const sb = isRecord(b.spec) ? b.spec : {};
  for (const key of [...new Set([...Object.keys(sa), ...Object.keys(sb)])].sort())
    if (key !== 'versions' && !same(sa[key], sb[key])) out.push({ severity: 'warning', text: `spec.${key} changed` });
  return out;
}

const SEVERITY_ORDER: readonly Severity[] = ['info', 'additive', 'warning', 'breaking'];
const worst = (changes: readonly CrdChange[]): Severity =>
  changes.reduce<Severity>((w, c) => (SEVERITY_ORDER.indexOf(c.severity) > SEVERITY_ORDER.indexOf(w) ? c.severity : w), 'info');

/** The CRDs in `dir`/crds/, by name (none when the chart has no crds/). */
function chartCrds(dir: string): Map<string, { object: KubeObject; file: string }> {
  const crds = join(dir, 'crds');
  if (!existsSync(crds)) return new Map();
  const read = readManifestInputs([crds]);
  if (read.diagnostics.length) throw new InputError(read.diagnostics);
  return new Map(
    read.objects
      .filter((m) => m.object.kind === 'CustomResourceDefinition')
      .map((m) => [String(m.object.metadata?.name), { object: m.object, file: m.file }]),
  );
}

/** At most this many changes are spelled out per CRD; the rest are counted. */
const LISTED = 12;

/**
 * A finding per CRD in crds/ that the new chart adds or changes (its schema field by field), each
 * with the command that applies crds/ before `helm upgrade`; a CRD dropped from crds/ stays in the
 * cluster (Helm never deletes crds/), which is said too. `chartPath` names the new chart in the command.
 */
export function crdSchemaFindings(beforeDir: string, afterDir: string, chartPath: string): CompatFinding[] {
  const old = chartCrds(beforeDir);
  const now = chartCrds(afterDir);
  const apply = `before \`helm upgrade\`, apply the new CRDs: \`${crdApplyCommand(chartPath)}\` (helm upgrade never touches crds/; the chart README's "Upgrading")`;
  const out: CompatFinding[] = [];
  for (const [name, b] of now) {
    const a = old.get(name);
    const subject = `CustomResourceDefinition ${name}`;
    if (!a) {
      out.push({
        severity: 'additive',
        rule: 'crd.added',
        subject,
        message: `${subject} is new in crds/: helm upgrade does not create it, so objects of its kind fail until it is applied`,
        migration: apply,
      });
      continue;
    }
    const changes = crdChanges(a.object, b.object);
    if (!changes.length) continue;
    const listed = changes.slice(0, LISTED).map((c) => c.text);
    const more = changes.length > LISTED ? `, and ${changes.length - LISTED} more` : '';
    out.push({
      severity: worst(changes),
      rule: 'crd.changed',
      subject,
      message: `${subject} changed in crds/ (${listed.join('; ')}${more}): helm upgrade does not apply it, so an existing install keeps the old schema`,
      migration: apply,
    });
  }
  for (const name of old.keys())
    if (!now.has(name))
      out.push({
        severity: 'info',
        rule: 'crd.dropped',
        subject: `CustomResourceDefinition ${name}`,
        message: `CustomResourceDefinition ${name} is no longer in crds/: Helm never deletes crds/, so it and its objects stay in the cluster`,
        migration: `nothing for the upgrade; delete it once no object of its kind is needed (\`kubectl delete crd ${name}\`)`,
      });
  return out;
}
