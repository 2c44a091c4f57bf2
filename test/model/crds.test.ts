import { describe, expect, it } from 'vitest';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import type { IJSONSchemaProps } from 'kubernetes-models/apiextensions.k8s.io/v1/JSONSchemaProps';
import {
  FRACTAL_KINDS,
  customResource,
  customResourceDefinitionFor,
  customResourceDefinitions,
  exampleCustomResource,
  type BudgetQuotaSpec,
  type FractalKind,
} from '../../src/model/crds/index.js';

const addFormats = addFormatsPlugin as unknown as typeof addFormatsPlugin.default;

function schemaOf(kind: FractalKind): IJSONSchemaProps {
  const schema = customResourceDefinitionFor(kind).spec.versions[0]?.schema?.openAPIV3Schema;
  if (!schema) throw new Error(`${kind} has no openAPIV3Schema`);
  return schema;
}

/** ajv ignores the x-kubernetes-* keywords (strict: false); int32/int64 are Kubernetes-only formats. */
const validators = new Map<FractalKind, ValidateFunction>();
function validatorFor(kind: FractalKind): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    const ajv = new Ajv({ strict: false, allErrors: true, formats: { int32: true, int64: true } });
    addFormats(ajv);
    validate = ajv.compile(schemaOf(kind));
    validators.set(kind, validate);
  }
  return validate;
}

