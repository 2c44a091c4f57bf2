// Exposure analysis against np-guard/netpol-analyzer's `list --exposure` output on its own cases
// (../shared/netpol-exposure, Apache-2.0): each section compared as a set of lines.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeReachability, connectionLines } from '../../../src/checks/isolation/engine.js';
import { analyzeExposure, exposureText } from '../../../src/checks/isolation/exposure.js';
import { readManifestInputs } from '../../../src/io/manifests.js';
import { packageRoot } from '../../../src/paths.js';

const corpus = join(packageRoot(), '..', 'shared', 'netpol-exposure');
const cases = existsSync(corpus)
  ? readdirSync(corpus, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
  : [];

const HEADERS = ['Exposure Analysis Result:', 'Egress Exposure:', 'Ingress Exposure:', 'Workloads not protected by network policies:'];

/** Section name → set of its lines (the connection lines are the section before any header). */
function sections(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = { connections: [] };
  let current = 'connections';
  for (const line of text.split(/\r?\n/)) {
    if (HEADERS.includes(line)) out[(current = line)] ??= [];
    else if (line) (out[current] ??= []).push(line);
  }
  for (const k of Object.keys(out)) out[k] = [...new Set(out[k])].sort();
  if (!out.connections.length) delete out.connections;
  return out;
}

describe('netpol-analyzer exposure conformance', () => {
  it('finds the corpus', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases)('%s: reproduces every section exactly', (name) => {
    const { objects, diagnostics } = readManifestInputs([join(corpus, name, 'input')]);
    expect(diagnostics).toEqual([]);
    const result = analyzeReachability(objects);
    expect(result.model.errors).toEqual([]);
    const text = [...connectionLines(result), '', ...exposureText(analyzeExposure(result))].join('\n');
    expect(sections(text)).toEqual(sections(readFileSync(join(corpus, name, 'expected.txt'), 'utf8')));
  });
});
