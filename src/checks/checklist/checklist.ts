// The SPEC's deployment checklist, checked by the tool rather than by a person: one named rule per
// item, each a pure function of the resolved tier, the rendered objects and what the other areas
// found (typed; worded in evidence.ts). The isolation, pod security, capacity, image and lint
// checks are reused, not repeated.
import type { ManifestObject, KubeObject } from '../../io/manifests.js';
import { objectRef } from '../../kube/refs.js';
import type { BundleEvidence } from '../../airgap/bundle-check.js';
import type { ImageFinding } from '../../airgap/images.js';
import type { RenderStability } from '../../render/stability.js';
import { checkIsolation, type IsolationOptions, type IsolationReport } from '../isolation/index.js';
import type { LintReport } from '../lint/run.js';
import { CLASSIFICATION_LABEL, TENANT_LABEL } from '../../model/labels.js';
import { TIER_RULES } from '../../tiers/rules.js';
import type { Finding as TierFinding } from '../../tiers/finding.js';
import type { ResolvedTier } from '../../tiers/resolve.js';
import { isBuiltinTier } from '../../schemas/tier-names.js';
import { bundleMissingLine, capacityLine, imageLine, isolationLine, lintLine, lintSummary, registryMissingLine } from './evidence.js';

/** SKIP: the tool cannot verify the item with what it was given; the evidence says why. Never a PASS. */
export type ItemStatus = 'PASS' | 'FAIL' | 'SKIP';

/** One line of the checklist with the evidence behind its verdict (which object, which field). */
export interface ChecklistItem {
  readonly id: string;
  readonly title: string;
  readonly status: ItemStatus;
  readonly evidence: readonly string[];
}

export interface ChecklistResult {
  readonly tier: string;
  /** The site's name (a site profile's `name`) when it is not the tier's. */
  readonly site?: string;
  readonly items: readonly ChecklistItem[];
  readonly ok: boolean;
}

/** What the other areas found about the rendered tier, as they found it. */
export interface ChecklistFindings {
  /** Capacity and model-fit findings of the tier compiler (empty when everything fits). */
  readonly capacity: readonly TierFinding[];
  /** Images outside the tier's registry, each with the objects pulling it. */
  readonly images: readonly ImageFinding[];
  /** Every image reference the tier deploys. */
  readonly imageRefs: readonly string[];
  /** `aipc lint` of the render with the chart's declared exceptions. */
  readonly lint: LintReport;
  /** An air-gap bundle given with --bundle: its verification and what its manifest and packaged chart say. */
  readonly bundle?: BundleEvidence;
  /** Images the tier deploys that a live registry (--registry-url) lacks, when one was asked. */
  readonly registry?: { readonly url: string; readonly missing: readonly string[] };
  /** A site that declares GitOps delivery (profile `delivery.method: gitops`): its tier rendered twice with Helm, compared. */
  readonly renderStability?: RenderStability;
}

/** What the checklist judges: the tier resolved once, its render, and the other areas' findings. */
export interface ChecklistInput {
  readonly resolved: Pick<ResolvedTier, 'tier' | 'name' | 'mergedValues' | 'sources'>;
  readonly objects: readonly ManifestObject[];
  /** Version in the chart's Chart.yaml. */
  readonly chartVersion: string;
  readonly findings: ChecklistFindings;
}

/** A rule's verdict: the failures (none: PASS, with `evidence`), or a SKIP with its reason. */
export type RuleVerdict = { readonly failures: readonly string[]; readonly evidence: readonly string[] } | { readonly skip: string };

/** One checklist item: its id, the SPEC's wording, and the rule judging it. */
export interface ChecklistRule {
  readonly id: string;
  readonly title: string;
  readonly judge: (c: ChecklistContext) => RuleVerdict;
}

/** The input plus what several rules read, computed once (the isolation analysis only when asked). */
export class ChecklistContext {
  readonly tier: string;
  readonly values: Record<string, any>;
  readonly globalCm: ManifestObject | undefined;
  /** The global ConfigMap's data. */
  readonly gdata: Record<string, string>;
  readonly namespaces: readonly ManifestObject[];
  private isolationReport: IsolationReport | undefined;