function errorsOf(kind: FractalKind, object: unknown): string[] {
  const validate = validatorFor(kind);
  return validate(object) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** Every schema node with its path, walking properties, items and additionalProperties. */
function* walk(schema: IJSONSchemaProps, path = ''): Generator<[string, IJSONSchemaProps]> {
  yield [path, schema];
  for (const [name, child] of Object.entries(schema.properties ?? {})) yield* walk(child, `${path}.${name}`);
  if (schema.items && !Array.isArray(schema.items)) yield* walk(schema.items as IJSONSchemaProps, `${path}[]`);
  if (typeof schema.additionalProperties === 'object') yield* walk(schema.additionalProperties, `${path}{}`);
}

/** CEL rules by the schema path they sit on ('' is the object root). */
function celRules(kind: FractalKind): Map<string, string[]> {
  const rules = new Map<string, string[]>();
  for (const [path, node] of walk(schemaOf(kind))) {
    const here = (node['x-kubernetes-validations'] ?? []).map((v) => v.rule);
    if (here.length > 0) rules.set(path, here);
  }
  return rules;
}

/** A deep copy of a sample with one change applied. */
function variant<K extends FractalKind>(kind: K, change: (o: Record<string, any>) => void): Record<string, any> {
  const copy = structuredClone(exampleCustomResource(kind)) as unknown as Record<string, any>;
  change(copy);
  return copy;
}

describe('CustomResourceDefinitions of fractal.ai/v1alpha1', () => {
  it('defines the five kinds in a stable order', () => {
    expect(customResourceDefinitions.map((c) => c.spec.names.kind)).toEqual([...FRACTAL_KINDS]);
    expect(customResourceDefinitions.map((c) => c.metadata.name)).toEqual([
      'kagents.fractal.ai',
      'shardruns.fractal.ai',
      'toolcalls.fractal.ai',
      'budgetquotas.fractal.ai',
      'blackboards.fractal.ai',
    ]);
  });

  it.each(FRACTAL_KINDS)("%s passes kubernetes-models' own CustomResourceDefinition validator", (kind) => {
    expect(() => new CustomResourceDefinition(customResourceDefinitionFor(kind)).validate()).not.toThrow();
  });

  it.each(FRACTAL_KINDS)('%s is namespaced, has one served storage version, a status subresource, names and printer columns', (kind) => {
    const crd = customResourceDefinitionFor(kind);
    expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
    expect(crd.spec.group).toBe('fractal.ai');
    expect(crd.spec.scope).toBe('Namespaced');
    expect(crd.metadata.name).toBe(`${crd.spec.names.plural}.fractal.ai`);
    expect(crd.spec.names.singular).toBe(kind.toLowerCase());
    expect(crd.spec.names.shortNames?.length).toBeGreaterThan(0);
    expect(crd.spec.names.categories).toEqual(['fractal', 'ai-platform']);
    expect(crd.spec.versions).toHaveLength(1);
    const [version] = crd.spec.versions;
    expect(version).toMatchObject({ name: 'v1alpha1', served: true, storage: true, subresources: { status: {} } });
    expect(version?.additionalPrinterColumns?.at(-1)).toMatchObject({ name: 'Age', jsonPath: '.metadata.creationTimestamp' });
    expect(Object.keys(crd.metadata.annotations).length).toBeGreaterThan(0);
  });

  it.each(FRACTAL_KINDS)('%s printer columns point at fields its schema defines', (kind) => {
    const paths = new Set([...walk(schemaOf(kind))].map(([path]) => path));
    const columns = customResourceDefinitionFor(kind).spec.versions[0]?.additionalPrinterColumns ?? [];
    for (const c of columns.filter((c) => !c.jsonPath.startsWith('.metadata.'))) expect(paths, c.jsonPath).toContain(c.jsonPath);
  });

  it("carries no Helm templating, so it can live in the chart's crds/ directory", () => {
    const strings: string[] = [];
    JSON.stringify(customResourceDefinitions, (key, value: unknown) => {
      for (const s of [key, value]) if (typeof s === 'string' && /\{\{|\}\}/.test(s)) strings.push(s);
      return value;
    });
    expect(strings).toEqual([]);
  });

  it.each(FRACTAL_KINDS)('%s bounds every string and list, so CEL cost estimation passes', (kind) => {
    const unbounded: string[] = [];
    for (const [path, node] of walk(schemaOf(kind))) {
      if (path === '.apiVersion' || path === '.kind') continue; // not reachable from any rule
      if (node.type === 'string' && node.maxLength === undefined && node.enum === undefined) unbounded.push(path);
      if (node.type === 'array' && node.maxItems === undefined) unbounded.push(path);
      if (node.type === 'object' && typeof node.additionalProperties === 'object' && node.maxProperties === undefined) unbounded.push(path);
    }
    expect(unbounded).toEqual([]);
  });

  it.each(FRACTAL_KINDS)('%s has a structural schema: every object lists its properties or says why not', (kind) => {
    for (const [path, node] of walk(schemaOf(kind))) {
      if (node.type !== 'object' || path === '.metadata') continue;
      const open = node.properties ?? node.additionalProperties ?? node['x-kubernetes-preserve-unknown-fields'];
      expect(open, path).toBeDefined();
    }
  });
});

describe('example custom resources', () => {
  it.each(FRACTAL_KINDS)('the %s example validates against its CRD schema', (kind) => {
    const example = exampleCustomResource(kind);
    expect(example).toMatchObject({ apiVersion: 'fractal.ai/v1alpha1', kind });
    expect(errorsOf(kind, example)).toEqual([]);
  });

  it('hands out copies, so callers cannot change the samples', () => {
    const first = exampleCustomResource('BudgetQuota') as { spec: { maxTotalTokens: number } };
    first.spec.maxTotalTokens = -1;
    expect(exampleCustomResource('BudgetQuota').spec.maxTotalTokens).toBe(1000000);
  });

  it('builds valid BudgetQuotas for the sample tenants', () => {
    const tenants: [string, BudgetQuotaSpec][] = [
      ['team-alpha', { maxTotalTokens: 1000000, maxTotalCost: '100.00', maxConcurrentRuns: 5 }],
      ['team-beta', { maxTotalTokens: 2000000, maxTotalCost: '200.00', maxConcurrentRuns: 10 }],
      ['team-gamma', { maxTotalTokens: 1500000, maxTotalCost: '150.00', maxConcurrentRuns: 7 }],
    ];
    for (const [name, spec] of tenants) {
      expect(errorsOf('BudgetQuota', customResource('BudgetQuota', { name, namespace: name }, spec))).toEqual([]);
    }
  });

  it('accepts valid statuses', () => {
    const run = variant('ShardRun', (o) => (o.status = { phase: 'EXECUTING', attempt: 2, startedAt: '2025-01-01T12:00:00Z' }));
    expect(errorsOf('ShardRun', run)).toEqual([]);
    const quota = variant('BudgetQuota', (o) => (o.status = { usedTokens: 10, usedCost: '0.25', activeRuns: 1, exhausted: false }));
    expect(errorsOf('BudgetQuota', quota)).toEqual([]);
  });
});

describe('schemas reject invalid custom resources', () => {
  const cases: [string, FractalKind, (o: Record<string, any>) => void][] = [
    ['a cost written as free text ($100.00)', 'BudgetQuota', (o) => (o.spec.maxTotalCost = '$100.00')],
    ['a cost without cents', 'BudgetQuota', (o) => (o.spec.maxTotalCost = '100')],
    ['a cost with one decimal', 'BudgetQuota', (o) => (o.spec.maxTotalCost = '100.5')],
    ['a cost with a leading zero', 'BudgetQuota', (o) => (o.spec.maxTotalCost = '0100.00')],
    ['a negative cost', 'BudgetQuota', (o) => (o.spec.maxTotalCost = '-1.00')],
    ['a cost given as a number', 'BudgetQuota', (o) => (o.spec.maxTotalCost = 100)],
    ['a currency other than USD', 'BudgetQuota', (o) => (o.spec.currency = 'EUR')],
    ['negative tokens', 'BudgetQuota', (o) => (o.spec.maxTotalTokens = -1)],
    ['fractional tokens', 'BudgetQuota', (o) => (o.spec.maxTotalTokens = 1.5)],
    ['negative concurrency', 'BudgetQuota', (o) => (o.spec.maxConcurrentRuns = -1)],
    ['a missing maxConcurrentRuns', 'BudgetQuota', (o) => delete o.spec.maxConcurrentRuns],
    ['fail-open enforcement', 'BudgetQuota', (o) => (o.spec.enforcement = { mode: 'FailOpen' })],
    ['a used cost in free text', 'BudgetQuota', (o) => (o.status = { usedCost: '$1' })],
    ['an unknown classification level', 'KAgent', (o) => (o.spec.classification.level = 'confidential')],
    ['a missing image', 'KAgent', (o) => delete o.spec.image],
    ['an image with neither tag nor digest', 'KAgent', (o) => (o.spec.image = 'registry.local:5000/ai-platform/agent')],
    ['an image with a malformed digest', 'KAgent', (o) => (o.spec.image = 'agent@sha256:abc')],
    ['a missing audit block', 'KAgent', (o) => delete o.spec.audit],
    ['an unknown audit log level', 'KAgent', (o) => (o.spec.audit.logLevel = 'verbose')],
    ['egress given as a string', 'KAgent', (o) => (o.spec.egress.allowed = 'yes')],
    ['a missing intent', 'ShardRun', (o) => delete o.spec.intent],
    ['an empty goal', 'ShardRun', (o) => (o.spec.intent.goal = '')],
    ['an unknown phase', 'ShardRun', (o) => (o.status = { phase: 'DONE', attempt: 0 })],
    ['a negative attempt', 'ShardRun', (o) => (o.status = { phase: 'PLANNING', attempt: -1 })],
    ['a missing requiresApproval', 'ToolCall', (o) => delete o.spec.requiresApproval],
    ['an approval without approver', 'ToolCall', (o) => delete o.spec.approval.approver],
    ['an approval time that is no timestamp', 'ToolCall', (o) => (o.spec.approval.time = 'yesterday')],
    ['a decision without id', 'Blackboard', (o) => delete o.spec.decisions[0].id],
    ['a directive without value', 'Blackboard', (o) => delete o.spec.directives[0].value],
    [
      'more decisions than the bound',
      'Blackboard',
      (o) => (o.spec.decisions = Array.from({ length: 129 }, (_, i) => ({ ...o.spec.decisions[0], id: `d${i}` }))),
    ],
  ];

  it.each(cases)('rejects %s (%s)', (_, kind, change) => {
    expect(errorsOf(kind, variant(kind, change))).not.toEqual([]);
  });

  it('accepts images pinned by tag, digest or both, from any registry', () => {
    const digest = `@sha256:${'a'.repeat(64)}`;
    for (const image of [
      'postgres:15',
      'harbor.internal.mil:443/ai-platform/agent:v0.1.0',
      '123456789.dkr.ecr.us-gov-west-1.amazonaws.com/ai-platform/agent:v0.1.0',
      `registry.local:5000/ai-platform/agent${digest}`,
      `ai-platform/agent:v0.1.0${digest}`,
    ]) {
      expect(
        errorsOf(
          'KAgent',
          variant('KAgent', (o) => (o.spec.image = image)),
        ),
        image,
      ).toEqual([]);
    }
  });
});

describe('CEL rules enforce what the schema alone cannot', () => {
  it('KAgent: no :latest image, no source both allowed and denied, audit on above unclassified', () => {
    const rules = celRules('KAgent');
    expect(rules.get('.spec.image')).toEqual(["!self.endsWith(':latest')"]);
    expect(rules.get('.spec.classification')?.[0]).toMatch(/allowedDataSources\.exists\(s, s in self\.deniedDataSources\)/);
    expect(rules.get('.spec')).toEqual(["self.classification.level == 'unclassified' || self.audit.enabled"]);
  });

  it('ShardRun: immutable intent, ordered phases with final terminal phases, non-decreasing attempt', () => {
    const rules = celRules('ShardRun');
    expect(rules.get('.spec.intent')).toEqual(['self == oldSelf']);
    const phase = rules.get('.status.phase')?.[0] ?? '';
    expect(phase).toMatch(/^self == oldSelf \|\| /);
    expect(phase).toContain("oldSelf == 'PLANNING' && self in ['COMMITTED', 'FAILED']");
    expect(phase).toContain("oldSelf == 'COMMITTED' && self in ['EXECUTING', 'FAILED']");
    expect(phase).toContain("oldSelf == 'EXECUTING' && self in ['COMPLETED', 'FAILED']");
    expect(phase).not.toMatch(/oldSelf == '(COMPLETED|FAILED)'/);
    expect(rules.get('.status.attempt')).toEqual(['self >= oldSelf']);
    expect(rules.get('')?.[0]).toMatch(/self\.status\.phase in \['PLANNING', 'FAILED'\]/);
  });

  it('ToolCall: no result without approval when approval is required; approval is final', () => {
    const rules = celRules('ToolCall');
    expect(rules.get('')).toEqual([
      '!has(self.status) || !has(self.status.result) || !self.spec.requiresApproval || (has(self.spec.approval) && self.spec.approval.approved)',
    ]);
    expect(rules.get('.spec.approval')).toEqual(['self == oldSelf']);
    expect(rules.get('.spec')).toContain('!has(oldSelf.approval) || has(self.approval)');
  });

  it('BudgetQuota: fails closed by schema (FailClosed is the only mode, and the default)', () => {
    const enforcement = schemaOf('BudgetQuota').properties?.spec?.properties?.enforcement;
    expect(enforcement?.properties?.mode).toMatchObject({ enum: ['FailClosed'], default: 'FailClosed' });
    expect(enforcement?.default).toEqual({ mode: 'FailClosed' });
  });

  it('Blackboard: decisions are append-only, directives are a map upserted by key', () => {
    const rules = celRules('Blackboard');
    expect(rules.get('.spec.decisions')).toEqual(['size(self) >= size(oldSelf) && oldSelf.all(old, self.exists(d, d.id == old.id))']);
    expect(rules.get('.spec.decisions[]')).toEqual(['self == oldSelf']);
    expect(rules.get('.spec')).toEqual(['!has(oldSelf.decisions) || has(self.decisions)']);
    const spec = schemaOf('Blackboard').properties?.spec?.properties;
    expect(spec?.decisions).toMatchObject({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['id'] });
    expect(spec?.directives).toMatchObject({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['key'] });
    expect(celRules('Blackboard').has('.spec.directives')).toBe(false);
  });

  it('every rule carries a message for the user it rejects', () => {
    for (const kind of FRACTAL_KINDS) {
      for (const [path, node] of walk(schemaOf(kind))) {
        for (const v of node['x-kubernetes-validations'] ?? []) expect(v.message, `${kind}${path}: ${v.rule}`).toBeTruthy();
      }
    }
  });
});
