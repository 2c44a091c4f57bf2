// The chart's templates by group: each group's module is the one list of its templates, so adding
// a component is a model entry plus its templates (the SPEC's fixed names are a test, test/chart/chart.test.ts).
import type { GroupName } from '../../model/components.js';
import { agentTemplates } from './agent.js';
import { coreTemplates } from './core.js';
import { dataTemplates } from './data.js';
import { etlTemplates } from './etl.js';
import { gatewayUiTemplates } from './gateway-ui.js';
import { inferenceTemplates } from './inference.js';
import { observabilityTemplates } from './observability.js';

/** Template name → text, per group, in the order the README lists them. */
export const templatesByGroup: Readonly<Record<GroupName, Readonly<Record<string, string>>>> = {
  core: coreTemplates,
  agent: agentTemplates,
  inference: inferenceTemplates,
  etl: etlTemplates,
  'gateway-ui': gatewayUiTemplates,
  data: dataTemplates,
  observability: observabilityTemplates,
};
