// Render-stable credentials. In generate mode (the default) the chart still draws passwords, keys
// and the webhook CA at random on a first install; in a GitOps mode (existing: the site's Secrets;
// hook: a pre-install Job creates missing ones once) nothing is random, so two `helm template` runs
// — what Argo CD does on every sync — are byte-identical with both pinned Helms. The hook Job passes
// aipc's own pod-security, lint and validate on every tier, with the minimal RBAC the brief allows.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { pinnedHelmPath, type PinnedHelm } from '../../src/helm/binary.js';
import { runHelm } from '../../src/helm/run.js';
import { credentialSets } from '../../src/model/credentials.js';
import { chartDir } from '../../src/paths.js';
import { tierValuesFiles } from '../../src/render/render.js';
import { runAipc } from '../support/cli.js';
import { tempDir } from '../helpers.js';
import { SPEC_TIERS } from '../support/spec-tiers.js';

const TIERS = Object.keys(SPEC_TIERS);
const HELMS: PinnedHelm[] = ['helm4', 'helm3'];

interface Obj {
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  // decoded YAML of many kinds, read by path in the assertions
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [k: string]: any;
}

/** A values file in a temp dir. */
function valuesFile(lines: string[]): string {
  const file = join(tempDir(), 'site-values.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Every credential owner given a Secret of the site's (and `keys` renamed where asked). */
const existingLines = (keys: Record<string, Record<string, string>> = {}): string[] => [
  'global:',
  '  credentials:',
  '    mode: existing',
  ...credentialSets.flatMap((c) => [
    `${c.owner}:`,
    '  auth:',
    `    existingSecret: site-${c.owner}`,
    ...(keys[c.owner] ? ['    secretKeys:', ...Object.entries(keys[c.owner]).map(([k, v]) => `      ${k}: ${v}`)] : []),
  ]),
  'webhook:',
  '  tls:',
  '    existingSecret: site-webhook-tls',
  '    caBundle: U0lURS1DQQ==',
];

const GITOPS: Record<string, () => string[]> = {
  existing: () => existingLines(),
  // the webhook certificate from cert-manager, as a cluster that serves it would give
  hook: () => ['global:', '  credentials:', '    mode: hook', 'capabilities:', '  certManager: always'],
};

async function template(helm: PinnedHelm, tier: string, extra: string[] = [], set: string[] = []) {
  const files = [...tierValuesFiles(tier), ...extra].flatMap((f) => ['-f', f]);
  return runHelm(pinnedHelmPath(helm), [
    'template',
    'ai-platform',
    chartDir(),
    '--namespace',
    'ai-platform',
    ...files,
    ...set.flatMap((s) => ['--set', s]),
  ]);
}

async function rendered(
  helm: PinnedHelm,
  tier: string,
  extra: string[] = [],
  set: string[] = [],
): Promise<{ text: string; objects: Obj[] }> {
  const r = await template(helm, tier, extra, set);
  expect(r.exitCode, r.stderr).toBe(0);
  const objects = parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => !!o?.kind);
  return { text: r.stdout, objects };
}

/** Every env entry that reads a Secret key, in every pod template of the render. */
function secretKeyRefs(objects: Obj[]): { workload: string; env: string; name: string; key: string }[] {
  const out: { workload: string; env: string; name: string; key: string }[] = [];
  for (const o of objects) {
    const spec =
      o.spec?.template?.spec ?? o.spec?.jobTemplate?.spec?.template?.spec ?? (o.kind === 'PodTemplate' ? o.template?.spec : undefined);
    for (const c of spec?.containers ?? [])
      for (const e of c.env ?? [])
        if (e.valueFrom?.secretKeyRef)
          out.push({
            workload: `${o.kind}/${o.metadata.name}`,
            env: e.name,
            name: e.valueFrom.secretKeyRef.name,
            key: e.valueFrom.secretKeyRef.key,
          });
  }
  return out;
}

const hookJob = (objects: Obj[]) =>
  objects.find((o) => o.kind === 'Job' && o.metadata.labels?.['app.kubernetes.io/component'] === 'credentials-hook');

describe('GitOps credential modes render nothing random', () => {
  describe.each(HELMS)('%s', (helm) => {
    it.each(TIERS.flatMap((t) => Object.keys(GITOPS).map((m) => [t, m])))(
      'two consecutive helm template renders of tier %s in %s mode are byte-identical',
      async (tier, mode) => {
        const file = valuesFile(GITOPS[mode]());
        const first = await rendered(helm, tier, [file]);
        const second = await rendered(helm, tier, [file]);
        expect(second.text).toBe(first.text);
        // and there is something to compare: the workloads read their credentials from Secrets
        expect(secretKeyRefs(first.objects).length).toBeGreaterThan(0);
      },
    );
  });
});

describe('generate mode (the default)', () => {
  it('still generates every credential and the webhook CA on a first install, differently on each render', async () => {
    const first = await rendered('helm4', 'edge');
    const second = await rendered('helm4', 'edge');
    const generated = (objects: Obj[]) =>
      Object.fromEntries(
        objects
          .filter((o) => o.kind === 'Secret' && o.metadata.annotations?.['fractal.ai/generated-secret'] === 'true')
          .flatMap((o) => Object.entries((o.data ?? {}) as Record<string, string>).map(([k, v]) => [`${o.metadata.name}/${k}`, v])),
      );
    const a = generated(first.objects);
    const b = generated(second.objects);
    // every random key of every needed credential is drawn (no lookup without a cluster) …
    const needed = credentialSets.filter((c) => c.owner !== 'langfuse').flatMap((c) => c.keys.filter((k) => !k.fixed).map((k) => k.env));
    for (const env of needed)
      expect(
        Object.keys(a).some((k) => k.endsWith(`/${env}`)),
        env,
      ).toBe(true);
    for (const [key, value] of Object.entries(a)) {
      if (key.includes('webhook-tls')) continue;
      expect(Buffer.from(value, 'base64').toString(), key).toMatch(/^[A-Za-z0-9]{32}$/);
      // … and drawn again on the next render: what a GitOps sync would apply
      expect(b[key], key).not.toBe(value);
    }
    expect(Buffer.from(a['ai-platform-webhook-tls/ca.crt'], 'base64').toString()).toContain('BEGIN CERTIFICATE');
    expect(hookJob(first.objects)).toBeUndefined();
  });

  it('names the Secrets the workloads read after the generated ones', async () => {
    const { objects } = await rendered('helm4', 'edge');
    const secrets = new Set(objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name));
    const refs = secretKeyRefs(objects);
    expect(refs.map((r) => r.env)).toEqual(
      expect.arrayContaining(['POSTGRES_PASSWORD', 'NEO4J_PASSWORD', 'ETL_ENCRYPTION_KEY', 'AGENT_SIGNING_KEY']),
    );
    for (const r of refs) expect(secrets.has(r.name), `${r.workload} ${r.env} → ${r.name}`).toBe(true);
  });
});