  constructor(readonly input: ChecklistInput) {
    this.tier = input.resolved.tier;
    this.values = input.resolved.mergedValues as Record<string, any>;
    this.globalCm = input.objects.find(
      (m) => m.object.kind === 'ConfigMap' && typeof m.object.metadata?.name === 'string' && m.object.metadata.name.endsWith('-global'),
    );
    this.gdata = (this.globalCm?.object.data ?? {}) as Record<string, string>;
    this.namespaces = input.objects.filter(kindIs('Namespace'));
  }

  get objects(): readonly ManifestObject[] {
    return this.input.objects;
  }

  get findings(): ChecklistFindings {
    return this.input.findings;
  }

  /** Reachability over the render and the pods that could exist (edge forbids leaving the cluster). */
  get isolation(): IsolationReport {
    this.isolationReport ??= checkIsolation([...this.objects], checklistIsolationOptions(this.tier));
    return this.isolationReport;
  }
}

/** How the checklist runs the isolation check: pods that could exist judged, edge forbidding the outside. */
export const checklistIsolationOptions = (tier: string): IsolationOptions => ({ forbidExternal: tier === 'edge', exposure: true });

const kindIs = (kind: string) => (m: ManifestObject) => m.object.kind === kind;
const labels = (o: KubeObject): Record<string, string> => (o.metadata?.labels ?? {}) as Record<string, string>;
const where = (m: ManifestObject, field: string) => `${objectRef(m.object)} ${field}`;
const verdict = (failures: readonly string[], evidence: readonly string[]): RuleVerdict => ({ failures, evidence });

