// Offline validation of Kubernetes objects: the role kubeconform plays, as a library.
//
// Each object is checked against the schema of its apiVersion/kind — the precompiled validators of
// kubernetes-models (Kubernetes 1.33, plus prometheus-operator and cert-manager), loaded lazily and
// only for kinds present, or the openAPIV3Schema of a CRD (in the input or given up front). With
// `strict` (the default), fields the schema does not define are errors too, and names, label keys
// and label values are checked by Kubernetes' own rules. Every problem of every object is
// collected; lines are looked up only for invalid objects.
import { createRequire } from 'node:module';
import { chartModels } from './chart-models-load.js';
import { formatPath } from '../errors.js';
import { requiredFieldMessage } from '../schemas/wording.js';
import { ADMIN_NETWORK_POLICY_CRDS } from './admin-network-policy-crd.js';
import { adminNetworkPolicyProblems } from './network-admission.js';

const ADMIN_NETWORK_POLICY_API_VERSION = 'policy.networking.k8s.io/v1alpha1';
import { apiServerRules } from './apiserver-rules.js';
import { compileCrdSchema, findUnknownCrdFields, readCrd, runCrdSchema, type CrdVersion } from './crd.js';
import { compileCrdRules } from './crd-rules.js';
import { crdSchemaProblems } from './crd-schema.js';
import { compileDefaulter } from './defaults.js';
import { negativeQuantities } from './quantities.js';
import type { FieldPath, Position, Problem as ReportProblem } from '../report/index.js';
import { dns1123LabelErrors, labelValueErrors, objectNameErrors, qualifiedNameErrors } from '../kube/names.js';
import { closestName, describeValue, schemaProblems, type SchemaError } from './messages.js';
import { objectRef, sourcePathOf } from '../kube/refs.js';
import { podTemplatesOf } from '../kube/workloads.js';
import { getPath } from '../util/data.js';
import { fieldLocator, type KubeObject, type ManifestObject } from '../io/manifests.js';
import { removedIn } from './removed-apis.js';
import { findBuiltinListDuplicates, findUnknownFields, ShapeIndex } from './shapes.js';

export interface ValidationOptions {
  /** Reject fields the schema does not define (default true). */
  readonly strict?: boolean;
  /** Count objects whose kind has no schema as skipped instead of invalid. */
  readonly ignoreMissingSchemas?: boolean;
  /** CustomResourceDefinitions to validate custom resources against (besides those in each input). */
  readonly crds?: readonly KubeObject[];
  /**
   * The Kubernetes release the objects target (default 1.33). API versions removed at or before it
   * are errors; an older target (e.g. 1.24, where PodSecurityPolicy still exists) accepts them.
   */
  readonly kubeVersion?: string;
  /** Called after each stage that ran on an object, with the problems it added (tooling and tests). */
  readonly onStage?: (stage: ValidatorStageName, problems: readonly ReportProblem<IssueRule>[]) => void;
}

/** A rule family of the validator: whom it concerns and what it finds; a stop decides the verdict. */
interface ValidatorStage<Subject, Stop> {
  readonly name: ValidatorStageName;
  readonly when?: (subject: Subject) => boolean;
  readonly run: (subject: Subject) => Stop | void;
}

/** The validator's stages, in the order they run on each object (see createValidator). */
export const VALIDATOR_STAGES = [
  'removed-api',
  'missing-schema',
  'builtin-schema',
  'builtin-unknown-fields',
  'list-semantics',
  'api-server',
  'crd-schema',
  'admin-network-policy',
  'custom-resource-metadata',
  'metadata',
  'quantities',
  'custom-resource-definition',
] as const;
export type ValidatorStageName = (typeof VALIDATOR_STAGES)[number];

/** Which check found a problem. */
export type IssueRule =
  | 'schema'
  | 'unknown-field'
  | 'name'
  | 'label'
  | 'annotation'
  | 'api-version'
  | 'missing-schema'
  | 'crd'
  | 'cel'
  | 'list'
  | 'duplicate-key'
  | 'api-server'
  | 'quantity';

/** One problem with one object. */
export interface ValidationIssue {
  /** Field path, e.g. `spec.template.spec.containers[0].image` (empty for the whole object). */
  readonly path: string;
  readonly message: string;
  readonly rule: IssueRule;
  /** 1-based line of the field (or of its nearest existing parent) in the object's file. */
  readonly line: number;
  readonly column: number;
}

