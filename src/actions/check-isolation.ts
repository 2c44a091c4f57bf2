// `aipc check isolation`: the objects (a tier render or rendered manifests) through the
// reachability engine, with the tier's rules (edge forbids egress outside the cluster) and, by
// default with a tier, exposure analysis (pods that could exist). With both --tier and
// --manifests, the tier's rules judge the given stream.
import { AipcError, InputError } from '../errors.js';
import { checkIsolation, type IsolationReport } from '../checks/isolation/verdicts.js';
import { loadObjects, type ObjectSource } from './objects.js';

export interface CheckIsolationOptions extends ObjectSource {
  readonly forbidExternal?: boolean;
  /** Judge pods that could exist (default: on with a tier). */
  readonly exposure?: boolean;
  /** Unmodelled kinds a person has reviewed (`Kind` or `Kind.group`). */
  readonly acknowledgeUnmodelled?: readonly string[];
}

/** Runs the isolation check; bad input throws (exit 2). */
export async function runCheckIsolation(opts: CheckIsolationOptions, stdin?: () => string): Promise<IsolationReport> {
  const manifests = opts.manifests ?? [];
  if (opts.tier !== undefined && manifests.length && opts.extraValuesFiles?.length)
    throw new AipcError('--values renders the tier; it cannot be combined with --manifests');
  // the tier's rules applied to a given stream: read the stream, do not render
  const source = manifests.length ? { ...opts, tier: undefined } : opts;
  const { objects, tier } = await loadObjects(source, stdin);
  const report = checkIsolation(objects, {
    // a site tier that extends edge is an edge tier: air-gapped
    forbidExternal: opts.forbidExternal || (tier ?? opts.tier) === 'edge',
    exposure: opts.exposure ?? opts.tier !== undefined,
    acknowledgeUnmodelled: opts.acknowledgeUnmodelled,
  });
  if (report.errors.length) throw new InputError(report.errors);
  return report;
}

// what `aipc check isolation` prints with: its command imports this module alone
export { formatIsolationReport, isolationFails } from '../checks/isolation/format.js';
export { connectionLines } from '../checks/isolation/engine.js';
export { explainAll } from '../checks/isolation/explain.js';
export { explainText } from '../checks/isolation/explain-format.js';
export { analyzeExposure, exposureText } from '../checks/isolation/exposure.js';
export { printable } from '../util/printable.js';
export { stdinFor } from '../io/stdin.js';
export { runFleet, fleetSites, formatFleet } from './fleet.js';
