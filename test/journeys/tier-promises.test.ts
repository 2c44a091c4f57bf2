// A tier's promises hold on every path: each value a tier forbids, given in every input form
// (a site profile, a -f file, --set, --set-string, --set-file), is refused by every command that
// resolves a tier — exit 2 naming the value's origin (file:line:col or the flag), before anything
// is rendered, written or signed. The allowed forms of each tier pass.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { runAipc } from '../support/cli.js';

type Tier = 'edge' | 'datacenter' | 'connected';

interface Forbidden {
  readonly name: string;
  readonly tier: Tier;
  /** Lines of a site profile that `extends:` the tier. */
  readonly profile: string;
  /** A -f values file. */
  readonly values: string;
  /** `--set` expressions (also given as --set-string, where the value is a string). */
  readonly set: readonly string[];
  /** `--set-file KEY=<a file holding TEXT>`. */
  readonly setFile: { readonly key: string; readonly text: string };
  /** The rule the refusal names for the -f form. */
  readonly rule: RegExp;
}

const FORBIDDEN: readonly Forbidden[] = [
  {
    name: 'a public registry at the edge',
    tier: 'edge',
    profile: 'registry:\n  type: local\n  url: docker.io\n',
    values: 'global:\n  registry: docker.io\n',
    set: ['global.registry=docker.io'],
    setFile: { key: 'global.registry', text: 'docker.io' },
    rule: /edge\.registry-on-site/,
  },
  {
    name: 'a lower classification',
    tier: 'edge',
    profile: 'classification: unclassified\n',
    values: 'global:\n  classification: unclassified\n',
    set: ['global.classification=unclassified'],
    setFile: { key: 'global.classification', text: 'unclassified' },
    rule: /classification-not-lowered/,
  },
  {
    name: 'load-balanced ingress at the edge',
    tier: 'edge',
    profile: 'network:\n  ingress: load-balanced\n',
    values: 'network:\n  ingress: load-balanced\n',
    set: ['network.ingress=load-balanced'],
    setFile: { key: 'network.ingress', text: 'load-balanced' },
    rule: /edge\.ingress-internal/,
  },
  {
    name: 'egress at the edge',
    tier: 'edge',
    profile: 'network:\n  egress: allow-approved\n  approvedEgress:\n    - {cidr: 0.0.0.0/0, ports: [443]}\n',
    values: 'network:\n  egress: allow-approved\n  approvedEgress:\n    - {cidr: 0.0.0.0/0, ports: [443]}\n',
    set: ['network.egress=allow-approved'],
    setFile: { key: 'network.egress', text: 'allow-approved' },
    rule: /edge\.egress/,
  },
  {
    name: 'a public "internal" range in a datacenter',
    tier: 'datacenter',
    profile: 'network:\n  internalCIDRs: [11.0.0.0/8]\n',
    values: 'network:\n  internalCIDRs: [11.0.0.0/8]\n',
    set: ['network.internalCIDRs[0]=11.0.0.0/8'],
    setFile: { key: 'network.internalCIDRs[0]', text: '11.0.0.0/8' },
    rule: /datacenter\.internal-cidrs-private/,
  },
  {
    name: 'approved egress that adds up to most of the internet',
    tier: 'connected',
    // each entry is a /8 (within the per-entry bound); together 2 × 2^24 addresses
    profile: 'network:\n  approvedEgress:\n    - {cidr: 11.0.0.0/8, ports: [443]}\n    - {cidr: 12.0.0.0/8, ports: [443]}\n',
    values: 'network:\n  approvedEgress:\n    - {cidr: 11.0.0.0/8, ports: [443]}\n    - {cidr: 12.0.0.0/8, ports: [443]}\n',
    set: [
      'network.approvedEgress[1].cidr=11.0.0.0/8',
      'network.approvedEgress[1].ports[0]=443',
      'network.approvedEgress[2].cidr=12.0.0.0/8',
      'network.approvedEgress[2].ports[0]=443',
    ],
    setFile: { key: 'network.approvedEgress[0].cidr', text: '0.0.0.0/1' },
    rule: /connected\.approved-egress-total/,
  },
];

type Form = 'profile' | '-f' | '--set' | '--set-string' | '--set-file';
const FORMS: readonly Form[] = ['profile', '-f', '--set', '--set-string', '--set-file'];

/** The tier flags of one form of a forbidden value, and the origin the refusal must name. */
function tierArgs(dir: string, f: Forbidden, form: Form): { args: string[]; origin: RegExp } {
  switch (form) {
    case 'profile': {
      const file = join(dir, 'site.yaml');
      writeFileSync(file, `extends: ${f.tier}\nname: site-a\n${f.profile}`);
      return { args: ['--tier', file], origin: /site\.yaml:\d+:\d+/ };
    }
    case '-f': {
      const file = join(dir, 'operator.yaml');
      writeFileSync(file, f.values);
      return { args: ['--tier', f.tier, '-f', file], origin: /operator\.yaml:\d+:\d+/ };
    }
    case '--set':
      return { args: ['--tier', f.tier, ...f.set.flatMap((s) => ['--set', s])], origin: /--set\[\d+\]/ };
    case '--set-string':
      return { args: ['--tier', f.tier, ...f.set.flatMap((s) => ['--set-string', s])], origin: /--set-string\[\d+\]/ };
    case '--set-file': {
      const file = join(dir, 'value.txt');
      writeFileSync(file, f.setFile.text);
      return { args: ['--tier', f.tier, '--set-file', `${f.setFile.key}=${file}`], origin: /--set-file\[\d+\]/ };
    }
  }
}

