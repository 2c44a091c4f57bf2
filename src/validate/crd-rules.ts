// What the API server checks in a custom resource beyond OpenAPI types: the CEL rules of
// `x-kubernetes-validations` and the uniqueness of `x-kubernetes-list-type` map/set lists. A CRD
// version's schema is compiled once into a tree holding only the nodes that carry rules (or lead
// to some), so objects walk just those paths.
import type { Problem } from '../report/index.js';
import { compileRule, firstLine, isTransitionRule, NO_OLD_SELF, toCel, type CompiledRule } from './cel.js';
import {
  costFactor,
  estimateCost,
  PER_CALL_COST_LIMIT,
  RUNTIME_COST_BUDGET,
  schemaShape,
  STATIC_CRD_COST_LIMIT,
  STATIC_RULE_COST_LIMIT,
  valueShape,
} from './cel-cost.js';
import { findListDuplicates, schemaListSemantics, type ListSemantics } from './list-semantics.js';

type Schema = Record<string, unknown>;
type Path = (string | number)[];

/** One `x-kubernetes-validations` entry, compiled. */
interface Rule {
  readonly rule: string;
  readonly fn: CompiledRule;
  readonly message?: string;
  readonly messageExpression?: CompiledRule;
  readonly fieldPath: Path;
  readonly reason?: string;
  /** An `optionalOldSelf` transition rule: on a create it runs with `oldSelf` = optional.none(). */
  readonly optionalOldSelf: boolean;
}

interface Node {
  readonly schema: Schema;
  rules: Rule[];
  transitionRules: number;
  list?: ListSemantics;
  properties?: Map<string, Node>;
  additional?: Node;
  items?: Node;
}

/** A rule or list problem in an object. */
export type RuleProblem = Problem<'cel' | 'list'>;

/** A rule that does not compile: the CRD's problem, at the rule's place in the CRD. */
export interface RuleCompileError {
  readonly schemaPath: Path;
  readonly message: string;
  /** A syntax error is the CRD's error; a call aipc cannot evaluate is a warning (the rule is skipped). */
  readonly severity: 'error' | 'warning';
}

/** The compiled rules of one CRD version's schema. */
export interface CrdRules {
  /** Rules and lists checked on each object. */
  check(object: unknown, report: (p: RuleProblem) => void): void;
  /** True if the schema has CEL rules or list types to check. */
  readonly hasRules: boolean;
  /** CEL rules using `oldSelf`: they run on updates, so an offline check cannot evaluate them. */
  readonly transitionRules: number;
  readonly compileErrors: readonly RuleCompileError[];
}

/** `.spec.x`, `.items[0]`, `['a.b']` → path keys (relative to the rule's node). */
export function parseFieldPath(fieldPath: string): Path | undefined {
  const out: Path = [];
  const re = /\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]/y;
  let i = 0;
  while (i < fieldPath.length) {
    re.lastIndex = i;
    const m = re.exec(fieldPath);
    if (!m) return undefined;
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3].replace(/\\(.)/g, '$1')));
    i = re.lastIndex;
  }
  return out;
}

const compiledTrees = new WeakMap<Schema, CrdRules>();

