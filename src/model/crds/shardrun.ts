import {
  SHARD_RUN_PHASES,
  column,
  conditions,
  count,
  defineCrd,
  object,
  objectReference,
  observedGeneration,
  rules,
  string,
  timestamp,
} from './dsl.js';
// ShardRun

/** Allowed phase changes; a terminal phase (COMPLETED, FAILED) never changes. */
const PHASE_TRANSITION_RULE =
  'self == oldSelf' +
  " || (oldSelf == 'PLANNING' && self in ['COMMITTED', 'FAILED'])" +
  " || (oldSelf == 'COMMITTED' && self in ['EXECUTING', 'FAILED'])" +
  " || (oldSelf == 'EXECUTING' && self in ['COMPLETED', 'FAILED'])";

export const shardRun = defineCrd({
  kind: 'ShardRun',
  plural: 'shardruns',
  shortNames: ['sr'],
  description: 'One execution of an intent by an agent; the intent does not change on retry.',
  spec: object(
    'The run',
    {
      agentRef: {
        ...objectReference('KAgent that executes the run'),
        'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'agentRef is immutable' }],
      },
      intent: object(
        'What the run is to achieve',
        {
          goal: string(8192, { minLength: 1, description: 'The intent, in natural language' }),
          parameters: {
            type: 'object',
            description: 'Named inputs of the intent',
            maxProperties: 64,
            additionalProperties: string(4096),
          },
        },
        ['goal'],
        rules({ rule: 'self == oldSelf', message: 'intent is immutable: a retry runs the same intent' }),
      ),
    },
    ['agentRef', 'intent'],
  ),
  status: object(
    'Observed run state',
    {
      phase: {
        type: 'string',
        enum: [...SHARD_RUN_PHASES],
        default: 'PLANNING',
        description: 'Lifecycle phase: PLANNING → COMMITTED → EXECUTING → COMPLETED, or FAILED from any non-terminal phase',
        'x-kubernetes-validations': [
          {
            rule: PHASE_TRANSITION_RULE,
            message:
              'phase must move PLANNING → COMMITTED → EXECUTING → COMPLETED (or to FAILED from a non-terminal phase); COMPLETED and FAILED are final',
          },
        ],
      },
      attempt: {
        ...count('Attempts made so far; never decreases', 1000),
        default: 0,
        'x-kubernetes-validations': [{ rule: 'self >= oldSelf', message: 'attempt never decreases' }],
      },
      startedAt: timestamp('When the current attempt started'),
      completedAt: timestamp('When the run reached a terminal phase'),
      message: string(4096, { description: 'Human-readable detail of the phase' }),
      observedGeneration,
      conditions,
    },
    ['phase', 'attempt'],
  ),
  objectRules: [
    {
      rule: "has(oldSelf.status) || !has(self.status) || self.status.phase in ['PLANNING', 'FAILED']",
      message: 'a run starts in phase PLANNING (or FAILED)',
      fieldPath: '.status.phase',
    },
  ],
  columns: [
    column('Agent', 'string', '.spec.agentRef.name', 'Executing KAgent'),
    column('Phase', 'string', '.status.phase', 'Lifecycle phase'),
    column('Attempt', 'integer', '.status.attempt', 'Attempts made'),
  ],
});
