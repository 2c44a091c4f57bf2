// Where the package's own files live, whether running from src/ (tests, tsx) or dist/ (the CLI).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/** The directory holding aipc's package.json. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'aipc') return (cachedRoot = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the aipc package root');
    dir = parent;
  }
}

/** The committed chart directory inside the package. */
export const chartDir = (): string => join(packageRoot(), 'charts', 'ai-platform');
/** The built-in profiles directory. */
export const profilesDir = (): string => join(packageRoot(), 'profiles');

/** The release file in use: AIPC_RELEASE_FILE when set (a candidate release), else the package's. */
export const releaseFile = (): string => process.env.AIPC_RELEASE_FILE || join(packageRoot(), 'release.yaml');
