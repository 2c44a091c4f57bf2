import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createValidator, validateObjects, type ValidationOptions, type ValidationReport } from '../../src/validate/validator.js';
import { readManifestText } from '../../src/io/manifests.js';
import { generateManifestStream } from '../../bench/stream.js';

const fixtures = join(import.meta.dirname, '../fixtures/validate');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');

function validate(text: string, options?: ValidationOptions, file = 'out.yaml'): ValidationReport {
  const read = readManifestText(text, file);
  expect(read.diagnostics).toEqual([]);
  return validateObjects(read.objects, options);
}

/** Every issue as `line ref: path: message`. */
function issues(report: ValidationReport): string[] {
  return report.objects.flatMap((o) => o.issues.map((i) => `${i.line} ${o.ref}: ${i.path}: ${i.message}`));
}

const deployment = (spec: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: ai
spec:
${spec}`;

const containerSpec = `  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: agent:v0.1.0`;

describe('validateObjects', () => {
  it('accepts a valid multi-document stream of built-in, prometheus-operator and cert-manager kinds', () => {
    const report = validate(fixture('valid-stream.yaml'));
    expect(issues(report)).toEqual([]);
    expect(report).toMatchObject({ resources: 8, valid: 8, invalid: 0, skipped: 0 });
    expect(report.objects.map((o) => o.kind)).toContain('ServiceMonitor');
    expect(report.objects.map((o) => o.kind)).toContain('Certificate');
  });

  it('reports a wrong type with the line of the field and what was found', () => {
    const report = validate(deployment(`  replicas: "two"\n${containerSpec}`));
    expect(issues(report)).toEqual(['7 Deployment/ai/api: spec.replicas: expected an integer, found "two"']);
    expect(report).toMatchObject({ valid: 0, invalid: 1 });
  });

  it('reports int-or-string fields that are neither', () => {
    const report = validate(deployment(`  strategy:\n    rollingUpdate:\n      maxSurge: true\n${containerSpec}`));
    expect(issues(report)).toEqual([
      '9 Deployment/ai/api: spec.strategy.rollingUpdate.maxSurge: expected a string or an integer, found the boolean true',
    ]);
  });

  it('rejects unknown fields under strict, suggesting the intended name', () => {
    const text = deployment(`  replicaz: 2\n${containerSpec}\n          imagePullPolcy: Always`);
    expect(issues(validate(text))).toEqual([
      '7 Deployment/ai/api: spec.replicaz: unknown field (did you mean "replicas"?)',
      '17 Deployment/ai/api: spec.template.spec.containers[0].imagePullPolcy: unknown field (did you mean "imagePullPolicy"?)',
    ]);
    expect(validate(text, { strict: false }).invalid).toBe(0);
  });

  it('accepts free-form fields (labels, annotations, resource quantities, fieldsV1)', () => {
    const text = deployment(`${containerSpec}\n          resources:\n            limits: {nvidia.com/gpu: 1, memory: 16Gi}`);
    expect(issues(validate(text))).toEqual([]);
  });

  it('reports a missing required field at its parent', () => {
    const report = validate(
      deployment(
        `  selector:\n    matchLabels: {app: api}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers:\n        - image: agent:v0.1.0`,
      ),
    );
    expect(issues(report)).toEqual(['13 Deployment/ai/api: spec.template.spec.containers[0].name: required field is missing']);
  });

  it('reports a missing name', () => {
    expect(issues(validate('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  namespace: ai\n'))).toEqual([
      '3 ConfigMap/ai/<no name>: metadata.name: required field is missing (or set metadata.generateName)',
    ]);
  });

  it('says which apiVersions a kind exists in when the apiVersion/kind pair is wrong', () => {
    const report = validate('apiVersion: v1\nkind: Deployment\nmetadata:\n  name: api\n');
    expect(issues(report)).toEqual(['1 Deployment/api: apiVersion: Deployment is not in v1; Deployment exists in apps/v1']);
    // also with --ignore-missing-schemas: the kind is known, the pair is wrong
    expect(validate('apiVersion: apps/v2\nkind: Deployment\nmetadata:\n  name: api\n', { ignoreMissingSchemas: true }).invalid).toBe(1);
  });

  it('rejects API versions Kubernetes 1.33 no longer serves', () => {
    expect(issues(validate('apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: restricted\nspec: {}\n'))).toEqual([
      '1 PodSecurityPolicy/restricted: apiVersion: policy/v1beta1 PodSecurityPolicy was removed in Kubernetes 1.25; Kubernetes 1.33 serves no PodSecurityPolicy',
    ]);
    expect(issues(validate('apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: etl\n'))[0]).toContain(
      'removed in Kubernetes 1.25; use batch/v1',
    );
  });

  it('fails kinds without a schema unless ignoreMissingSchemas, which counts them as skipped', () => {
    const text = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n';
    const strictReport = validate(text);
    expect(strictReport.invalid).toBe(1);
    expect(issues(strictReport)[0]).toContain('kind: no schema for example.com/v1 Widget');
    expect(validate(text, { ignoreMissingSchemas: true })).toMatchObject({ resources: 1, valid: 0, invalid: 0, skipped: 1 });
  });

  it('checks names and label keys and values by Kubernetes rules, per kind', () => {
    const text = `apiVersion: v1
kind: Service
metadata:
  name: 9-api
  namespace: Team_A
  labels:
    app.kubernetes.io/name: "-bad-"
    "bad key!": x
spec:
  selector:
    tier: ${'x'.repeat(64)}
  ports: [{port: 80}]
`;
    const found = issues(validate(text));
    expect(found).toHaveLength(5);
    expect(found[0]).toMatch(/^4 Service\/Team_A\/9-api: metadata\.name: "9-api" is not a valid Service name: must be an RFC 1035 label/);
    expect(found[1]).toMatch(/^5 .*metadata\.namespace: "Team_A" is not a valid namespace/);
    expect(found[2]).toMatch(/^7 .*metadata\.labels\["app\.kubernetes\.io\/name"\]: label value "-bad-" is invalid/);
    expect(found[3]).toMatch(/^8 .*metadata\.labels\["bad key!"\]: label key "bad key!" is invalid/);
    expect(found[4]).toMatch(/^11 .*spec\.selector\.tier: label value "x{64}" is invalid: must be no more than 63 characters/);
    // a Deployment may have a dotted name; a Service may not; RBAC names may hold colons
    expect(validate(deployment(containerSpec).replace('name: api\n  namespace', 'name: api.v2\n  namespace')).invalid).toBe(0);
    expect(validate('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: "system:reader"\n').invalid).toBe(0);
  });

  describe('custom resources', () => {
    const crd = fixture('budgetquota-crd.yaml');

    it('validates them against a CRD found in the same stream', () => {
      const report = validate(`${crd}---\n${fixture('budgetquota-valid.yaml')}---\n${fixture('budgetquota-invalid.yaml')}`);
      expect(report).toMatchObject({ resources: 3, valid: 2, invalid: 1 });
      const bad = report.objects[2];
      expect(bad.schema).toBe('CustomResourceDefinition/budgetquotas.fractal.ai');
      // the invalid object's line N, counted in the joined stream (each fixture ends with a newline)
      const before = crd.split('\n').length + fixture('budgetquota-valid.yaml').split('\n').length;
      const at = (line: number) => before + line;
      expect(bad.issues.map((i) => `${i.line} ${i.path}: ${i.message}`)).toEqual([
        `${at(7)} spec.maxTotalTokens: expected a number, found the number -5 (must be >= 0)`,
        `${at(8)} spec.maxTotalCost: expected a string matching ^[0-9]+\\.[0-9]{2}$, found "$200.00"`,
        `${at(9)} spec.maxConcurrentRuns: expected an integer or a string, found the boolean true`,
        `${at(10)} spec.failMode: expected one of closed | open | null, found "sometimes"`,
        `${at(11)} spec.maxTotalTokenz: unknown field (did you mean "maxTotalTokens"?)`,
        `${at(14)} spec.limits.gpt.tokenz: unknown field (did you mean "tokens"?)`,
        // a wrong type blocks the CEL rules, as in the API server
        `${at(1)} : some validation rules were not checked because the object was invalid; correct the existing errors to complete validation`,
      ]);
    });

    it('validates them against CRDs given up front, and reports missing required fields', () => {
      const crdObjects = readManifestText(crd, 'crd.yaml').objects.map((m) => m.object);
      const validator = createValidator({ crds: crdObjects });
      const report = validator.validate(
        readManifestText('apiVersion: fractal.ai/v1alpha1\nkind: BudgetQuota\nmetadata:\n  name: q\nspec:\n  maxTotalTokens: 1\n', 'q.yaml')
          .objects,
      );
      expect(issues(report)).toEqual(['5 BudgetQuota/q: spec.maxTotalCost: required field is missing']);
      // reusable: a second stream with the same validator
      expect(validator.validate(readManifestText(fixture('budgetquota-valid.yaml'), 'v.yaml').objects).valid).toBe(1);
    });

    it('says which versions a custom kind exists in', () => {
      const report = validate(`${crd}---\napiVersion: fractal.ai/v1\nkind: BudgetQuota\nmetadata:\n  name: q\n`);
      expect(issues(report)).toEqual([
        `${crd.split('\n').length + 1} BudgetQuota/q: apiVersion: BudgetQuota is not in fractal.ai/v1; BudgetQuota exists in fractal.ai/v1alpha1`,
      ]);
    });

    it('rejects a CRD not named <plural>.<group>, and ignores CEL rules and unknown formats', () => {
      const renamed = crd.replace('name: budgetquotas.fractal.ai', 'name: budgets.fractal.ai');
      expect(issues(validate(renamed))).toEqual([
        '4 CustomResourceDefinition/budgets.fractal.ai: metadata.name: must be spec.names.plural + "." + spec.group ("budgetquotas.fractal.ai"), found "budgets.fractal.ai"',
      ]);
      const withFormat = crd.replace(
        'maxTotalTokens:\n                  type: integer',
        'maxTotalTokens:\n                  type: integer\n                  format: no-such-format',
      );
      expect(withFormat).not.toBe(crd);
      expect(validate(`${withFormat}---\n${fixture('budgetquota-valid.yaml')}`).valid).toBe(2);
    });

    it('checks the metadata of custom resources like any object', () => {
      const report = validate(
        `${crd}---\napiVersion: fractal.ai/v1alpha1\nkind: BudgetQuota\nmetadata:\n  name: Q\n  labelz: {}\nspec: {maxTotalTokens: 1, maxTotalCost: "1.00"}\n`,
      );
      expect(issues(report).map((s) => s.replace(/^\d+ /, ''))).toEqual([
        'BudgetQuota/Q: metadata.labelz: unknown field (did you mean "labels"?)',
        expect.stringContaining('BudgetQuota/Q: metadata.name: "Q" is not a valid BudgetQuota name'),
      ]);
    });
  });

  it('locates fields of objects inside a List', () => {
    const report = validate(
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: a\n    data:\n      x: 1\n',
    );
    expect(issues(report)).toEqual(['9 ConfigMap/a: data.x: expected a string, found the number 1']);
  });

  it('validates 5,000 objects quickly', () => {
    const text = generateManifestStream(5000);
    // CPU time, not wall time: other work on the machine delays a run but does not add to its CPU time
    const started = process.cpuUsage();
    const report = validate(text);
    const { user, system } = process.cpuUsage(started);
    expect(report).toMatchObject({ resources: 5000, valid: 5000 });
    // the target is 10,000 objects/s end to end; leave headroom for a slower test machine
    expect((user + system) / 1000).toBeLessThan(2000);
  });
});
