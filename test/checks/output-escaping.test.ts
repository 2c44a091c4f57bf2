// Object names are input: printed raw, ESC or CR in a name could erase a FAIL line on a terminal.
// Each command that prints names (lint, check pod-security, check isolation) prints them escaped,
// in text and Markdown, while JSON keeps the name as it is.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printable } from '../../src/util/printable.js';
import { tempDir } from '../helpers.js';
import { runAipc } from '../support/cli.js';

// erases the line and returns the cursor: on a terminal, what came before on the line vanishes
const HOSTILE = 'evil\u001b[2K\rok       all good\u2028\u202e';
const quoted = JSON.stringify(HOSTILE);

const deployment = (name: string, privileged: boolean) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.local/web:1.0
          securityContext: {privileged: ${privileged}}
`;

/** Text output holds no character that moves the cursor, ends a line early or reorders it. */
function expectInert(out: string): void {
  // eslint-disable-next-line no-control-regex
  expect(out.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
}

function file(text: string): string {
  const f = join(tempDir(), 'in.yaml');
  writeFileSync(f, text);
  return f;
}

describe('object names escaped in terminal output', () => {
  it('printable escapes control characters, separators and bidi overrides as JSON does, and nothing else', () => {
    expect(printable(HOSTILE)).toBe('evil\\u001b[2K\\rok       all good\\u2028\\u202e'.replace('\\r', '\\u000d'));
    expect(printable('Deployment/shop/web-1 ünïcode')).toBe('Deployment/shop/web-1 ünïcode');
    expect(printable('a\\b')).toBe('a\\\\b');
  });

  it.each(['text', 'markdown'])('lint (%s): the FAIL line survives a hostile name', async (format) => {
    const r = await runAipc(['lint', file(deployment(quoted, true)), '--include', 'privileged-container', '--format', format]);
    expect(r.code).toBe(1);
    expectInert(r.stdout);
    expect(r.stdout).toContain(printable(HOSTILE));
  });

  it('lint --format json keeps the name as given', async () => {
    const r = await runAipc(['lint', file(deployment(quoted, true)), '--include', 'privileged-container', '--format', 'json']);
    expect(JSON.parse(r.stdout).reports[0].name).toBe(HOSTILE);
  });

  it.each(['text', 'markdown'])('check pod-security (%s): the FAIL block survives a hostile name', async (format) => {
    const r = await runAipc(['check', 'pod-security', '--manifests', file(deployment(quoted, true)), '--format', format]);
    expect(r.code).toBe(1);
    expectInert(r.stdout);
    expect(r.stdout).toContain(`Deployment/shop/${printable(HOSTILE)}`);
    if (format === 'text') expect(r.stdout).toMatch(/^FAIL +Deployment\/shop\/evil\\u001b/m);
  });

  it.each(['text', 'markdown', 'mermaid'])('check isolation (%s): names and violations escaped', async (format) => {
    const ns = (name: string, tenant: string) =>
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: {fractal.ai/tenant: ${tenant}}\n---\n`;
    const pod = (namespace: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: ${namespace}\nspec:\n  containers: [{name: c, image: x}]\n---\n`;
    const stream = ns(quoted, 'a') + ns('beta', 'b') + pod(quoted) + pod('beta');
    const r = await runAipc(['check', 'isolation', '--manifests', file(stream), '--format', format]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expectInert(r.stdout);
    expect(r.stdout).toContain(format === 'mermaid' ? printable(HOSTILE).replace(/"/g, '#quot;') : printable(HOSTILE));
  });
});
