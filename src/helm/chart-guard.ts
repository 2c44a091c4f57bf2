// Helm reads a chart directory following symbolic links, and `.Files.Get`, templates and values
// files put what it reads into the render. A chart taken from a git ref or a directory a person
// names is therefore checked before Helm sees it: a link that leaves the chart (a committed link to
// a credentials file, to /proc/self/environ) or an entry that is not a regular file is refused,
// naming the entry and never reading the target.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { InputError } from '../errors.js';
import { walkTree } from '../io/walk.js';

/** Throws (exit 2) naming every symbolic link out of `chartDir` and every entry that is not a regular file. */
export function assertSelfContainedChart(chartDir: string): void {
  if (!existsSync(chartDir)) return; // Helm names a missing chart itself
  const { diagnostics } = walkTree(chartDir);
  if (diagnostics.length) {
    throw new InputError(
      diagnostics.map((d) => ({
        file: d.file,
        message: `${d.message.replace(/, outside .*; links are followed only inside the tree$/, ', outside the chart')}; refused before Helm reads the chart (Helm follows links into the render)`,
        rule: 'chart.self-contained',
      })),
      `remove the entry or replace it with a regular file inside the chart (${relative(process.cwd(), chartDir) || '.'})`,
    );
  }
}
