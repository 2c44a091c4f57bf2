// The pod-security check over a set of rendered objects: each workload's level and failures,
// declared exceptions, and whether each Namespace's enforce label would admit its workloads.
import { formatPath } from '../../errors.js';
import { fieldLocator, type ManifestObject } from '../../io/manifests.js';
import {
  compareLevels,
  evaluatePodTemplate,
  DEFAULT_POLICY_VERSION,
  formatPolicyVersion,
  LATEST_POLICY_VERSION,
  levelOf,
  parsePolicyVersion,
  type PodSecurityCheckId,
  type PodSecurityLevel,
  type PolicyVersion,
} from './policy.js';
import { findPodTemplates, type PodTemplateRef } from './workloads.js';
import type { PodSecurityException } from '../../model/pod-security-exceptions.js';
import { exceptionMatches, formatObjectRef } from '../../kube/refs.js';

export type { PodSecurityException };

export interface PodSecurityOptions {
  /** The level every workload must satisfy (default restricted). */
  readonly level?: 'baseline' | 'restricted';
  /** Policy version (default the current Kubernetes release's, v1.35). */
  readonly version?: PolicyVersion;
  readonly exceptions?: readonly PodSecurityException[];
  /** The namespace of objects without metadata.namespace (default `ai-platform`). */
  readonly namespace?: string;
}

/** One failed check on one field of a workload. */
export interface PodSecurityFailure {
  readonly check: PodSecurityCheckId;
  /** The level the check belongs to. */
  readonly level: 'baseline' | 'restricted';
  /** Full path in the object: `spec.template.spec.containers[0].securityContext.privileged`. */
  readonly path: string;
  readonly line?: number;
  readonly column?: number;
  readonly found: string;
  readonly required: string;
}

export interface WorkloadReport {
  /** `Kind/namespace/name`. */
  readonly ref: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly file: string;
  readonly line: number;
  readonly sourceTemplate?: string;
  readonly helmTest: boolean;
  /** The highest level the pod template satisfies. */
  readonly level: PodSecurityLevel;
  /** pass: at or above the required level; exception: below it under a declared exception; fail: below it. */
  readonly verdict: 'pass' | 'exception' | 'fail';
  readonly exception?: PodSecurityException;
  /** Every failed check (of both levels), in check order. */
  readonly failures: PodSecurityFailure[];
}

/** A Namespace whose `pod-security.kubernetes.io/enforce` label would refuse a workload in it. */
export interface NamespaceFinding {
  readonly namespace: string;
  readonly file: string;
  readonly line: number;
  /** The enforce label's value (`privileged` when the label is absent). */
  readonly enforce: string;
  readonly enforceVersion: string;
  /** The workload refused, or undefined when the label itself is invalid. */
  readonly workload?: string;
  readonly workloadLevel?: PodSecurityLevel;
  readonly message: string;
}

export interface PodSecurityReport {
  readonly requiredLevel: 'baseline' | 'restricted';
  readonly version: string;
  readonly workloads: WorkloadReport[];
  readonly namespaceFindings: NamespaceFinding[];
  /** The exceptions the check was given (printed, so nobody has to read code to know them). */
  readonly exceptions: readonly PodSecurityException[];
  /** No workload fails and no namespace would refuse one. */
  readonly ok: boolean;
}

const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
const ENFORCE_VERSION_LABEL = 'pod-security.kubernetes.io/enforce-version';

/** Checks every pod template in `objects` against the Pod Security Standards. */
export function checkPodSecurity(objects: readonly ManifestObject[], options: PodSecurityOptions = {}): PodSecurityReport {
  const requiredLevel = options.level ?? 'restricted';
  const version = options.version ?? DEFAULT_POLICY_VERSION;
  const renderNamespace = options.namespace ?? 'ai-platform';
  const exceptions = options.exceptions ?? [];
  const templates = findPodTemplates(objects);

  const workloads = templates.map((t) => reportWorkload(t, version, requiredLevel, exceptions, renderNamespace));
  const namespaceFindings = checkNamespaces(objects, templates, workloads, version);
  return {
    requiredLevel,
    version: formatPolicyVersion(version),
    workloads,
    namespaceFindings,
    exceptions,
    ok: workloads.every((w) => w.verdict !== 'fail') && namespaceFindings.length === 0,
  };
}