/** Every command that resolves a tier, with the output it would write under `out`. */
const COMMANDS: readonly { name: string; args: (out: string) => string[] }[] = [
  { name: 'values', args: (out) => ['values', '-o', join(out, 'values.yaml')] },
  { name: 'render', args: (out) => ['render', '--split', join(out, 'split')] },
  { name: 'check', args: () => ['check'] },
  { name: 'check isolation', args: () => ['check', 'isolation'] },
  { name: 'check pod-security', args: () => ['check', 'pod-security'] },
  { name: 'lint', args: () => ['lint'] },
  { name: 'diff --base', args: () => ['diff', '--base', 'HEAD'] },
  { name: 'build', args: () => ['build'] },
  { name: 'airgap images', args: () => ['airgap', 'images'] },
  { name: 'airgap bundle', args: (out) => ['airgap', 'bundle', '--out', join(out, 'bundle')] },
  { name: 'airgap collect', args: (out) => ['airgap', 'collect', '--out', join(out, 'collect'), '--key', join(out, 'no-such-key')] },
  { name: 'airgap export', args: (out) => ['airgap', 'export', '--format', 'zarf', '--out', join(out, 'export')] },
];

describe.each(COMMANDS)('$name refuses what the tier forbids, in every input form', (command) => {
  it.each(FORBIDDEN.flatMap((f) => FORMS.map((form) => [f.name, form, f] as const)))('%s, given as %s', async (_name, form, f) => {
    const dir = tempDir();
    const out = join(dir, 'out');
    mkdirSync(out);
    const { args, origin } = tierArgs(dir, f, form);
    // a TMPDIR of the run's own, to see that no temporary file or directory is left behind
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    const r = await runAipc([...command.args(out), ...args], { env: { TMPDIR: tmp } });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(origin);
    if (form === '-f') expect(r.stderr).toMatch(f.rule);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    // nothing written: no values file, no split files, no bundle, no signature, no temp dir left
    expect(readdirSync(out)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('compat holds an operator -f file to each tier', () => {
  it.each(FORBIDDEN)('$name', async (f) => {
    const dir = tempDir();
    const { args, origin } = tierArgs(dir, f, '-f');
    const r = await runAipc(['compat', 'charts/ai-platform', 'charts/ai-platform', ...args]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(origin);
    expect(r.stderr).toMatch(f.rule);
  });
});

describe('the release namespace is never one Kubernetes owns', () => {
  const reserved = ['kube-system', 'kube-public', 'kube-node-lease', 'default'];
  const withNamespace = COMMANDS.filter((c) => c.name !== 'values');
  it.each(withNamespace.flatMap((c) => reserved.map((ns) => [c.name, ns, c] as const)))('%s -n %s', async (_n, ns, command) => {
    const out = join(tempDir(), 'out');
    mkdirSync(out);
    const r = await runAipc([...command.args(out), '--tier', 'edge', '-n', ns]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`--namespace "${ns}" is reserved`));
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('what each tier allows passes, in every input form', () => {
  const allowed: readonly { tier: Tier; name: string; profile: string; values: string; set: string[] }[] = [
    {
      tier: 'edge',
      name: 'a site registry and a higher classification',
      profile: 'classification: top-secret\nregistry:\n  type: local\n  url: registry.site-a.local:5000\n',
      values: 'global:\n  classification: top-secret\n  registry: registry.site-a.local:5000\n',
      set: ['global.classification=top-secret', 'global.registry=10.1.2.3:5000'],
    },
    {
      tier: 'datacenter',
      name: 'private internal ranges (RFC 1918 and RFC 6598)',
      profile: 'network:\n  internalCIDRs: [172.16.0.0/12, 100.64.0.0/10]\n',
      values: 'network:\n  internalCIDRs: [172.16.0.0/12, 100.64.0.0/10]\n',
      set: ['network.internalCIDRs[0]=192.168.0.0/16'],
    },
    {
      tier: 'connected',
      name: 'approved egress within one /8 in total',
      profile: 'network:\n  approvedEgress:\n    - {cidr: 11.0.0.0/9, ports: [443]}\n    - {cidr: 12.0.0.0/10, ports: [443]}\n',
      values: 'network:\n  approvedEgress:\n    - {cidr: 11.0.0.0/9, ports: [443]}\n    - {cidr: 12.0.0.0/10, ports: [443]}\n',
      set: ['network.approvedEgress[0].cidr=11.0.0.0/9'],
    },
  ];
  it.each(allowed.flatMap((a) => (['profile', '-f', '--set'] as const).map((form) => [a.tier, a.name, form, a] as const)))(
    '%s: %s, given as %s',
    async (_t, _n, form, a) => {
      const dir = tempDir();
      const file = join(dir, form === 'profile' ? 'site.yaml' : 'operator.yaml');
      if (form === 'profile') writeFileSync(file, `extends: ${a.tier}\nname: site-a\n${a.profile}`);
      if (form === '-f') writeFileSync(file, a.values);
      const tier = form === 'profile' ? ['--tier', file] : ['--tier', a.tier];
      const extra = form === '-f' ? ['-f', file] : form === '--set' ? a.set.flatMap((s) => ['--set', s]) : [];
      const out = join(dir, 'values.yaml');
      const r = await runAipc(['values', ...tier, ...extra, '-o', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(out)).toBe(true);
    },
  );

  it.each(['edge', 'datacenter', 'connected'] as const)('%s with an operator file renders', async (tier) => {
    const dir = tempDir();
    const file = join(dir, 'operator.yaml');
    writeFileSync(file, 'controller:\n  replicas: 2\n');
    const r = await runAipc(['render', '--tier', tier, '-f', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/kind: Namespace/);
  });
});