export type Verdict = 'valid' | 'invalid' | 'skipped';

/** The verdict on one object. */
export interface ObjectResult {
  readonly file: string;
  /** Line where the object starts. */
  readonly line: number;
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  /** `kind/namespace/name`, as printed. */
  readonly ref: string;
  readonly verdict: Verdict;
  /** What it was checked against: `kubernetes`, `CustomResourceDefinition/<name>`, a bundled model package, or none. */
  readonly schema?: string;
  /** Which version of that schema: `1.33 (kubernetes-models 4.5.1)`, the CRD's served version, the model package's version. */
  readonly schemaVersion?: string;
  /** True when a bundled model (not a CRD from the input or --crd) validated this custom resource. */
  readonly bundledModel?: boolean;
  /** The chart template the object was rendered from (Helm's `# Source:` line), when the input names one. */
  readonly template?: string;
  readonly issues: readonly ValidationIssue[];
}

/** Something worth knowing that does not make an object invalid (e.g. a CRD pattern RE2 cannot compile). */
export interface ValidationWarning {
  readonly file: string;
  readonly line: number;
  readonly ref: string;
  readonly path: string;
  readonly message: string;
}

export interface ValidationReport {
  readonly objects: readonly ObjectResult[];
  readonly resources: number;
  readonly valid: number;
  readonly invalid: number;
  readonly skipped: number;
  readonly warnings: readonly ValidationWarning[];
  /** CEL transition rules (`oldSelf`) on the objects checked: the API server runs them on updates only. */
  readonly transitionRulesNotChecked: number;
  /** Custom resources validated against a bundled model rather than their CRD, by model package. */
  readonly bundledModels: Readonly<Record<string, number>>;
}

/** A validator with its CRDs and loaded schemas, reusable across calls (build, check, validate). */
export interface Validator {
  /** Validates a stream; CRDs found in it apply to its custom resources (for this call only). */
  validate(objects: readonly ManifestObject[]): ValidationReport;
  /** Loads the schemas of these kinds now (e.g. while Helm renders), so validate() starts warm. */
  preload(kinds: readonly { readonly apiVersion: string; readonly kind: string }[]): void;
}

type BuiltinValidate = (obj: unknown) => readonly SchemaError[] | null;

/** Counters and warnings gathered over one validate() call. */
interface Stats {
  transitionRules: number;
  bundled: Record<string, number>;
  warnings: { m: ManifestObject; path: FieldPath; message: string }[];
}

/** The Kubernetes release whose schemas (kubernetes-models) validate built-in kinds. */
export const SCHEMA_KUBERNETES_VERSION = '1.33';

/** A problem of one stage, placed by its path unless `at` says where (the second of two equal keys). */
interface Problem extends ReportProblem<IssueRule> {
  readonly at?: Required<Position>;
}

const require = createRequire(import.meta.url);
/** A model from the bundle when the chart renders its kind, else from node_modules. */
const loadModel = (module: string): unknown => (chartModels()[module] ?? (() => require(module)))();
/** The built-in kinds the chart renders: their models are bundled (to load while Helm runs). */
export const chartKinds = (): { apiVersion: string; kind: string }[] =>
  Object.keys(chartModels()).flatMap((m) => {
    const match = /^kubernetes-models\/(.+)\/(\w+)$/.exec(m);
    return match ? [{ apiVersion: match[1], kind: match[2] }] : [];
  });
const CRD_API_VERSION = 'apiextensions.k8s.io/v1';
// removed in 1.22, so such an object is invalid; its schema is still read (e.g. an old chart's --crd)
const CRD_V1BETA1 = 'apiextensions.k8s.io/v1beta1';
/** The shape table's package of Kubernetes' own kinds; the others are bundled models of CRDs. */
const KUBERNETES_PACKAGE = 'kubernetes-models';
const builtinValidators = new Map<string, BuiltinValidate>();
let objectMetaValidator: BuiltinValidate | undefined;

