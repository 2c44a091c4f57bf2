// Grafana dashboards as ConfigMaps (picked up by the Grafana sidecar via grafana_dashboard=1).
import { configMapTemplate } from './builders.js';

interface Panel {
  readonly title: string;
  readonly expr: string;
}

function dashboardJson(uid: string, title: string, panels: readonly Panel[]): string {
  return JSON.stringify(
    {
      uid,
      title,
      schemaVersion: 39,
      tags: ['ai-platform'],
      time: { from: 'now-6h', to: 'now' },
      panels: panels.map((p, i) => ({
        id: i + 1,
        type: 'timeseries',
        title: p.title,
        gridPos: { x: (i % 2) * 12, y: Math.floor(i / 2) * 8, w: 12, h: 8 },
        targets: [{ expr: p.expr, refId: 'A' }],
      })),
    },
    null,
    2,
  );
}

function dashboard(component: string, uid: string, title: string, panels: readonly Panel[]): string {
  const json = dashboardJson(uid, title, panels)
    .split('\n')
    .map((l) => `    ${l}`);
  // a Go template must not see `{{` in PromQL label matchers: the JSON uses none, so it is literal
  if (json.some((l) => l.includes('{{'))) throw new Error(`dashboard ${uid} contains template delimiters`);
  return configMapTemplate(component, '.Values.monitoring.dashboards', [`  ${uid}.json: |`, ...json], ['grafana_dashboard: "1"']);
}

export const dashboards = {
  agents: dashboard('dashboard-agents', 'ai-platform-agents', 'AI platform: agents', [
    { title: 'ShardRuns by phase', expr: 'sum by (phase) (fractal_shardrun_phase)' },
    { title: 'ToolCalls awaiting approval', expr: 'sum(fractal_toolcall_pending_approval)' },
    { title: 'Reconcile errors', expr: 'sum(rate(controller_runtime_reconcile_errors_total[5m]))' },
  ]),
  inference: dashboard('dashboard-inference', 'ai-platform-inference', 'AI platform: inference', [
    { title: 'Requests per second', expr: 'sum(rate(inference_requests_total[5m]))' },
    { title: 'Tokens per second', expr: 'sum(rate(inference_generated_tokens_total[5m]))' },
    { title: 'GPU memory used', expr: 'sum by (pod) (DCGM_FI_DEV_FB_USED)' },
  ]),
  budgets: dashboard('dashboard-budgets', 'ai-platform-budgets', 'AI platform: budgets', [
    { title: 'Tokens used by namespace', expr: 'sum by (namespace) (fractal_budgetquota_tokens_used)' },
    { title: 'Cost used by namespace (USD)', expr: 'sum by (namespace) (fractal_budgetquota_cost_used)' },
    { title: 'Budget used ratio', expr: 'max by (namespace) (fractal_budgetquota_used_ratio)' },
  ]),
};
