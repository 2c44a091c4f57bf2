// Samples: one valid object per kind, for docs, tests and helm test hooks.
import type { FractalKind } from './dsl.js';
import { customResource, type FractalCustomResource, type FractalSpecs } from './types.js';
import { releaseImage } from '../release.js';

const agent = releaseImage('ai-platform/agent');

const EXAMPLE_SPECS: FractalSpecs = {
  KAgent: {
    image: `registry.local:5000/${agent.repository}:${agent.tag}`,
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
