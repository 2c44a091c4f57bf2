// The reachability graph as one inline SVG, laid out by rule (the platform on top, tenants on the
// left, kube-system, other namespaces and the outside on the right, each column in the graph's
// order), so the same graph always gives the same picture, byte for byte; an arrow per allowed
// connection, red where it crosses a boundary.
import { escapeXml } from './text.js';
import type { GraphEdge, GraphNode, NodeKind, ReachabilityGraph } from './reachability.js';

/** Above this many tenants the picture draws the first ones and one node standing for the rest (the tables list them all). */
export const TENANTS_DRAWN = 24;

const FILL: Record<NodeKind, string> = {
  platform: '#dbeafe',
  tenant: '#dcfce7',
  system: '#f3f4f6',
  other: '#f3f4f6',
  outside: '#fff7ed',
};
const STROKE: Record<NodeKind, string> = {
  platform: '#1d4ed8',
  tenant: '#15803d',
  system: '#4b5563',
  other: '#6b7280',
  outside: '#c2410c',
};
const EDGE = { allowed: '#2563eb', violation: '#dc2626' } as const;
const CHAR_WIDTH = 7.2;
const NODE_HEIGHT = 34;
const ROW_HEIGHT = 64;

interface Placed {
  readonly node: GraphNode;
  readonly x: number;
  readonly y: number;
  readonly w: number;
}

const n1 = (v: number) => (Math.round(v * 10) / 10).toFixed(1);

