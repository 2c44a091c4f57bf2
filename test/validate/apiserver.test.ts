// What `aipc validate` checks beyond OpenAPI types, as the API server does: CEL rules, list-type
// uniqueness, RE2 patterns, Kubernetes formats, CRD schemas, duplicate keys, built-in rules.
import { describe, expect, it } from 'vitest';
import { customResourceDefinitions, exampleCustomResource, FRACTAL_KINDS } from '../../src/model/crds/index.js';
import { readManifestText, type KubeObject } from '../../src/io/manifests.js';
import { createValidator, type ValidationReport } from '../../src/validate/validator.js';

const chartCrds = customResourceDefinitions as unknown as KubeObject[];
const validator = createValidator({ crds: chartCrds });

function validateText(text: string, options: Parameters<typeof createValidator>[0] = {}): ValidationReport {
  const read = readManifestText(text, 'in.yaml', { duplicateKeys: 'keep' });
  expect(read.diagnostics).toEqual([]);
  return createValidator(options).validate(read.objects);
}

const lines = (r: ValidationReport) => r.objects.flatMap((o) => o.issues.map((i) => `${i.line} ${i.path}: ${i.message}`));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mutations reach into any sample's spec
type Loose = Record<string, any>;

function validateSample(kind: (typeof FRACTAL_KINDS)[number], change: (o: Loose) => void = () => {}) {
  const object = structuredClone(exampleCustomResource(kind)) as unknown as Loose;
  change(object);
  const read = readManifestText(JSON.stringify(object, null, 1), 'cr.json');
  return validator.validate(read.objects);
}

/** A one-version CRD of kind Widget (example.com/v1) whose spec is `spec`. */
function widgetCrd(spec: unknown, extra = ''): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
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
${extra}        properties:
          spec: ${JSON.stringify(spec)}
