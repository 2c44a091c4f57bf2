// Hostile input through the CLI: every bad input is exit 2 with a message naming the file (with
// line and column where there is one), what was expected and what was found — and no stack trace.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartDir } from '../../src/paths.js';
import { renderObjects } from '../../src/render/render.js';
import { runCli, tempDir } from '../helpers.js';

const tenant = (name: string, q: Partial<Record<'cpu' | 'memory' | 'gpu' | 'tokens' | 'cost', string>> = {}) =>
  `  - name: ${name}\n` +
  `    quota: {cpu: ${q.cpu ?? '"1"'}, memory: ${q.memory ?? '1Gi'}, gpu: ${q.gpu ?? '0'}, pvcs: 1, pods: 2}\n` +
  `    budget: {maxTotalTokens: ${q.tokens ?? '1000'}, maxTotalCost: ${q.cost ?? '"1.00"'}, maxConcurrentRuns: 1}\n`;
const tenants = (...items: string[]) => `tenants:\n${items.join('')}`;
const BOMB =
  'a: &a [1,2,3,4,5,6,7,8,9]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';
const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {}\n';

interface Case {
  readonly name: string;
  /** Files to create in the case's directory (`$D` in args stands for it). */
  readonly files?: Record<string, string | Buffer>;
  readonly dirs?: readonly string[];
  readonly args: readonly string[];
  readonly input?: string | Buffer;
  readonly code: number;
  /** Matched against stderr (or stdout for exit 0). */
  readonly message: RegExp;
}

