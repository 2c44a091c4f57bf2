// CEL as the API server runs it: regex functions matched by RE2 (cel-go uses Go's regexp: linear
// time, RE2 syntax), and the cost limits (k8s.io/apiserver pkg/apis/cel/config.go; the CRD's rules
// estimated when it is created, StaticEstimatedCostLimit; each call and each object bounded at run
// time, PerCallLimit and RuntimeCELCostBudget).
import { describe, expect, it } from 'vitest';
import { runAipc } from '../support/cli.js';
import { estimateCost, schemaShape, valueShape } from '../../src/validate/cel-cost.js';
import { compileRule } from '../../src/validate/cel.js';

const crd = (props: string, rules: string[]) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
${props}
            x-kubernetes-validations:
${rules.map((r) => `            - rule: ${JSON.stringify(r)}`).join('\n')}
`;
const widget = (spec: string) => `---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w, namespace: a}
spec:
${spec}
`;

async function problems(input: string): Promise<{ code: number; messages: string[] }> {
  const r = await runAipc(['validate', '-', '--format', 'json'], { input });
  const report = JSON.parse(r.stdout);
  return {
    code: r.code,
    messages: report.objects.flatMap((o: { kind: string; errors?: { message: string }[] }) =>
      (o.errors ?? []).map((e) => `${o.kind}: ${e.message}`),
    ),
  };
}

describe('CEL regex functions are matched by RE2', () => {
  const props = '              name: {type: string, maxLength: 64}';
  it.each([
    // RE2 syntax JavaScript's RegExp refuses: (?i)
    ["self.name.find('(?i)b') == 'B'", 'ABC', true],
    ["self.name.findAll('a+') == ['aaa', 'aa']", 'baaacaa', true],
    ["self.name.findAll('a', 1) == ['a']", 'aaa', true],
    ["self.name.find('x') == ''", 'abc', true],
    // RE2 is leftmost-first like Go: the first alternative that matches wins
    ["self.name.find('a|ab') == 'a'", 'ab', true],
    // catastrophic for a backtracking engine (42 s in JavaScript), linear in RE2
    ["self.name.find('^(a+)+$') == ''", `${'a'.repeat(30)}b`, true],
    ["self.name.matches('^(a+)+$')", `${'a'.repeat(30)}b`, false],
  ])('%s on %s', async (rule, name, valid) => {
    const r = await problems(crd(props, [rule]) + widget(`  name: ${name}`));
    expect(r.messages.filter((m) => m.startsWith('CustomResourceDefinition'))).toEqual([]);
    expect(r.code, r.messages.join('\n')).toBe(valid ? 0 : 1);
  });
});

describe('CEL cost limits', () => {
  const unbounded = '              items: {type: array, items: {type: string}}';
  const bounded = '              items: {type: array, maxItems: 10, items: {type: string, maxLength: 8}}';
  const triple = "self.items.all(a, self.items.all(b, self.items.all(c, a + b + c != 'xyz')))";

  it('refuses a CRD whose rule is estimated over the limit, as the API server refuses it', async () => {
    const r = await problems(crd(unbounded, [triple]));
    expect(r.code).toBe(1);
    expect(r.messages.join('\n')).toMatch(/CustomResourceDefinition: Forbidden: estimated rule cost exceeds budget by factor of [\d.]+x/);
  });

  it('accepts the same rule where maxItems bounds the lists', async () => {
    const r = await problems(crd(bounded, [triple]) + widget('  items: [a, b, c]'));
    expect(r.messages).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('stops a rule over the per-call limit on an object before running it (a 3 KB list, triple-nested all())', async () => {
    const items = Array.from({ length: 500 }, (_, i) => `x${i}`).join(', ');
    const r = await problems(crd(unbounded, [triple]) + widget(`  items: [${items}]`));
    expect(r.code).toBe(1);
    expect(r.messages).toContain(`Widget: Invalid value: "object": call cost exceeds limit for rule: ${triple}`);
  });

  it('estimates by the schema and by the object, growing with the nesting', () => {
    const rule = compileRule(triple);
    if (rule instanceof Error) throw rule;
    const schema = { type: 'object', properties: { items: { type: 'array', maxItems: 10, items: { type: 'string' } } } };
    const ten = estimateCost(rule.ast, schemaShape(schema));
    expect(ten).toBeGreaterThan(1000);
    expect(ten).toBeLessThan(100_000);
    const hundred = estimateCost(
      rule.ast,
      schemaShape({ ...schema, properties: { items: { ...schema.properties.items, maxItems: 100 } } }),
    );
    expect(hundred / ten).toBeGreaterThan(500);
    expect(estimateCost(rule.ast, valueShape([{ items: ['a', 'b'] }]))).toBeLessThan(
      estimateCost(rule.ast, valueShape([{ items: ['a', 'b', 'c'] }])),
    );
  });
});
