// Every checklist rule fires on the input that breaks its item and stays quiet on the tier as
// rendered; a rule added to CHECKLIST_RULES without a case here fails the last test.
import { beforeAll, describe, expect, it } from 'vitest';
import { checklistFindings } from '../../../src/actions/check.js';
import { withResolvedTier } from '../../../src/actions/tier.js';
import { checkImagesInRegistry, listImages } from '../../../src/airgap/images.js';
import { CHECKLIST_RULES, runChecklist, type ChecklistInput, type ItemStatus } from '../../../src/checks/checklist/checklist.js';
import { lintChartRender } from '../../../src/checks/lint/tier.js';
import type { ManifestObject } from '../../../src/io/manifests.js';
import { renderResolvedTier } from '../../../src/render/render.js';

let base: ChecklistInput;
beforeAll(async () => {
  base = await withResolvedTier({ tier: 'edge' }, async (resolved) => {
    const objects = await renderResolvedTier(resolved);
    const lint = lintChartRender(objects, resolved.mergedValues);
    return { resolved, objects, chartVersion: '1.2.3', findings: await checklistFindings(resolved, objects, lint) };
  });
});

type Change = (input: ChecklistInput) => ChecklistInput;
const values =
  (change: (v: Record<string, any>) => void): Change =>
  (input) => {
    const v = structuredClone(input.resolved.mergedValues) as Record<string, any>;
    change(v);
    return { ...input, resolved: { ...input.resolved, mergedValues: v as never } };
  };
const objects =
  (change: (o: ManifestObject[]) => ManifestObject[]): Change =>
  (input) => ({
    ...input,
    objects: change(structuredClone([...input.objects])),
  });
const findings =
  (change: (f: ChecklistInput['findings']) => Partial<ChecklistInput['findings']>): Change =>
  (input) => ({
    ...input,
    findings: { ...input.findings, ...change(input.findings) },
  });
const named = (m: ManifestObject, kind: string, suffix: string) =>
  m.object.kind === kind && String(m.object.metadata?.name).endsWith(suffix);