`;
}
const widget = (spec: unknown) => `---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec: ${JSON.stringify(spec)}\n`;

describe('CEL rules of the chart CRDs', () => {
  it.each(FRACTAL_KINDS)('the %s sample passes its rules; its transition rules are counted, not evaluated', (kind) => {
    const report = validateSample(kind);
    expect(lines(report)).toEqual([]);
    expect(report.valid).toBe(1);
  });

  it('counts the transition rules (oldSelf) as not checkable offline', () => {
    expect(validateSample('ShardRun').transitionRulesNotChecked).toBeGreaterThan(0);
    expect(validateSample('KAgent').transitionRulesNotChecked).toBe(0);
  });

  it('a rule on a scalar: the :latest image', () => {
    const r = validateSample('KAgent', (o) => (o.spec.image = 'registry.local:5000/agent:latest'));
    expect(r.objects[0].issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'spec.image: Invalid value: "string": image must not use the :latest tag; pin a version or a digest',
    ]);
    expect(r.objects[0].issues[0].rule).toBe('cel');
  });

  it('a rule on an object with fieldPath: audit off for a secret agent, reported at .audit.enabled', () => {
    const r = validateSample('KAgent', (o) => (o.spec.audit.enabled = false));
    expect(r.objects[0].issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'spec.audit.enabled: Invalid value: "object": audit must be enabled for secret and top-secret agents',
    ]);
    expect(validateSample('KAgent', (o) => ((o.spec.audit.enabled = false), (o.spec.classification.level = 'unclassified'))).valid).toBe(1);
  });

  it('a rule over lists: a data source both allowed and denied', () => {
    const r = validateSample('KAgent', (o) => o.spec.classification.deniedDataSources.push('postgres/ai-platform'));
    expect(r.objects[0].issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'spec.classification.allowedDataSources: Invalid value: "object": a data source cannot be both allowed and denied',
    ]);
  });

  it('a root rule: a ToolCall result without an approval', () => {
    const r = validateSample('ToolCall', (o) => {
      o.spec.approval.approved = false;
      o.status = { result: { output: 'x' } };
    });
    const cel = r.objects[0].issues.filter((i) => i.rule === 'cel');
    expect(cel.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'status.result: Invalid value: "object": a call that requires approval cannot have a result unless spec.approval.approved is true',
    ]);
  });
});

describe('CEL rules, hand-written cases', () => {
  const spec = {
    type: 'object',
    properties: {
      replicas: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self > 0' }] },
      min: { type: 'integer' },
      max: { type: 'integer' },
      // bounded, as the API server's cost estimate requires of a list a rule iterates with matches()
      tags: {
        type: 'array',
        maxItems: 20,
        items: { type: 'string', maxLength: 63 },
        'x-kubernetes-validations': [
          { rule: 'self.all(t, t.matches("^[a-z]+$"))', messageExpression: '"tags must be lower-case, found " + self.join(", ")' },
        ],
      },
      size: {
        type: 'string',
        'x-kubernetes-validations': [
          { rule: 'quantity(self).isLessThan(quantity("10Gi"))', reason: 'FieldValueForbidden', message: 'at most 10Gi' },
        ],
      },
      url: {
        type: 'string',
        'x-kubernetes-validations': [{ rule: 'isURL(self) && url(self).getScheme() == "https"', message: 'an https URL' }],
      },
      mode: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'immutable' }] },
    },
    'x-kubernetes-validations': [
      { rule: '!has(self.min) || !has(self.max) || self.min <= self.max', message: 'min must not exceed max', fieldPath: '.min' },
    ],
  };
  const crd = widgetCrd(spec);

  it('gives the API server message and field path for each', () => {
    const r = validateText(
      crd + widget({ replicas: 0, min: 5, max: 2, tags: ['ok', 'Bad'], size: '20Gi', url: 'http://example.com', mode: 'a' }),
    );
    expect(r.objects[0].verdict).toBe('valid');
    expect(lines(r).sort()).toEqual(
      [
        '23 spec.replicas: Invalid value: "integer": failed rule: self > 0',
        '23 spec.min: Invalid value: "object": min must not exceed max',
        '23 spec.tags: Invalid value: "array": tags must be lower-case, found ok, Bad',
        '23 spec.size: Forbidden: at most 10Gi',
        '23 spec.url: Invalid value: "string": an https URL',
      ].sort(),
    );
    expect(r.transitionRulesNotChecked).toBe(1);
  });

  it('passes a valid object, and runs no rule on an ill-typed one (as the API server)', () => {
    expect(validateText(crd + widget({ replicas: 2, min: 1, max: 2, tags: ['a'], size: '1Gi', url: 'https://x.org' })).invalid).toBe(0);
    const r = validateText(crd + widget({ replicas: 'two', min: 5, max: 2 }));
    expect(lines(r)).toContain(
      '19 : some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    );
  });

  it('runs optionalOldSelf rules with no oldSelf (a create), compares timestamps, matches with RE2', () => {
    const crd = widgetCrd({
      type: 'object',
      properties: {
        n: {
          type: 'integer',
          'x-kubernetes-validations': [
            { rule: '!oldSelf.hasValue() || self >= oldSelf.value()', optionalOldSelf: true },
            { rule: 'oldSelf.orValue(0) < self', optionalOldSelf: true, message: 'n must be positive' },
          ],
        },
        start: { type: 'string', format: 'date-time' },
        end: { type: 'string', format: 'date-time' },
        mode: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self.matches("^(?i)(abort|warn)$")' }] },
      },
      'x-kubernetes-validations': [{ rule: '!has(self.end) || self.end > self.start', message: 'end must be after start' }],
    });
    expect(lines(validateText(crd + widget({ n: 1, start: '2025-01-01T00:00:00Z', end: '2025-01-02T00:00:00Z', mode: 'WARN' })))).toEqual(
      [],
    );
    const r = validateText(crd + widget({ n: 0, start: '2025-01-02T00:00:00Z', end: '2025-01-01T00:00:00Z', mode: 'stop' }));
    expect(lines(r).sort()).toEqual(
      [
        '23 spec: Invalid value: "object": end must be after start',
        '23 spec.mode: Invalid value: "string": failed rule: self.matches("^(?i)(abort|warn)$")',
        '23 spec.n: Invalid value: "integer": n must be positive',
      ].sort(),
    );
    expect(r.transitionRulesNotChecked).toBe(0);
  });

  it('has the Kubernetes ip, cidr and format functions', () => {
    const crd = widgetCrd({
      type: 'object',
      properties: {
        ip: {
          type: 'string',
          'x-kubernetes-validations': [
            { rule: "isIP(self) && cidr('10.0.0.0/8').containsIP(self)", messageExpression: "'%s is not in 10.0.0.0/8'.format([self])" },
          ],
        },
      },
    });
    expect(lines(validateText(crd + widget({ ip: '10.1.2.3' })))).toEqual([]);
    expect(lines(validateText(crd + widget({ ip: '192.168.0.1' })))).toEqual([
      '23 spec.ip: Invalid value: "string": 192.168.0.1 is not in 10.0.0.0/8',
    ]);
  });

  it('validates the object as stored: schema defaults are applied first', () => {
    const crd = widgetCrd({
      type: 'object',
      required: ['replicas'],
      properties: {
        replicas: { type: 'integer', default: 1 },
        mode: { type: 'string', default: 'fast', enum: ['fast', 'safe'] },
      },
      'x-kubernetes-validations': [{ rule: "self.replicas >= 1 && self.mode == 'fast'" }],
    });
    expect(lines(validateText(crd + widget({})))).toEqual([]);
    expect(lines(validateText(crd + widget({ replicas: 0 })))).toEqual([
      `23 spec: Invalid value: "object": failed rule: self.replicas >= 1 && self.mode == 'fast'`,
    ]);
  });

  it('reports a rule that does not compile on its CRD, at its line', () => {
    const r = validateText(widgetCrd({ type: 'object', 'x-kubernetes-validations': [{ rule: 'self.(' }] }));
    expect(r.objects[0].verdict).toBe('invalid');
    expect(r.objects[0].issues[0].path).toBe('spec.versions[0].schema.openAPIV3Schema.properties.spec.x-kubernetes-validations[0].rule');
    expect(r.objects[0].issues[0].message).toMatch(/^compilation failed: /);
  });

  it('a rule calling a function aipc does not implement is a warning on its CRD, and is not evaluated', () => {
    const r = validateText(widgetCrd({ type: 'object', 'x-kubernetes-validations': [{ rule: 'self.noSuchFunction()' }] }) + widget({}));
    expect(r.invalid).toBe(0);
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^not checked: found no matching overload/)]);
  });
});

describe('list semantics', () => {
  it('a CRD list-map duplicate, once the default of a key is applied, is invalid at the duplicate', () => {
    const spec = {
      type: 'object',
      properties: {
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['port', 'protocol'],
          items: {
            type: 'object',
            required: ['port'],
            properties: { port: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' } },
          },
        },
        names: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
      },
    };
    const text = `${widgetCrd(spec)}---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  ports:
  - port: 88
  - port: 88
    protocol: TCP
  - port: 88
    protocol: UDP
  names: [a, b, a]