/** The checklist, in the SPEC's order. */
export const CHECKLIST_RULES: readonly ChecklistRule[] = [
  {
    id: 'tier-identified',
    title: 'Tier identified and its values file selected',
    judge: ({ tier, values, globalCm, gdata, input }) =>
      verdict(
        [
          ...(values.global?.tier !== tier ? [`values: global.tier is ${JSON.stringify(values.global?.tier)}, expected ${tier}`] : []),
          ...(!globalCm
            ? ['no global ConfigMap rendered']
            : gdata.AIPC_TIER !== tier
              ? [`${where(globalCm, 'data.AIPC_TIER')} = ${gdata.AIPC_TIER}`]
              : []),
        ],
        [
          `values from: ${input.resolved.sources.join(', ')}`,
          ...(globalCm ? [`${where(globalCm, 'data.AIPC_TIER')} = ${gdata.AIPC_TIER}`] : []),
        ],
      ),
  },
  {
    id: 'connectivity-stated',
    title: 'Connectivity constraints stated',
    judge: ({ tier, values }) => {
      const exp = isBuiltinTier(tier) ? TIER_RULES[tier] : undefined;
      return verdict(
        exp
          ? [
              ...(values.global?.connectivity !== exp.connectivity
                ? [`global.connectivity is ${values.global?.connectivity}; tier ${tier} requires ${exp.connectivity}`]
                : []),
              ...(!(exp.egress as readonly unknown[]).includes(values.network?.egress)
                ? [`network.egress is ${values.network?.egress}; tier ${tier} allows ${exp.egress.join(' or ')}`]
                : []),
            ]
          : [`unknown tier ${tier}`],
        [
          `global.connectivity = ${values.global?.connectivity}`,
          `network.egress = ${values.network?.egress}`,
          `network.ingress = ${values.network?.ingress}`,
        ],
      );
    },
  },
  {
    id: 'model-fits',
    title: "Model fits the tier's GPUs",
    judge: ({ values, findings }) =>
      verdict(findings.capacity.map(capacityLine), [
        values.models?.primary?.provider && values.models.primary.provider !== 'local'
          ? `models.primary = ${values.models.primary.name}, served by ${values.models.primary.provider}: no cluster GPUs needed`
          : `models.primary = ${values.models?.primary?.name} (${values.models?.primary?.parametersBillions}B, ${values.models?.primary?.quantization}) on ${values.gpu?.perReplica} of ${values.gpu?.perNode} ${values.gpu?.type} per node, ${values.gpu?.nodes} nodes`,
      ]),
  },
  {
    // named there (rendered), and there (a live registry or a verified bundle)
    id: 'images-in-registry',
    title: "Every image available in the tier's registry",
    judge: ({ values, findings }) => {
      const { images, imageRefs, registry, bundle } = findings;
      if (images.length) return verdict(images.map(imageLine), []);
      if (registry)
        return verdict(
          registry.missing.map((r) => registryMissingLine(r, registry.url)),
          [`${imageRefs.length} images, each found at ${registry.url} (HEAD /v2/<repository>/manifests/<tag>, by digest where pinned)`],
        );
      if (bundle && !bundle.problems.length && !bundle.identityProblems.length)
        return verdict(
          imageRefs.filter((r) => !bundle.images.some((i) => i.name === r)).map((r) => bundleMissingLine(r, bundle.dir)),
          [`${imageRefs.length} images, all from ${values.global?.registry}, each carried by the verified bundle ${bundle.dir}`],
        );
      return {
        skip: `${imageRefs.length} images name ${values.global?.registry}; whether it holds them is not checked: give --registry-url URL (or a verified --bundle DIR)`,
      };
    },
  },
  {
    id: 'namespace-classification',
    title: 'Namespace matches classification level',
    judge: ({ values, namespaces, objects }) => {
      const level = values.global?.classification;
      // every namespace objects are placed in is one the render creates, labelled: a namespace Helm
      // creates itself (--create-namespace) carries no classification or Pod Security labels
      const created = new Set(namespaces.map((n) => String(n.object.metadata?.name)));
      const placed = new Map<string, number>();
      for (const m of objects) {
        const ns = m.object.metadata?.namespace;
        if (typeof ns === 'string' && !created.has(ns)) placed.set(ns, (placed.get(ns) ?? 0) + 1);
      }
      return verdict(
        [
          ...(namespaces.length === 0 ? ['no Namespace objects rendered'] : []),
          ...[...placed].map(
            ([ns, n]) =>
              `${n} objects are placed in namespace ${ns}, which the render does not create with its labels (set namespace.create=true; the chart README's install)`,
          ),
          ...namespaces
            .filter((m) => labels(m.object)[CLASSIFICATION_LABEL] !== level)
            .map(
              (m) =>
                `${where(m, `metadata.labels["${CLASSIFICATION_LABEL}"]`)} = ${labels(m.object)[CLASSIFICATION_LABEL] ?? '(missing)'}, expected ${level}`,
            ),
        ],
        [`${namespaces.length} namespaces labelled ${CLASSIFICATION_LABEL}=${level}`],
      );
    },
  },
  {
    id: 'networkpolicies-block-cross-namespace',
    title: 'NetworkPolicies block cross-namespace traffic',
    judge: ({ isolation }) => {
      const proven = isolation.exposure
        ? `; ${isolation.exposure.subjects} pods that could exist checked against ${isolation.exposure.peers.length} representative peers (${isolation.exposure.peers.join(', ')}): none reachable across a boundary`
        : '';
      // a policy not counted, an ambiguous priority or a kind not modelled makes the verdict unsound
      const unsound = isolation.findings.filter((f) => !f.acknowledged).map((f) => f.message);
      return verdict(
        [...isolation.violations.filter((v) => v.to !== null).map(isolationLine), ...unsound],
        [
          `${isolation.namespaces.length} namespaces, ${isolation.reach.length} reachable ${isolation.reach.length === 1 ? 'pair' : 'pairs'} (own namespace, DNS, platform gateway), 0 crossing a tenant or classification boundary${proven}`,
        ],
      );
    },
  },
  {
    id: 'rbac-namespaced',
    title: 'RBAC limited to own namespace',
    judge: ({ objects, namespaces }) => {
      const rbac = rbacProblems(objects, namespaces);
      const tenantRoles = objects.filter((m) => m.object.kind === 'Role' && m.object.metadata?.name === 'agents').length;
      return verdict(rbac, [
        `agents get namespace-scoped Roles only (${tenantRoles} tenant Roles); no wildcard rules; no cross-namespace bindings; ClusterRoles bound only to the platform's own ServiceAccounts`,
      ]);
    },
  },
  {
    id: 'audit-on',
    title: 'Audit on',
    judge: ({ objects, values }) => {
      const agentCm = objects.find((m) => m.object.kind === 'ConfigMap' && String(m.object.metadata?.name ?? '').endsWith('-agent-config'));
      const audit: string[] = [];
      const classification = String(((agentCm?.object.data ?? {}) as Record<string, string>)['classification.yaml'] ?? '');
      if (!agentCm) audit.push('agent ConfigMap not rendered (controller disabled?)');
      else if (!/audit:\s*\n\s*enabled: true/.test(classification))
        audit.push(`${where(agentCm, 'data["classification.yaml"].audit.enabled')} is not true`);
      if (values.controller?.config?.auditEnabled !== true)
        audit.push(`values: controller.config.auditEnabled is ${values.controller?.config?.auditEnabled}`);
      for (const m of objects.filter(kindIs('KAgent'))) {
        if ((m.object as any).spec?.audit?.enabled !== true) audit.push(`${where(m, 'spec.audit.enabled')} is not true`);
      }
      return verdict(
        audit,
        agentCm ? [`${where(agentCm, 'data["classification.yaml"]')}: audit.enabled true`, 'controller.config.auditEnabled = true'] : [],
      );
    },
  },
  {
    id: 'tenant-namespaces',
    title: 'One namespace per tenant with ResourceQuota and BudgetQuota',
    judge: ({ values, objects }) => {
      const tenants = (values.tenants ?? []) as { name: string }[];
      const problems: string[] = [];
      // index once: a lookup per tenant, not a scan of every object (thousands of tenants)
      const present = new Set<string>();
      for (const m of objects) {
        if (m.object.kind === 'Namespace') present.add(`Namespace/${String(m.object.metadata?.name)}`);
        else if (typeof m.object.metadata?.namespace === 'string') present.add(`${String(m.object.kind)}/${m.object.metadata.namespace}`);
      }
      for (const t of tenants) {
        const ns = `tenant-${t.name}`;
        if (!present.has(`Namespace/${ns}`)) problems.push(`tenant ${t.name}: no Namespace ${ns}`);
        for (const kind of ['ResourceQuota', 'BudgetQuota', 'NetworkPolicy'])
          if (!present.has(`${kind}/${ns}`)) problems.push(`tenant ${t.name}: no ${kind} in namespace ${ns}`);
      }
      return verdict(problems, [
        `${tenants.length} ${tenants.length === 1 ? 'tenant' : 'tenants'}, each with Namespace, ResourceQuota, BudgetQuota and NetworkPolicy`,
      ]);
    },
  },
  {
    id: 'network-isolation',
    title: 'Network isolation verified',
    judge: ({ tier, values, isolation }) =>
      verdict(isolation.violations.filter((v) => v.to === null).map(isolationLine), [
        (tier === 'edge'
          ? 'no namespace can reach outside the cluster'
          : `egress outside the cluster limited to the tier's ${values.network?.egress} rules`) +
          (isolation.exposure ? `, for the pods in the render and ${isolation.exposure.subjects} pods that could exist` : ''),
      ]),
  },
  {
    // the packaged chart in a verified bundle, not aipc's own Chart.yaml
    id: 'chart-version-matches-bundle',
    title: 'Chart version matches bundle manifest',
    judge: ({ findings, input }) =>
      findings.bundle
        ? verdict(findings.bundle.problems, findings.bundle.matched)
        : { skip: `no bundle given (--bundle DIR --key PUB); Chart.yaml version ${input.chartVersion}` },
  },
  {
    // the bundle is the one for this tier, age and registry (a registry `aipc airgap load` rewrote is mapped back)
    id: 'bundle-matches-tier',
    title: "Bundle is of this tier and for the values' registry",
    judge: ({ findings }) =>
      findings.bundle
        ? verdict(findings.bundle.identityProblems, findings.bundle.identityMatched)
        : { skip: 'no bundle given (--bundle DIR --key PUB)' },
  },
  {
    // the rendered objects carry the tier's values
    id: 'values-applied',
    title: 'Values overrides applied',
    judge: ({ globalCm, gdata, values }) => {
      const overrides: string[] = [];
      if (globalCm) {
        if (gdata.AIPC_PRIMARY_MODEL !== values.models?.primary?.name)
          overrides.push(
            `${where(globalCm, 'data.AIPC_PRIMARY_MODEL')} = ${gdata.AIPC_PRIMARY_MODEL}, values say ${values.models?.primary?.name}`,
          );
        if (gdata.AIPC_CLASSIFICATION !== values.global?.classification)
          overrides.push(
            `${where(globalCm, 'data.AIPC_CLASSIFICATION')} = ${gdata.AIPC_CLASSIFICATION}, values say ${values.global?.classification}`,
          );
      } else overrides.push('no global ConfigMap rendered');
      return verdict(overrides, [
        `rendered model ${gdata.AIPC_PRIMARY_MODEL}, classification ${gdata.AIPC_CLASSIFICATION}, registry ${values.global?.registry}`,
      ]);
    },
  },
  {
    // every custom resource has its CRD in the render
    id: 'dependencies-resolved',
    title: 'Dependencies resolved',
    judge: ({ objects }) => {
      const crdKinds = new Set(
        objects
          .filter(kindIs('CustomResourceDefinition'))
          .map((m) => `${(m.object as any).spec?.group}/${(m.object as any).spec?.names?.kind}`),
      );
      const missing = objects
        .filter((m) => typeof m.object.apiVersion === 'string' && m.object.apiVersion.startsWith('fractal.ai/'))
        .filter((m) => !crdKinds.has(`fractal.ai/${m.object.kind}`))
        .map((m) => `${objectRef(m.object)}: no CustomResourceDefinition for ${m.object.kind}`);
      return verdict(missing, [`no chart dependencies; CRDs for ${crdKinds.size} custom kinds rendered from crds/`]);
    },
  },
  {
    // a GitOps tool renders with `helm template` and no cluster: anything random rotates on each sync
    id: 'render-stable',
    title: 'Render stable where the site delivers by GitOps',
    judge: ({ values, findings }) => {
      const mode = `global.credentials.mode = ${values.global?.credentials?.mode ?? 'generate'}`;
      const s = findings.renderStability;
      if (!s)
        return verdict(
          [],
          [`the site delivers with helm install/upgrade (no delivery.method: gitops): ${mode}, generated credentials kept by lookup`],
        );
      return verdict(
        s.identical
          ? []
          : [
              ...s.differences.map((d) => `${d}: differs between two helm template renders`),
              `the site declares delivery.method: gitops, and ${mode}: set delivery.credentials (global.credentials.mode) to existing or hook`,
            ],
        [`delivery.method: gitops; rendered twice with Helm: byte-identical, ${s.objects} objects (${mode})`],
      );
    },
  },
  {
    // what one object needs of another exists and selects something, and the kube-linter and
    // Polaris checks pass (apart from the chart's declared exceptions)
    id: 'lint-clean',
    title: 'Deployable: lint finds nothing (references, selectors, availability, best practice)',
    judge: ({ findings, tier }) => verdict(findings.lint.findings.map(lintLine), [lintSummary(findings.lint, tier)]),
  },
];