/** The graph drawn: one `<svg>` element with its own styles, no scripts, fonts or links. */
export function reachabilitySvg(graph: ReachabilityGraph): string {
  const { nodes, edges } = fold(group(graph));
  // the platform on top; tenants in the left column; kube-system, other namespaces and the outside in
  // the right one: tenant → platform edges rise, tenant → outside edges run across below the platform
  const top = nodes.filter((n) => n.kind === 'platform');
  const left = nodes.filter((n) => n.kind === 'tenant');
  const right = nodes.filter((n) => n.kind !== 'platform' && n.kind !== 'tenant');
  const widest = (list: readonly GraphNode[]) => Math.max(0, ...list.map((n) => labelWidth(n.label)));
  const leftW = widest(left);
  const rightW = widest(right);
  const width = Math.max(
    900,
    leftW + rightW + 560,
    top.reduce((w, n) => w + labelWidth(n.label) + 40, 40),
  );
  const rows = Math.max(left.length, right.length, 1);
  const bodyTop = 40 + NODE_HEIGHT + 80;
  const height = bodyTop + rows * ROW_HEIGHT + 20;
  const placed = new Map<string, Placed>();
  let x = (width - top.reduce((w, n) => w + labelWidth(n.label) + 40, -40)) / 2;
  for (const node of top) {
    const w = labelWidth(node.label);
    placed.set(node.id, { node, x: x + w / 2, y: 40 + NODE_HEIGHT / 2, w });
    x += w + 40;
  }
  const column = (list: readonly GraphNode[], cx: number) => {
    const offset = ((rows - list.length) * ROW_HEIGHT) / 2;
    list.forEach((node, i) =>
      placed.set(node.id, { node, x: cx, y: bodyTop + offset + i * ROW_HEIGHT + ROW_HEIGHT / 2, w: labelWidth(node.label) }),
    );
  };
  column(left, 30 + leftW / 2);
  column(right, width - 30 - rightW / 2);
  const pairs = new Set(edges.map((e) => `${e.from}\u0000${e.to}`));
  const legendHeight = 60;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" id="reachability-graph" role="img" aria-labelledby="reachability-title" width="${n1(width)}" height="${n1(height + legendHeight)}" viewBox="0 0 ${n1(width)} ${n1(height + legendHeight)}" font-family="sans-serif" font-size="12">`,
    '<title id="reachability-title">Namespace reachability: which namespaces may open connections to which</title>',
    '<defs>',
    ...(['allowed', 'violation'] as const).map(
      (v) =>
        `<marker id="arrow-${v}" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="${v === 'violation' ? 13 : 10}" markerHeight="${v === 'violation' ? 13 : 10}" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${EDGE[v]}"/></marker>`,
    ),
    '</defs>',
    `<rect x="0" y="0" width="${n1(width)}" height="${n1(height + legendHeight)}" fill="#ffffff"/>`,
  ];
  for (const e of edges) {
    const a = placed.get(e.from);
    const b = placed.get(e.to);
    if (!a || !b) continue;
    // a connection each way: the two arrows drawn side by side
    const offset = pairs.has(`${e.to}\u0000${e.from}`) ? 6 : 0;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    const ox = (-dy / len) * offset;
    const oy = (dx / len) * offset;
    const [x1, y1] = border(a, dx, dy, ox, oy);
    const [x2, y2] = border(b, -dx, -dy, ox, oy);
    const colour = EDGE[e.verdict];
    out.push(
      `<g class="edge ${e.verdict}"><title>${escapeXml(`${e.from} → ${e.to}: ${e.connections} (${e.verdict}: ${e.reason})`)}</title>` +
        `<line x1="${n1(x1)}" y1="${n1(y1)}" x2="${n1(x2)}" y2="${n1(y2)}" stroke="${colour}" stroke-width="${e.verdict === 'violation' ? 3 : 1.6}" marker-end="url(#arrow-${e.verdict})"/>`,
    );
    // the label near the source, so the two directions of a pair do not overlap
    const lx = x1 + (x2 - x1) * 0.3 + ox * 2;
    const ly = y1 + (y2 - y1) * 0.3 + oy * 2;
    const text = short(e.connections);
    const tw = text.length * 6.2 + 8;
    out.push(
      `<rect x="${n1(lx - tw / 2)}" y="${n1(ly - 9)}" width="${n1(tw)}" height="16" rx="3" fill="#ffffff" fill-opacity="0.85"/>` +
        `<text x="${n1(lx)}" y="${n1(ly + 3)}" text-anchor="middle" font-size="11" fill="${colour}">${escapeXml(text)}</text></g>`,
    );
  }
  for (const p of placed.values()) {
    const { node } = p;
    out.push(
      `<g class="node ${node.kind}"><rect x="${n1(p.x - p.w / 2)}" y="${n1(p.y - NODE_HEIGHT / 2)}" width="${n1(p.w)}" height="${NODE_HEIGHT}" rx="${node.kind === 'outside' ? 17 : 6}" fill="${FILL[node.kind]}" stroke="${STROKE[node.kind]}" stroke-width="1.5"${node.kind === 'outside' || node.kind === 'other' ? ' stroke-dasharray="5 3"' : ''}/>` +
        `<text x="${n1(p.x)}" y="${n1(p.y + 4)}" text-anchor="middle" fill="#111827">${escapeXml(node.label)}</text></g>`,
    );
  }
  const ly = height + 20;
  out.push(
    `<g class="legend"><line x1="20" y1="${n1(ly)}" x2="60" y2="${n1(ly)}" stroke="${EDGE.allowed}" stroke-width="1.6" marker-end="url(#arrow-allowed)"/><text x="68" y="${n1(ly + 4)}">allowed (DNS, the platform gateway, no boundary crossed)</text>` +
      `<line x1="20" y1="${n1(ly + 24)}" x2="60" y2="${n1(ly + 24)}" stroke="${EDGE.violation}" stroke-width="3" marker-end="url(#arrow-violation)"/><text x="68" y="${n1(ly + 28)}">crosses a tenant or classification boundary, or leaves a cluster that forbids it</text></g>`,
    '</svg>',
  );
  return out.join('\n');
}

/** Above this many tenants, tenants with the same reach (same edges to the same nodes) are drawn as one node. */
export const TENANTS_UNGROUPED = 6;

/**
 * Tenants whose edges are the same (to and from the same non-tenant nodes, same connections and
 * verdicts) drawn as one node naming how many and the first and last, once there are more than
 * TENANTS_UNGROUPED; a tenant with an edge to another tenant is always drawn alone.
 */
