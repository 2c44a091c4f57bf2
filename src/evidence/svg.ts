// The reachability graph as one inline SVG: nodes on a circle in the graph's order (platform,
// tenants, namespaces outside the render, outside the cluster), so the same graph always gives the
// same picture, byte for byte; an arrow per allowed connection, red where it crosses a boundary.
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

interface Placed {
  readonly node: GraphNode;
  readonly x: number;
  readonly y: number;
  readonly w: number;
}

const n1 = (v: number) => (Math.round(v * 10) / 10).toFixed(1);

/** The graph drawn: one `<svg>` element with its own styles, no scripts, fonts or links. */
export function reachabilitySvg(graph: ReachabilityGraph): string {
  const { nodes, edges } = fold(graph);
  const count = Math.max(nodes.length, 3);
  const radius = Math.max(170, count * 34);
  const widest = Math.max(...nodes.map((n) => labelWidth(n.label)));
  const margin = widest / 2 + 30;
  const size = 2 * (radius + margin);
  const cx = size / 2;
  const cy = size / 2;
  const placed = new Map<string, Placed>();
  nodes.forEach((node, i) => {
    // start at the top, clockwise
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / count;
    placed.set(node.id, { node, x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle), w: labelWidth(node.label) });
  });
  const pairs = new Set(edges.map((e) => `${e.from}\u0000${e.to}`));
  const legendHeight = 60;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" id="reachability-graph" role="img" aria-labelledby="reachability-title" width="${n1(size)}" height="${n1(size + legendHeight)}" viewBox="0 0 ${n1(size)} ${n1(size + legendHeight)}" font-family="sans-serif" font-size="12">`,
    '<title id="reachability-title">Namespace reachability: which namespaces may open connections to which</title>',
    '<defs>',
    ...(['allowed', 'violation'] as const).map(
      (v) =>
        `<marker id="arrow-${v}" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="${v === 'violation' ? 13 : 10}" markerHeight="${v === 'violation' ? 13 : 10}" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${EDGE[v]}"/></marker>`,
    ),
    '</defs>',
    `<rect x="0" y="0" width="${n1(size)}" height="${n1(size + legendHeight)}" fill="#ffffff"/>`,
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
  const ly = size + 20;
  out.push(
    `<g class="legend"><line x1="20" y1="${n1(ly)}" x2="60" y2="${n1(ly)}" stroke="${EDGE.allowed}" stroke-width="1.6" marker-end="url(#arrow-allowed)"/><text x="68" y="${n1(ly + 4)}">allowed (DNS, the platform gateway, no boundary crossed)</text>` +
      `<line x1="20" y1="${n1(ly + 24)}" x2="60" y2="${n1(ly + 24)}" stroke="${EDGE.violation}" stroke-width="3" marker-end="url(#arrow-violation)"/><text x="68" y="${n1(ly + 28)}">crosses a tenant or classification boundary, or leaves a cluster that forbids it</text></g>`,
    '</svg>',
  );
  return out.join('\n');
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
function fold(graph: ReachabilityGraph): { nodes: GraphNode[]; edges: GraphEdge[] } {
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