const cases: Case[] = [
  // --- profiles (aipc values --tier FILE)
  { name: 'profile: missing file', args: ['values', '--tier', '$D/nope.yaml'], code: 2, message: /nope\.yaml: no such file/ },
  { name: 'profile: a directory', dirs: ['p'], args: ['values', '--tier', '$D/p'], code: 2, message: /p: is a directory, expected a file/ },
  {
    name: 'profile: an unknown tier name',
    args: ['values', '--tier', 'edgy'],
    code: 2,
    message: /edgy: unknown tier: expected a built-in tier \(edge, datacenter, connected\) or a profile file, found neither/,
  },
  {
    name: 'profile: empty file',
    files: { 'p.yaml': '# nothing\n' },
    args: ['values', '--tier', '$D/p.yaml'],
    code: 2,
    message: /p\.yaml:1: the file is empty; expected a YAML mapping/,
  },
  {
    name: 'profile: a list where a mapping is expected',
    files: { 'p.yaml': '- tier: edge\n' },
    args: ['values', '--tier', '$D/p.yaml'],
    code: 2,
    message: /p\.yaml:1:1: expected a mapping .*found a list/,
  },
  {
    name: 'profile: non-UTF-8 bytes',
    files: { 'p.yaml': Buffer.from([0x74, 0x69, 0x65, 0x72, 0x3a, 0x20, 0xe9, 0x0a]) },
    args: ['values', '--tier', '$D/p.yaml'],
    code: 2,
    message: /p\.yaml:1:7: expected UTF-8 text, found byte 0xe9 at offset 6/,
  },
  {
    name: 'profile: tab indentation',
    files: { 'p.yaml': 'extends: edge\nmodels:\n\tprimary: {}\n' },
    args: ['values', '--tier', '$D/p.yaml'],
    code: 2,
    message: /p\.yaml:3:1: found a tab in indentation; YAML indents with spaces only/,
  },
  {
    name: 'profile: alias expansion bomb',
    files: { 'p.yaml': BOMB },
    args: ['values', '--tier', '$D/p.yaml'],
    code: 2,
    message: /p\.yaml: .*alias.*limited to 100 expansions/,
  },
  {
    name: 'profile: duplicate key',
    files: { 'p.yaml': 'extends: edge\nextends: datacenter\n' },
    args: ['values', '--tier', '$D/p.yaml'],
    code: 2,
    message: /p\.yaml:2:1: duplicate key "extends"/,
  },
  {
    name: 'profile: two documents',
    files: { 'p.yaml': 'extends: edge\n---\nextends: edge\n' },
    args: ['values', '--tier', '$D/p.yaml'],
    code: 2,
    message: /several YAML documents in one file; expected exactly one/,
  },
  {
    name: 'profile: larger than the input bound',
    files: { 'p.yaml': `# ${'x'.repeat(17 * 1024 * 1024)}\n` },
    args: ['values', '--tier', '$D/p.yaml'],
    code: 2,
    message: /p\.yaml: file is \d+ bytes; the limit is 16777216/,
  },
  {
    name: 'profile: a name `no` means false to YAML 1.1 readers: refused until quoted',
    files: { 'p.yaml': 'extends: edge\nname: no\n' },
    args: ['values', '--tier', '$D/p.yaml'],
    code: 2,
    message: /p\.yaml:2:7: name: YAML 1\.2 reads "no" and YAML 1\.1 \(Helm, kubectl\) the boolean false; quote it/,
  },
  {
    name: 'profile: a quoted name "no" stays the string (quoted again for YAML 1.1 readers)',
    files: { 'p.yaml': 'extends: edge\nname: "no"\n' },
    args: ['values', '--tier', '$D/p.yaml'],
    code: 0,
    message: /profile: "no"/,
  },
  // --- tenant lists
  {
    name: 'tenants: missing file',
    args: ['values', '--tier', 'datacenter', '--tenants', '$D/t.yaml'],
    code: 2,
    message: /t\.yaml: no such file/,
  },
  {
    name: 'tenants: a directory',
    dirs: ['t'],
    args: ['values', '--tier', 'datacenter', '--tenants', '$D/t'],
    code: 2,
    message: /t: is a directory, expected a file/,
  },
  {
    name: 'tenants: a list at the top',
    files: { 't.yaml': tenant('a') },
    args: ['values', '--tier', 'datacenter', '--tenants', '$D/t.yaml'],
    code: 2,
    message: /t\.yaml:1:\d+: expected a mapping with a `tenants:` list, found a list/,
  },
  {
    name: 'tenants: a mapping where the list is expected',
    files: { 't.yaml': 'tenants: {a: 1}\n' },
    args: ['values', '--tier', 'datacenter', '--tenants', '$D/t.yaml'],
    code: 2,
    message: /t\.yaml:1:10: tenants: expected a list of tenants, found a mapping/,
  },
  {
    name: 'tenants: a tenant called `no` (false to YAML 1.1) is refused until quoted',
    files: { 't.yaml': tenants(tenant('no')) },
    args: ['values', '--tier', 'datacenter', '--tenants', '$D/t.yaml'],
    code: 2,
    message: /t\.yaml:2:11: tenants\[0\]\.name: YAML 1\.2 reads "no" and YAML 1\.1 \(Helm, kubectl\) the boolean false; quote it/,
  },
  {
    name: 'tenants: a tenant called "no" (quoted) stays the string',
    files: { 't.yaml': tenants(tenant('"no"')) },
    args: ['values', '--tier', 'datacenter', '--tenants', '$D/t.yaml'],
    code: 0,
    message: /name: "no"/,
  },
  {
    name: 'tenants: name 0755 (an integer to YAML)',
    files: { 't.yaml': tenants(tenant('0755')) },
    args: ['values', '--tier', 'datacenter', '--tenants', '$D/t.yaml'],
    code: 2,
    message: /t\.yaml:2:11: tenants\[0\]\.name: YAML 1\.2 reads the number 755 and YAML 1\.1 \(Helm, kubectl\) the number 493; quote it/,
  },
  {
    name: 'tenants: name 1e3 (a float to YAML)',
    files: { 't.yaml': tenants(tenant('1e3')) },
    args: ['values', '--tier', 'datacenter', '--tenants', '$D/t.yaml'],
    code: 2,
    message: /tenants\[0\]\.name: .*found the number 1000; quote it/,
  },
  {
    name: 'tenants: name ~ (null)',
    files: { 't.yaml': tenants(tenant('~')) },
    args: ['values', '--tier', 'datacenter', '--tenants', '$D/t.yaml'],
    code: 2,
    message: /tenants\[0\]\.name: .*found nothing \(null\)/,
  },
  {
    name: 'tenants: name with template braces',
    files: { 't.yaml': tenants(tenant('"{{ .Release.Name }}"')) },
    args: ['values', '--tier', 'datacenter', '--tenants', '$D/t.yaml'],
    code: 2,
    message: /tenants\[0\]\.name: expected a DNS-1123 label.*found "\{\{ \.Release\.Name \}\}"/,
  },
  {
    name: 'tenants: upper-case name',
    files: { 't.yaml': tenants(tenant('Team-A')) },
    args: ['values', '--tier', 'datacenter', '--tenants', '$D/t.yaml'],
    code: 2,
    message: /tenants\[0\]\.name: expected a DNS-1123 label.*found "Team-A"/,
  },
  {
    name: 'tenants: name too long for tenant-<name>',
    files: { 't.yaml': tenants(tenant('a'.repeat(57))) },
    args: ['values', '--tier', 'datacenter', '--tenants', '$D/t.yaml'],
    code: 2,
    message: /\(57 characters, more than 56\)/,
  },
  {
    name: 'tenants: reserved name',
    files: { 't.yaml': tenants(tenant('kube-system')) },
    args: ['values', '--tier', 'datacenter', '--tenants', '$D/t.yaml'],
    code: 2,
    message: /"kube-system" is not allowed here: it is reserved/,
  },
  {
    name: 'tenants: memory 20GB is not a quantity',
    files: { 't.yaml': tenants(tenant('a', { memory: '20GB' })) },
    args: ['values', '--tier', 'datacenter', '--tenants', '$D/t.yaml'],
    code: 2,
    message: /tenants\[0\]\.quota\.memory: expected a Kubernetes quantity of bytes such as 20Gi, found "20GB"/,
  },
  {
    name: 'tenants: cpu "ten"',
    files: { 't.yaml': tenants(tenant('a', { cpu: 'ten' })) },
    args: ['values', '--tier', 'datacenter', '--tenants', '$D/t.yaml'],
    code: 2,
    message: /quota\.cpu: expected a Kubernetes quantity of cores.*found "ten"/,
  },
  {
    name: 'tenants: 2.5 GPUs',
    files: { 't.yaml': tenants(tenant('a', { gpu: '2.5' })) },
    args: ['values', '--tier', 'datacenter', '--tenants', '$D/t.yaml'],
    code: 2,
    message: /quota\.gpu: expected a non-negative integer number of GPUs, found the number 2\.5/,
  },
  {
    name: 'tenants: cost written as $100.00',
    files: { 't.yaml': tenants(tenant('a', { cost: '"$100.00"' })) },
    args: ['values', '--tier', 'datacenter', '--tenants', '$D/t.yaml'],
    code: 2,
    message: /maxTotalCost: expected a cost in USD .* found "\$100\.00"/,
  },
  {
    name: 'tenants: negative tokens',
    files: { 't.yaml': tenants(tenant('a', { tokens: '-1' })) },
    args: ['values', '--tier', 'datacenter', '--tenants', '$D/t.yaml'],
    code: 2,
    message: /maxTotalTokens: expected a non-negative integer .* found the number -1/,
  },
  {
    name: 'tenants: tokens beyond 2^53-1',
    files: { 't.yaml': tenants(tenant('a', { tokens: '100000000000000000000' })) },
    args: ['values', '--tier', 'datacenter', '--tenants', '$D/t.yaml'],
    code: 2,
    message: /maxTotalTokens: .*must be <= 9007199254740991/,
  },
  {
    name: 'tenants: several errors in one file are all reported',
    files: { 't.yaml': tenants(tenant('a', { memory: '20GB' }), tenant('B', { gpu: '2.5' })) },
    args: ['values', '--tier', 'datacenter', '--tenants', '$D/t.yaml'],
    code: 2,
    message:
      /tenants\[0\]\.quota\.memory[\s\S]*tenants\[1\]\.name[\s\S]*tenants\[1\]\.quota\.gpu|tenants\[0\]\.quota\.memory[\s\S]*tenants\[1\]\.quota\.gpu[\s\S]*tenants\[1\]\.name/,
  },
  // --- --set and CLI arguments
  {
    name: '--set without =',
    args: ['values', '--tier', 'edge', '--set', 'foo'],
    code: 2,
    message: /--set\[1\]:1:\d+: expected key=value, found no "="/,
  },
  {
    name: '--set with an empty path segment',
    args: ['values', '--tier', 'edge', '--set', 'a..b=1'],
    code: 2,
    message: /--set\[1\]:1:3: .*empty key in path/,
  },
  {
    name: '--set of an unknown field',
    args: ['values', '--tier', 'edge', '--set', 'nosuch.key=1'],
    code: 2,
    message: /unknown field `nosuch`; expected one of: global/,
  },
  { name: 'values: unknown option', args: ['values', '--bogus'], code: 2, message: /unknown option '--bogus'/ },
  { name: 'values: missing --tier', args: ['values'], code: 2, message: /--tier: missing/ },
  {
    name: 'values -o a directory',
    dirs: ['out'],
    args: ['values', '--tier', 'edge', '-o', '$D/out'],
    code: 2,
    message: /out: cannot write: is a directory, expected a file path/,
  },
  {
    name: 'values -o under a file',
    files: { f: 'x' },
    args: ['values', '--tier', 'edge', '-o', '$D/f/v.yaml'],
    code: 2,
    message: /f\/v\.yaml: cannot write: a parent of this path is a file/,
  },
  {
    name: 'generate --out a file',
    files: { f: 'x' },
    args: ['generate', '--out', '$D/f'],
    code: 2,
    message: /f: exists and is not a directory \(--out\)/,
  },
  // --- manifests given to validate / diff / check
  { name: 'validate: missing file', args: ['validate', '$D/m.yaml'], code: 2, message: /m\.yaml: no such file or directory/ },
  {
    name: 'validate: a directory with no manifests',
    dirs: ['empty'],
    args: ['validate', '$D/empty'],
    code: 2,
    message: /empty: directory holds no \.yaml, \.yml or \.json files/,
  },
  {
    name: 'validate: non-UTF-8 on stdin',
    args: ['validate', '-'],
    input: Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a]),
    code: 2,
    message: /<stdin>:1:4: expected UTF-8 text, found byte 0xff/,
  },
  {
    name: 'validate: alias bomb',
    files: { 'm.yaml': BOMB },
    args: ['validate', '$D/m.yaml'],
    code: 2,
    message: /m\.yaml:\d+(:\d+)?: .*limited to 100 expansions/,
  },
  {
    name: 'validate: a list document',
    files: { 'm.yaml': '- a\n- b\n' },
    args: ['validate', '$D/m.yaml'],
    code: 2,
    message: /m\.yaml:1: expected a Kubernetes object \(a mapping\), found a list/,
  },
  {
    name: 'validate: syntax error on the second document',
    files: { 'm.yaml': `${DEPLOY}---\nkind: a: b\n` },
    args: ['validate', '$D/m.yaml'],
    code: 2,
    message: /m\.yaml:6:\d+: YAML syntax error/,
  },
  {
    name: 'validate: bad --format',
    files: { 'm.yaml': DEPLOY },
    args: ['validate', '--format', 'xml', '$D/m.yaml'],
    code: 2,
    message: /--format must be one of text, markdown, json, sarif; got "xml"/,
  },
  {
    name: 'diff: one input',
    files: { 'm.yaml': DEPLOY },
    args: ['diff', '$D/m.yaml'],
    code: 2,
    message: /expected two inputs \(OLD NEW\), got 1/,
  },
  {
    name: 'diff: bad --format',
    files: { 'm.yaml': DEPLOY },
    args: ['diff', '--format', 'xml', '$D/m.yaml', '$D/m.yaml'],
    code: 2,
    message: /--format must be one of text, markdown, github, json; got "xml"/,
  },
  {
    name: 'diff: missing input',
    files: { 'm.yaml': DEPLOY },
    args: ['diff', '$D/gone.yaml', '$D/m.yaml'],
    code: 2,
    message: /gone\.yaml: no such file or directory/,
  },
  // not a built-in name, so a profile file: there is none
  {
    name: 'check: unknown tier',
    args: ['check', '--tier', 'nope'],
    code: 2,
    message: /nope: unknown tier: expected a built-in tier \(edge, datacenter, connected\) or a profile file, found neither/,
  },
  {
    name: 'check: bad --format',
    args: ['check', '--tier', 'edge', '--format', 'xml'],
    code: 2,
    message: /--format must be one of text, markdown, json, sarif; got "xml"/,
  },
  {
    name: 'check isolation: bad --format',
    files: { 'm.yaml': DEPLOY },
    args: ['check', 'isolation', '--manifests', '$D/m.yaml', '--format', 'xml'],
    code: 2,
    message: /--format must be one of text, markdown, json, mermaid, sarif; got "xml"/,
  },
  {
    name: 'check isolation: non-UTF-8 manifests',
    files: { 'm.yaml': Buffer.from([0x6b, 0x3a, 0xc3, 0x28]) },
    args: ['check', 'isolation', '--manifests', '$D/m.yaml'],
    code: 2,
    message: /m\.yaml:1:3: expected UTF-8 text, found byte 0xc3/,
  },
  {
    name: 'check pod-security: bad --level',
    files: { 'm.yaml': DEPLOY },
    args: ['check', 'pod-security', '--manifests', '$D/m.yaml', '--level', 'bogus'],
    code: 2,
    message: /--level: must be baseline or restricted, not "bogus"/,
  },
  {
    name: 'check pod-security: exceptions file is a list of strings',
    files: { 'm.yaml': DEPLOY, 'e.yaml': '- a\n- b\n' },
    args: ['check', 'pod-security', '--manifests', '$D/m.yaml', '--exceptions', '$D/e.yaml'],
    code: 2,
    message: /e\.yaml:1:3: \[0\]: expected a mapping[\s\S]*e\.yaml:2:3: \[1\]/,
  },
  // --- bundle directories
  { name: 'airgap verify: missing directory', args: ['airgap', 'verify', '$D/b'], code: 2, message: /b: no such directory/ },
  {
    name: 'airgap verify: a file, not a directory',
    files: { b: 'x' },
    args: ['airgap', 'verify', '$D/b'],
    code: 2,
    message: /b: not a directory; expected an air-gap bundle directory/,
  },
  {
    name: 'airgap verify: no manifest.yaml',
    dirs: ['b'],
    args: ['airgap', 'verify', '$D/b'],
    code: 2,
    message: /b\/manifest\.yaml: no manifest\.yaml: not an aipc air-gap bundle/,
  },
  {
    name: 'airgap verify: manifest.yaml is an alias bomb',
    files: { 'b/manifest.yaml': BOMB },
    args: ['airgap', 'verify', '$D/b'],
    code: 2,
    message: /manifest\.yaml.*limited to 100 expansions/,
  },
  {
    name: 'airgap bundle: bad --created',
    args: ['airgap', 'bundle', '--out', '$D/b', '--created', 'bogus'],
    code: 2,
    message: /--created: "bogus" is not a time/,
  },
  {
    name: 'check --bundle: missing manifest',
    dirs: ['b'],
    args: ['check', '--tier', 'edge', '--bundle', '$D/b'],
    code: 2,
    message: /b\/manifest\.yaml: no manifest\.yaml: not an aipc air-gap bundle/,
  },
  // --- values files and --set given to Helm
  { name: 'render -f a directory', dirs: ['v'], args: ['render', '-f', '$D/v'], code: 2, message: /v: is a directory, expected a file/ },
  {
    name: 'render -f: every bad values file is reported, with line and column',
    files: { 'a.yaml': 'x: 1\nx: 2\n', 'b.yaml': '- 1\n' },
    args: ['render', '-f', '$D/a.yaml', '-f', '$D/b.yaml', '-f', '$D/c.yaml'],
    code: 2,
    message: /a\.yaml:2:1: duplicate key "x"[\s\S]*b\.yaml:1:1: expected a mapping of values, found a list[\s\S]*c\.yaml: no such file/,
  },
  {
    name: 'render --set that Helm cannot parse',
    args: ['render', '--set', 'foo'],
    code: 2,
    message: /helm template failed:[\s\S]*key "foo" has no value/,
  },
  {
    name: 'render --set a value the chart schema refuses',
    args: ['render', '--set', 'global.tier=bogus'],
    code: 2,
    message: /\/global\/tier.*must be one of/,
  },
  {
    name: 'render --chart without Chart.yaml',
    dirs: ['c'],
    args: ['render', '--chart', '$D/c'],
    code: 2,
    message: /c is not a chart \(no Chart\.yaml\)/,
  },
];

