// Generated files that are committed must be what their generators produce now.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crdValidatorsSource, reportSchemaSource, validatorsSource } from '../../scripts/gen-validators.js';
import { precompiledCrdValidators } from '../../src/validate/crd-validators.generated.js';
import { crdSchemaKey, newCrdAjv, toAjvSchema } from '../../src/validate/crd.js';
import { customResourceDefinitions, exampleCustomResource } from '../../src/model/crds/index.js';
import { schemaKey } from '../../src/tiers/ajv.js';
import { precompiledValidators } from '../../src/schemas/validators.generated.js';
import { packageRoot } from '../../src/paths.js';
import { TenantsFileSchema } from '../../src/schemas/tenants.js';

describe('precompiled schema validators', () => {
  it('are current (regenerate with: npx tsx scripts/gen-validators.ts)', () => {
    expect(readFileSync(join(packageRoot(), 'src/schemas/validators.generated.js'), 'utf8')).toEqual(validatorsSource());
  });

  it('cover the chart values schema and the profile and tenant schemas', () => {
    const valuesSchema = JSON.parse(readFileSync(join(packageRoot(), 'charts/ai-platform/values.schema.json'), 'utf8'));
    expect(precompiledValidators[schemaKey(valuesSchema)]).toBeTypeOf('function');
    const tenants = precompiledValidators[schemaKey(TenantsFileSchema)]();
    expect(tenants({ tenants: [{ name: 'a' }] })).toBe(false);
    expect(JSON.stringify(tenants.errors)).toContain("must have required property 'quota'");
  });
});

describe('the published evidence pack schema', () => {
  it('is current (regenerate with: npx tsx scripts/gen-validators.ts)', () => {
    expect(readFileSync(join(packageRoot(), 'schemas/report.schema.json'), 'utf8')).toEqual(reportSchemaSource());
  });
});

describe('precompiled CRD validators', () => {
  it('are current (regenerate with: npx tsx scripts/gen-validators.ts)', () => {
    expect(readFileSync(join(packageRoot(), 'src/validate/crd-validators.generated.js'), 'utf8')).toEqual(crdValidatorsSource());
  });

  it("cover every served schema of the chart's CRDs and report what ajv compiled at run time reports", () => {
    expect(customResourceDefinitions.length).toBeGreaterThan(0);
    for (const crd of customResourceDefinitions) {
      const schema = crd.spec.versions[0].schema!.openAPIV3Schema as Record<string, unknown>;
      const pre = precompiledCrdValidators[crdSchemaKey(schema)];
      expect(pre, crd.metadata.name).toBeTypeOf('function');
      const runtime = newCrdAjv().compile(toAjvSchema(schema) as object);
      const bad = structuredClone(exampleCustomResource(crd.spec.names.kind as never)) as unknown as Record<string, unknown>;
      bad.spec = 'not an object';
      bad.status = { conditions: [{ type: 7 }] };
      const fn = pre();
      expect(fn(bad)).toBe(false);
      expect(runtime(bad)).toBe(false);
      expect(fn.errors).toEqual(runtime.errors);
      const good = exampleCustomResource(crd.spec.names.kind as never);
      expect(fn(good), crd.metadata.name).toBe(true);
    }
  });
});
