// Loading a tenant list: schema-checked (names, quantities, integers, cost format), then checked
// for what a schema cannot say (duplicate names). Every problem in the file is reported at once.
import { resolve } from 'node:path';
import { InputError, type Diagnostic } from '../errors.js';
import type { SourceDocument } from '../io/yaml-read.js';
import { TenantsFileSchema, type Tenant } from '../schemas/tenants.js';
import { isRecord } from '../util/data.js';
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
  const firstIndex = new Map<string, number>();
  list.forEach((t: unknown, i: number) => {
    if (!isRecord(t) || typeof t.name !== 'string') return;
    const first = firstIndex.get(t.name);
    if (first === undefined) firstIndex.set(t.name, i);
    else {
      const where = doc.locate(['tenants', first, 'name']);
      diagnostics.push(
        doc.diagnostic(
          ['tenants', i, 'name'],
          `duplicate tenant name ${JSON.stringify(t.name)} (first at line ${where.line}); each tenant gets its own namespace, so names must be unique`,
          'tenants.unique-name',
        ),
      );
    }
  });
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
