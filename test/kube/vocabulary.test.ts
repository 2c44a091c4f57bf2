// Label selectors, object references and the exception matcher, quantities and DNS names.
import { describe, expect, it } from 'vitest';
import { LabelSelector } from '../../src/kube/selectors.js';
import { exceptionMatches, exceptionNamesOf, formatObjectRef, objectRef, sourceTemplateOf } from '../../src/kube/refs.js';
import { isQuantity, parseQuantity, QUANTITY_PATTERN, quantityValue, QuantityError } from '../../src/kube/quantity.js';
import {
  DNS1035_LABEL_PATTERN,
  DNS1123_LABEL_PATTERN,
  DNS1123_SUBDOMAIN_PATTERN,
  ianaSvcNameErrors,
  isDns1123Label,
  isDns1123Subdomain,
} from '../../src/kube/names.js';

describe('label selectors', () => {
  const sel = (raw: unknown) => {
    const s = LabelSelector.parse(raw);
    if (typeof s === 'string') throw new Error(s);
    return s;
  };
  const labels = { app: 'web', tier: 'front' };

  it.each([
    [{}, true],
    [null, true],
    [{ matchLabels: { app: 'web' } }, true],
    [{ matchLabels: { app: 'db' } }, false],
    [{ matchExpressions: [{ key: 'app', operator: 'In', values: ['db', 'web'] }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'In', values: ['db'] }] }, false],
    [{ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    [{ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, false],
  ])('%j selects {app: web, tier: front}: %s', (raw, selected) => {
    expect(sel(raw).matches(labels)).toBe(selected);
  });

  it('malformed selectors are errors, not "everything"', () => {
    expect(LabelSelector.parse('app=web')).toMatch(/mapping/);
    expect(LabelSelector.parse({ matchLabels: ['app'] })).toMatch(/matchLabels/);
    expect(LabelSelector.parse({ matchExpressions: [{ key: 'a', operator: 'Gt' }] })).toMatch(/operator/);
    expect(LabelSelector.parse({ matchExpressions: [{ operator: 'Exists' }] })).toMatch(/key/);
  });

  it('equal requirements in any order have one canonical form', () => {
    const a = sel({ matchLabels: { b: '2', a: '1' } });
    const b = sel({ matchExpressions: [{ key: 'a', operator: 'In', values: ['1'] }], matchLabels: { b: '2' } });
    expect(a.canonical()).toBe(b.canonical());
  });

  it('builds labels a selector selects (pods that could exist), or says none can be built', () => {
    const s = sel({
      matchLabels: { app: 'db' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['gold', 'silver'] },
        { key: 'owner', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    expect(s.sampleLabels()).toEqual({ app: 'db', tier: 'gold', owner: '' });
    expect(s.matches(s.sampleLabels()!)).toBe(true);
    expect(sel({}).sampleLabels()).toEqual({});
    // app=db and app NotIn [db] select nothing
    expect(
      sel({ matchLabels: { app: 'db' }, matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['db'] }] }).sampleLabels(),
    ).toBeUndefined();
  });
});

describe('object references and exception names', () => {
  it('one display form: Kind/namespace/name, Kind/name without a namespace', () => {
    expect(objectRef({ kind: 'Deployment', metadata: { name: 'gw', namespace: 'ai' } })).toBe('Deployment/ai/gw');
    expect(objectRef({ kind: 'ClusterRole', metadata: { name: 'reader' } })).toBe('ClusterRole/reader');
    expect(objectRef({})).toBe('<no kind>/<no name>');
    expect(formatObjectRef({ kind: 'Pod', namespace: '', name: 'p' })).toBe('Pod/p');
  });

  it('an exception pattern names an object by template, component, name, Kind/name or Kind/namespace/name', () => {
    const o = { kind: 'Deployment', name: 'ai-gateway', namespace: 'ai', sourceTemplate: 'gateway', component: 'gw' };
    expect(exceptionNamesOf(o)).toEqual(['gateway', 'gw', 'ai-gateway', 'Deployment/ai-gateway', 'Deployment/ai/ai-gateway']);
    for (const p of ['gateway', 'gw', 'ai-gateway', 'ai-*', 'Deployment/ai-gateway', 'Deployment/ai/*', '*'])
      expect(exceptionMatches(p, o), p).toBe(true);
    for (const p of ['gate', 'Deployment/other/*', 'StatefulSet/*', 'ai.gateway', 'Deployment/ai'])
      expect(exceptionMatches(p, o), p).toBe(false);
  });

  it('regular-expression characters in a pattern are literal', () => {
    expect(exceptionMatches('a.b', { kind: 'Pod', name: 'a.b' })).toBe(true);
    expect(exceptionMatches('a.b', { kind: 'Pod', name: 'axb' })).toBe(false);
    expect(exceptionMatches('(x)', ['(x)'])).toBe(true);
  });

  it('the chart template of a rendered document', () => {
    expect(sourceTemplateOf('---\n# Source: ai-platform/templates/tests/gateway.yaml\nkind: Pod')).toBe('tests/gateway');
    expect(sourceTemplateOf('kind: Pod')).toBeUndefined();
  });
});

describe('quantities: the API server grammar', () => {
  it.each([
    ['1', 1],
    ['+1', 1],
    ['-1', -1],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['5.', 5],
    ['100n', 100e-9],
    ['100u', 100e-6],
    ['500m', 0.5],
    ['2k', 2000],
    ['2M', 2e6],
    ['2G', 2e9],
    ['2T', 2e12],
    ['2P', 2e15],
    ['2E', 2e18],
    ['1Ki', 1024],
    ['1Mi', 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1Ti', 2 ** 40],
    ['1Pi', 2 ** 50],
    ['1Ei', 2 ** 60],
    ['1e3', 1000],
    ['1E3', 1000],
    ['1e-3', 0.001],
    ['12e+2', 1200],
    ['0', 0],
  ])('%s = %d', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 12);
    expect(quantityValue(text)).toBeCloseTo(value, 12);
    expect(isQuantity(text)).toBe(true);
    expect(new RegExp(QUANTITY_PATTERN).test(text)).toBe(true);
  });

  it.each(['', 'Gi', '1GB', '1gi', '1 Gi', ' 1', '1K', '1e', '1.2.3', 'one', '--1', '1ki', '1Ki2'])('%j is not a quantity', (text) => {
    expect(isQuantity(text)).toBe(false);
    expect(quantityValue(text)).toBeUndefined();
    expect(() => parseQuantity(text)).toThrow(QuantityError);
    expect(new RegExp(QUANTITY_PATTERN).test(text)).toBe(false);
  });

  it('numbers are quantities; anything else has no value (never 0)', () => {
    expect(quantityValue(3)).toBe(3);
    expect(quantityValue(Number.NaN)).toBeUndefined();
    expect(quantityValue(null)).toBeUndefined();
    expect(quantityValue({})).toBeUndefined();
  });
});

describe('DNS names', () => {
  it.each([
    ['a', true, true],
    ['a-b', true, true],
    ['0a', true, true],
    ['a.b', false, true],
    ['-a', false, false],
    ['a-', false, false],
    ['A', false, false],
    ['a..b', false, false],
    ['a'.repeat(63), true, true],
    ['a'.repeat(64), false, true],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, false, true],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`, false, false],
  ])('%j: label %s, subdomain %s', (name, label, subdomain) => {
    expect(isDns1123Label(name)).toBe(label);
    expect(isDns1123Subdomain(name)).toBe(subdomain);
  });

  it('the patterns for schemas say what the validators say (lengths apart)', () => {
    for (const name of ['a', 'a-b', 'a.b', '-a', 'A', '1a', 'a_b', 'a..b', 'a.-b'].concat(['x'])) {
      expect(new RegExp(DNS1123_LABEL_PATTERN).test(name), name).toBe(isDns1123Label(name));
      expect(new RegExp(DNS1123_SUBDOMAIN_PATTERN).test(name), name).toBe(isDns1123Subdomain(name));
    }
    expect(new RegExp(DNS1035_LABEL_PATTERN).test('1a')).toBe(false);
  });

  it('IANA service names (named ports)', () => {
    expect(ianaSvcNameErrors('http')).toEqual([]);
    expect(ianaSvcNameErrors('80')).toEqual(['must contain at least one letter (a-z)']);
    expect(ianaSvcNameErrors('a--b')).toEqual(['must not contain consecutive hyphens']);
    expect(ianaSvcNameErrors('a'.repeat(16))).toEqual(['must be no more than 15 characters']);
    expect(ianaSvcNameErrors('-a')).toEqual(['must not begin or end with a hyphen']);
    expect(ianaSvcNameErrors('')).toEqual([
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must contain at least one letter (a-z)',
    ]);
    expect(ianaSvcNameErrors('A--')).toEqual([
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must contain at least one letter (a-z)',
      'must not contain consecutive hyphens',
      'must not begin or end with a hyphen',
    ]);
  });
});