describe('existing mode', () => {
  it('renders no credential Secret and reads the given ones, by the key names given', async () => {
    const file = valuesFile(existingLines({ postgres: { password: 'pg-password' }, neo4j: { password: 'neo4j-pw' } }));
    const { objects } = await rendered('helm4', 'edge', [file]);
    expect(objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name)).toEqual([]);
    const refs = secretKeyRefs(objects);
    const find = (env: string) => refs.filter((r) => r.env === env);
    expect(find('POSTGRES_PASSWORD')).toEqual([expect.objectContaining({ name: 'site-postgres', key: 'pg-password' })]);
    expect(find('POSTGRES_USER')).toEqual([expect.objectContaining({ name: 'site-postgres', key: 'POSTGRES_USER' })]);
    expect(find('NEO4J_PASSWORD')).toEqual([expect.objectContaining({ name: 'site-neo4j', key: 'neo4j-pw' })]);
    expect(find('AGENT_SIGNING_KEY')).toEqual([expect.objectContaining({ name: 'site-controller' })]);
    // the deployment, the nightly CronJob and the Job template of the ETL service
    expect(find('ETL_ENCRYPTION_KEY').map((r) => r.name)).toEqual(['site-etl', 'site-etl', 'site-etl']);
    // the webhook serves the given certificate and the API server trusts the given CA
    const webhook = objects.find((o) => o.kind === 'Deployment' && o.metadata.name.endsWith('-webhook'))!;
    expect(webhook.spec.template.spec.volumes).toContainEqual({ name: 'tls', secret: { secretName: 'site-webhook-tls' } });
    for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
      const config = objects.find((o) => o.kind === kind)!;
      expect(config.webhooks[0].clientConfig.caBundle).toBe('U0lURS1DQQ==');
      expect(config.metadata.annotations?.['cert-manager.io/inject-ca-from']).toBeUndefined();
    }
    expect(objects.some((o) => o.kind === 'Certificate' || o.kind === 'Issuer')).toBe(false);
  });

  it("lints clean by --tier: the site's Secrets count as present, and without them the references are missing", async () => {
    const file = valuesFile(existingLines());
    const lint = await runAipc(['lint', '--tier', 'edge', '-f', file, '--format', 'json']);
    expect(lint.code, lint.stdout).toBe(0);
    // the same render without the values that name them: lint reports the references it cannot resolve
    const render = await runAipc(['render', '--tier', 'edge', '-f', file]);
    expect(render.code, render.stderr).toBe(0);
    const bare = await runAipc(['lint', '-', '--include', 'env-value-from', '--format', 'json'], { input: render.stdout });
    expect(bare.code).toBe(1);
    expect(bare.stdout).toContain('unknown secret \\"site-postgres\\"');
  });

  it('fails the render naming every credential without a Secret of the site', async () => {
    const file = valuesFile([
      'global:',
      '  credentials:',
      '    mode: existing',
      'capabilities:',
      '  certManager: always',
      'etl:',
      '  auth:',
      '    existingSecret: site-etl',
    ]);
    const r = await template('helm4', 'edge', [file]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('global.credentials.mode is existing');
    for (const c of credentialSets.filter((s) => s.owner !== 'etl' && s.owner !== 'langfuse'))
      expect(r.stderr).toContain(`${c.owner}.auth.existingSecret (a Secret with keys ${c.keys.map((k) => k.env).join(', ')}`);
    expect(r.stderr).not.toContain('etl.auth.existingSecret');
    // langfuse is off at the edge: its credentials are not needed
    expect(r.stderr).not.toContain('langfuse.auth');
  });

  it('refuses to generate the webhook certificate at render time, and says what to set', async () => {
    const file = valuesFile(existingLines().slice(0, -4));
    const r = await template('helm4', 'edge', [file]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(
      /global\.credentials\.mode is existing, so nothing may be random at render time: set webhook\.tls\.existingSecret/,
    );
    const noCa = await template('helm4', 'edge', [valuesFile([...existingLines().slice(0, -1)])]);
    expect(noCa.stderr).toContain('webhook.tls.caBundle is required with webhook.tls.existingSecret');
  });
});

