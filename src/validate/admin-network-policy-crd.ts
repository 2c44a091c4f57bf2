// AdminNetworkPolicy and BaselineAdminNetworkPolicy (SIG Network's network-policy-api,
// policy.networking.k8s.io/v1alpha1) as CustomResourceDefinitions the validator knows without
// --crd. No installed npm package ships them, and the upstream CRD files are not on this machine,
// so the structural schema below is written from the v1alpha1 API reference (types, required
// fields, enums, list and length bounds); the upstream CEL rules (e.g. "exactly one of") are
// expressed as oneOf where the schema can say it, otherwise not checked.
import type { KubeObject } from '../io/manifests.js';

type Schema = Record<string, unknown>;

const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object',
  properties,
  ...(required.length ? { required } : {}),
  additionalProperties: false,
});
const list = (items: Schema, min: number, max: number): Schema => ({ type: 'array', items, minItems: min, maxItems: max });
const requirement = obj(
  {
    key: { type: 'string' },
    operator: { type: 'string', enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
    values: { type: 'array', items: { type: 'string' } },
  },
  ['key', 'operator'],
);
const labelSelector = obj({
  matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
  matchExpressions: { type: 'array', items: requirement },
});
const oneKey = (keys: string[]): Schema => ({ oneOf: keys.map((k) => ({ required: [k] })) });
const podSet = obj({ namespaceSelector: labelSelector, podSelector: labelSelector }, ['namespaceSelector', 'podSelector']);
const subject = { ...obj({ namespaces: labelSelector, pods: podSet }), ...oneKey(['namespaces', 'pods']) };
const protocol = { type: 'string', enum: ['TCP', 'UDP', 'SCTP'] };
const port = { type: 'integer', minimum: 1, maximum: 65535 };
const ports = list(
  {
    ...obj({
      portNumber: obj({ protocol, port }, ['protocol', 'port']),
      namedPort: { type: 'string' },
      portRange: obj({ protocol, start: port, end: port }, ['start', 'end']),
    }),
    ...oneKey(['portNumber', 'namedPort', 'portRange']),
  },
  1,
  100,
);
const ingressPeer = { ...obj({ namespaces: labelSelector, pods: podSet }), ...oneKey(['namespaces', 'pods']) };
const egressPeer = {
  ...obj({
    namespaces: labelSelector,
    pods: podSet,
    nodes: labelSelector,
    networks: { type: 'array', items: { type: 'string', format: 'cidr' }, minItems: 1, maxItems: 25 },
  }),
  ...oneKey(['namespaces', 'pods', 'nodes', 'networks']),
};
const rule = (peerKey: 'from' | 'to', peer: Schema, actions: string[]): Schema =>
  obj(
    {
      name: { type: 'string', maxLength: 100 },
      action: { type: 'string', enum: actions },
      [peerKey]: list(peer, 1, 100),
      ports,
    },
    ['action', peerKey],
  );
const specOf = (admin: boolean): Schema => {
  const actions = admin ? ['Allow', 'Deny', 'Pass'] : ['Allow', 'Deny'];
  return obj(
    {
      ...(admin ? { priority: { type: 'integer', minimum: 0, maximum: 1000, format: 'int32' } } : {}),
      subject,
      ingress: list(rule('from', ingressPeer, actions), 0, 100),
      egress: list(rule('to', egressPeer, actions), 0, 100),
    },
    admin ? ['priority', 'subject'] : ['subject'],
  );
};

function crd(kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy', plural: string, admin: boolean): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.policy.networking.k8s.io` },
    spec: {
      group: 'policy.networking.k8s.io',
      scope: 'Cluster',
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      versions: [
        {
          name: 'v1alpha1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              required: ['metadata', 'spec'],
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: specOf(admin),
                status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              },
            },
          },
        },
      ],
    },
  };
}

/** The two admin network policy kinds, as CRDs the validator applies by default. */
export const ADMIN_NETWORK_POLICY_CRDS: readonly KubeObject[] = [
  crd('AdminNetworkPolicy', 'adminnetworkpolicies', true),
  crd('BaselineAdminNetworkPolicy', 'baselineadminnetworkpolicies', false),
];
