// `aipc check isolation`: the objects (a tier render or rendered manifests) through the
// reachability engine, with the tier's rules (edge forbids egress outside the cluster) and, by
// default with a tier, exposure analysis (pods that could exist). With both --tier and
// --manifests, the tier's rules judge the given stream.
import { AipcError, InputError, OptionError } from '../errors.js';
import { checkIsolation, type IsolationReport } from '../checks/isolation/verdicts.js';
import { loadObjects, type ObjectSource } from './objects.js';
import { readManifestInputs } from '../io/manifests.js';
import { buildModel, type ModelFinding } from '../checks/isolation/model.js';
import { analyzeReachability } from '../checks/isolation/engine.js';
import { reachabilityDiff, type ReachabilityDiff } from '../checks/isolation/reach-diff.js';

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
    throw new OptionError('extraValuesFiles', 'renders the tier; it cannot be combined with {manifests}');
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

/** Two object sets compared by their connections (`--diff OLD NEW`): bad input throws (exit 2). */
export function runIsolationDiff(
  before: string,
  after: string,
  opts: { readonly acknowledgeUnmodelled?: readonly string[] } = {},
  stdin?: () => string,
): { diff: ReachabilityDiff; findings: ModelFinding[] } {
  if (before === '-' && after === '-') throw new AipcError('- (stdin) may be given only once');
  const side = (input: string) => {
    const read = readManifestInputs([input], stdin);
    if (read.diagnostics.length) throw new InputError(read.diagnostics);
    const model = buildModel(read.objects, { acknowledgeUnmodelled: opts.acknowledgeUnmodelled });
    if (model.errors.length) throw new InputError(model.errors);
    return analyzeReachability(model);
  };
  const [one, two] = [side(before), side(after)];
  return { diff: reachabilityDiff(one, two), findings: [...one.model.findings, ...two.model.findings] };
}

// what `aipc check isolation` prints with: its command imports this module alone
export { formatIsolationReport, isolationFails } from '../checks/isolation/format.js';
export { connectionLines } from '../checks/isolation/engine.js';
export { explainAll } from '../checks/isolation/explain.js';
export { explainText } from '../checks/isolation/explain-format.js';
export { netpolDiffText } from '../checks/isolation/reach-diff.js';
export { analyzeExposure, exposureText } from '../checks/isolation/exposure.js';
export { printable } from '../util/printable.js';
export { stdinFor } from '../io/stdin.js';
export { runFleet, fleetSites, formatFleet } from './fleet.js';
