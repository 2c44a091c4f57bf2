// RBAC checks: who may exec into or attach to pods, who holds cluster-admin (by name or by
// equivalent rules), who may read Secrets or create pods, and wildcards in rules.
import { asRecord, type FieldPath } from '../../util/data.js';
import { list, str, type LintContext, type LintObject } from './context.js';
import { objectCheck } from './check-helpers.js';
import type { LintCheck } from './types.js';

interface Rule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
}

const rulesOf = (role: LintObject): Rule[] =>
  list(role.raw.rules).map((r) => {
    const rule = asRecord(r) ?? {};
    return {
      apiGroups: list(rule.apiGroups).map(String),
      resources: list(rule.resources).map(String),
      verbs: list(rule.verbs).map(String),
    };
  });

const ADMIN_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/** Rules that amount to cluster-admin: every verb on every resource of every group. */
function isAdminEquivalent(role: LintObject): boolean {
  return rulesOf(role).some(
    (r) =>
      r.apiGroups.includes('*') && r.resources.includes('*') && (r.verbs.includes('*') || ADMIN_VERBS.every((v) => r.verbs.includes(v))),
  );
}

/** Whether rules let their holder exec into or attach to pods. */
function grantsExecAttach(rules: readonly Rule[]): boolean {
  return rules.some(
    (r) =>
      (r.apiGroups.includes('') || r.apiGroups.includes('*')) &&
      r.resources.some((x) => x === '*' || x === 'pods/exec' || x === 'pods/attach' || x === 'pods/*') &&
      r.verbs.some((v) => v === '*' || v === 'create' || v === 'get'),
  );
}

/** Kubernetes' own bootstrap roles and bindings, which Polaris does not report. */
const isBootstrapName = (name: string): boolean => name.startsWith('system:') || name.startsWith('gce:');
const BUILTIN_CLUSTER_ROLES = new Set(['admin', 'cluster-admin', 'edit']);

/**
 * The rules of Kubernetes' default user-facing ClusterRoles that bear on exec and attach (RBAC's
 * bootstrap policy, plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go): a binding may name
 * them without the stream holding them, and they exist on every cluster.
 */
