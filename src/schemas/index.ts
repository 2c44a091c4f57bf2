// The JSON Schemas aipc publishes for the files people edit, as plain JSON-able objects.
import { tierProfileFileSchema } from './tier-profile.js';
import { TenantsFileSchema } from './tenants.js';
import { releaseFileSchema } from './release.js';

export * from './tier-profile.js';
export * from './tenants.js';
export * from './release.js';

/** Plain JSON (TypeBox's symbol keys dropped), ready to write as `<name>.schema.json`. */
export function publishedSchemas(): { readonly path: string; readonly schema: Record<string, unknown> }[] {
  const plain = (s: unknown) => JSON.parse(JSON.stringify(s)) as Record<string, unknown>;
  return [
    { path: 'tier-profile.schema.json', schema: plain(tierProfileFileSchema) },
    { path: 'tenants.schema.json', schema: plain(TenantsFileSchema) },
    { path: 'release.schema.json', schema: plain(releaseFileSchema) },
  ];
}