function group(graph: ReachabilityGraph): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const tenants = graph.nodes.filter((n) => n.kind === 'tenant');
  if (tenants.length <= TENANTS_UNGROUPED) return { nodes: [...graph.nodes], edges: [...graph.edges] };
  const isTenant = new Set(tenants.map((t) => t.id));
  const signature = new Map<string, string>();
  for (const t of tenants) {
    const own = graph.edges.filter((e) => e.from === t.id || e.to === t.id);
    if (own.some((e) => isTenant.has(e.from) && isTenant.has(e.to))) continue;
    signature.set(
      t.id,
      own
        .map((e) => (e.from === t.id ? `>${e.to}` : `<${e.from}`) + `|${e.connections}|${e.verdict}`)
        .sort()
        .join('\n'),
    );
  }
  const bySignature = new Map<string, string[]>();
  for (const t of tenants) {
    const sig = signature.get(t.id);
    if (sig === undefined) continue;
    const list = bySignature.get(sig);
    if (list) list.push(t.id);
    else bySignature.set(sig, [t.id]);
  }
  const groupOf = new Map<string, string>();
  for (const members of bySignature.values())
    if (members.length > 1) {
      const id = `${members.length} tenants: ${members[0]} … ${members[members.length - 1]}`;
      for (const m of members) groupOf.set(m, id);
    }
  const mapId = (id: string) => groupOf.get(id) ?? id;
  const nodes: GraphNode[] = [];
  const seen = new Set<string>();
  for (const n of graph.nodes) {
    const id = mapId(n.id);
    if (seen.has(id)) continue;
    seen.add(id);
    nodes.push(id === n.id ? n : { id, label: id, kind: 'tenant' });
  }
  const edges = new Map<string, GraphEdge>();
  for (const e of graph.edges) {
    const from = mapId(e.from);
    const to = mapId(e.to);
    if (!edges.has(`${from}\u0000${to}`)) edges.set(`${from}\u0000${to}`, { ...e, from, to });
  }
  return { nodes, edges: [...edges.values()] };
}

function labelWidth(label: string): number {
  return Math.max(90, label.length * CHAR_WIDTH + 24);
}

/** Where the segment from the node's centre (shifted by ox, oy) towards (dx, dy) leaves its box. */
function border(p: Placed, dx: number, dy: number, ox: number, oy: number): [number, number] {
  const hw = p.w / 2 + 2;
  const hh = NODE_HEIGHT / 2 + 2;
  const t = Math.min(dx === 0 ? Infinity : hw / Math.abs(dx), dy === 0 ? Infinity : hh / Math.abs(dy));
  return [p.x + dx * t + ox, p.y + dy * t + oy];
}

const short = (s: string) => (s.length > 28 ? `${s.slice(0, 27)}…` : s);

/** The nodes and edges drawn: past TENANTS_DRAWN tenants, the rest become one node and their edges its edges. */
function fold(graph: { readonly nodes: readonly GraphNode[]; readonly edges: readonly GraphEdge[] }): {
  nodes: GraphNode[];
  edges: GraphEdge[];
} {
  const tenants = graph.nodes.filter((n) => n.kind === 'tenant');
  if (tenants.length <= TENANTS_DRAWN) return { nodes: [...graph.nodes], edges: [...graph.edges] };
  const kept = new Set(tenants.slice(0, TENANTS_DRAWN - 1).map((n) => n.id));
  const rest = tenants.length - kept.size;
  const restId = `${rest} more tenants`;
  const mapId = (id: string) => (graph.nodes.find((n) => n.id === id)?.kind === 'tenant' && !kept.has(id) ? restId : id);
  const nodes: GraphNode[] = [];
  for (const n of graph.nodes) {
    if (n.kind !== 'tenant' || kept.has(n.id)) nodes.push(n);
    else if (!nodes.some((m) => m.id === restId)) nodes.push({ id: restId, label: restId, kind: 'tenant' });
  }
  const edges = new Map<string, GraphEdge>();
  for (const e of graph.edges) {
    const from = mapId(e.from);
    const to = mapId(e.to);
    if (from === to) continue;
    const key = `${from}\u0000${to}`;
    const seen = edges.get(key);
    // a violation among the folded edges keeps the folded edge red
    if (!seen || (seen.verdict === 'allowed' && e.verdict === 'violation')) edges.set(key, { ...e, from, to });
  }
  return { nodes, edges: [...edges.values()] };
}
