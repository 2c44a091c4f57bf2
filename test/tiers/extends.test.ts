// `extends:` reads a built-in tier or a regular profile file only — never a device, a FIFO or the
// kernel's pseudo-files — and an error about a file that is not a profile never quotes its content.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadTierProfile } from '../../src/tiers/profile.js';
import { tempDir } from '../helpers.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';

function refusal(file: string): string {
  try {
    loadTierProfile(file);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).message;
  }
  throw new Error(`${file} was accepted`);
}

function site(dir: string, ext: string): string {
  const file = join(dir, 'site.yaml');
  writeFileSync(file, `name: site\nextends: ${ext}\n`);
  return file;
}

describe('extends: a built-in tier or a regular profile file, nothing else', () => {
  it.each([
    ['an INI credentials file', `[default]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`],
    ['a one-line secret', `${KEY_ID}:${SECRET}\n`],
    ['a quoted secret', `"${KEY_ID} ${SECRET}"\n`],
    ['a list of secrets', `- ${KEY_ID}\n- ${SECRET}\n`],
  ])('refuses %s without quoting it', (_name, content) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'credentials.yaml'), content);
    const message = refusal(site(dir, './credentials.yaml'));
    expect(message).toMatch(/credentials\.yaml/);
    expect(message).not.toContain(KEY_ID);
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain('EXAMPLE');
  });

  it('refuses /proc/self/environ reached by a relative path, quoting nothing of it', () => {
    const dir = tempDir();
    const up = relative(dir, '/proc/self/environ');
    const message = refusal(site(dir, up));
    expect(message).toMatch(/extends: cannot extend .*not a profile file \(a kernel or device pseudo-file\).*\[profile\.extends\]/);
    for (const value of Object.values(process.env).filter((v): v is string => !!v && v.length > 6)) expect(message).not.toContain(value);
  });

  it('refuses /proc/self/environ given as the profile itself, quoting nothing of it', () => {
    const message = refusal('/proc/self/environ');
    expect(message).toMatch(/expected a mapping .*found text/);
    for (const value of Object.values(process.env).filter((v): v is string => !!v && v.length > 6)) expect(message).not.toContain(value);
  });

  it('refuses a FIFO without waiting for a writer, and a device', () => {
    const dir = tempDir();
    execFileSync('mkfifo', [join(dir, 'fifo.yaml')]);
    expect(refusal(site(dir, './fifo.yaml'))).toMatch(/cannot extend "\.\/fifo\.yaml": is a FIFO/);
    expect(refusal(site(dir, relative(dir, '/dev/zero')))).toMatch(/not a profile file/);
  });

  it('still extends a built-in tier and a regular file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'base.yaml'), 'name: base\nextends: edge\nhardware:\n  gpuNodes: 2\n');
    expect(loadTierProfile(site(dir, './base.yaml')).profile).toMatchObject({ tier: 'edge', hardware: { gpuNodes: 2 } });
  });
});
