import {
  AUDIT_LOG_LEVELS,
  CLASSIFICATION_LEVELS,
  IMAGE_REFERENCE_PATTERN,
  KEY_PATTERN,
  Schema,
  bool,
  column,
  conditions,
  defineCrd,
  object,
  observedGeneration,
  rules,
  string,
} from './dsl.js';
// KAgent

const dataSources = (description: string): Schema => ({
  type: 'array',
  description,
  maxItems: 64,
  'x-kubernetes-list-type': 'set',
  items: string(253, { minLength: 1, pattern: KEY_PATTERN }),
});

export const kagent = defineCrd({
  kind: 'KAgent',
  plural: 'kagents',
  shortNames: ['kag'],
  description: 'An AI agent: its image, model, classification level and data-source lists, egress and audit settings.',
  spec: object(
    'Desired agent',
    {
      image: string(512, {
        description: 'Container image, pinned by tag or digest',
        pattern: IMAGE_REFERENCE_PATTERN,
        'x-kubernetes-validations': [
          { rule: "!self.endsWith(':latest')", message: 'image must not use the :latest tag; pin a version or a digest' },
        ],
      }),
      model: object(
        'Model the agent uses',
        { name: string(128, { minLength: 1, pattern: '^[A-Za-z0-9._-]+$', description: 'Model name' }) },
        ['name'],
      ),
      classification: object(
        'Classification level and the data sources the agent may and may not read',
        {
          level: { type: 'string', enum: [...CLASSIFICATION_LEVELS], description: 'Classification level, lowest to highest' },
          allowedDataSources: dataSources('Data sources the agent may read'),
          deniedDataSources: dataSources('Data sources the agent must never read; deny wins'),
        },
        ['level'],
        rules({
          rule: '!has(self.allowedDataSources) || !has(self.deniedDataSources) || !self.allowedDataSources.exists(s, s in self.deniedDataSources)',
          message: 'a data source cannot be both allowed and denied',
          fieldPath: '.allowedDataSources',
        }),
      ),
      egress: object(
        'Network egress beyond the classification boundary',
        { allowed: bool('Whether the agent may reach outside its namespace', { default: false }) },
        ['allowed'],
        {
          default: { allowed: false },
        },
      ),
      audit: object(
        "Audit logging of the agent's actions",
        {
          enabled: bool('Whether audit logging is on'),
          logLevel: { type: 'string', enum: [...AUDIT_LOG_LEVELS], default: 'info', description: 'Audit log level' },
          destination: string(512, { description: 'Where audit records go (a URL or a sink name)' }),
        },
        ['enabled'],
      ),
    },
    ['image', 'model', 'classification', 'audit'],
    rules({
      rule: "self.classification.level == 'unclassified' || self.audit.enabled",
      message: 'audit must be enabled for secret and top-secret agents',
      fieldPath: '.audit.enabled',
    }),
  ),
  status: object('Observed agent state', {
    observedGeneration,
    ready: bool('Whether the agent is running and admitted'),
    conditions,
  }),
  columns: [
    column('Level', 'string', '.spec.classification.level', 'Classification level'),
    column('Model', 'string', '.spec.model.name', 'Model name'),
    column('Egress', 'boolean', '.spec.egress.allowed', 'Egress allowed'),
    column('Audit', 'boolean', '.spec.audit.enabled', 'Audit enabled'),
    column('Ready', 'boolean', '.status.ready', 'Agent ready'),
    column('Image', 'string', '.spec.image', 'Container image', 1),
  ],
});