/** The published validator of a built-in kind: `Kind.prototype.validate` throws with ajv's errors. */
function builtinValidator(module: string, kind: string): BuiltinValidate {
  let fn = builtinValidators.get(module);
  if (!fn) {
    const ctor = (loadModel(module) as Record<string, { prototype: { validate(this: unknown): void } }>)[kind];
    const run = ctor.prototype.validate;
    fn = (obj) => {
      try {
        run.call(obj);
        return null;
      } catch (err) {
        const errors = (err as { errors?: SchemaError[] }).errors;
        if (!errors) throw err;
        return errors;
      }
    };
    builtinValidators.set(module, fn);
  }
  return fn;
}

/** ajv validator for ObjectMeta, used for custom resources' metadata. */
function metadataValidator(): BuiltinValidate {
  if (!objectMetaValidator) {
    const fn = (
      loadModel('@kubernetes-models/apimachinery/_schemas/IoK8sApimachineryPkgApisMetaV1ObjectMeta') as {
        validate: ((data: unknown) => boolean) & { errors?: SchemaError[] | null };
      }
    ).validate;
    objectMetaValidator = (obj) => (fn(obj) ? null : (fn.errors ?? []));
  }
  return objectMetaValidator;
}

/** Custom resource kinds by `apiVersion kind`, with a parent for the validator-wide CRDs. */
class CrdTable {
  private readonly byKey = new Map<string, CrdVersion>();
  private readonly versionsByKind = new Map<string, string[]>();
  constructor(private readonly parent?: CrdTable) {}

  add(crd: KubeObject): void {
    for (const v of readCrd(crd).versions) {
      this.byKey.set(`${v.apiVersion} ${v.kind}`, v);
      const list = this.versionsByKind.get(v.kind) ?? [];
      if (!list.includes(v.apiVersion)) list.push(v.apiVersion);
      this.versionsByKind.set(v.kind, list);
    }
  }

  get size(): number {
    return this.byKey.size + (this.parent?.size ?? 0);
  }

  lookup(apiVersion: string, kind: string): CrdVersion | undefined {
    return this.byKey.get(`${apiVersion} ${kind}`) ?? this.parent?.lookup(apiVersion, kind);
  }

  apiVersionsOf(kind: string): string[] {
    return [...(this.versionsByKind.get(kind) ?? []), ...(this.parent?.apiVersionsOf(kind) ?? [])];
  }
}

const isCrd = (o: KubeObject): boolean =>
  o.kind === 'CustomResourceDefinition' && (o.apiVersion === CRD_API_VERSION || o.apiVersion === CRD_V1BETA1);

