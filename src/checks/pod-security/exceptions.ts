// Declared pod-security exceptions read from data (a YAML list, or `{exceptions: [...]}`),
// every problem collected before failing.
import { formatPath, InputError, type Diagnostic } from '../../errors.js';

type Locate = (path: FieldPath) => { line: number; column: number };
import type { PodSecurityException } from './check.js';
import type { FieldPath } from '../../util/data.js';

/** Validates exception data read from `file`; throws InputError listing every bad entry. */
export function parsePodSecurityExceptions(data: unknown, file: string, locate?: Locate): PodSecurityException[] {
  const items = Array.isArray(data) ? data : (data as { exceptions?: unknown } | null)?.exceptions;
  const prefix: (string | number)[] = Array.isArray(data) ? [] : ['exceptions'];
  const at = (path: (string | number)[], message: string): Diagnostic => ({ file, ...locate?.(path), path: formatPath(path), message });
  if (!Array.isArray(items)) {
    throw new InputError([
      { file, message: 'expected a list of exceptions ({workload, level, reason}) or a mapping with an `exceptions` list' },
    ]);
  }
  const diagnostics: Diagnostic[] = [];
  const out: PodSecurityException[] = [];
  items.forEach((item, i) => {
    const path = [...prefix, i];
    const e = item as Record<string, unknown> | null;
    if (typeof e !== 'object' || e === null || Array.isArray(e)) {
      diagnostics.push(at(path, 'expected a mapping with workload, level and reason'));
      return;
    }
    const before = diagnostics.length;
    if (typeof e.workload !== 'string' || !e.workload.trim())
      diagnostics.push(at([...path, 'workload'], 'expected a non-empty workload name or Kind/name pattern'));
    if (e.level !== 'baseline' && e.level !== 'privileged')
      diagnostics.push(at([...path, 'level'], `expected baseline or privileged, found ${JSON.stringify(e.level)}`));
    if (typeof e.reason !== 'string' || !e.reason.trim())
      diagnostics.push(at([...path, 'reason'], 'expected a non-empty reason (why the workload needs the exception)'));
    for (const key of Object.keys(e)) {
      if (!['workload', 'level', 'reason'].includes(key))
        diagnostics.push(at([...path, key], 'unknown field (expected workload, level, reason)'));
    }
    if (diagnostics.length === before)
      out.push({ workload: e.workload as string, level: e.level as 'baseline' | 'privileged', reason: e.reason as string });
  });
  if (diagnostics.length) throw new InputError(diagnostics);
  return out;
}
