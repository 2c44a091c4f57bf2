// Every lint check, in report order, and lookup by kube-linter name or Polaris id.
import { AipcError } from '../../errors.js';
import { availabilityChecks } from './checks-availability.js';
import { objectChecks } from './checks-object.js';
import { podChecks } from './checks-pod.js';
import { rbacChecks } from './checks-rbac.js';
import { referenceChecks } from './checks-refs.js';
import type { LintCheck } from './types.js';

export const LINT_CHECKS: readonly LintCheck[] = [...objectChecks, ...podChecks, ...availabilityChecks, ...referenceChecks, ...rbacChecks];

const BY_NAME = new Map<string, LintCheck>();
for (const c of LINT_CHECKS) {
  for (const key of [c.name, c.polaris, ...(c.aliases ?? [])]) {
    if (!key) continue;
    if (BY_NAME.has(key)) throw new Error(`lint check name ${key} is declared twice`);
    BY_NAME.set(key, c);
  }
}

/** The check a kube-linter name or Polaris id names, or undefined. */
export const findLintCheck = (name: string): LintCheck | undefined => BY_NAME.get(name);

/** Resolves `--include`/`--exclude` names; an unknown name is a usage error naming it. */
export function resolveLintChecks(names: readonly string[], flag: string): LintCheck[] {
  const unknown = names.filter((n) => !BY_NAME.has(n));
  if (unknown.length) {
    throw new AipcError(
      `${flag}: unknown check${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => JSON.stringify(n)).join(', ')}`,
      2,
      'aipc lint --list names every check (kube-linter names and Polaris ids)',
    );
  }
  return names.map((n) => BY_NAME.get(n)!);
}
