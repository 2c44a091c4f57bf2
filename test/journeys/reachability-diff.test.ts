// Mutations on a real render (the datacenter tier, three tenants whose namespaces run no pod yet):
// what `aipc diff` says first is what the change opens between tenants. A tenant policy pair that
// opens one port from one tenant to another leads the diff, naming both namespaces, the port and
// both policies; half of it (only the receiving side's ingress) opens nothing and says nothing; the
// reverse change closes it again.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAipc } from '../support/cli.js';

const ingressFromAlpha = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-postgres-from-alpha
  namespace: tenant-team-beta
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: tenant-team-alpha
      ports:
        - protocol: TCP
          port: 5432
`;
const egressToBeta = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: to-beta-postgres
  namespace: tenant-team-alpha
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: tenant-team-beta
      ports:
        - protocol: TCP
          port: 5432
`;

describe('aipc diff leads with what a change opens between tenants (datacenter render)', () => {
  let dir: string;
  let base: string;
  beforeAll(async () => {
    // one render for the three cases (helpers' tempDir is removed after each test)
    dir = mkdtempSync(join(tmpdir(), 'aipc-reach-diff-'));
    const r = await runAipc(['render', '--tier', 'datacenter']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    base = r.stdout;
    expect(base).toContain('name: tenant-team-alpha');
    expect(base).toContain('name: tenant-team-beta');
    writeFileSync(join(dir, 'before.yaml'), base);
    writeFileSync(join(dir, 'open.yaml'), base + ingressFromAlpha + egressToBeta);
    writeFileSync(join(dir, 'half.yaml'), base + ingressFromAlpha);
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const diff = (a: string, b: string, format = 'text') => runAipc(['diff', a, b, '--format', format], { cwd: dir });

  it('opening TCP 5432 from team-alpha to team-beta is the first line: both namespaces, the port, the policies', async () => {
    const r = await diff('before.yaml', 'open.yaml');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [first, ...rest] = r.stdout.split('\n');
    expect(first).toMatch(/^now reachable: tenant-team-alpha → tenant-team-beta TCP 5432, allowed by /);
    expect(first).toContain('NetworkPolicy tenant-team-alpha/to-beta-postgres (egress rule #1)');
    expect(first).toContain('NetworkPolicy tenant-team-beta/allow-postgres-from-alpha (ingress rule #1)');
    // nothing else opens or closes: the other tenants and the platform keep their reach
    expect(rest.filter((l) => /^(now|no longer) reachable/.test(l))).toEqual([]);
    expect(r.stdout).toContain('+ NetworkPolicy tenant-team-alpha/to-beta-postgres');

    const md = (await diff('before.yaml', 'open.yaml', 'markdown')).stdout;
    expect(md.split('\n').find((l) => l.startsWith('- '))).toMatch(/^- now reachable: tenant-team-alpha → tenant-team-beta TCP 5432, /);
    const json = JSON.parse((await diff('before.yaml', 'open.yaml', 'json')).stdout);
    expect(json.sections[0].reachability[0]).toMatchObject({
      reach: 'now',
      from: 'tenant-team-alpha',
      to: 'tenant-team-beta',
      connections: 'TCP 5432',
    });
  }, 120_000);

  it("only the receiving side's ingress rule: team-alpha's egress still denies, so no connection opens", async () => {
    const r = await diff('before.yaml', 'half.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('+ NetworkPolicy tenant-team-beta/allow-postgres-from-alpha (networking.k8s.io/v1)');
    expect(r.stdout).not.toMatch(/reachable/);
  }, 120_000);

  it('the reverse change closes it, naming what denies it now', async () => {
    const r = await diff('open.yaml', 'before.yaml');
    expect(r.code).toBe(0);
    const first = r.stdout.split('\n')[0];
    expect(first).toMatch(/^no longer reachable: tenant-team-alpha → tenant-team-beta TCP 5432, now /);
    expect(first).toContain("NetworkPolicy 'tenant-team-alpha/tenant-isolation' selects tenant-team-alpha/{any pod}[Pod]");
    expect(readFileSync(join(dir, 'before.yaml'), 'utf8')).toBe(base);
  }, 120_000);
});
