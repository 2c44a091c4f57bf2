// The five CustomResourceDefinitions of group fractal.ai, one file per kind, written in the DSL of dsl.ts.
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
import type { CustomResourceDefinitionData } from './dsl.js';
import type { FractalKind } from './dsl.js';
import { kagent } from './kagent.js';
import { shardRun } from './shardrun.js';
import { toolCall } from './toolcall.js';
import { budgetQuota } from './budgetquota.js';
import { blackboard } from './blackboard.js';

export * from './dsl.js';
export * from './types.js';
export { exampleCustomResource } from './samples.js';

/** The five CRDs, in the order of the SPEC's table. */
export const customResourceDefinitions: readonly CustomResourceDefinitionData[] = [kagent, shardRun, toolCall, budgetQuota, blackboard];

export function customResourceDefinitionFor(kind: FractalKind): CustomResourceDefinitionData {
  const crd = customResourceDefinitions.find((c) => c.spec.names.kind === kind);
  if (!crd) throw new Error(`no CustomResourceDefinition for kind ${kind}`);
  return crd;
}