`;
    expect(lines(validateText(text))).toEqual([
      '26 spec.ports[1]: Duplicate value: map[string]interface {}{"port":88, "protocol":"TCP"}',
      '30 spec.names[2]: Duplicate value: "a"',
    ]);
  });

  it('built-in Pod ports (88) and (88, TCP) are duplicates; (53, UDP) and (53, TCP) are not', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: c
    image: nginx:1.27
    ports:
    - containerPort: 53
      protocol: UDP
    - containerPort: 53
      protocol: TCP
    - containerPort: 88
    - containerPort: 88
      protocol: TCP
`;
    expect(lines(validateText(text))).toEqual([
      '15 spec.containers[0].ports[3]: Duplicate value: map[string]interface {}{"containerPort":88, "protocol":"TCP"}',
    ]);
  });

  it('built-in Service ports (80) and (80, TCP) are duplicates', () => {
    const text =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n  - port: 80\n    protocol: TCP\n  - port: 80\n    protocol: UDP\n';
    expect(lines(validateText(text))).toEqual(['8 spec.ports[1]: Duplicate value: map[string]interface {}{"port":80, "protocol":"TCP"}']);
  });
});

describe('the API server rules beyond OpenAPI', () => {
  it('a container without image, a duplicate container name, a port out of range', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      containers:
      - name: a
        image: nginx:1.27
      - name: a
        ports:
        - containerPort: 70000
`;
    expect(lines(validateText(text))).toEqual([
      '13 spec.template.spec.containers[1].image: Required value',
      '13 spec.template.spec.containers[1].name: Duplicate value: "a"',
      '15 spec.template.spec.containers[1].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ]);
  });
});

describe('patterns as RE2, formats as Kubernetes', () => {
  const prometheusRuleCrd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: prometheusrules.monitoring.coreos.com
spec:
  group: monitoring.coreos.com
  scope: Namespaced
  names: {kind: PrometheusRule, plural: prometheusrules, listKind: PrometheusRuleList, singular: prometheusrule}
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
              groups:
                type: array
                items:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string}
                    interval: {type: string, pattern: '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$'}
                    partial_response_strategy: {type: string, pattern: '^(?i)(abort|warn)?$'}
`;
  const rule = (strategy: string) =>
    `---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: r\nspec:\n  groups:\n  - name: g\n    interval: 30s\n    partial_response_strategy: ${strategy}\n`;

  it('the (?i) PrometheusRule is valid; a violating value is still invalid; the CRD wins over the bundled model', () => {
    const ok = validateText(prometheusRuleCrd + rule('Warn'));
    expect(lines(ok)).toEqual([]);
    expect(ok.objects[1].schema).toBe('CustomResourceDefinition/prometheusrules.monitoring.coreos.com');
    expect(ok.bundledModels).toEqual({});
    const bad = validateText(prometheusRuleCrd + rule('maybe'));
    expect(lines(bad)).toEqual([
      '38 spec.groups[0].partial_response_strategy: expected a string matching ^(?i)(abort|warn)?$, found "maybe"',
    ]);
  });

  it('without the CRD the bundled model validates it and says so', () => {
    const r = validateText(rule('abort'));
    expect(r.objects[0].bundledModel).toBe(true);
    expect(r.objects[0].schema).toBe('@kubernetes-models/prometheus-operator');
    expect(Object.keys(r.bundledModels)).toEqual(['@kubernetes-models/prometheus-operator 4.4.4']);
    const unknown = validateText(rule('abort').replace('  - name: g', '  - name: g\n    query_offset: 1m'));
    expect(lines(unknown)).toEqual([
      '9 spec.groups[0].query_offset: unknown field; @kubernetes-models/prometheus-operator 4.4.4 may predate it: pass the CRD with --crd',
    ]);
  });

  it('a pattern RE2 cannot compile is one warning on its CRD, not an error on every object', () => {
    const crd = widgetCrd({ type: 'object', properties: { a: { type: 'string', pattern: '^(?=x)' } } });
    const r = validateText(crd + widget({ a: 'y' }) + widget({ a: 'z' }).replace('name: w', 'name: w2'));
    expect(r.invalid).toBe(0);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0].message).toMatch(/does not compile as RE2/);
  });

  it('duration takes Go and ISO 8601 forms; date-time, byte and cidr are checked', () => {
    const crd = widgetCrd({
      type: 'object',
      properties: {
        d: { type: 'array', items: { type: 'string', format: 'duration' } },
        t: { type: 'string', format: 'date-time' },
        b: { type: 'string', format: 'byte' },
        c: { type: 'string', format: 'cidr' },
        x: { type: 'string', format: 'no-such-format' },
      },
    });
    expect(
      lines(
        validateText(
          crd + widget({ d: ['5m', '5m0s', '1h30m', 'PT5M', '300ms'], t: '2025-01-01T12:00:00Z', b: 'aGk=', c: '10.0.0.0/8', x: '?' }),
        ),
      ),
    ).toEqual([]);
    const bad = lines(validateText(crd + widget({ d: ['5 parsecs'], t: 'yesterday', b: 'not base64!', c: '10.0.0.0/33' })));
    expect(bad.map((l) => l.split(': ')[0].split(' ')[1])).toEqual(['spec.d[0]', 'spec.t', 'spec.b', 'spec.c']);
  });
});