const DEFAULT_CLUSTER_ROLE_RULES: Readonly<Record<string, readonly Rule[]>> = {
  'cluster-admin': [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
  admin: [
    {
      apiGroups: [''],
      resources: ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'],
      verbs: ['create', 'delete', 'deletecollection', 'patch', 'update', 'get', 'list', 'watch'],
    },
  ],
  edit: [
    {
      apiGroups: [''],
      resources: ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'],
      verbs: ['create', 'delete', 'deletecollection', 'patch', 'update', 'get', 'list', 'watch'],
    },
  ],
  view: [{ apiGroups: [''], resources: ['pods', 'pods/log', 'pods/status'], verbs: ['get', 'list', 'watch'] }],
};

/**
 * Whether the ClusterRole a binding names allows exec or attach, as Polaris decides it
 * (pkg/config/checks/*PodExecAttach.yaml): the stream's ClusterRole of that name, else Kubernetes'
 * default one; a name that is neither "does not exist", which Polaris reports too.
 */
function clusterRoleAllowsExec(ctx: LintContext, name: string): boolean {
  const role = ctx.find('ClusterRole', '', name);
  if (role) return grantsExecAttach(rulesOf(role));
  const builtin = DEFAULT_CLUSTER_ROLE_RULES[name];
  return builtin === undefined || grantsExecAttach(builtin);
}

/** The role a binding refers to, or undefined when it is not in the stream. */
function roleOf(ctx: LintContext, binding: LintObject): LintObject | undefined {
  const ref = asRecord(binding.raw.roleRef) ?? {};
  const kind = str(ref.kind) ?? '';
  return ctx.find(kind, kind === 'Role' ? binding.namespace : '', str(ref.name) ?? '');
}

const roleRefKind = (b: LintObject): string => str(asRecord(b.raw.roleRef)?.kind) ?? '';
const roleRefName = (b: LintObject): string => str(asRecord(b.raw.roleRef)?.name) ?? '';

/**
 * A binding check: bindings of `bindingKind` to a role of `roleKind` whose rules satisfy `bad`;
 * with `missingFails`, a binding to a role not in the stream is reported too (its rules are unknown).
 */
function bindingCheck(
  spec: { name: string; polaris?: string; severity?: 'error' | 'warning'; byDefault?: boolean; description: string },
  bindingKind: 'RoleBinding' | 'ClusterRoleBinding',
  roleKind: 'Role' | 'ClusterRole',
  bad: (role: LintObject | undefined, refName: string) => boolean,
  message: (refName: string) => string,
): LintCheck {
  return objectCheck({ origin: 'polaris', byDefault: true, severity: 'error', ...spec, kinds: [bindingKind] }, (b, ctx) => {
    if (roleRefKind(b) !== roleKind || isBootstrapName(b.name)) return [];
    const role = roleOf(ctx, b);
    return bad(role, roleRefName(b)) ? [[['roleRef'], message(roleRefName(b))]] : [];
  });
}

const execAttachRole = (roleKind: string) => (role: LintObject | undefined, refName: string) =>
  role ? grantsExecAttach(rulesOf(role)) : !(roleKind === 'ClusterRole' && BUILTIN_CLUSTER_ROLES.has(refName));

/** Polaris' own binding names it never reports: Kubernetes' `system:` bindings and GKE's calico one. */
const polarisDefaultBinding = (name: string): boolean => name.startsWith('system:') || name === 'gce:podsecuritypolicy:calico-sa';

/** Polaris' first schema of a binding to a ClusterRole: roleRef names one of rbac.authorization.k8s.io. */
function refsClusterRole(b: LintObject): boolean {
  const ref = asRecord(b.raw.roleRef) ?? {};
  return ref.apiGroup === 'rbac.authorization.k8s.io' && ref.kind === 'ClusterRole' && typeof ref.name === 'string' && ref.name !== '';
}

function accessCheck(name: string, resources: RegExp[], verbs: RegExp[], description: string): LintCheck {
  return objectCheck({ name, byDefault: false, description, kinds: ['RoleBinding', 'ClusterRoleBinding'] }, (b, ctx) => {
    const role = roleOf(ctx, b);
    if (!role) return [];
    const hitVerbs = new Set<string>();
    const hitResources = new Set<string>();
    for (const r of rulesOf(role)) {
      const rs = r.resources.filter((x) => resources.some((re) => re.test(x)) || x === '*');
      const vs = r.verbs.filter((x) => verbs.some((re) => re.test(x)) || x === '*');
      if (rs.length && vs.length) {
        vs.forEach((v) => hitVerbs.add(v));
        rs.forEach((x) => hitResources.add(x));
      }
    }
    return hitVerbs.size
      ? [
          [
            ['roleRef'],
            `binding to ${JSON.stringify(role.name)} role that has [${[...hitVerbs].join(' ')}] access to [${[...hitResources].join(' ')}]`,
          ],
        ]
      : [];
  });
}

/** Whether a rule grants `use` of the PodSecurityPolicy `name`. */
const grantsUse = (r: Rule, name: string, resourceNames: string[]): boolean =>
  (r.apiGroups.includes('policy') || r.apiGroups.includes('*')) &&
  (r.resources.includes('podsecuritypolicies') || r.resources.includes('*')) &&
  (r.verbs.includes('use') || r.verbs.includes('*')) &&
  (resourceNames.length === 0 || resourceNames.includes(name));

export const rbacChecks: readonly LintCheck[] = [
  objectCheck(
    {
      name: 'pod-security-policy-unused',
      origin: 'aipc',
      byDefault: false,
      selfContained: true,
      severity: 'error',
      description: 'PodSecurityPolicies no binding lets anyone use: with PSP admission on, pods it should admit are refused.',
      kinds: ['PodSecurityPolicy'],
    },
    (psp, ctx) => {
      const usable = ctx.ofKind('RoleBinding', 'ClusterRoleBinding').some((b) => {
        const role = roleOf(ctx, b);
        if (!role) return false;
        return list(role.raw.rules).some((raw) => {
          const rule = asRecord(raw) ?? {};
          const r: Rule = {
            apiGroups: list(rule.apiGroups).map(String),
            resources: list(rule.resources).map(String),
            verbs: list(rule.verbs).map(String),
          };
          return grantsUse(r, psp.name, list(rule.resourceNames).map(String));
        });
      });
      return usable
        ? []
        : [
            [
              ['metadata', 'name'],
              `no Role or ClusterRole bound in the stream grants "use" of PodSecurityPolicy ${JSON.stringify(psp.name)}`,
            ],
          ];
    },
  ),
  objectCheck(
    {
      name: 'cluster-role-pod-exec-attach',
      polaris: 'clusterrolePodExecAttach',
      origin: 'polaris',
      byDefault: true,
      severity: 'error',
      description: 'ClusterRoles that allow exec into or attach to pods.',
      kinds: ['ClusterRole'],
    },
    (r) =>
      isBootstrapName(r.name) || BUILTIN_CLUSTER_ROLES.has(r.name) || !grantsExecAttach(rulesOf(r))
        ? []
        : [[['rules'], 'ClusterRole allows exec into or attach to pods']],
  ),
  objectCheck(
    {
      name: 'role-pod-exec-attach',
      polaris: 'rolePodExecAttach',
      origin: 'polaris',
      byDefault: true,
      severity: 'error',
      description: 'Roles that allow exec into or attach to pods.',
      kinds: ['Role'],
    },
    (r) => (isBootstrapName(r.name) || !grantsExecAttach(rulesOf(r)) ? [] : [[['rules'], 'Role allows exec into or attach to pods']]),
  ),
  // Polaris' clusterrolebindingPodExecAttach: bindings named cluster-admin or system:* and bindings to
  // "view" pass; any other must name a ClusterRole that exists and allows neither exec nor attach
  objectCheck(
    {
      name: 'cluster-role-binding-pod-exec-attach',
      polaris: 'clusterrolebindingPodExecAttach',
      origin: 'polaris',
      byDefault: true,
      severity: 'error',
      description:
        "ClusterRoleBindings to a ClusterRole that allows exec or attach (the stream's, or a Kubernetes default such as admin or edit), or that does not exist.",
      kinds: ['ClusterRoleBinding'],
    },
    (b, ctx) => {
      if (b.name === 'cluster-admin' || polarisDefaultBinding(b.name) || roleRefName(b) === 'view') return [];
      if (!refsClusterRole(b)) return [[['roleRef'], 'roleRef does not name a ClusterRole of rbac.authorization.k8s.io']];
      return clusterRoleAllowsExec(ctx, roleRefName(b))
        ? [
            [
              ['roleRef'],
              `binds ClusterRole ${JSON.stringify(roleRefName(b))}, which allows exec into or attach to pods (or does not exist)`,
            ],
          ]
        : [];
    },
  ),
  // Polaris' rolebindingClusterRolePodExecAttach: a RoleBinding to a Role, or named system:*, passes;
  // a RoleBinding to a ClusterRole must name one that exists and allows neither exec nor attach
  objectCheck(
    {
      name: 'role-binding-cluster-role-pod-exec-attach',
      polaris: 'rolebindingClusterRolePodExecAttach',
      origin: 'polaris',
      byDefault: true,
      severity: 'error',
      description:
        "RoleBindings to a ClusterRole that allows exec or attach (the stream's, or a Kubernetes default such as admin or edit), or that does not exist.",
      kinds: ['RoleBinding'],
    },
    (b, ctx) => {
      if (roleRefKind(b) === 'Role' || polarisDefaultBinding(b.name)) return [];
      if (!refsClusterRole(b)) return [[['roleRef'], 'roleRef names neither a Role nor a ClusterRole of rbac.authorization.k8s.io']];
      return clusterRoleAllowsExec(ctx, roleRefName(b))
        ? [
            [
              ['roleRef'],
              `binds ClusterRole ${JSON.stringify(roleRefName(b))}, which allows exec into or attach to pods (or does not exist)`,
            ],
          ]
        : [];
    },
  ),
  bindingCheck(
    {
      name: 'role-binding-role-pod-exec-attach',
      polaris: 'rolebindingRolePodExecAttach',
      description: 'RoleBindings to a Role that allows exec or attach (or that is not in the stream).',
    },
    'RoleBinding',
    'Role',
    (role, ref) => execAttachRole('Role')(role, ref),
    (ref) => `binds Role ${JSON.stringify(ref)}, which allows exec into or attach to pods (or is not in the stream)`,
  ),
  objectCheck(
    {
      name: 'cluster-admin-role-binding',
      polaris: 'clusterrolebindingClusterAdmin',
      origin: 'both',
      byDefault: true,
      severity: 'error',
      description: 'ClusterRoleBindings to cluster-admin or to a ClusterRole with the same rules.',
      kinds: ['ClusterRoleBinding'],
    },
    (b, ctx) => {
      if (roleRefKind(b) !== 'ClusterRole' || isBootstrapName(b.name)) return [];
      const role = roleOf(ctx, b);
      return roleRefName(b) === 'cluster-admin' || (role && isAdminEquivalent(role))
        ? [
            [
              ['roleRef'],
              `cluster-admin role is bound by ClusterRoleBinding ${JSON.stringify(b.name)} (ClusterRole ${JSON.stringify(roleRefName(b))})`,
            ],
          ]
        : [];
    },
  ),
  bindingCheck(
    {
      name: 'role-binding-cluster-admin-cluster-role',
      polaris: 'rolebindingClusterAdminClusterRole',
      description: 'RoleBindings to cluster-admin or an equivalent ClusterRole.',
    },
    'RoleBinding',
    'ClusterRole',
    (role, ref) => ref === 'cluster-admin' || (role !== undefined && isAdminEquivalent(role)),
    (ref) => `binds ClusterRole ${JSON.stringify(ref)}, which holds cluster-admin's rules`,
  ),
  bindingCheck(
    {
      name: 'role-binding-cluster-admin-role',
      polaris: 'rolebindingClusterAdminRole',
      description: "RoleBindings to a Role with cluster-admin's rules.",
    },
    'RoleBinding',
    'Role',
    (role) => role !== undefined && isAdminEquivalent(role),
    (ref) => `binds Role ${JSON.stringify(ref)}, which holds cluster-admin's rules`,
  ),
  accessCheck(
    'access-to-secrets',
    [/^secrets$/],
    [/^get$/, /^list$/, /^delete$/, /^create$/, /^watch$/],
    'Bindings to roles that can read or change Secrets.',
  ),
  accessCheck(
    'access-to-create-pods',
    [/^pods$/, /^deployments$/, /^statefulsets$/, /^replicasets$/, /^cronjob$/, /^jobs$/, /^daemonsets$/],
    [/^create$/],
    'Bindings to roles that can create pods or pod controllers.',
  ),
  objectCheck(
    {
      name: 'wildcard-in-rules',
      byDefault: false,
      description: 'Roles and ClusterRoles with a wildcard in verbs or resources.',
      kinds: ['Role', 'ClusterRole'],
    },
    (r) =>
      list(r.raw.rules).flatMap((rule, i) => {
        const out: (readonly [FieldPath, string])[] = [];
        const rr = asRecord(rule) ?? {};
        if (list(rr.verbs).includes('*')) out.push([['rules', i, 'verbs'], 'wildcard "*" in verb specification']);
        if (list(rr.resources).includes('*')) out.push([['rules', i, 'resources'], 'wildcard "*" in resource specification']);
        return out;
      }),
  ),
];
