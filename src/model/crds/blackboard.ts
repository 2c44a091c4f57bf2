import {
  KEY_PATTERN,
  column,
  conditions,
  count,
  defineCrd,
  dnsLabel,
  object,
  observedGeneration,
  rules,
  string,
  timestamp,
} from './dsl.js';
// Blackboard

export const blackboard = defineCrd({
  kind: 'Blackboard',
  plural: 'blackboards',
  shortNames: ['bb'],
  description: 'Coordination between agents: an append-only list of decisions and a map of upsertable directives.',
  spec: object(
    'Shared state',
    {
      decisions: {
        type: 'array',
        description: 'Decisions, append-only: an entry once recorded is never changed or removed',
        maxItems: 128,
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['id'],
        items: object(
          'One decision',
          {
            id: dnsLabel('Unique id of the decision'),
            author: dnsLabel('KAgent that recorded it'),
            decision: string(2048, { minLength: 1, description: 'What was decided' }),
            recordedAt: timestamp('When it was recorded'),
          },
          ['id', 'author', 'decision', 'recordedAt'],
          rules({ rule: 'self == oldSelf', message: 'a recorded decision is immutable' }),
        ),
        'x-kubernetes-validations': [
          {
            rule: 'size(self) >= size(oldSelf) && oldSelf.all(old, self.exists(d, d.id == old.id))',
            message: 'decisions are append-only: a recorded decision cannot be removed',
          },
        ],
      },
      directives: {
        type: 'array',
        description: 'Directives, upserted by key',
        maxItems: 256,
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['key'],
        items: object(
          'One directive',
          {
            key: string(253, { minLength: 1, pattern: KEY_PATTERN, description: 'Directive key' }),
            value: string(4096, { description: 'Directive value' }),
            setBy: dnsLabel('KAgent or person that set it last'),
          },
          ['key', 'value'],
        ),
      },
    },
    [],
    rules({
      rule: '!has(oldSelf.decisions) || has(self.decisions)',
      message: 'decisions are append-only: the list cannot be removed',
      fieldPath: '.decisions',
    }),
  ),
  status: object('Observed state', {
    decisionCount: count('Number of recorded decisions', 128),
    directiveCount: count('Number of directives', 256),
    observedGeneration,
    conditions,
  }),
  columns: [
    column('Decisions', 'integer', '.status.decisionCount', 'Recorded decisions'),
    column('Directives', 'integer', '.status.directiveCount', 'Directives set'),
  ],
});
