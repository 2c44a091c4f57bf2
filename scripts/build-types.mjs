#!/usr/bin/env node
// Writes the library's declarations (types/, what package.json's `types` and `exports` name) from
// src/ with tsc. Run before packing (`prepack`), not by `npm run build`: the CLI rebuilds dist/
// on demand and must stay fast, and only a packed package needs the declarations.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// a declaration of a deleted source must not outlive it
rmSync(join(root, 'types'), { recursive: true, force: true });
const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.types.json')], { stdio: 'inherit', cwd: root });