/** Creates a validator; schemas are loaded on first use and kept for later calls. */
export function createValidator(options: ValidationOptions = {}): Validator {
  const strict = options.strict ?? true;
  const shapes = ShapeIndex.load();
  const baseCrds = new CrdTable();
  // the admin network policy kinds first, so a CRD given with --crd replaces them
  for (const crd of [...ADMIN_NETWORK_POLICY_CRDS, ...(options.crds ?? [])]) if (isCrd(crd)) baseCrds.add(crd);
  const metaRef = shapes.child(shapes.lookup('v1', 'ConfigMap')!.shape, 'metadata');
  const targetVersion = options.kubeVersion ?? SCHEMA_KUBERNETES_VERSION;

  interface Checked {
    verdict: Verdict;
    schema?: string;
    schemaVersion?: string;
    bundledModel?: boolean;
    problems: Problem[];
  }

  /** What the stages share about one object: it, the schema it resolved to, and its problems so far. */
  interface Subject {
    readonly m: ManifestObject;
    readonly o: KubeObject;
    readonly apiVersion: string;
    readonly kind: string;
    readonly crds: CrdTable;
    readonly stats: Stats;
    readonly problems: Problem[];
    /** Set by the resolve stage: Kubernetes' own kind or a bundled model, or a CRD. */
    builtin?: NonNullable<ReturnType<ShapeIndex['lookup']>>;
    crd?: CrdVersion;
  }

  /** A stage's own ending: the object's verdict is decided (no later stage runs). */
  type Stop = { readonly stop: Verdict };
  const unknownField = (problems: Problem[]) => (path: (string | number)[], field: string, known: Iterable<string>) => {
    const guess = closestName(field, known);
    problems.push({ path: [...path, field], message: `unknown field${guess ? ` (did you mean "${guess}"?)` : ''}`, rule: 'unknown-field' });
  };
  const isKubernetes = (x: Subject) => x.builtin?.package === KUBERNETES_PACKAGE;

  /**
   * The validator's stages, in order, one entry per rule family: `when` says whom a stage concerns,
   * `run` adds problems and may stop (the verdict is then decided). Names are what tests refer to.
   */
  const stages: readonly ValidatorStage<Subject, Stop>[] = [
    {
      name: 'removed-api',
      when: (x) => x.builtin !== undefined,
      run(x) {
        const removedAt = removedIn(x.apiVersion, x.kind);
        const removed = removedAt && minorOf(removedAt) <= minorOf(targetVersion) ? removedAt : undefined;
        if (!removed) return;
        const served = servedApiVersions(x.kind, x.crds);
        x.problems.push({
          path: ['apiVersion'],
          message: `${x.apiVersion} ${x.kind} was removed in Kubernetes ${removed}${served.length ? `; use ${served.join(' or ')}` : `; Kubernetes ${targetVersion} serves no ${x.kind}`}`,
          rule: 'api-version',
        });
        return { stop: 'invalid' };
      },
    },
    {
      name: 'missing-schema',
      when: (x) => x.builtin === undefined && x.crd === undefined,
      run(x) {
        const elsewhere = servedApiVersions(x.kind, x.crds);
        if (elsewhere.length) {
          x.problems.push({
            path: ['apiVersion'],
            message: `${x.kind} is not in ${x.apiVersion}; ${x.kind} exists in ${elsewhere.join(', ')}`,
            rule: 'api-version',
          });
          return { stop: 'invalid' };
        }
        if (options.ignoreMissingSchemas) return { stop: 'skipped' };
        x.problems.push({
          path: ['kind'],
          message: `no schema for ${x.apiVersion} ${x.kind}: not a Kubernetes ${SCHEMA_KUBERNETES_VERSION} kind and no CustomResourceDefinition for it was given (pass its CRD with --crd, or --ignore-missing-schemas)`,
          rule: 'missing-schema',
        });
        return { stop: 'invalid' };
      },
    },
    {
      name: 'builtin-schema',
      when: (x) => x.builtin !== undefined,
      run(x) {
        const errors = builtinValidator(x.builtin!.module, x.kind)(x.o);
        if (errors) for (const p of schemaProblems(errors, x.o)) x.problems.push({ ...p, rule: 'schema' });
      },
    },
    {
      name: 'builtin-unknown-fields',
      when: (x) => strict && x.builtin !== undefined,
      run(x) {
        const b = x.builtin!;
        const before = x.problems.length;
        findUnknownFields(shapes, x.o, b.shape, [], unknownField(x.problems));
        // a bundled model may be older than the operator: say where the field may be known
        if (b.package !== KUBERNETES_PACKAGE)
          for (let i = before; i < x.problems.length; i++)
            x.problems[i] = {
              ...x.problems[i],
              message: `${x.problems[i].message}; ${b.package} ${b.packageVersion} may predate it: pass the CRD with --crd`,
            };
      },
    },
    {
      name: 'list-semantics',
      when: (x) => x.builtin !== undefined && shapes.reachesList(x.builtin.shape),
      run(x) {
        findBuiltinListDuplicates(shapes, x.o, x.builtin!.shape, [], (path, message) => x.problems.push({ path, message, rule: 'list' }));
      },
    },
    {
      // Kubernetes' own rules, for Kubernetes' own kinds only (a bundled model's kind of the same name is another kind)
      name: 'api-server',
      when: isKubernetes,
      run(x) {
        for (const p of apiServerRules(x.kind, x.o)) x.problems.push({ ...p, rule: 'api-server' });
      },
    },
    {
      name: 'crd-schema',
      when: (x) => x.crd?.schema !== undefined,
      run(x) {
        const schema = x.crd!.schema!;
        const fn = compileCrdSchema(schema);
        if (fn instanceof Error) {
          x.problems.push({
            path: [],
            message: `the schema of ${x.crd!.source} (${x.apiVersion}) does not compile: ${fn.message}`,
            rule: 'crd',
          });
          return;
        }
        // validated as stored: with the schema's defaults applied, as the API server does first
        const stored = compileDefaulter(schema)?.(x.o) ?? x.o;
        const errors = runCrdSchema(fn, stored);
        if (errors) for (const p of schemaProblems(errors, stored)) x.problems.push({ ...p, rule: 'schema' });
        if (strict) findUnknownCrdFields(schema, x.o, [], unknownField(x.problems));
        const rules = compileCrdRules(schema);
        x.stats.transitionRules += rules.transitionRules;
        // as the API server: a wrong type or enum value blocks the CEL rules (they would misfire)
        if (rules.hasRules && errors?.some((e) => e.keyword === 'type' || e.keyword === 'enum'))
          x.problems.push({
            path: [],
            message:
              'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
            rule: 'cel',
          });
        else rules.check(stored, (p) => x.problems.push(p));
      },
    },
    {
      name: 'admin-network-policy',
      when: (x) =>
        x.crd !== undefined &&
        x.apiVersion === ADMIN_NETWORK_POLICY_API_VERSION &&
        (x.kind === 'AdminNetworkPolicy' || x.kind === 'BaselineAdminNetworkPolicy'),
      run(x) {
        for (const p of adminNetworkPolicyProblems(x.kind, x.o)) x.problems.push({ ...p, rule: 'api-server' });
      },
    },
    {
      // a custom resource's metadata is ObjectMeta, whatever its CRD's schema says
      name: 'custom-resource-metadata',
      when: (x) => x.crd !== undefined && x.o.metadata !== undefined,
      run(x) {
        const errors = metadataValidator()(x.o.metadata);
        if (errors)
          for (const p of schemaProblems(errors, x.o.metadata))
            x.problems.push({ path: ['metadata', ...p.path], message: p.message, rule: 'schema' });
        if (strict) findUnknownFields(shapes, x.o.metadata, metaRef, ['metadata'], unknownField(x.problems));
      },
    },
    { name: 'metadata', run: (x) => checkMetadata(x.o, x.kind, x.problems) },
    {
      name: 'quantities',
      run(x) {
        x.problems.push(...negativeQuantities(x.o));
      },
    },
    {
      name: 'custom-resource-definition',
      when: (x) => isCrd(x.o),
      run(x) {
        checkCrd(x.o, x.problems, (path, message) => x.stats.warnings.push({ m: x.m, path, message }));
      },
    },
  ];

  function check(m: ManifestObject, crds: CrdTable, stats: Stats): Checked {
    const o = m.object;
    const problems: Problem[] = [];
    // a key given twice: the API server's strict decoding refuses it; otherwise the last one wins
    if (strict)
      for (const d of m.duplicateKeys ?? [])
        problems.push({ path: d.path, message: `duplicate key ${JSON.stringify(d.key)}`, rule: 'duplicate-key', at: d });
    // without a type nothing else can be looked up
    if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string' || o.apiVersion === '' || o.kind === '') {
      for (const key of ['apiVersion', 'kind'] as const) {
        const v = o[key];
        if (v === undefined) problems.push({ path: [key], message: requiredFieldMessage(), rule: 'schema' });
        else if (typeof v !== 'string' || v === '')
          problems.push({ path: [key], message: `must be a non-empty string, found ${describeValue(v)}`, rule: 'schema' });
      }
      return { verdict: 'invalid', problems };
    }
    const { apiVersion, kind } = o;
    // Kubernetes' own kinds always use their own schema (a CRD cannot replace them); a CRD given
    // for a kind that a bundled model also describes wins over the model
    const known = shapes.lookup(apiVersion, kind);
    const crd = known?.package === KUBERNETES_PACKAGE ? undefined : crds.lookup(apiVersion, kind);
    const x: Subject = { m, o, apiVersion, kind, crds, stats, problems, crd, builtin: crd ? undefined : known };
    for (const stage of stages) {
      if (stage.when && !stage.when(x)) continue;
      const before = problems.length;
      const stop = stage.run(x);
      options.onStage?.(stage.name, problems.slice(before));
      if (stop) return { verdict: stop.stop, problems };
    }
    return { ...schemaOf(x), verdict: problems.length ? 'invalid' : 'valid', problems };
  }

  /** What an object was checked against, as its result names it (and the bundled-model count). */
  function schemaOf(x: Subject): Omit<Checked, 'verdict' | 'problems'> {
    const b = x.builtin;
    if (!b) return { schema: x.crd!.source, schemaVersion: x.crd!.apiVersion };
    if (b.package === KUBERNETES_PACKAGE)
      return { schema: 'kubernetes', schemaVersion: `${SCHEMA_KUBERNETES_VERSION} (${b.package} ${b.packageVersion})` };
    const key = `${b.package} ${b.packageVersion}`;
    x.stats.bundled[key] = (x.stats.bundled[key] ?? 0) + 1;
    return { schema: b.package, schemaVersion: b.packageVersion, bundledModel: true };
  }

  function servedApiVersions(kind: string, crds: CrdTable): string[] {
    const builtin = shapes.apiVersionsOf(kind).filter((av) => !removedIn(av, kind));
    return [...new Set([...crds.apiVersionsOf(kind), ...builtin])];
  }

  return {
    validate(objects) {
      let crds = baseCrds;
      for (const m of objects) {
        if (isCrd(m.object)) {
          if (crds === baseCrds) crds = new CrdTable(baseCrds);
          crds.add(m.object);
        }
      }
      const results: ObjectResult[] = [];
      const stats: Stats = { transitionRules: 0, bundled: {}, warnings: [] };
      let valid = 0;
      let invalid = 0;
      let skipped = 0;
      for (const m of objects) {
        const checked = check(m, crds, stats);
        if (checked.verdict === 'valid') valid++;
        else if (checked.verdict === 'invalid') invalid++;
        else skipped++;
        results.push(result(m, checked));
      }
      const warnings = stats.warnings.map(({ m, path, message }) => ({
        file: m.file,
        line: fieldLocator(m)(path).line,
        ref: objectRef(m.object),
        path: formatPath(path),
        message,
      }));
      return {
        objects: results,
        resources: objects.length,
        valid,
        invalid,
        skipped,
        warnings,
        transitionRulesNotChecked: stats.transitionRules,
        bundledModels: stats.bundled,
      };
    },
    preload(kinds) {
      for (const { apiVersion, kind } of kinds) {
        const builtin = shapes.lookup(apiVersion, kind);
        if (builtin) builtinValidator(builtin.module, kind);
      }
    },
  };
}