describe('CRDs', () => {
  it('a CRD cannot replace a built-in kind', () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: deployments.apps
spec:
  group: apps
  scope: Namespaced
  names: {kind: Deployment, plural: deployments}
  versions:
  - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  replicas: many
`;
    const r = validateText(crd);
    expect(r.objects[0].issues.map((i) => i.message)).toContain(
      "defines apps/v1 Deployment, which Kubernetes serves itself; objects of that kind are checked against Kubernetes' schema",
    );
    expect(r.objects[1].schema).toBe('kubernetes');
    expect(r.objects[1].schemaVersion).toBe('1.33 (kubernetes-models 4.5.1)');
    expect(lines(r)).toContain('17 spec.replicas: expected an integer, found "many"');
  });

  it('checks each CRD schema as the API server does, at its line', () => {
    const r = validateText(widgetCrd({ properties: { a: { type: 'array' }, b: { type: 'strin' } } }));
    expect(lines(r)).toEqual([
      '17 spec.versions[0].schema.openAPIV3Schema.properties.spec.type: Required value: must not be empty for specified object fields',
      '17 spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.a.items: Required value: must be specified for type array',
      '17 spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.b.type: Unsupported value: "strin": supported values: "array", "boolean", "integer", "number", "object", "string"',
    ]);
  });

  it('reads a v1beta1 CRD given up front (its shared validation schema)', () => {
    const beta = readManifestText(
      `apiVersion: apiextensions.k8s.io/v1beta1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  version: v1
  names: {kind: Widget, plural: widgets}
  validation:
    openAPIV3Schema:
      type: object
      properties:
        spec: {type: object, properties: {size: {type: integer}}}
`,
      'crd.yaml',
    ).objects.map((m) => m.object);
    const r = createValidator({ crds: beta }).validate(readManifestText(widget({ size: 'big' }), 'in.yaml').objects);
    expect(lines(r)).toEqual(['6 spec.size: expected an integer, found "big"']);
  });
});

describe('duplicate keys', () => {
  const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: a
data:
  k: one
  k: two
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: b
data:
  v: 1
`;
  it('are an error of that object, at the second key; the other documents are still validated', () => {
    const r = validateText(text);
    expect(r.objects.map((o) => o.ref)).toEqual(['ConfigMap/a', 'ConfigMap/b']);
    expect(lines(r)).toEqual(['7 data.k: duplicate key "k"', '14 data.v: expected a string, found the number 1']);
  });

  it('stay a read error for the other commands (diff, checks), which have no per-object verdict', () => {
    expect(readManifestText(text, 'in.yaml').diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/duplicate key "k"/)]);
  });

  it('under --no-strict the last value wins, as the API server decodes it', () => {
    const read = readManifestText(text, 'in.yaml', { duplicateKeys: 'keep' });
    expect((read.objects[0].object.data as Record<string, string>).k).toBe('two');
    expect(createValidator({ strict: false }).validate(read.objects).objects[0].verdict).toBe('valid');
  });
});