/** RBAC grants beyond the platform's own namespaces and ServiceAccounts. */
function rbacProblems(objects: readonly ManifestObject[], namespaces: readonly ManifestObject[]): string[] {
  const rbac: string[] = [];
  for (const m of objects.filter(kindIs('RoleBinding'))) {
    for (const s of ((m.object as any).subjects ?? []) as { kind: string; name: string; namespace?: string }[]) {
      if (s.kind === 'ServiceAccount' && s.namespace && s.namespace !== m.object.metadata?.namespace)
        rbac.push(`${where(m, 'subjects')}: binds ServiceAccount ${s.namespace}/${s.name} from another namespace`);
    }
  }
  const namespaceByName = new Map(namespaces.map((n) => [String(n.object.metadata?.name), n]));
  for (const m of objects.filter(kindIs('ClusterRoleBinding'))) {
    for (const s of ((m.object as any).subjects ?? []) as { kind: string; name: string; namespace?: string }[]) {
      const ns = s.namespace ? namespaceByName.get(s.namespace) : undefined;
      if (ns && labels(ns.object)[TENANT_LABEL])
        rbac.push(`${where(m, 'subjects')}: grants cluster-wide rights to tenant ServiceAccount ${s.namespace}/${s.name}`);
    }
  }
  // cluster-wide grants: a ClusterRoleBinding, or a RoleBinding to a ClusterRole, only to the
  // platform's own ServiceAccounts; never to groups, never the built-in admin roles
  const ownAccounts = new Set(
    objects.filter(kindIs('ServiceAccount')).map((m) => `${m.object.metadata?.namespace}/${m.object.metadata?.name}`),
  );
  for (const m of objects.filter((x) => x.object.kind === 'ClusterRoleBinding' || x.object.kind === 'RoleBinding')) {
    const binding = m.object as {
      roleRef?: { kind?: string; name?: string };
      subjects?: { kind?: string; name?: string; namespace?: string }[];
    };
    const roleRef = binding.roleRef ?? {};
    if (roleRef.kind !== 'ClusterRole') continue;
    if (['cluster-admin', 'admin', 'edit'].includes(String(roleRef.name)))
      rbac.push(`${where(m, 'roleRef')}: binds the built-in ClusterRole ${roleRef.name}`);
    (binding.subjects ?? []).forEach((s, i) => {
      const ns = s.namespace ?? m.object.metadata?.namespace;
      if (s.kind === 'Group') rbac.push(`${where(m, `subjects[${i}]`)}: grants ClusterRole ${roleRef.name} to group ${s.name}`);
      else if (s.kind === 'ServiceAccount' && !ownAccounts.has(`${ns}/${s.name}`))
        rbac.push(
          `${where(m, `subjects[${i}]`)}: grants ClusterRole ${roleRef.name} to ServiceAccount ${ns}/${s.name}, not one the platform renders`,
        );
    });
  }
  for (const m of objects.filter((x) => x.object.kind === 'Role' || x.object.kind === 'ClusterRole')) {
    ((m.object as any).rules ?? []).forEach((r: { verbs?: string[]; resources?: string[]; apiGroups?: string[] }, i: number) => {
      if (r.verbs?.includes('*') || r.resources?.includes('*') || r.apiGroups?.includes('*'))
        rbac.push(`${where(m, `rules[${i}]`)}: wildcard rule`);
    });
  }
  return rbac;
}

/** Judges every checklist item: a pure function of the resolved tier, its render and the findings. */
export function runChecklist(input: ChecklistInput, rules: readonly ChecklistRule[] = CHECKLIST_RULES): ChecklistResult {
  const context = new ChecklistContext(input);
  const items = rules.map(({ id, title, judge }): ChecklistItem => {
    const v = judge(context);
    if ('skip' in v) return { id, title, status: 'SKIP', evidence: [v.skip] };
    return { id, title, status: v.failures.length ? 'FAIL' : 'PASS', evidence: [...(v.failures.length ? v.failures : v.evidence)] };
  });
  const { tier, name } = input.resolved;
  return { tier, ...(name !== tier ? { site: name } : {}), items, ok: items.every((i) => i.status !== 'FAIL') };
}