/** Validates `objects` with a one-off validator (use createValidator to validate several streams). */
export function validateObjects(objects: readonly ManifestObject[], options: ValidationOptions = {}): ValidationReport {
  return createValidator(options).validate(objects);
}

function result(
  m: ManifestObject,
  checked: { verdict: Verdict; schema?: string; schemaVersion?: string; bundledModel?: boolean; problems: Problem[] },
): ObjectResult {
  const { verdict, schema, schemaVersion, bundledModel, problems } = checked;
  const o = m.object;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  let issues: ValidationIssue[] = [];
  let line = m.line;
  if (problems.length) {
    const locate = fieldLocator(m);
    issues = problems.map((p) => {
      const { line, column } = p.at ?? locate(p.path);
      return { path: formatPath(p.path), message: p.message, rule: p.rule, line, column };
    });
    // an item of a List: where the item starts (found only for invalid ones: it re-parses the List)
    if (m.itemPath.length) line = locate([]).line;
  }
  return {
    file: m.file,
    line,
    apiVersion: str(o.apiVersion),
    kind: str(o.kind),
    namespace: str(o.metadata?.namespace),
    name: str(o.metadata?.name),
    ref: objectRef(o),
    verdict,
    schema,
    schemaVersion,
    bundledModel: bundledModel || undefined,
    template: sourcePathOf(m.source),
    issues,
  };
}

