// Every stage of the validator has a case that makes it find a problem and a case it passes: a new
// stage without both fails here (VALIDATOR_STAGES is the list the validator runs).
import { describe, expect, it } from 'vitest';
import { readManifestText } from '../../src/io/manifests.js';
import { VALIDATOR_STAGES, validateObjects, type ValidatorStageName } from '../../src/validate/validator.js';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
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
                size: {type: integer}
`;
const widget = (spec: string, meta = '') => `${CRD}---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w, namespace: ns${meta}}
spec: ${spec}
`;
const service = (second: string) => `apiVersion: v1
kind: Service
metadata: {name: s, namespace: ns}
spec:
  ports: [{port: 80, protocol: TCP, name: b}, ${second}]
`;
const deployment = (templateLabel: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: d, namespace: ns}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: ${templateLabel}}}
    spec: {containers: [{name: c, image: "r/i:1"}]}
`;
const anp = (expression: string) => `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a}
spec:
  priority: 10
  subject: {namespaces: {}}
  ingress:
    - name: r
      action: Allow
      from: [{namespaces: {matchExpressions: [${expression}]}}]
`;

/** Per stage: a stream that makes it report a problem, and one it passes (where it runs). */
const CASES: Record<ValidatorStageName, { firing: string; quiet: string }> = {
  'removed-api': {
    firing: 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: i, namespace: ns}\nspec: {}\n',
    quiet: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i, namespace: ns}\nspec: {}\n',
  },
  'missing-schema': {
    firing: 'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\n',
    quiet: widget('{size: 1}'),
  },
  'builtin-schema': {
    firing: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ns}\ndata: "text"\n',
    quiet: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ns}\ndata: {k: v}\n',
  },
  'builtin-unknown-fields': {
    firing: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ns}\nextra: 1\n',
    quiet: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ns}\n',
  },
  'list-semantics': { firing: service('{port: 80, protocol: TCP, name: a}'), quiet: service('{port: 81, protocol: TCP, name: a}') },
  'api-server': { firing: deployment('other'), quiet: deployment('d') },
  'crd-schema': { firing: widget('{size: "big"}'), quiet: widget('{size: 3}') },
  'admin-network-policy': {
    firing: anp('{key: k, operator: In}'),
    quiet: anp('{key: k, operator: In, values: [v]}'),
  },
  'custom-resource-metadata': { firing: widget('{size: 1}', ', colour: red'), quiet: widget('{size: 1}') },
  metadata: {
    firing: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name, namespace: ns}\n',
    quiet: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: good-name, namespace: ns}\n',
  },
  quantities: {
    firing: 'apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q, namespace: ns}\nspec: {hard: {cpu: "-1"}}\n',
    quiet: 'apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q, namespace: ns}\nspec: {hard: {cpu: "1"}}\n',
  },
  'custom-resource-definition': { firing: CRD.replace('name: widgets.example.com', 'name: gadgets.example.com'), quiet: CRD },
};

/** The problems each stage found on a stream, by stage name. */
function problemsByStage(text: string): Map<string, string[]> {
  const { objects, diagnostics } = readManifestText(text, 'case.yaml');
  expect(diagnostics).toEqual([]);
  const found = new Map<string, string[]>();
  validateObjects(objects, {
    onStage: (stage, problems) => found.set(stage, [...(found.get(stage) ?? []), ...problems.map((p) => p.message)]),
  });
  return found;
}

describe('validator stages: each fires on its case and is quiet on a valid one', () => {
  it('every stage has a case (a new stage needs both)', () => {
    expect(Object.keys(CASES).sort()).toEqual([...VALIDATOR_STAGES].sort());
  });
  it.each(VALIDATOR_STAGES)('%s', (stage) => {
    const fired = problemsByStage(CASES[stage].firing).get(stage);
    expect(fired?.length, `${stage} found nothing in its firing case`).toBeGreaterThan(0);
    // the quiet case is a valid stream of the same kind: no stage finds anything in it
    const quiet = problemsByStage(CASES[stage].quiet);
    expect([...quiet.values()].flat()).toEqual([]);
    expect(quiet.size, 'the stages ran on the quiet case').toBeGreaterThan(0);
  });
});
