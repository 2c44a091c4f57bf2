// The SPEC's deployment checklist, checked by the tool rather than by a person. Each item is a
// pure function of the rendered objects and the values that produced them; the isolation, pod
// security and capacity checks are reused, not repeated.
import type { ManifestObject, KubeObject } from '../../io/manifests.js';
import { objectRef } from '../../kube/refs.js';
import type { BundleEvidence } from '../../airgap/bundle-check.js';
import { checkIsolation } from '../isolation/index.js';
import { CLASSIFICATION_LABEL, TENANT_LABEL } from '../../model/labels.js';
import { TIER_RULES } from '../../tiers/rules.js';
import { isBuiltinTier } from '../../schemas/tier-names.js';

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
  readonly items: readonly ChecklistItem[];
  readonly ok: boolean;
}

/** What the checklist needs: the rendered tier and how it was made. */
export interface ChecklistInput {
  readonly tier: string;
  readonly objects: readonly ManifestObject[];
  /** The merged values the render used (values.yaml, then the tier file, then extra files). */
  readonly values: Record<string, any>;
  readonly valuesFiles: readonly string[];
  /** Version in the chart's Chart.yaml. */
  readonly chartVersion: string;
  /** An air-gap bundle given with --bundle: its verification and what its manifest and packaged chart say. */
  readonly bundle?: BundleEvidence;
  /** Images the tier deploys that a live registry (--registry-url) lacks, when one was asked. */
  readonly registry?: { readonly url: string; readonly missing: readonly string[] };
  /** Capacity and model-fit findings of the tier compiler (empty when everything fits). */
  readonly capacityFindings: readonly string[];
  /** Images outside the tier's registry, each with the object pulling it. */
  readonly imageFindings: readonly string[];
  /** Every image reference the tier deploys. */
  readonly imageRefs: readonly string[];
  /** `aipc lint` of the render with the chart's declared exceptions: what is left, and a summary of what was checked. */
  readonly lint: { readonly findings: readonly string[]; readonly summary: string };
}

const item = (id: string, title: string, failures: string[], passEvidence: string[]): ChecklistItem => ({
  id,
  title,
  status: failures.length ? 'FAIL' : 'PASS',
  evidence: failures.length ? failures : passEvidence,
});

const skip = (id: string, title: string, reason: string): ChecklistItem => ({ id, title, status: 'SKIP', evidence: [reason] });

const kindIs = (kind: string) => (m: ManifestObject) => m.object.kind === kind;
const labels = (o: KubeObject): Record<string, string> => (o.metadata?.labels ?? {}) as Record<string, string>;
const where = (m: ManifestObject, field: string) => `${objectRef(m.object)} ${field}`;

