import { describe, expect, it } from 'vitest';
import {
  dns1035LabelErrors,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  isDns1035Label,
  isDns1123Label,
  isDns1123Subdomain,
  isLabelValue,
  isQualifiedName,
  labelValueErrors,
  objectNameErrors,
  qualifiedNameErrors,
} from '../../src/kube/names.js';

describe('Kubernetes name rules', () => {
  it('DNS-1123 labels: lowercase alphanumerics and -, alphanumeric at both ends, at most 63', () => {
    for (const ok of ['a', 'team-alpha', '0abc', 'a'.repeat(63)]) expect(isDns1123Label(ok), ok).toBe(true);
    for (const bad of ['', 'Team', 'team_alpha', '-a', 'a-', 'a.b', 'a'.repeat(64)]) expect(isDns1123Label(bad), bad).toBe(false);
    expect(dns1123LabelErrors('a'.repeat(64))).toEqual(['must be no more than 63 characters (is 64)']);
  });

  it('DNS-1123 subdomains: dotted labels, at most 253', () => {
    for (const ok of ['a', 'api.v2', 'budgetquotas.fractal.ai', `${'a'.repeat(63)}.${'b'.repeat(63)}`])
      expect(isDns1123Subdomain(ok), ok).toBe(true);
    for (const bad of ['', 'a..b', '.a', 'a.', 'A.b', 'a_b', `${'a'.repeat(250)}.com`]) expect(isDns1123Subdomain(bad), bad).toBe(false);
    expect(dns1123SubdomainErrors('My_App')).toHaveLength(1);
  });

  it('DNS-1035 labels start with a letter', () => {
    expect(isDns1035Label('api')).toBe(true);
    expect(isDns1035Label('9-api')).toBe(false);
    expect(dns1035LabelErrors('9-api')[0]).toContain('starting with a letter');
  });

  it('label keys: optional DNS subdomain prefix, name of at most 63 [A-Za-z0-9._-]', () => {
    for (const ok of ['app', 'app.kubernetes.io/name', 'My_Key.v1', 'fractal.ai/tenant', 'a'.repeat(63)])
      expect(isQualifiedName(ok), ok).toBe(true);
    for (const bad of ['', '/name', 'Example.com/name', 'a/b/c', '_app', 'app-', 'bad key', 'a'.repeat(64), 'x/'])
      expect(isQualifiedName(bad), bad).toBe(false);
    expect(qualifiedNameErrors('Example.com/name')[0]).toMatch(/^prefix part must be a lowercase RFC 1123 subdomain/);
  });

  it('label values: empty, or at most 63 [A-Za-z0-9._-] alphanumeric at both ends', () => {
    for (const ok of ['', 'v0.1.0', 'My_Value', '12345', 'a'.repeat(63)]) expect(isLabelValue(ok), ok).toBe(true);
    for (const bad of ['-bad-', 'a b', 'v1/2', 'a'.repeat(64), '$100.00']) expect(isLabelValue(bad), bad).toBe(false);
    expect(labelValueErrors('x'.repeat(64))[0]).toBe('must be no more than 63 characters (is 64)');
  });

  it('object names follow the rule of their kind', () => {
    expect(objectNameErrors('Deployment', 'api.v2')).toEqual([]);
    expect(objectNameErrors('Service', 'api.v2')).not.toEqual([]);
    expect(objectNameErrors('Namespace', 'team.alpha')).not.toEqual([]);
    expect(objectNameErrors('ClusterRole', 'system:aggregate-to-admin')).toEqual([]);
    expect(objectNameErrors('ClusterRole', 'a/b')).toEqual(["may not contain '/'"]);
  });
});
