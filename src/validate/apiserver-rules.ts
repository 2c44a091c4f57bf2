// Rules of the API server's own validation (k8s.io/kubernetes pkg/apis/core/validation) that the
// OpenAPI schemas do not carry, where they are cheap and certain: every container has an image and
// a unique name, volume names are unique, ports are in range and port names are IANA service names
// (the protocol enum is in the schemas already).
// Messages are worded as the API server words them.

import { isRecord } from '../util/data.js';
import { ianaSvcNameErrors } from '../kube/names.js';
import { containersOf, podTemplatesOf } from '../kube/workloads.js';
import { networkPolicyProblems, workloadSelectorProblems } from './network-admission.js';
import type { Problem } from '../report/index.js';

type Path = (string | number)[];

/** A problem found by an API server rule. */
export type ApiServerProblem = Problem<'api-server'>;

function checkPort(value: unknown, path: Path, out: ApiServerProblem[], allowZero = false): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) return; // the schema reports the type
  if (value < (allowZero ? 0 : 1) || value > 65535)
    out.push({ rule: 'api-server', path, message: `Invalid value: ${value}: must be between ${allowZero ? 0 : 1} and 65535, inclusive` });
}

function checkPodSpec(spec: Record<string, unknown>, base: Path, out: ApiServerProblem[]): void {
  const names = new Set<string>();
  for (const { container: c, path } of containersOf(spec, { base })) {
    if (c.image === undefined || c.image === '' || c.image === null)
      out.push({ rule: 'api-server', path: [...path, 'image'], message: 'Required value' });
    if (typeof c.name === 'string') {
      if (names.has(c.name))
        out.push({ rule: 'api-server', path: [...path, 'name'], message: `Duplicate value: ${JSON.stringify(c.name)}` });
      names.add(c.name);
    }
    if (!Array.isArray(c.ports)) continue;
    const portNames = new Set<string>();
    c.ports.forEach((p: unknown, j: number) => {
      if (!isRecord(p)) return;
      const pp = [...path, 'ports', j];
      checkPort(p.containerPort, [...pp, 'containerPort'], out);
      if (p.hostPort !== undefined) checkPort(p.hostPort, [...pp, 'hostPort'], out, true);
      if (typeof p.name === 'string') {
        for (const e of ianaSvcNameErrors(p.name))
          out.push({ rule: 'api-server', path: [...pp, 'name'], message: `Invalid value: ${JSON.stringify(p.name)}: ${e}` });
        if (portNames.has(p.name))
          out.push({ rule: 'api-server', path: [...pp, 'name'], message: `Duplicate value: ${JSON.stringify(p.name)}` });
        portNames.add(p.name);
      }
    });
  }
  const volumes = spec.volumes;
  if (Array.isArray(volumes)) {
    const seen = new Set<string>();
    volumes.forEach((v: unknown, i: number) => {
      if (!isRecord(v) || typeof v.name !== 'string') return;
      if (seen.has(v.name))
        out.push({ rule: 'api-server', path: [...base, 'volumes', i, 'name'], message: `Duplicate value: ${JSON.stringify(v.name)}` });
      seen.add(v.name);
    });
  }
}

function checkServiceSpec(spec: Record<string, unknown>, out: ApiServerProblem[]): void {
  if (!Array.isArray(spec.ports)) return;
  spec.ports.forEach((p: unknown, i: number) => {
    if (!isRecord(p)) return;
    const path = ['spec', 'ports', i];
    checkPort(p.port, [...path, 'port'], out);
    if (p.nodePort !== undefined) checkPort(p.nodePort, [...path, 'nodePort'], out, true);
    if (typeof p.targetPort === 'number') checkPort(p.targetPort, [...path, 'targetPort'], out);
    else if (typeof p.targetPort === 'string')
      for (const e of ianaSvcNameErrors(p.targetPort))
        out.push({ rule: 'api-server', path: [...path, 'targetPort'], message: `Invalid value: ${JSON.stringify(p.targetPort)}: ${e}` });
  });
}

const apiServer = (p: { readonly path: Path; readonly message: string }): ApiServerProblem => ({ ...p, rule: 'api-server' });

/** The API server's own rules for an object of a built-in `kind`. */
export function apiServerRules(kind: string, object: Record<string, unknown>): ApiServerProblem[] {
  const out: ApiServerProblem[] = [];
  const [pod] = podTemplatesOf(object, { builtinOnly: true });
  if (pod) {
    if (pod.present) checkPodSpec(pod.spec, [...pod.path, 'spec'], out);
  } else if (kind === 'Service' && isRecord(object.spec)) checkServiceSpec(object.spec, out);
  else if (kind === 'NetworkPolicy') out.push(...networkPolicyProblems(object).map(apiServer));
  out.push(...workloadSelectorProblems(kind, object).map(apiServer));
  return out;
}