/** Names, namespace, label keys and values, annotation keys: Kubernetes' own rules. */
function checkMetadata(o: KubeObject, kind: string, problems: Problem[]): void {
  const meta = o.metadata;
  if (meta === undefined || meta === null || typeof meta !== 'object') {
    problems.push({ path: ['metadata', 'name'], message: requiredFieldMessage(), rule: 'name' });
    return;
  }
  if (typeof meta.name === 'string') {
    for (const e of objectNameErrors(kind, meta.name))
      problems.push({
        path: ['metadata', 'name'],
        message: `${JSON.stringify(meta.name)} is not a valid ${kind} name: ${e}`,
        rule: 'name',
      });
  } else if (meta.name === undefined && typeof meta.generateName !== 'string') {
    problems.push({ path: ['metadata', 'name'], message: `${requiredFieldMessage()} (or set metadata.generateName)`, rule: 'name' });
  }
  if (typeof meta.namespace === 'string') {
    for (const e of dns1123LabelErrors(meta.namespace))
      problems.push({
        path: ['metadata', 'namespace'],
        message: `${JSON.stringify(meta.namespace)} is not a valid namespace: ${e}`,
        rule: 'name',
      });
  }
  checkLabels(meta.labels, ['metadata', 'labels'], problems);
  checkAnnotations(meta.annotations, problems);
  // labels in pod templates (and a CronJob's Job template) and selectors are validated by the API server too
  const spec = o.spec as Record<string, unknown> | undefined;
  if (spec && typeof spec === 'object') {
    for (const path of [
      ...podTemplatesOf(o, { builtinOnly: true }).map((t) => [...t.path, 'metadata', 'labels']),
      ...(kind === 'CronJob' ? [['spec', 'jobTemplate', 'metadata', 'labels']] : []),
      ['spec', 'selector', 'matchLabels'],
      ...(kind === 'Service' ? [['spec', 'selector']] : []),
    ]) {
      checkLabels(getPath(o, path), path, problems);
    }
  }
}

