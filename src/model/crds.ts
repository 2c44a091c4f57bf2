/**
 * The five CustomResourceDefinitions of group fractal.ai, as plain objects ready to serialize.
 *
 * They carry no Helm templating: the chart generator writes them to the chart's crds/ directory,
 * which Helm installs before it renders any template, so objects of these kinds in the same
 * release work on a first install (SPEC mistake 4).
 *
 * Every invariant the API server can enforce by itself is in the schema: types, patterns, enums
 * and bounds in the OpenAPI part, the rest as CEL `x-kubernetes-validations`. Every string, list
 * and map a rule can reach is bounded (maxLength, maxItems, maxProperties), so the API server's
 * CEL cost estimate stays far below its limits.
 */
import type { ICustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import type { IJSONSchemaProps } from 'kubernetes-models/apiextensions.k8s.io/v1/JSONSchemaProps';
import type { IValidationRule } from 'kubernetes-models/apiextensions.k8s.io/v1/ValidationRule';
import type { ICustomResourceColumnDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceColumnDefinition';

export const FRACTAL_GROUP = 'fractal.ai';
export const FRACTAL_VERSION = 'v1alpha1';
export const FRACTAL_API_VERSION = `${FRACTAL_GROUP}/${FRACTAL_VERSION}` as const;

export const FRACTAL_KINDS = ['KAgent', 'ShardRun', 'ToolCall', 'BudgetQuota', 'Blackboard'] as const;
export type FractalKind = (typeof FRACTAL_KINDS)[number];

/** A CRD with the fields the generator relies on made non-optional. */
export type CustomResourceDefinitionData = ICustomResourceDefinition & {
  metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
};

// ---------------------------------------------------------------------------------------------
// Shared value formats. Patterns are RE2 (API server) and ECMAScript-with-u-flag (ajv) alike.

/** US dollars with exactly two decimals, no sign or symbol: `100.00` (SPEC mistake 6). */
export const USD_AMOUNT_PATTERN = '^(0|[1-9][0-9]{0,11})\\.[0-9]{2}$';
/** An image reference pinned by tag or digest: `[registry[:port]/]path(:tag|@sha256:…|:tag@sha256:…)`. */
export const IMAGE_REFERENCE_PATTERN =
  '^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[0-9]{1,5})?/)?' +
  '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*' +
  '(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(?:@sha256:[a-f0-9]{64})?|@sha256:[a-f0-9]{64})$';
const DNS_LABEL_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const KEY_PATTERN = '^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$';

export const CLASSIFICATION_LEVELS = ['unclassified', 'secret', 'top-secret'] as const;
export type ClassificationLevel = (typeof CLASSIFICATION_LEVELS)[number];
export const AUDIT_LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type AuditLogLevel = (typeof AUDIT_LOG_LEVELS)[number];
export const SHARD_RUN_PHASES = ['PLANNING', 'COMMITTED', 'EXECUTING', 'COMPLETED', 'FAILED'] as const;
export type ShardRunPhase = (typeof SHARD_RUN_PHASES)[number];

// ---------------------------------------------------------------------------------------------
// Spec types: what other code builds (tenant BudgetQuotas, the default BudgetQuota, samples).

export interface ObjectReference {
  readonly name: string;
}

export interface KAgentSpec {
  /** Pinned by tag or digest, never `:latest`. */
  readonly image: string;
  readonly model: { readonly name: string };
  readonly classification: {
    readonly level: ClassificationLevel;
    readonly allowedDataSources?: readonly string[];
    readonly deniedDataSources?: readonly string[];
  };
  readonly egress?: { readonly allowed: boolean };
  /** Must be enabled for secret and top-secret agents. */
  readonly audit: { readonly enabled: boolean; readonly logLevel?: AuditLogLevel; readonly destination?: string };
}

export interface ShardRunSpec {
  readonly agentRef: ObjectReference;
  /** Immutable: a retry runs the same intent. */
  readonly intent: { readonly goal: string; readonly parameters?: Readonly<Record<string, string>> };
}

export interface ToolCallSpec {
  readonly agentRef: ObjectReference;
  readonly tool: string;
  readonly arguments?: Readonly<Record<string, unknown>>;
  readonly requiresApproval: boolean;
  /** Final once set. */
  readonly approval?: { readonly approved: boolean; readonly approver: string; readonly time: string; readonly reason?: string };
}

export interface BudgetQuotaSpec {
  readonly maxTotalTokens: number;
  /** USD, formatted as USD_AMOUNT_PATTERN: `100.00`. */
  readonly maxTotalCost: string;
  readonly currency?: 'USD';
  readonly maxConcurrentRuns: number;
  readonly enforcement?: { readonly mode: 'FailClosed' };
}

export interface BlackboardDecision {
  readonly id: string;
  readonly author: string;
  readonly decision: string;
  readonly recordedAt: string;
}

export interface BlackboardDirective {
  readonly key: string;
  readonly value: string;
  readonly setBy?: string;
}

export interface BlackboardSpec {
  /** Append-only: entries are never removed or changed. */
  readonly decisions?: readonly BlackboardDecision[];
  /** Upserted by key. */
  readonly directives?: readonly BlackboardDirective[];
}

export interface FractalSpecs {
  KAgent: KAgentSpec;
  ShardRun: ShardRunSpec;
  ToolCall: ToolCallSpec;
  BudgetQuota: BudgetQuotaSpec;
  Blackboard: BlackboardSpec;
}

export interface FractalCustomResource<K extends FractalKind = FractalKind> {
  readonly apiVersion: typeof FRACTAL_API_VERSION;
  readonly kind: K;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly spec: FractalSpecs[K];
}

/** Builds a typed custom resource of one of the five kinds. */
export function customResource<K extends FractalKind>(
  kind: K,
  metadata: FractalCustomResource<K>['metadata'],
  spec: FractalSpecs[K],
): FractalCustomResource<K> {
  return { apiVersion: FRACTAL_API_VERSION, kind, metadata, spec };
}

// ---------------------------------------------------------------------------------------------
// Schema building blocks.

type Schema = IJSONSchemaProps;
type Rule = IValidationRule;

const string = (maxLength: number, extra: Schema = {}): Schema => ({ type: 'string', maxLength, ...extra });
const dnsLabel = (description: string): Schema => string(63, { minLength: 1, pattern: DNS_LABEL_PATTERN, description });
const timestamp = (description: string): Schema => ({ type: 'string', format: 'date-time', maxLength: 64, description });
const bool = (description: string, extra: Schema = {}): Schema => ({ type: 'boolean', description, ...extra });
const count = (description: string, maximum: number, format: 'int32' | 'int64' = 'int32'): Schema => ({
  type: 'integer',
  format,
  minimum: 0,
  maximum,
  description,
});
const object = (description: string, properties: Record<string, Schema>, required: string[] = [], extra: Schema = {}): Schema => ({
  type: 'object',
  description,
  ...(required.length > 0 ? { required } : {}),
  properties,
  ...extra,
});
const rules = (...validations: Rule[]): Schema => ({ 'x-kubernetes-validations': validations });
const usdAmount = (description: string): Schema => string(16, { pattern: USD_AMOUNT_PATTERN, description });
const objectReference = (description: string): Schema =>
  object(description, { name: dnsLabel('Name of the referenced object in the same namespace') }, ['name'], {
    'x-kubernetes-map-type': 'atomic',
  });

/** metav1.Condition, as every status carries it. */
const conditions: Schema = {
  type: 'array',
  description: "Latest observations of the object's state",
  maxItems: 16,
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': ['type'],
  items: object(
    'One condition',
    {
      type: string(316, {
        pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$',
        description: 'Condition type in CamelCase',
      }),
      status: { type: 'string', enum: ['True', 'False', 'Unknown'], description: 'Status of the condition' },
      observedGeneration: count('Generation the condition was set for', Number.MAX_SAFE_INTEGER, 'int64'),
      lastTransitionTime: timestamp('Last time the status changed'),
      reason: string(1024, {
        minLength: 1,
        pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$',
        description: 'Machine-readable reason in CamelCase',
      }),
      message: string(32768, { description: 'Human-readable detail' }),
    },
    ['type', 'status', 'lastTransitionTime', 'reason', 'message'],
  ),
};

const observedGeneration = count('metadata.generation this status describes', Number.MAX_SAFE_INTEGER, 'int64');

const column = (name: string, type: string, jsonPath: string, description: string, priority?: number): ICustomResourceColumnDefinition => ({
  name,
  type,
  jsonPath,
  description,
  ...(priority === undefined ? {} : { priority }),
});

// ---------------------------------------------------------------------------------------------
// The one CRD boilerplate helper.

interface CrdDefinition {
  readonly kind: FractalKind;
  readonly plural: string;
  readonly shortNames: readonly string[];
  readonly description: string;
  readonly spec: Schema;
  readonly status: Schema;
  /** Rules on the whole object, for invariants that span spec and status. */
  readonly objectRules?: readonly Rule[];
  readonly columns: readonly ICustomResourceColumnDefinition[];
}

function defineCrd(d: CrdDefinition): CustomResourceDefinitionData {
  const root: Schema = {
    type: 'object',
    description: d.description,
    required: ['spec'],
    properties: {
      apiVersion: { type: 'string', description: 'Versioned schema of this representation of an object' },
      kind: { type: 'string', description: 'REST resource this object represents' },
      metadata: { type: 'object' },
      spec: d.spec,
      status: d.status,
    },
    ...(d.objectRules ? { 'x-kubernetes-validations': [...d.objectRules] } : {}),
  };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${d.plural}.${FRACTAL_GROUP}`,
      labels: { 'app.kubernetes.io/part-of': 'ai-platform', 'app.kubernetes.io/component': 'crd' },
      annotations: { 'fractal.ai/generated-by': 'aipc', 'fractal.ai/description': d.description },
    },
    spec: {
      group: FRACTAL_GROUP,
      scope: 'Namespaced',
      names: {
        kind: d.kind,
        listKind: `${d.kind}List`,
        plural: d.plural,
        singular: d.kind.toLowerCase(),
        shortNames: [...d.shortNames],
        categories: ['fractal', 'ai-platform'],
      },
      versions: [
        {
          name: FRACTAL_VERSION,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: root },
          subresources: { status: {} },
          additionalPrinterColumns: [...d.columns, column('Age', 'date', '.metadata.creationTimestamp', 'Time since creation')],
        },
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// KAgent

const dataSources = (description: string): Schema => ({
  type: 'array',
  description,
  maxItems: 64,
  'x-kubernetes-list-type': 'set',
  items: string(253, { minLength: 1, pattern: KEY_PATTERN }),
});

const kagent = defineCrd({
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

// ---------------------------------------------------------------------------------------------
// ShardRun

/** Allowed phase changes; a terminal phase (COMPLETED, FAILED) never changes. */
const PHASE_TRANSITION_RULE =
  'self == oldSelf' +
  " || (oldSelf == 'PLANNING' && self in ['COMMITTED', 'FAILED'])" +
  " || (oldSelf == 'COMMITTED' && self in ['EXECUTING', 'FAILED'])" +
  " || (oldSelf == 'EXECUTING' && self in ['COMPLETED', 'FAILED'])";

const shardRun = defineCrd({
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

// ---------------------------------------------------------------------------------------------
// ToolCall

const toolCall = defineCrd({
  kind: 'ToolCall',
  plural: 'toolcalls',
  shortNames: ['tc'],
  description: 'One tool invocation by an agent, recorded for audit and approval.',
  spec: object(
    'The invocation',
    {
      agentRef: objectReference('KAgent that made the call'),
      tool: string(253, { minLength: 1, pattern: KEY_PATTERN, description: 'Tool name' }),
      arguments: {
        type: 'object',
        description: 'Tool arguments as the agent passed them',
        'x-kubernetes-preserve-unknown-fields': true,
      },
      requiresApproval: bool('Whether a person must approve the call before it runs'),
      approval: object(
        'The approval decision; final once recorded',
        {
          approved: bool('Whether the call was approved'),
          approver: string(253, { minLength: 1, description: 'Who decided' }),
          time: timestamp('When the decision was made'),
          reason: string(1024, { description: 'Why' }),
        },
        ['approved', 'approver', 'time'],
        rules({ rule: 'self == oldSelf', message: 'an approval decision is final' }),
      ),
    },
    ['agentRef', 'tool', 'requiresApproval'],
    rules(
      {
        rule: 'self.agentRef == oldSelf.agentRef && self.tool == oldSelf.tool && self.requiresApproval == oldSelf.requiresApproval',
        message: 'agentRef, tool and requiresApproval are immutable',
      },
      { rule: '!has(oldSelf.approval) || has(self.approval)', message: 'an approval decision cannot be removed', fieldPath: '.approval' },
    ),
  ),
  status: object('Outcome of the call', {
    phase: {
      type: 'string',
      enum: ['Pending', 'AwaitingApproval', 'Rejected', 'Running', 'Succeeded', 'Failed'],
      description: 'Where the call is',
    },
    result: object(
      'What the tool returned',
      {
        succeeded: bool('Whether the tool reported success'),
        output: string(32768, { description: 'Tool output, possibly truncated' }),
        error: string(4096, { description: 'Error message when the tool failed' }),
        completedAt: timestamp('When the tool returned'),
      },
      ['succeeded'],
    ),
    observedGeneration,
    conditions,
  }),
  objectRules: [
    {
      rule: '!has(self.status) || !has(self.status.result) || !self.spec.requiresApproval || (has(self.spec.approval) && self.spec.approval.approved)',
      message: 'a call that requires approval cannot have a result unless spec.approval.approved is true',
      fieldPath: '.status.result',
    },
  ],
  columns: [
    column('Agent', 'string', '.spec.agentRef.name', 'Calling KAgent'),
    column('Tool', 'string', '.spec.tool', 'Tool invoked'),
    column('Approval', 'boolean', '.spec.requiresApproval', 'Approval required'),
    column('Approved', 'boolean', '.spec.approval.approved', 'Approval decision'),
    column('Phase', 'string', '.status.phase', 'Where the call is'),
  ],
});

// ---------------------------------------------------------------------------------------------
// BudgetQuota

const budgetQuota = defineCrd({
  kind: 'BudgetQuota',
  plural: 'budgetquotas',
  shortNames: ['bq'],
  description: 'Hard limits on tokens, cost and concurrent runs in a namespace; enforcement fails closed.',
  spec: object(
    'The limits',
    {
      maxTotalTokens: count('Total tokens all runs in the namespace may consume', Number.MAX_SAFE_INTEGER, 'int64'),
      maxTotalCost: usdAmount('Total cost limit in USD, exactly two decimals, no currency symbol: 100.00'),
      currency: { type: 'string', enum: ['USD'], default: 'USD', description: 'Currency of every amount' },
      maxConcurrentRuns: count('ShardRuns that may execute at the same time', 100000),
      enforcement: object(
        'How limits are enforced',
        {
          mode: {
            type: 'string',
            enum: ['FailClosed'],
            default: 'FailClosed',
            description: 'FailClosed: when usage is unknown or a limit is reached, new work is refused',
          },
        },
        ['mode'],
        { default: { mode: 'FailClosed' } },
      ),
    },
    ['maxTotalTokens', 'maxTotalCost', 'maxConcurrentRuns'],
  ),
  status: object('Usage against the limits', {
    usedTokens: count('Tokens consumed', Number.MAX_SAFE_INTEGER, 'int64'),
    usedCost: usdAmount('Cost incurred in USD'),
    activeRuns: count('ShardRuns executing now', 100000),
    exhausted: bool('Whether any limit is reached, so new work is refused'),
    observedGeneration,
    conditions,
  }),
  columns: [
    column('Max Tokens', 'integer', '.spec.maxTotalTokens', 'Token limit'),
    column('Max Cost', 'string', '.spec.maxTotalCost', 'Cost limit (USD)'),
    column('Max Runs', 'integer', '.spec.maxConcurrentRuns', 'Concurrent run limit'),
    column('Used Tokens', 'integer', '.status.usedTokens', 'Tokens consumed'),
    column('Used Cost', 'string', '.status.usedCost', 'Cost incurred (USD)'),
    column('Exhausted', 'boolean', '.status.exhausted', 'A limit is reached'),
  ],
});

// ---------------------------------------------------------------------------------------------
// Blackboard

const blackboard = defineCrd({
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

/** The five CRDs, in the order of the SPEC's table. */
export const customResourceDefinitions: readonly CustomResourceDefinitionData[] = [kagent, shardRun, toolCall, budgetQuota, blackboard];

export function customResourceDefinitionFor(kind: FractalKind): CustomResourceDefinitionData {
  const crd = customResourceDefinitions.find((c) => c.spec.names.kind === kind);
  if (!crd) throw new Error(`no CustomResourceDefinition for kind ${kind}`);
  return crd;
}

// ---------------------------------------------------------------------------------------------
// Samples: one valid object per kind, for docs, tests and helm test hooks.

const EXAMPLE_SPECS: FractalSpecs = {
  KAgent: {
    image: 'registry.local:5000/ai-platform/agent:v1.2.0',
    model: { name: 'mistral-7b-instruct-q4' },
    classification: { level: 'secret', allowedDataSources: ['postgres/ai-platform'], deniedDataSources: ['internet'] },
    egress: { allowed: false },
    audit: { enabled: true, logLevel: 'info', destination: 'langfuse' },
  },
  ShardRun: {
    agentRef: { name: 'example-agent' },
    intent: { goal: "Summarise yesterday's ETL failures", parameters: { window: '24h' } },
  },
  ToolCall: {
    agentRef: { name: 'example-agent' },
    tool: 'postgres.query',
    arguments: { sql: "SELECT count(*) FROM etl_runs WHERE status = 'failed'", timeoutSeconds: 30 },
    requiresApproval: true,
    approval: { approved: true, approver: 'operator@example.mil', time: '2025-01-01T12:00:00Z' },
  },
  BudgetQuota: {
    maxTotalTokens: 1000000,
    maxTotalCost: '100.00',
    currency: 'USD',
    maxConcurrentRuns: 5,
    enforcement: { mode: 'FailClosed' },
  },
  Blackboard: {
    decisions: [
      { id: 'use-local-model', author: 'example-agent', decision: 'Use the local model; no egress', recordedAt: '2025-01-01T12:00:00Z' },
    ],
    directives: [{ key: 'max-parallel-shards', value: '3', setBy: 'example-agent' }],
  },
};

export function exampleCustomResource<K extends FractalKind>(kind: K): FractalCustomResource<K> {
  return customResource(kind, { name: `example-${kind.toLowerCase()}`, namespace: 'ai-platform' }, structuredClone(EXAMPLE_SPECS[kind]));
}
