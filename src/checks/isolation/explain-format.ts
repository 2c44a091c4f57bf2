// Explanations in netpol-analyzer's `list --explain` text layout (pkg/netpol/connlist/
// conns_formatter_txt.go, pkg/netpol/internal/common/augmented_intervalset.go and connectionset.go):
// one block per pair some policy has a say on, then the pairs the system default alone decides.
import { ConnectionSet, type Protocol } from './connections.js';
import type { ConnectionExplanation, DirectionDecision, ExplainReason } from './explain.js';

const PROTOCOL_ORDER: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
const SYSTEM_DEFAULT = 'the system default (Allow all)';
const PAIR_SEPARATOR = '-'.repeat(160);

const title = (d: 'ingress' | 'egress') => (d === 'ingress' ? 'Ingress' : 'Egress');
const ACTION_VERB = { Allow: 'allows', Deny: 'denies', Pass: 'passes' } as const;

/** One reason as netpol-analyzer words it. */
export function reasonText(r: ExplainReason): string {
  switch (r.layer) {
    case 'default':
      return SYSTEM_DEFAULT;
    case 'Ingress':
    case 'Route':
      return r.outcome === 'allows'
        ? `${r.layer} '${r.object}' allows ingress connections through service ${r.service}`
        : `${r.layer} '${r.object}' allows ingress to service ${r.service}, but the protocols and ports do not match`;
    case 'AdminNetworkPolicy':
    case 'BaselineAdminNetworkPolicy':
      return `${r.layer} '${r.policy}' ${ACTION_VERB[r.action]} connections by ${title(r.direction)} rule ${r.ruleName}`;
    case 'NetworkPolicy':
      return networkPolicyText(r);
  }
}

function networkPolicyText(r: Extract<ExplainReason, { layer: 'NetworkPolicy' }>): string {
  const name = `NetworkPolicy '${r.policy}'`;
  const rule = `${title(r.direction)} rule #${(r.rule ?? 0) + 1}`;
  switch (r.outcome) {
    case 'allows':
      return `${name} allows connections by ${rule}`;
    case 'no-rules':
      return `${name} selects ${r.subject}, but ${r.peer} is not allowed by any ${title(r.direction)} rule (no rules defined)`;
    case 'no-rule-selects-peer':
      return `${name} selects ${r.subject}, but ${r.peer} is not allowed by any ${title(r.direction)} rule`;
    case 'ports-differ':
      return `${name} selects ${r.subject}, and ${rule} selects ${r.peer}, but the protocols and ports do not match`;
    case 'named-ports-unmatched':
      return `${name} selects ${r.subject}, and ${rule} selects ${r.peer}, but named ports of the rule have no match in the configuration of the destination peer`;
  }
}

/** Layer order in a direction's list: admin first, baseline before the default (augmented_intervalset.go ruleKindToLayer). */
const LAYER_RANK: Record<ExplainReason['layer'], number> = {
  AdminNetworkPolicy: 3,
  NetworkPolicy: 2,
  Ingress: 2,
  Route: 2,
  BaselineAdminNetworkPolicy: 1,
  default: 0,
};

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const onlyDefault = (d: DirectionDecision) => d.reasons.length === 1 && d.reasons[0].layer === 'default';

function directionText(d: DirectionDecision): string {
  const result = d.allowed ? '(Allowed)' : '(Denied)';
  if (onlyDefault(d)) return `${result} due to ${SYSTEM_DEFAULT}`;
  const layers = [...new Set(d.reasons.map((r) => r.layer))].sort((a, b) => LAYER_RANK[b] - LAYER_RANK[a] || cmp(a, b));
  let out = result;
  for (const layer of layers) {
    const texts = [...new Set(d.reasons.filter((r) => r.layer === layer).map(reasonText))].sort(cmp);
    out +=
      '\n\t\t\t' +
      (texts.length === 1 ? texts[0] : `${layer === 'default' ? '' : layer} list:\n${texts.map((t) => `\t\t\t\t- ${t}\n`).join('')}`);
  }
  return out;
}

function rulesText(egress: DirectionDecision, ingress: DirectionDecision): string {
  if (onlyDefault(egress) && onlyDefault(ingress)) return ` due to ${SYSTEM_DEFAULT}\n`;
  return ` due to the following policies and rules:\n\t\tEgress ${directionText(egress)}\n\t\tIngress ${directionText(ingress)}\n`;
}

/** `TCP, UDP:[1-52,54-65535], SCTP` */
function connsText(conns: ConnectionSet): string {
  const full = ConnectionSet.of('TCP');
  return PROTOCOL_ORDER.filter((p) => !conns.ports(p).isEmpty())
    .map((p) => (conns.ports(p).equals(full.ports('TCP')) ? p : `${p}:[${conns.ports(p).toString()}]`))
    .join(', ');
}

function classesText(e: ConnectionExplanation, allowed: boolean): string {
  const classes = new Map<string, ConnectionSet>();
  for (const s of e.segments) {
    if (s.allowed !== allowed) continue;
    const rules = rulesText(s.egress, s.ingress);
    classes.set(rules, (classes.get(rules) ?? ConnectionSet.NONE).union(s.conns));
  }
  if (!classes.size) return '';
  const word = allowed ? 'Allowed' : 'Denied';
  const lines = [...classes].map(([rules, conns]) => ({ conn: `\t${word} ${connsText(conns)}`, rules }));
  lines.sort((a, b) => cmp(a.conn, b.conn));
  return `${word} connections:\n${lines.map((l) => `${l.conn}${l.rules}\n`).join('')}`;
}

function header(text: string): string {
  const line = `# ${text} #`;
  return `\n${'#'.repeat(line.length)}\n${line}\n${'#'.repeat(line.length)}\n`;
}

/** The whole `--explain` report for the given pairs (as `explainAll` lists them). */
export function explainText(explanations: readonly ConnectionExplanation[]): string {
  let explained = '';
  const defaults: string[] = [];
  for (const e of explanations) {
    if (e.defaultOnly) defaults.push(`${e.srcName} => ${e.dstName}`);
    else
      explained += `${PAIR_SEPARATOR}\nConnections between ${e.srcName} => ${e.dstName}:\n\n${classesText(e, true)}${classesText(e, false)}`;
  }
  let out = explained ? header('Specific connections and their reasons') + explained : '';
  if (defaults.length) out += header(`All Connections due to ${SYSTEM_DEFAULT}`) + defaults.map((d) => `${d}\n`).join('');
  return out;
}