/** Runs every checklist item. */
export function runChecklist(input: ChecklistInput): ChecklistResult {
  const { objects, values, tier } = input;
  const globalCm = objects.find(
    (m) => m.object.kind === 'ConfigMap' && typeof m.object.metadata?.name === 'string' && m.object.metadata.name.endsWith('-global'),
  );
  const gdata = (globalCm?.object.data ?? {}) as Record<string, string>;
  const items: ChecklistItem[] = [];

  // 1. Tier identified and its values file selected
  items.push(
    item(
      'tier-identified',
      'Tier identified and its values file selected',
      [
        ...(values.global?.tier !== tier ? [`values: global.tier is ${JSON.stringify(values.global?.tier)}, expected ${tier}`] : []),
        ...(!globalCm
          ? ['no global ConfigMap rendered']
          : gdata.AIPC_TIER !== tier
            ? [`${where(globalCm, 'data.AIPC_TIER')} = ${gdata.AIPC_TIER}`]
            : []),
      ],
      [`values files: ${input.valuesFiles.join(', ')}`, ...(globalCm ? [`${where(globalCm, 'data.AIPC_TIER')} = ${gdata.AIPC_TIER}`] : [])],
    ),
  );

  // 2. Connectivity constraints stated
  const exp = isBuiltinTier(tier) ? TIER_RULES[tier] : undefined;
  items.push(
    item(
      'connectivity-stated',
      'Connectivity constraints stated',
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
    ),
  );

  // 3. Model fits the tier's GPUs (the tier compiler's capacity check)
  items.push(
    item(
      'model-fits',
      "Model fits the tier's GPUs",
      [...input.capacityFindings],
      [
        values.models?.primary?.provider && values.models.primary.provider !== 'local'
          ? `models.primary = ${values.models.primary.name}, served by ${values.models.primary.provider}: no cluster GPUs needed`
          : `models.primary = ${values.models?.primary?.name} (${values.models?.primary?.parametersBillions}B, ${values.models?.primary?.quantization}) on ${values.gpu?.perReplica} of ${values.gpu?.perNode} ${values.gpu?.type} per node, ${values.gpu?.nodes} nodes`,
      ],
    ),
  );

  // 4. Every image available in the tier's registry: named there (rendered), and there (a live registry or a verified bundle)
  const imagesTitle = "Every image available in the tier's registry";
  const bundleMissing = input.bundle ? input.imageRefs.filter((r) => !input.bundle!.images.some((i) => i.name === r)) : [];
  items.push(
    input.imageFindings.length
      ? item('images-in-registry', imagesTitle, [...input.imageFindings], [])
      : input.registry
        ? item(
            'images-in-registry',
            imagesTitle,
            input.registry.missing.map((r) => `${r}: not in the registry at ${input.registry!.url}`),
            [
              `${input.imageRefs.length} images, each found at ${input.registry.url} (HEAD /v2/<repository>/manifests/<tag>, by digest where pinned)`,
            ],
          )
        : input.bundle && !input.bundle.problems.length
          ? item(
              'images-in-registry',
              imagesTitle,
              bundleMissing.map((r) => `${r}: not in the bundle ${input.bundle!.dir}`),
              [
                `${input.imageRefs.length} images, all from ${values.global?.registry}, each carried by the verified bundle ${input.bundle.dir}`,
              ],
            )
          : skip(
              'images-in-registry',
              imagesTitle,
              `${input.imageRefs.length} images name ${values.global?.registry}; whether it holds them is not checked: give --registry-url URL (or a verified --bundle DIR)`,
            ),
  );

  // 5. Namespace matches classification level
  const namespaces = objects.filter(kindIs('Namespace'));
  const level = values.global?.classification;
  // every namespace objects are placed in is one the render creates, labelled: a namespace Helm
  // creates itself (--create-namespace) carries no classification or Pod Security labels
  const created = new Set(namespaces.map((n) => String(n.object.metadata?.name)));
  const placed = new Map<string, number>();
  for (const m of objects) {
    const ns = m.object.metadata?.namespace;
    if (typeof ns === 'string' && !created.has(ns)) placed.set(ns, (placed.get(ns) ?? 0) + 1);
  }
  const unlabelled = [...placed].map(
    ([ns, n]) =>
      `${n} objects are placed in namespace ${ns}, which the render does not create with its labels (set namespace.create=true; the chart README's install)`,
  );
  items.push(
    item(
      'namespace-classification',
      'Namespace matches classification level',
      [
        ...(namespaces.length === 0 ? ['no Namespace objects rendered'] : []),
        ...unlabelled,
        ...namespaces
          .filter((m) => labels(m.object)[CLASSIFICATION_LABEL] !== level)
          .map(
            (m) =>
              `${where(m, `metadata.labels["${CLASSIFICATION_LABEL}"]`)} = ${labels(m.object)[CLASSIFICATION_LABEL] ?? '(missing)'}, expected ${level}`,
          ),
      ],
      [`${namespaces.length} namespaces labelled ${CLASSIFICATION_LABEL}=${level}`],
    ),
  );

  // 6 and 10. NetworkPolicies block cross-namespace traffic; network isolation verified
  const isolation = checkIsolation([...objects], { forbidExternal: tier === 'edge', exposure: true });
  const proven = isolation.exposure
    ? `; ${isolation.exposure.subjects} pods that could exist checked against ${isolation.exposure.peers.length} representative peers (${isolation.exposure.peers.join(', ')}): none reachable across a boundary`
    : '';
  const crossing = isolation.violations.filter((v) => v.to !== null);
  const external = isolation.violations.filter((v) => v.to === null);
  items.push(
    item(
      'networkpolicies-block-cross-namespace',
      'NetworkPolicies block cross-namespace traffic',
      crossing.map((v) => v.message),
      [
        `${isolation.namespaces.length} namespaces, ${isolation.reach.length} reachable pairs (own namespace, DNS, platform gateway), 0 crossing a tenant or classification boundary${proven}`,
      ],
    ),
  );

  // 7. RBAC limited to own namespace
  const rbac: string[] = [];
  for (const m of objects.filter(kindIs('RoleBinding'))) {
    for (const s of ((m.object as any).subjects ?? []) as { kind: string; name: string; namespace?: string }[]) {
      if (s.kind === 'ServiceAccount' && s.namespace && s.namespace !== m.object.metadata?.namespace)
        rbac.push(`${where(m, 'subjects')}: binds ServiceAccount ${s.namespace}/${s.name} from another namespace`);
    }
  }
  const namespaceByName = new Map(namespaces.map((n) => [String(n.object.metadata?.name), n]));
  for (const m of objects.filter((x) => x.object.kind === 'ClusterRoleBinding')) {
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
  const tenantRoles = objects.filter((m) => m.object.kind === 'Role' && m.object.metadata?.name === 'agents').length;
  items.push(
    item('rbac-namespaced', 'RBAC limited to own namespace', rbac, [
      `agents get namespace-scoped Roles only (${tenantRoles} tenant Roles); no wildcard rules; no cross-namespace bindings; ClusterRoles bound only to the platform's own ServiceAccounts`,
    ]),
  );

  // 8. Audit on
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
  items.push(
    item(
      'audit-on',
      'Audit on',
      audit,
      agentCm ? [`${where(agentCm, 'data["classification.yaml"]')}: audit.enabled true`, 'controller.config.auditEnabled = true'] : [],
    ),
  );

  // 9. One namespace per tenant with ResourceQuota and BudgetQuota
  const tenants = (values.tenants ?? []) as { name: string }[];
  const tenantProblems: string[] = [];
  // index once: a lookup per tenant, not a scan of every object (thousands of tenants)
  const present = new Set<string>();
  for (const m of objects) {
    if (m.object.kind === 'Namespace') present.add(`Namespace/${String(m.object.metadata?.name)}`);
    else if (typeof m.object.metadata?.namespace === 'string') present.add(`${String(m.object.kind)}/${m.object.metadata.namespace}`);
  }
  for (const t of tenants) {
    const ns = `tenant-${t.name}`;
    const inNs = (kind: string) => present.has(`${kind}/${ns}`);
    if (!present.has(`Namespace/${ns}`)) tenantProblems.push(`tenant ${t.name}: no Namespace ${ns}`);
    if (!inNs('ResourceQuota')) tenantProblems.push(`tenant ${t.name}: no ResourceQuota in namespace ${ns}`);
    if (!inNs('BudgetQuota')) tenantProblems.push(`tenant ${t.name}: no BudgetQuota in namespace ${ns}`);
    if (!inNs('NetworkPolicy')) tenantProblems.push(`tenant ${t.name}: no NetworkPolicy in namespace ${ns}`);
  }
  items.push(
    item('tenant-namespaces', 'One namespace per tenant with ResourceQuota and BudgetQuota', tenantProblems, [
      `${tenants.length} tenants, each with Namespace, ResourceQuota, BudgetQuota and NetworkPolicy`,
    ]),
  );

  items.push(
    item(
      'network-isolation',
      'Network isolation verified',
      external.map((v) => v.message),
      [
        (tier === 'edge'
          ? 'no namespace can reach outside the cluster'
          : `egress outside the cluster limited to the tier's ${values.network?.egress} rules`) +
          (isolation.exposure ? `, for the pods in the render and ${isolation.exposure.subjects} pods that could exist` : ''),
      ],
    ),
  );

  // 11. Chart version matches bundle manifest: the packaged chart in a verified bundle, not aipc's own Chart.yaml
  items.push(
    input.bundle
      ? item('chart-version-matches-bundle', 'Chart version matches bundle manifest', [...input.bundle.problems], [...input.bundle.matched])
      : skip(
          'chart-version-matches-bundle',
          'Chart version matches bundle manifest',
          `no bundle given (--bundle DIR --key PUB); Chart.yaml version ${input.chartVersion}`,
        ),
  );

  // 12. Values overrides applied: the rendered objects carry the tier's values
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
  items.push(
    item('values-applied', 'Values overrides applied', overrides, [
      `rendered model ${gdata.AIPC_PRIMARY_MODEL}, classification ${gdata.AIPC_CLASSIFICATION}, registry ${values.global?.registry}`,
    ]),
  );

  // 13. Dependencies resolved: every custom resource has its CRD in the render
  const crdKinds = new Set(
    objects
      .filter(kindIs('CustomResourceDefinition'))
      .map((m) => `${(m.object as any).spec?.group}/${(m.object as any).spec?.names?.kind}`),
  );
  const missingCrds = objects
    .filter((m) => typeof m.object.apiVersion === 'string' && m.object.apiVersion.startsWith('fractal.ai/'))
    .filter((m) => !crdKinds.has(`fractal.ai/${m.object.kind}`))
    .map((m) => `${objectRef(m.object)}: no CustomResourceDefinition for ${m.object.kind}`);
  items.push(
    item('dependencies-resolved', 'Dependencies resolved', missingCrds, [
      `no chart dependencies; CRDs for ${[...crdKinds].length} custom kinds rendered from crds/`,
    ]),
  );

  // 14. Deployable: what one object needs of another exists and selects something, and the
  // kube-linter and Polaris checks pass (apart from the chart's declared exceptions)
  items.push(
    item(
      'lint-clean',
      'Deployable: lint finds nothing (references, selectors, availability, best practice)',
      [...input.lint.findings],
      [input.lint.summary],
    ),
  );

  return { tier, items, ok: items.every((i) => i.status !== 'FAIL') };
}
