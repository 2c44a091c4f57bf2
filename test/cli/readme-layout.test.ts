// The README's Layout section is the map of src/: every top-level folder and file is on it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

it('the README Layout section names every top-level entry of src/', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const layout = /^## Layout\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
  expect(layout.length).toBeGreaterThan(0);
  const entries = readdirSync(join(ROOT, 'src'), { withFileTypes: true }).map((e) => `src/${e.name}${e.isDirectory() ? '/' : ''}`);
  expect(entries.length).toBeGreaterThan(5);
  expect(entries.filter((e) => !layout.includes(e))).toEqual([]);
});