/** Compiles the rules of a CRD version schema (cached per schema object). */
export function compileCrdRules(schema: Schema): CrdRules {
  const hit = compiledTrees.get(schema);
  if (hit) return hit;
  const compileErrors: RuleCompileError[] = [];
  let transitionRules = 0;
  // the estimated cost of every rule, times how many times it may run (the elements of the lists above it)
  let totalCost = 0;

  const build = (s: Schema, schemaPath: Path, cardinality = 1): Node | undefined => {
    const node: Node = { schema: s, rules: [], transitionRules: 0 };
    let useful = false;
    const validations = s['x-kubernetes-validations'];
    if (Array.isArray(validations)) {
      validations.forEach((v: unknown, i: number) => {
        const entry = v as Schema | null;
        if (!entry || typeof entry.rule !== 'string') return;
        const at = [...schemaPath, 'x-kubernetes-validations', i];
        const transition = isTransitionRule(entry.rule);
        if (transition && entry.optionalOldSelf !== true) {
          node.transitionRules++;
          transitionRules++;
          return;
        }
        const fn = compileRule(entry.rule);
        if (fn instanceof Error) {
          compileErrors.push(
            fn.kind === 'syntax'
              ? { schemaPath: [...at, 'rule'], message: `compilation failed: ${fn.message}`, severity: 'error' }
              : { schemaPath: [...at, 'rule'], message: `not checked: ${fn.message}`, severity: 'warning' },
          );
          return;
        }
        let messageExpression: CompiledRule | undefined;
        if (typeof entry.messageExpression === 'string') {
          const m = compileRule(entry.messageExpression);
          if (m instanceof Error)
            compileErrors.push({
              schemaPath: [...at, 'messageExpression'],
              message: `messageExpression compilation failed: ${m.message}`,
              severity: m.kind === 'syntax' ? 'error' : 'warning',
            });
          else messageExpression = m;
        }
        // the API server estimates each rule's worst case when the CRD is created, and refuses one over the limit
        const estimated = estimateCost(fn.ast, schemaShape(s));
        totalCost += estimated * cardinality;
        if (estimated > STATIC_RULE_COST_LIMIT)
          compileErrors.push({
            schemaPath: [...at, 'rule'],
            message: `Forbidden: estimated rule cost exceeds budget by factor of ${costFactor(estimated, STATIC_RULE_COST_LIMIT)} (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`,
            severity: 'error',
          });
        const fieldPath = typeof entry.fieldPath === 'string' ? parseFieldPath(entry.fieldPath) : [];
        if (fieldPath === undefined) {
          compileErrors.push({
            schemaPath: [...at, 'fieldPath'],
            message: `fieldPath must be a valid path, found ${JSON.stringify(entry.fieldPath)}`,
            severity: 'error',
          });
        }
        node.rules.push({
          rule: entry.rule,
          fn,
          message: typeof entry.message === 'string' ? entry.message : undefined,
          messageExpression,
          fieldPath: fieldPath ?? [],
          reason: typeof entry.reason === 'string' ? entry.reason : undefined,
          optionalOldSelf: transition,
        });
      });
      if (node.rules.length) useful = true;
    }
    const list = schemaListSemantics(s);
    if (list) {
      node.list = list;
      useful = true;
    }
    const props = s.properties;
    if (props && typeof props === 'object') {
      for (const [k, child] of Object.entries(props as Record<string, Schema>)) {
        if (!child || typeof child !== 'object') continue;
        const n = build(child, [...schemaPath, 'properties', k], cardinality);
        if (n) {
          (node.properties ??= new Map()).set(k, n);
          useful = true;
        }
      }
    }
    if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      node.additional = build(
        s.additionalProperties as Schema,
        [...schemaPath, 'additionalProperties'],
        cardinality * schemaShape(s).size(),
      );
      if (node.additional) useful = true;
    }
    if (s.items && typeof s.items === 'object' && !Array.isArray(s.items)) {
      node.items = build(s.items as Schema, [...schemaPath, 'items'], cardinality * schemaShape(s).size());
      if (node.items) useful = true;
    }
    return useful ? node : undefined;
  };
  const root = build(schema, []);
  if (totalCost > STATIC_CRD_COST_LIMIT)
    compileErrors.push({
      schemaPath: [],
      message: `Forbidden: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of ${costFactor(totalCost, STATIC_CRD_COST_LIMIT)} (try reducing the number of rules, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`,
      severity: 'error',
    });

  // what is left of the runtime budget of the object being checked
  let budget = RUNTIME_COST_BUDGET;

  const evaluate = (node: Node, value: unknown, path: Path, report: (p: RuleProblem) => void) => {
    if (node.rules.length) {
      const self = toCel(value, node.schema);
      const type = typeof node.schema.type === 'string' ? node.schema.type : 'object';
      for (const r of node.rules) {
        if (budget < 0) return;
        // the cost on this object's own sizes, before running it: a rule over the limit is stopped as cel-go stops it
        const cost = estimateCost(r.fn.ast, valueShape([value]));
        if (cost > PER_CALL_COST_LIMIT) {
          report({ path, message: `Invalid value: "${type}": call cost exceeds limit for rule: ${r.rule}`, rule: 'cel' });
          continue;
        }
        budget -= cost;
        if (budget < 0) {
          report({
            path,
            message: `Invalid value: "${type}": validation failed due to running out of cost budget, no further validation rules will be run`,
            rule: 'cel',
          });
          return;
        }
        let result: unknown;
        try {
          result = r.optionalOldSelf ? r.fn(self, NO_OLD_SELF) : r.fn(self);
        } catch (err) {
          report({ path, message: `Invalid value: "${type}": ${firstLine(err)} evaluating rule: ${r.rule}`, rule: 'cel' });
          continue;
        }
        if (result === true) continue;
        if (result !== false) {
          report({ path, message: `Invalid value: "${type}": rule did not evaluate to a bool: ${r.rule}`, rule: 'cel' });
          continue;
        }
        let detail = r.message ?? `failed rule: ${r.rule.trim()}`;
        if (r.messageExpression) {
          try {
            const m = r.messageExpression(self);
            if (typeof m === 'string' && m.trim() !== '' && !m.includes('\n')) detail = m;
          } catch {
            // the API server falls back to message (or the default) when messageExpression fails
          }
        }
        const at = [...path, ...r.fieldPath];
        const message =
          r.reason === 'FieldValueForbidden'
            ? `Forbidden: ${detail}`
            : r.reason === 'FieldValueRequired'
              ? `Required value: ${detail}`
              : r.reason === 'FieldValueDuplicate'
                ? `Duplicate value: "${type}"`
                : `Invalid value: "${type}": ${detail}`;
        report({ path: at, message, rule: 'cel' });
      }
    }
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      if (node.list) findListDuplicates(value, node.list, (i, message) => report({ path: [...path, i], message, rule: 'list' }));
      if (node.items) for (let i = 0; i < value.length; i++) evaluate(node.items, value[i], [...path, i], report);
      return;
    }
    const obj = value as Record<string, unknown>;
    if (node.properties)
      for (const [k, child] of node.properties)
        if (obj[k] !== undefined && Object.hasOwn(obj, k)) evaluate(child, obj[k], [...path, k], report);
    if (node.additional) {
      const known = node.properties;
      for (const k of Object.keys(obj))
        if (!known?.has(k) && !Object.hasOwn((node.schema.properties as object) ?? {}, k))
          evaluate(node.additional, obj[k], [...path, k], report);
    }
  };

  const compiled: CrdRules = {
    check: (object, report) => {
      budget = RUNTIME_COST_BUDGET;
      if (root) evaluate(root, object, [], report);
    },
    hasRules: root !== undefined,
    transitionRules,
    compileErrors,
  };
  compiledTrees.set(schema, compiled);
  return compiled;
}
