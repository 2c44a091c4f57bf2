// The rendered tiers with their sample tenants: no path crosses a tenant or classification
// boundary, and nothing on edge reaches outside the cluster.
import { describe, expect, it } from 'vitest';
import { checkIsolation } from '../src/checks/isolation/index.js';
import { renderTierObjects } from '../src/render/render.js';
import { runCli } from './helpers.js';

describe.each(['edge', 'datacenter', 'connected'])('isolation of the %s tier', (tier) => {
  it('has no boundary-crossing path (and on edge nothing reaches outside the cluster)', async () => {
    const rendered = await renderTierObjects(tier);
    // an agent pod in every tenant namespace, as the tenants' workloads would run there
    const agents = rendered
      .filter((m) => m.object.kind === 'Namespace' && String(m.object.metadata?.name).startsWith('tenant-'))
      .map((m) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'agent', namespace: String(m.object.metadata?.name), labels: { app: 'agent' } },
        spec: {
          containers: [
            { name: 'agent', image: 'registry.local:5000/ai-platform/agent:v0.1.0', ports: [{ name: 'http', containerPort: 8080 }] },
          ],
        },
      }));
    expect(agents.length).toBeGreaterThan(0);
    const objects = [...rendered, ...agents];
    const report = checkIsolation(objects, { forbidExternal: tier === 'edge' });
    expect(report.violations.map((v) => v.message)).toEqual([]);
    const tenants = report.namespaces.filter((n) => n.tenant).map((n) => n.name);
    expect(tenants.length).toBeGreaterThan(0);
    // tenants reach the platform's gateway (its one entrypoint) and nothing of each other
    for (const t of tenants) {
      expect(report.reach.find((r) => r.from === t && r.to === 'ai-platform')?.connections).toBe('TCP 8080');
      expect(report.reach.filter((r) => r.from === t && r.to !== null && r.to.startsWith('tenant-') && r.to !== t)).toEqual([]);
    }
    if (tier === 'edge') expect(report.reach.filter((r) => r.to === null)).toEqual([]);
    else expect(report.reach.some((r) => r.to === null)).toBe(true);
  });
});

describe('aipc check isolation --tier', () => {
  it('exits 0 on edge and names every namespace in the matrix', () => {
    const r = runCli(['check', 'isolation', '--tier', 'edge', '--format', 'markdown']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('| **tenant-team-alpha** |');
    expect(r.stdout).toContain('None: no path crosses a tenant or classification boundary');
  });
});