describe('hook mode', () => {
  it('a pre-install/pre-upgrade Job creates every Secret the workloads read, with get/create on secrets only', async () => {
    const { objects } = await rendered('helm4', 'edge', [valuesFile(GITOPS.hook())]);
    expect(objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name)).toEqual([]);
    const job = hookJob(objects)!;
    expect(job.metadata.annotations).toMatchObject({
      'helm.sh/hook': 'pre-install,pre-upgrade',
      'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
      'argocd.argoproj.io/hook': 'Sync',
    });
    const args: string[] = job.spec.template.spec.containers[0].args;
    expect(args.slice(0, 2)).toEqual(['ensure-secrets', '--namespace=ai-platform']);
    const created = new Set(
      args
        .map((a) => /^--(?:random|fixed)=([^/]+)\/(.+?)(=|$)/.exec(a))
        .filter((m) => m)
        .map((m) => `${m![1]}/${m![2]}`),
    );
    const refs = secretKeyRefs(objects);
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(created.has(`${r.name}/${r.key}`), `${r.workload} ${r.env}: ${r.name}/${r.key}`).toBe(true);
    expect(args).toContain('--fixed=ai-platform-postgres-credentials/POSTGRES_USER=aiplatform');

    const sa = job.spec.template.spec.serviceAccountName;
    const role = objects.find((o) => o.kind === 'Role' && o.metadata.name === sa)!;
    expect(role.metadata.namespace).toBe('ai-platform');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create'] }]);
    const binding = objects.find((o) => o.kind === 'RoleBinding' && o.metadata.name === sa)!;
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: sa });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: sa, namespace: 'ai-platform' }]);
    // nothing cluster-wide is granted to it
    expect(
      objects
        .filter((o) => o.kind === 'ClusterRoleBinding')
        .flatMap((o) => o.subjects ?? [])
        .map((s: { name: string }) => s.name),
    ).not.toContain(sa);
    // Argo CD applies the Namespace before its Sync hook runs in it
    const ns = objects.find((o) => o.kind === 'Namespace')!;
    expect(Number(ns.metadata.annotations?.['argocd.argoproj.io/sync-wave'])).toBeLessThan(
      Number(job.metadata.annotations!['argocd.argoproj.io/sync-wave']),
    );
  });

  it('creates only what the site has not given: an existingSecret takes its credentials out of the Job', async () => {
    const file = valuesFile([...GITOPS.hook(), 'postgres:', '  auth:', '    existingSecret: site-postgres']);
    const { objects } = await rendered('helm4', 'edge', [file]);
    const args: string[] = hookJob(objects)!.spec.template.spec.containers[0].args;
    expect(args.some((a) => a.includes('postgres-credentials'))).toBe(false);
    expect(args.some((a) => a.includes('NEO4J_PASSWORD'))).toBe(true);
  });

  describe.each(TIERS)('tier %s', (tier) => {
    const flags = ['--tier', tier, '--set', 'global.credentials.mode=hook', '--set', 'capabilities.certManager=always'];
    it('the hook Job passes aipc lint, validate and pod-security, and the lint of the tier', async () => {
      const render = await runAipc(['render', ...flags]);
      expect(render.code, render.stderr).toBe(0);
      expect(render.stdout).toContain('ensure-secrets');
      const lint = await runAipc(['lint', '-'], { input: render.stdout });
      expect(lint.code, lint.stdout).toBe(0);
      const validate = await runAipc(['validate', '-'], { input: render.stdout });
      expect(validate.code, validate.stdout).toBe(0);
      const pss = await runAipc(['check', 'pod-security', ...flags, '--format', 'json']);
      expect(pss.code, pss.stdout).toBe(0);
      const hook = (JSON.parse(pss.stdout).workloads as { ref: string; verdict: string }[]).find((w) =>
        w.ref.endsWith('-credentials-hook'),
      );
      expect(hook).toMatchObject({ verdict: 'pass' });
      // --tier also runs the cross-object checks: the Secrets the Job creates count as present
      const byTier = await runAipc(['lint', ...flags]);
      expect(byTier.code, byTier.stdout).toBe(0);
    });
  });
});
