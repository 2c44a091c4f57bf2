// A change repeated on many objects is one entry whose length does not grow with the objects: text
// and Markdown name a few of them and count the rest, however many there are. And two renders are
// diffed a document at a time: the streamed diff of files agrees with the diff of the same objects
// held in memory.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiff } from '../../src/diff/format.js';
import { diffObjectLists } from '../../src/diff/diff.js';
import { LISTED_MEMBERS } from '../../src/diff/group.js';
import { diffManifestInputs } from '../../src/actions/diff.js';
import { readManifestText } from '../../src/io/manifests.js';
import { generateManifestStream } from '../../bench/stream.js';
import { tempDir } from '../helpers.js';

/** `n` Deployments at chart 1.2.0 and the same at 1.3.0 (a label and an image on every one). */
function release(n: number): { before: string; after: string } {
  const before = Array.from(
    { length: n },
    (_, i) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${String(i).padStart(4, '0')}
  namespace: team-${i % 5}
  labels:
    helm.sh/chart: ai-platform-1.2.0
spec:
  template:
    spec:
      containers:
        - name: app
          image: registry.local/app:v1.2.0
`,
  ).join('---\n');
  return { before, after: before.replace(/ai-platform-1\.2\.0/g, 'ai-platform-1.3.0').replace(/app:v1\.2\.0/g, 'app:v1.3.0') };
}

function report(n: number) {
  const { before, after } = release(n);
  const dir = tempDir();
  writeFileSync(join(dir, 'a.yaml'), before);
  writeFileSync(join(dir, 'b.yaml'), after);
  return diffManifestInputs(join(dir, 'a.yaml'), join(dir, 'b.yaml'));
}

describe('repeated changes have bounded output', () => {
  it.each(['text', 'markdown', 'github'] as const)(
    '%s: 40 and 800 objects changed the same way print the same length, but for the counts',
    (format) => {
      const small = formatDiff(report(40), format);
      const large = formatDiff(report(800), format);
      // each entry names LISTED_MEMBERS objects and counts the rest
      expect(large).toContain(`${800 - LISTED_MEMBERS} more objects`);
      expect(small).toContain(`${40 - LISTED_MEMBERS} more objects`);
      expect(large.match(/app-\d{4}/g)?.length).toBe(small.match(/app-\d{4}/g)?.length);
      // only the digits of the counts and the temp paths may differ
      expect(Math.abs(large.length - small.length)).toBeLessThanOrEqual(40);
    },
  );
});

describe('the streamed diff of two files', () => {
  it('reports what the in-memory diff of the same objects reports', () => {
    const before = generateManifestStream(300);
    const after = before
      .replace(/agent:v1\.2\.0/g, 'agent:v1.3.0')
      .replace(/replicas: 2$/gm, 'replicas: 4')
      // one object removed, one added
      .replace(/name: app-7\n/, 'name: app-7-renamed\n');
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), before);
    writeFileSync(join(dir, 'b.yaml'), after);
    const streamed = diffManifestInputs(join(dir, 'a.yaml'), join(dir, 'b.yaml')).sections[0].objects;
    const inMemory = diffObjectLists(readManifestText(before, 'a.yaml').objects, readManifestText(after, 'b.yaml').objects).objects;
    expect(streamed.length).toBeGreaterThan(10);
    expect(streamed.some((o) => o.change === 'added') && streamed.some((o) => o.change === 'removed')).toBe(true);
    expect(streamed).toEqual(inMemory);
  });
});
