// The spec types other code builds (tenant BudgetQuotas, the default BudgetQuota, samples).
import { FRACTAL_API_VERSION, type AuditLogLevel, type ClassificationLevel, type FractalKind } from './dsl.js';

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
