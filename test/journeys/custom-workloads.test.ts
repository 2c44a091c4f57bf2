// Workloads that live in custom resources: an Argo Rollout, and a resource whose CRD in the input
// embeds a PodTemplateSpec. Their pods are created by a controller and admitted like any other, so
// `aipc lint` and `aipc check pod-security` judge their templates, and a Service in front of them
// selects pods that will exist.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatYaml } from '../../src/io/yaml-format.js';
import { podTemplateKindsFromCrds, podTemplatePathOf } from '../../src/kube/custom-workloads.js';
import { tempDir } from '../helpers.js';
import { runAipc } from '../support/cli.js';

type Obj = Record<string, unknown>;

const restrictedPod = (securityContext: Obj): Obj => ({
  metadata: { labels: { app: 'web' } },
  spec: {
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'web',
        image: 'registry.local/web:1.0',
        ports: [{ name: 'http', containerPort: 8080 }],
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...securityContext },
      },
    ],
  },
});

const rollout = (securityContext: Obj): Obj => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    strategy: { canary: { steps: [{ setWeight: 20 }] } },
    template: restrictedPod(securityContext),
  },
});

const service: Obj = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] },
};

// a custom workload kind whose template sits at spec.worker.podTemplate, known only from its CRD
const crd: Obj = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'batchers.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Batcher', plural: 'batchers', singular: 'batcher', listKind: 'BatcherList' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: {
                  worker: {
                    type: 'object',
                    properties: {
                      podTemplate: {
                        type: 'object',
                        properties: {
                          metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                          spec: {
                            type: 'object',
                            properties: {
                              containers: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
              status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        },
      },
    ],
  },
};
const batcher = (securityContext: Obj): Obj => ({
  apiVersion: 'example.com/v1',
  kind: 'Batcher',
  metadata: { name: 'nightly', namespace: 'shop' },
  spec: { worker: { podTemplate: restrictedPod(securityContext) } },
});

function write(objects: Obj[]): string {
  const file = join(tempDir(), 'stream.yaml');
  writeFileSync(file, objects.map((o) => `---\n${formatYaml(o)}`).join(''));
  return file;
}

describe('workloads in custom resources', () => {
  it('finds the pod template of a CRD that embeds one, at its path, and none elsewhere', () => {
    expect(podTemplateKindsFromCrds([crd])).toEqual([
      { kind: 'Batcher', groups: ['example.com'], path: ['spec', 'worker', 'podTemplate'], builtin: false, replicated: false },
    ]);
    expect(
      podTemplatePathOf({ type: 'object', properties: { spec: { type: 'object', properties: { image: { type: 'string' } } } } }),
    ).toBeUndefined();
  });

  it.each([
    ['an Argo Rollout', (sc: Obj) => [rollout(sc), service], 'Rollout'],
    ['a resource whose CRD embeds a pod template', (sc: Obj) => [crd, batcher(sc)], 'Batcher'],
  ])('%s with a privileged container: lint and check pod-security exit 1 naming it; the control passes', async (_, stream, kind) => {
    const bad = write(stream({ privileged: true }));
    const lint = await runAipc(['lint', bad, '--include', 'privileged-container']);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toMatch(new RegExp(`privileged-container: ${kind} shop/\\w+: `));
    const pss = await runAipc(['check', 'pod-security', '--manifests', bad]);
    expect(pss.code).toBe(1);
    expect(pss.stdout).toMatch(new RegExp(`^FAIL +${kind}/shop/\\w+ is privileged`, 'm'));
    expect(pss.stdout).toContain('[privileged]');

    const good = write(stream({}));
    expect((await runAipc(['lint', good, '--include', 'privileged-container'])).code).toBe(0);
    const passed = await runAipc(['check', 'pod-security', '--manifests', good]);
    expect(passed.stdout).toMatch(new RegExp(`^ok +${kind}/shop/\\w+ is restricted`, 'm'));
    expect(passed.code).toBe(0);
  });

  it('without its CRD in the input, a custom resource is not guessed at', async () => {
    const pss = await runAipc(['check', 'pod-security', '--manifests', write([batcher({ privileged: true })]), '--format', 'json']);
    expect(JSON.parse(pss.stdout).workloads).toEqual([]);
  });

  it('a Service in front of a Rollout selects pods that will exist: not dangling-service', async () => {
    const r = await runAipc(['lint', write([rollout({}), service]), '--include', 'dangling-service']);
    expect(r.stdout).not.toContain('dangling-service');
    expect(r.code).toBe(0);
    // the control: the same Service with nothing behind it
    expect((await runAipc(['lint', write([service]), '--include', 'dangling-service'])).code).toBe(1);
  });
});