/** Per rule: a change that makes it FAIL, and the evidence line that says why. */
const FIRING: Record<string, { change: Change; evidence: RegExp }> = {
  'tier-identified': { change: values((v) => (v.global.tier = 'datacenter')), evidence: /global\.tier is "datacenter", expected edge/ },
  'connectivity-stated': { change: values((v) => (v.network.egress = 'open')), evidence: /network\.egress is open; tier edge allows/ },
  'model-fits': {
    change: findings(() => ({
      capacity: [{ path: ['gpu', 'perReplica'], message: 'the model needs 3 GPUs, the tier has 2', rule: 'capacity' }],
    })),
    evidence: /needs 3 GPUs/,
  },
  'images-in-registry': {
    change: (input) => {
      const changed = objects((o) => {
        const ui = o.find((m) => named(m, 'Deployment', '-ui'))!;
        (ui.object as any).spec.template.spec.containers[0].image = 'docker.io/library/nginx:1.27';
        return o;
      })(input);
      return {
        ...changed,
        findings: { ...changed.findings, images: checkImagesInRegistry(listImages(changed.objects), 'registry.local:5000') },
      };
    },
    evidence: /docker\.io\/library\/nginx:1\.27 .*\(Deployment\/ai-platform\/ai-platform-ui container/,
  },
  'namespace-classification': {
    change: objects((o) => {
      const ns = o.find((m) => m.object.kind === 'Namespace')!;
      (ns.object.metadata!.labels as Record<string, string>)['fractal.ai/classification'] = 'public';
      return o;
    }),
    evidence: /classification"\] = public, expected/,
  },
  'networkpolicies-block-cross-namespace': {
    change: objects((o) => o.filter((m) => m.object.kind !== 'NetworkPolicy')),
    evidence: /tenant-/,
  },
  'rbac-namespaced': {
    change: objects((o) => [
      ...o,
      {
        file: 'extra.yaml',
        line: 1,
        source: '',
        itemPath: [],
        object: {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: 'everyone' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
          subjects: [{ kind: 'Group', name: 'system:authenticated', apiGroup: 'rbac.authorization.k8s.io' }],
        },
      } as ManifestObject,
    ]),
    evidence: /ClusterRoleBinding\/everyone roleRef: binds the built-in ClusterRole cluster-admin/,
  },
  'audit-on': { change: values((v) => (v.controller.config.auditEnabled = false)), evidence: /auditEnabled is false/ },
  'tenant-namespaces': {
    change: objects((o) => o.filter((m) => m.object.kind !== 'BudgetQuota')),
    evidence: /^tenant \S+: no BudgetQuota in namespace tenant-/,
  },
  'network-isolation': {
    change: objects((o) => o.filter((m) => m.object.kind !== 'NetworkPolicy')),
    evidence: /outside|external|0\.0\.0\.0/,
  },
  'chart-version-matches-bundle': {
    change: findings(() => ({
      bundle: {
        dir: 'b',
        problems: ['charts/ai-platform-0.0.1.tgz: packaged chart version 0.0.1, but the chart checked is 1.2.0'],
        matched: [],
        identityProblems: [],
        identityMatched: [],
        images: [],
      },
    })),
    evidence: /packaged chart version 0\.0\.1/,
  },
  'bundle-matches-tier': {
    change: findings(() => ({
      bundle: {
        dir: 'b',
        problems: [],
        matched: [],
        identityProblems: ['b: the bundle is of tier datacenter; tier edge was asked for'],
        identityMatched: [],
        images: [],
      },
    })),
    evidence: /bundle is of tier datacenter/,
  },
  'values-applied': {
    change: objects((o) => {
      const cm = o.find((m) => named(m, 'ConfigMap', '-global'))!;
      (cm.object.data as Record<string, string>).AIPC_PRIMARY_MODEL = 'other-model';
      return o;
    }),
    evidence: /data\.AIPC_PRIMARY_MODEL = other-model, values say/,
  },
  'dependencies-resolved': {
    change: objects((o) => o.filter((m) => m.object.kind !== 'CustomResourceDefinition')),
    evidence: /: no CustomResourceDefinition for /,
  },
  'render-stable': {
    change: findings(() => ({
      renderStability: {
        identical: false,
        objects: 80,
        differences: ['Secret/ai-platform/ai-platform-credentials data.NEO4J_PASSWORD'],
      },
    })),
    evidence: /Secret\/ai-platform\/ai-platform-credentials data\.NEO4J_PASSWORD: differs between two helm template renders/,
  },
  'lint-clean': {
    change: findings((f) => ({
      lint: {
        ...f.lint,
        findings: [
          {
            check: 'no-read-only-root-fs',
            kind: 'Deployment',
            namespace: 'ai-platform',
            name: 'x',
            message: 'writable root',
            path: '',
            file: 'f.yaml',
            line: 3,
            severity: 'error',
          },
        ],
      },
    })),
    evidence: /^f\.yaml:3: no-read-only-root-fs: Deployment ai-platform\/x: writable root$/,
  },
};

/** Per rule that can SKIP: a change that gives it what it needs and the status that follows. */
const EVIDENCE_GIVEN: Record<string, { change: Change; status: ItemStatus }> = {
  'images-in-registry': {
    change: findings((f) => ({ registry: { url: 'http://127.0.0.1:5000', missing: [] }, imageRefs: f.imageRefs })),
    status: 'PASS',
  },
  'chart-version-matches-bundle': {
    change: findings(() => ({
      bundle: {
        dir: 'b',
        problems: [],
        matched: ['charts/ai-platform-1.2.3.tgz: chart 1.2.3'],
        identityProblems: [],
        identityMatched: [],
        images: [],
      },
    })),
    status: 'PASS',
  },
  'bundle-matches-tier': {
    change: findings(() => ({
      bundle: { dir: 'b', problems: [], matched: [], identityProblems: [], identityMatched: ['b: tier edge'], images: [] },
    })),
    status: 'PASS',
  },
};

const item = (input: ChecklistInput, id: string) => runChecklist(input).items.find((i) => i.id === id)!;

describe('checklist rules', () => {
  it.each(CHECKLIST_RULES.map((r) => r.id))('%s is quiet on the tier as rendered', (id) => {
    expect(['PASS', 'SKIP']).toContain(item(base, id).status);
    const given = EVIDENCE_GIVEN[id];
    if (given) expect(item(given.change(base), id).status).toBe(given.status);
    else expect(item(base, id).status).toBe('PASS');
  });

  it.each(Object.entries(FIRING))('%s fires, saying why', (id, { change, evidence }) => {
    const judged = item(change(base), id);
    expect(judged.status).toBe('FAIL');
    expect(
      judged.evidence.some((e) => evidence.test(e)),
      judged.evidence.join('\n'),
    ).toBe(true);
  });

  it('a live registry missing an image fails the images item, naming it', () => {
    const ref = base.findings.imageRefs[0];
    const judged = item(findings(() => ({ registry: { url: 'http://127.0.0.1:5000', missing: [ref] } }))(base), 'images-in-registry');
    expect(judged).toMatchObject({ status: 'FAIL', evidence: [`${ref}: not in the registry at http://127.0.0.1:5000`] });
  });

  it('every rule has a firing case and a quiet case', () => {
    expect(Object.keys(FIRING).sort()).toEqual(CHECKLIST_RULES.map((r) => r.id).sort());
    expect(new Set(CHECKLIST_RULES.map((r) => r.id)).size).toBe(CHECKLIST_RULES.length);
  });
});