function checkLabels(labels: unknown, path: FieldPath, problems: Problem[]): void {
  if (!labels || typeof labels !== 'object' || Array.isArray(labels)) return;
  for (const [key, value] of Object.entries(labels)) {
    for (const e of qualifiedNameErrors(key))
      problems.push({ path: [...path, key], message: `label key ${JSON.stringify(key)} is invalid: ${e}`, rule: 'label' });
    if (typeof value === 'string') {
      for (const e of labelValueErrors(value))
        problems.push({ path: [...path, key], message: `label value ${JSON.stringify(value)} is invalid: ${e}`, rule: 'label' });
    }
  }
}

function checkAnnotations(annotations: unknown, problems: Problem[]): void {
  if (!annotations || typeof annotations !== 'object' || Array.isArray(annotations)) return;
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    for (const e of qualifiedNameErrors(key))
      problems.push({
        path: ['metadata', 'annotations', key],
        message: `annotation key ${JSON.stringify(key)} is invalid: ${e}`,
        rule: 'annotation',
      });
    size += key.length + (typeof value === 'string' ? value.length : 0);
  }
  if (size > 256 * 1024)
    problems.push({
      path: ['metadata', 'annotations'],
      message: `annotations total ${size} bytes; the limit is 262144`,
      rule: 'annotation',
    });
}

/**
 * A CRD as the API server admits it: named `<plural>.<group>`, not redefining a kind Kubernetes
 * serves itself, and with schemas that are structural, whose CEL rules compile (errors) and whose
 * patterns RE2 compiles (warnings: the pattern is then not checked).
 */
function checkCrd(crd: KubeObject, problems: Problem[], warn: (path: FieldPath, message: string) => void): void {
  const spec = crd.spec as { group?: unknown; names?: { plural?: unknown } } | undefined;
  const plural = spec?.names?.plural;
  const group = spec?.group;
  if (
    typeof plural === 'string' &&
    typeof group === 'string' &&
    typeof crd.metadata?.name === 'string' &&
    crd.metadata.name !== `${plural}.${group}`
  ) {
    problems.push({
      path: ['metadata', 'name'],
      message: `must be spec.names.plural + "." + spec.group ("${plural}.${group}"), found ${JSON.stringify(crd.metadata.name)}`,
      rule: 'crd',
    });
  }
  const { versions, problems: read } = readCrd(crd);
  for (const p of read) problems.push({ ...p, rule: 'crd' });
  const shapes = ShapeIndex.load();
  for (const v of versions) {
    const own = shapes.lookup(v.apiVersion, v.kind);
    if (own && own.package === KUBERNETES_PACKAGE)
      problems.push({
        path: ['spec', 'group'],
        message: `defines ${v.apiVersion} ${v.kind}, which Kubernetes serves itself; objects of that kind are checked against Kubernetes' schema`,
        rule: 'crd',
      });
    if (!v.schema) continue;
    for (const p of crdSchemaProblems(v.schema, v.schemaPath)) {
      if (p.severity === 'warning') warn(p.path, p.message);
      else problems.push(p);
    }
  }
}

/** Minor version of `1.NN` (or `v1.NN.x`), for comparing releases. */
function minorOf(version: string): number {
  const m = /^v?1\.(\d+)/.exec(version);
  return m ? Number(m[1]) : Number.POSITIVE_INFINITY;
}
