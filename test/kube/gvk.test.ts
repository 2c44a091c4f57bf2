// Object identity by API group, version and kind; cluster-scoped kinds.
import { describe, expect, it } from 'vitest';
import { groupKind, groupOf, gvkOf, isClusterScoped, isKind, knownKindOf, KNOWN_KINDS, versionOf } from '../../src/kube/gvk.js';

describe('group, version and kind', () => {
  it.each([
    ['v1', '', 'v1'],
    ['apps/v1', 'apps', 'v1'],
    ['networking.k8s.io/v1', 'networking.k8s.io', 'v1'],
    ['policy.networking.k8s.io/v1alpha1', 'policy.networking.k8s.io', 'v1alpha1'],
  ])('%s is group %j version %j', (apiVersion, group, version) => {
    expect(groupOf(apiVersion)).toBe(group);
    expect(versionOf(apiVersion)).toBe(version);
  });

  it('gvkOf needs apiVersion and kind as strings', () => {
    expect(gvkOf({ apiVersion: 'batch/v1', kind: 'Job' })).toEqual({ group: 'batch', version: 'v1', kind: 'Job' });
    expect(gvkOf({ kind: 'Job' })).toBeUndefined();
    expect(gvkOf({ apiVersion: 1, kind: 'Job' })).toBeUndefined();
    expect(gvkOf('Job')).toBeUndefined();
    expect(groupKind('', 'Pod')).toBe('Pod');
    expect(groupKind('apps', 'Deployment')).toBe('Deployment.apps');
  });

  it('a NetworkPolicy of another group is not a networking.k8s.io NetworkPolicy', () => {
    const np = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' };
    const calico = { apiVersion: 'crd.projectcalico.org/v1', kind: 'NetworkPolicy' };
    expect(isKind(np, 'networking.k8s.io', 'NetworkPolicy')).toBe(true);
    expect(isKind(calico, 'networking.k8s.io', 'NetworkPolicy')).toBe(false);
    expect(isKind(np, 'networking.k8s.io', 'Ingress')).toBe(false);
    expect(isKind({ kind: 'NetworkPolicy' }, 'networking.k8s.io', 'NetworkPolicy')).toBe(true);
    expect(isKind({ apiVersion: 'extensions/v1beta1', kind: 'Deployment' }, ['apps', 'extensions'], 'Deployment')).toBe(true);
    expect(isKind(null, '', 'Pod')).toBe(false);
  });
});

describe('cluster-scoped kinds', () => {
  it.each([
    ['Namespace', 'v1', true],
    ['ClusterRole', 'rbac.authorization.k8s.io/v1', true],
    ['AdminNetworkPolicy', 'policy.networking.k8s.io/v1alpha1', true],
    ['ClusterIssuer', 'cert-manager.io/v1', true],
    ['Deployment', 'apps/v1', false],
    ['NetworkPolicy', 'networking.k8s.io/v1', false],
    ['Widget', 'example.com/v1', false],
    // a kind name aipc knows, served by a group it does not: not the known kind
    ['ClusterRole', 'example.com/v1', false],
  ] as const)('%s (%s): %s', (kind, apiVersion, cluster) => {
    expect(isClusterScoped(kind, apiVersion)).toBe(cluster);
  });

  it('without an apiVersion, by kind name', () => {
    expect(isClusterScoped('StorageClass')).toBe(true);
    expect(isClusterScoped('Secret')).toBe(false);
    expect(knownKindOf('Deployment', 'extensions/v1beta1')?.groups).toContain('extensions');
  });

  it('no kind is listed twice for one group', () => {
    const keys = KNOWN_KINDS.flatMap((k) => k.groups.map((g) => groupKind(g, k.kind)));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
