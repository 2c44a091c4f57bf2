// `aipc check isolation`: the objects (a tier render or rendered manifests) through the
// reachability engine, with the tier's rules (edge forbids egress outside the cluster).
import { InputError } from '../errors.js';
import { checkIsolation, type IsolationReport } from '../checks/isolation/verdicts.js';
import { loadObjects, type ObjectSource } from './objects.js';

export interface CheckIsolationOptions extends ObjectSource {
  readonly forbidExternal?: boolean;
}

/** Runs the isolation check; bad input throws (exit 2). */
export async function runIsolationCheck(opts: CheckIsolationOptions, stdin?: () => string): Promise<IsolationReport> {
  const objects = await loadObjects(opts, stdin);
  const report = checkIsolation(objects, { forbidExternal: opts.forbidExternal || opts.tier === 'edge' });
  if (report.errors.length) throw new InputError(report.errors);
  return report;
}
