// Pod templates and containers: where every workload kind keeps its pod, and the paths reported.
import { describe, expect, it } from 'vitest';
import { containersOf, POD_TEMPLATE_KINDS, podTemplateKindOf, podTemplatesOf, type PodTemplateKind } from '../../src/kube/workloads.js';
import { getPath } from '../../src/util/data.js';

const pod = { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'i' }] } };
const wrap = (apiVersion: string, kind: string, path: readonly (string | number)[]): Record<string, unknown> => {
  const object: Record<string, unknown> = { apiVersion, kind, metadata: { name: 'x' } };
  if (!path.length) return { ...object, ...pod };
  let node = object;
  path.slice(0, -1).forEach((k) => {
    node[k as string] ??= {};
    node = node[k as string] as Record<string, unknown>;
  });
  node[path[path.length - 1] as string] = pod;
  return object;
};

describe('podTemplatesOf', () => {
  it.each([
    ['v1', 'Pod', []],
    ['v1', 'PodTemplate', ['template']],
    ['v1', 'ReplicationController', ['spec', 'template']],
    ['apps/v1', 'ReplicaSet', ['spec', 'template']],
    ['apps/v1', 'Deployment', ['spec', 'template']],
    ['extensions/v1beta1', 'Deployment', ['spec', 'template']],
    ['apps/v1', 'StatefulSet', ['spec', 'template']],
    ['apps/v1', 'DaemonSet', ['spec', 'template']],
    ['batch/v1', 'Job', ['spec', 'template']],
    ['batch/v1', 'CronJob', ['spec', 'jobTemplate', 'spec', 'template']],
    ['apps.openshift.io/v1', 'DeploymentConfig', ['spec', 'template']],
  ] as const)('%s %s keeps its pod at %j', (apiVersion, kind, path) => {
    const [t] = podTemplatesOf(wrap(apiVersion, kind, path));
    expect(t.path).toEqual(path);
    expect(t.present).toBe(true);
    expect(t.metadata).toEqual(pod.metadata);
    expect(t.spec).toEqual(pod.spec);
  });

  it('every kind in the table is found at its own path', () => {
    for (const k of POD_TEMPLATE_KINDS) {
      const object = wrap(k.groups[0] ? `${k.groups[0]}/v1` : 'v1', k.kind, k.path);
      expect(podTemplatesOf(object)[0]?.path, k.kind).toEqual(k.path);
      expect(getPath(object, [...k.path, 'spec'])).toEqual(pod.spec);
    }
  });

  it('a custom resource of a workload kind name in another group has no pod template', () => {
    expect(podTemplatesOf(wrap('example.com/v1', 'Deployment', ['spec', 'template']))).toEqual([]);
    expect(podTemplatesOf(wrap('v1', 'Deployment', ['spec', 'template']))).toEqual([]);
    // linters read the kind alone, and may ask for that
    expect(podTemplatesOf(wrap('v1', 'Deployment', ['spec', 'template']), { anyGroup: true })).toHaveLength(1);
  });

  it('an object without apiVersion is judged by its kind', () => {
    const o = wrap('v1', 'Deployment', ['spec', 'template']);
    delete o.apiVersion;
    expect(podTemplatesOf(o)).toHaveLength(1);
  });

  it('other kinds, and workloads without a pod spec', () => {
    expect(podTemplatesOf({ apiVersion: 'v1', kind: 'Service', spec: {} })).toEqual([]);
    const [t] = podTemplatesOf({ apiVersion: 'apps/v1', kind: 'Deployment', spec: {} });
    expect(t).toEqual({ path: ['spec', 'template'], metadata: {}, spec: {}, present: false });
  });

  it('builtinOnly leaves out DeploymentConfig and Rollout; extra kinds add a CRD-embedded template', () => {
    const dc = wrap('apps.openshift.io/v1', 'DeploymentConfig', ['spec', 'template']);
    expect(podTemplatesOf(dc, { builtinOnly: true })).toEqual([]);
    const r = wrap('argoproj.io/v1alpha1', 'Rollout', ['spec', 'template']);
    expect(podTemplatesOf(r)[0].path).toEqual(['spec', 'template']);
    expect(podTemplateKindOf(r, { builtinOnly: true })).toBeUndefined();
    // a Rollout-named kind of another group is not Argo's
    expect(podTemplatesOf(wrap('example.com/v1', 'Rollout', ['spec', 'template']))).toEqual([]);
    const worker: PodTemplateKind = { kind: 'Worker', groups: ['example.com'], path: ['spec', 'pod'], builtin: false, replicated: false };
    const w = wrap('example.com/v1', 'Worker', ['spec', 'pod']);
    expect(podTemplatesOf(w)).toEqual([]);
    expect(podTemplatesOf(w, { extra: [worker] })[0].path).toEqual(['spec', 'pod']);
    expect(podTemplateKindOf(w, { extra: [worker], builtinOnly: true })).toBeUndefined();
  });
});

describe('containersOf', () => {
  const spec = {
    containers: [{ name: 'app' }, 'not a mapping', { name: 'side' }],
    initContainers: [{ name: 'init' }],
    ephemeralContainers: [{ name: 'debug' }],
  };

  it('walks init, regular then ephemeral containers with their paths', () => {
    expect(containersOf(spec, { base: ['spec', 'template', 'spec'] }).map((c) => [c.name, c.list, c.path])).toEqual([
      ['init', 'initContainers', ['spec', 'template', 'spec', 'initContainers', 0]],
      ['app', 'containers', ['spec', 'template', 'spec', 'containers', 0]],
      ['side', 'containers', ['spec', 'template', 'spec', 'containers', 2]],
      ['debug', 'ephemeralContainers', ['spec', 'template', 'spec', 'ephemeralContainers', 0]],
    ]);
  });

  it('leaves out init or ephemeral containers when asked', () => {
    expect(containersOf(spec, { init: false, ephemeral: false }).map((c) => c.name)).toEqual(['app', 'side']);
    expect(containersOf(spec, { ephemeral: false }).map((c) => c.name)).toEqual(['init', 'app', 'side']);
    expect(containersOf(undefined)).toEqual([]);
    expect(containersOf({ containers: [{ name: 5 }] })[0].name).toBe('');
  });
});
