// Writes a generated tenant list and a matching tier profile: tsx scripts/gen-tenants.ts COUNT [SEED] [DIR]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scaleFixture } from '../bench/tenants.js';

const [count = '1000', seed = '1', dir = '.'] = process.argv.slice(2);
const fixture = scaleFixture(Number(count), Number(seed));
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, `tenants-${count}.yaml`), fixture.tenantsYaml);
writeFileSync(join(dir, `profile-${count}.yaml`), fixture.profileYaml);
process.stdout.write(`wrote ${join(dir, `tenants-${count}.yaml`)} and ${join(dir, `profile-${count}.yaml`)}\n`);
