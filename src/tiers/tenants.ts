// Loading a tenant list: schema-checked (names, quantities, integers, cost format), then checked
// for what a schema cannot say (duplicate names). Every problem in the file is reported at once.
import { resolve } from 'node:path';
import { InputError, type Diagnostic } from '../errors.js';
import type { SourceDocument } from '../io/yaml-read.js';
import { TenantsFileSchema, type Tenant } from '../schemas/tenants.js';
import { isRecord } from '../util/data.js';
import type { Finding } from './finding.js';
import { readYamlAs } from './profile.js';
import { checkSchema, describeValue } from './schema-check.js';

export interface LoadedTenants {
  readonly file: string;
  readonly doc: SourceDocument;
  /** Tenants in file order, cpu and memory as strings (`10` → `"10"`). */
  readonly tenants: readonly Tenant[];
}

/** Loads and checks a tenants file (`tenants:` list). Throws InputError listing every problem. */
export function loadTenants(file: string, options: { cwd?: string } = {}): LoadedTenants {
  const doc = readYamlAs(resolve(options.cwd ?? process.cwd(), file), file);
  return checkTenantsDocument(doc);
}

/** Checks a parsed tenants document. */
export function checkTenantsDocument(doc: SourceDocument): LoadedTenants {
  const value = doc.value;
  if (!isRecord(value)) {
    const hint = Array.isArray(value) ? ' (put the list under a `tenants:` key)' : '';
    throw new InputError([
      doc.diagnostic([], `expected a mapping with a \`tenants:\` list, found ${describeValue(value)}${hint}`, 'tenants.schema.type'),
    ]);
  }
  const diagnostics: Diagnostic[] = checkSchema(TenantsFileSchema, value, (path, message, rule) => doc.diagnostic(path, message, rule), {
    rulePrefix: 'tenants',
  });
  const list = Array.isArray(value.tenants) ? value.tenants : [];
  for (const d of duplicateTenants(list)) {
    const where = doc.locate(['tenants', d.first, 'name']);
    diagnostics.push(doc.diagnostic(['tenants', d.index, 'name'], duplicateMessage(d.name, `line ${where.line}`), 'tenants.unique-name'));
  }
  if (diagnostics.length) throw new InputError(sortDiagnostics(diagnostics));
  const tenants = (list as Tenant[]).map((t) => ({
    name: t.name,
    quota: { ...t.quota, cpu: String(t.quota.cpu), memory: String(t.quota.memory) },
    budget: { ...t.budget },
  }));
  return { file: doc.file, doc, tenants };
}

/** Diagnostics in file order (line, then column). */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) =>
    a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) : a.file < b.file ? -1 : 1,
  );
}

/** Tenants whose name an earlier tenant already has: each gets a namespace, so names are unique. */
export function duplicateTenants(list: unknown): { index: number; first: number; name: string }[] {
  const firstIndex = new Map<string, number>();
  const out: { index: number; first: number; name: string }[] = [];
  (Array.isArray(list) ? list : []).forEach((t: unknown, i: number) => {
    if (!isRecord(t) || typeof t.name !== 'string') return;
    const first = firstIndex.get(t.name);
    if (first === undefined) firstIndex.set(t.name, i);
    else out.push({ index: i, first, name: t.name });
  });
  return out;
}

const duplicateMessage = (name: string, first: string) =>
  `duplicate tenant name ${JSON.stringify(name)} (first at ${first}); each tenant gets its own namespace, so names must be unique`;

/** Duplicate tenants of merged values (any values file or --set may add one), at values paths. */
export function duplicateTenantFindings(list: unknown): Finding[] {
  return duplicateTenants(list).map((d) => ({
    path: ['tenants', d.index, 'name'],
    message: duplicateMessage(d.name, `tenants[${d.first}]`),
    rule: 'tenants.unique-name',
  }));
}