describe('hostile input through the CLI', () => {
  it.each(cases)('$name → exit $code', (c) => {
    const dir = tempDir('aipc-hostile-');
    for (const d of c.dirs ?? []) mkdirSync(join(dir, d), { recursive: true });
    for (const [path, content] of Object.entries(c.files ?? {})) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const args = c.args.map((a) => a.replaceAll('$D', dir));
    const r = runCli(args, { input: c.input as string | undefined });
    expect({ code: r.code, out: c.code === 0 ? r.stdout : r.stderr }).toMatchObject({
      code: c.code,
      out: expect.stringMatching(c.message),
    });
    // a user error never shows a stack trace or calls itself a bug
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('shows a stack trace for a user error only with AIPC_DEBUG=1', () => {
    const quiet = runCli(['values', '--tier', 'edgy']);
    const debug = runCli(['values', '--tier', 'edgy'], { env: { AIPC_DEBUG: '1' } });
    expect([quiet.code, debug.code]).toEqual([2, 2]);
    expect(quiet.stderr).not.toMatch(/^\s+at /m);
    expect(debug.stderr).toMatch(/unknown tier[\s\S]*^\s+at /m);
  });
});

describe('no template injection', () => {
  const INJECT = '{{ .Release.Name }}{{ fail "boom" }}';
  it('user strings with {{ }} reach the cluster as that literal text', async () => {
    const dir = tempDir('aipc-inject-');
    const values = join(dir, 'inject.yaml');
    // a JSON document is YAML too, and keeps the quoting hazards out of the test's own text
    writeFileSync(
      values,
      JSON.stringify({
        gateway: { config: { banner: INJECT, quote: 'a "b" \'c\' \\d' } },
        controller: { config: { note: `${INJECT}\nsecond line: yes` } },
        ui: { config: { title: INJECT } },
        modelLoader: { source: `s3://x/${INJECT}", "--evil` },
      }),
    );
    const objects = await renderObjects({ valuesFiles: [values] });
    const text = JSON.stringify(objects.map((o) => o.object));
    expect(text).toContain('{{ .Release.Name }}{{ fail \\"boom\\" }}');
    const configs = objects.filter((o) => o.object.kind === 'ConfigMap').map((o) => JSON.stringify(o.object));
    expect(configs.some((c) => c.includes(JSON.stringify(INJECT).slice(1, -1)))).toBe(true);
    expect(configs.some((c) => c.includes('a \\"b\\" \'c\' \\\\d'))).toBe(true);
    const loader = objects.find((o) => o.object.kind === 'Job' && JSON.stringify(o.object).includes('load-models'))!;
    const args = (loader.object as any).spec.template.spec.containers[0].args as string[];
    // one argument, the whole literal: no quote breaks out into a second argument
    expect(args).toContain(`--source=s3://x/${INJECT}", "--evil`);
    expect(args).not.toContain('--evil');
  });

  it('no template applies tpl to values', () => {
    const templates = join(chartDir(), 'templates');
    const offenders: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\btpl\s/.test(readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    walk(templates);
    expect(offenders).toEqual([]);
  });
});