function reportWorkload(
  t: PodTemplateRef,
  version: PolicyVersion,
  requiredLevel: PodSecurityLevel,
  exceptions: readonly PodSecurityException[],
  renderNamespace: string,
): WorkloadReport {
  const violations = evaluatePodTemplate(t.template, version);
  const level = levelOf(violations);
  const namespace = t.namespace ?? renderNamespace;
  let verdict: WorkloadReport['verdict'] = 'pass';
  let exception: PodSecurityException | undefined;
  if (compareLevels(level, requiredLevel) < 0) {
    exception = exceptions.find((e) => compareLevels(level, e.level) >= 0 && matchesWorkload(e.workload, t, namespace));
    verdict = exception ? 'exception' : 'fail';
  }
  const failures = violations.map((v): PodSecurityFailure => {
    const fullPath = [...t.templatePath, ...v.path];
    const where = verdict === 'pass' && compareLevels(v.level, requiredLevel) > 0 ? undefined : fieldLocator(t.manifest)(fullPath);
    return {
      check: v.check,
      level: v.level,
      path: formatPath(fullPath),
      line: where?.line,
      column: where?.column,
      found: v.found,
      required: v.required,
    };
  });
  return {
    ref: formatObjectRef({ kind: t.kind, namespace, name: t.name }),
    kind: t.kind,
    name: t.name,
    namespace,
    file: t.manifest.file,
    line: t.manifest.line,
    sourceTemplate: t.sourceTemplate,
    helmTest: t.helmTest,
    level,
    verdict,
    exception,
    failures,
  };
}

/** Whether an exception's `workload` pattern names this workload. */
export function matchesWorkload(pattern: string, t: PodTemplateRef, namespace: string): boolean {
  const labels = (t.manifest.object.metadata?.labels ?? {}) as Record<string, unknown>;
  const component =
    typeof labels['app.kubernetes.io/component'] === 'string' ? (labels['app.kubernetes.io/component'] as string) : undefined;
  return exceptionMatches(pattern, { kind: t.kind, name: t.name, namespace, sourceTemplate: t.sourceTemplate, component });
}

function checkNamespaces(
  objects: readonly ManifestObject[],
  templates: readonly PodTemplateRef[],
  workloads: readonly WorkloadReport[],
  version: PolicyVersion,
): NamespaceFinding[] {
  const findings: NamespaceFinding[] = [];
  for (const m of objects) {
    if (m.object.kind !== 'Namespace' || typeof m.object.metadata?.name !== 'string') continue;
    const namespace = m.object.metadata.name;
    const labels = (m.object.metadata.labels ?? {}) as Record<string, unknown>;
    const enforceLabel = labels[ENFORCE_LABEL];
    const versionLabel = labels[ENFORCE_VERSION_LABEL];
    const enforce = enforceLabel === undefined ? 'privileged' : String(enforceLabel);
    const enforceVersion = versionLabel === undefined ? 'latest' : String(versionLabel);
    const base = { namespace, file: m.file, line: m.line, enforce, enforceVersion };
    if (enforce !== 'privileged' && enforce !== 'baseline' && enforce !== 'restricted') {
      findings.push({
        ...base,
        message: `label ${ENFORCE_LABEL}=${JSON.stringify(enforce)} is not a level (privileged, baseline or restricted)`,
      });
      continue;
    }
    let nsVersion = version;
    if (versionLabel !== undefined && versionLabel !== 'latest') {
      const parsed = parsePolicyVersion(String(versionLabel));
      if (!parsed) {
        findings.push({
          ...base,
          message: `label ${ENFORCE_VERSION_LABEL}=${JSON.stringify(versionLabel)} is not a policy version aipc knows (v1.0 to ${formatPolicyVersion(LATEST_POLICY_VERSION)}, or latest)`,
        });
        continue;
      }
      nsVersion = parsed;
    }
    workloads.forEach((w, i) => {
      if (w.namespace !== namespace) return;
      // the namespace's own enforce-version decides admission, not --version
      const level = nsVersion.minor === version.minor ? w.level : levelOf(evaluatePodTemplate(templates[i].template, nsVersion));
      if (compareLevels(level, enforce as PodSecurityLevel) < 0) {
        findings.push({
          ...base,
          workload: w.ref,
          workloadLevel: level,
          message: `enforces ${enforce} (${enforceVersion}) but ${w.ref} is only ${level}: admission would refuse its pods${w.exception ? ' (a declared exception does not change what admission enforces)' : ''}`,
        });
      }
    });
  }
  return findings;
}
