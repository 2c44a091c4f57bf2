// Generated files that are committed must be what their generators produce now.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatorsSource } from '../scripts/gen-validators.js';
import { schemaKey } from '../src/tiers/ajv.js';
import { precompiledValidators } from '../src/schemas/validators.generated.js';
import { packageRoot } from '../src/paths.js';
import { TenantsFileSchema } from '../src/schemas/tenants.js';

describe('precompiled schema validators', () => {
  it('are current (regenerate with: npx tsx scripts/gen-validators.ts)', () => {
    expect(readFileSync(join(packageRoot(), 'src/schemas/validators.generated.js'), 'utf8')).toEqual(validatorsSource());
  });

  it('cover the chart values schema and the profile and tenant schemas', () => {
    const valuesSchema = JSON.parse(readFileSync(join(packageRoot(), 'charts/ai-platform/values.schema.json'), 'utf8'));
    expect(precompiledValidators[schemaKey(valuesSchema)]).toBeTypeOf('function');
    const tenants = precompiledValidators[schemaKey(TenantsFileSchema)];
    expect(tenants({ tenants: [{ name: 'a' }] })).toBe(false);
    expect(JSON.stringify(tenants.errors)).toContain("must have required property 'quota'");
  });
});
