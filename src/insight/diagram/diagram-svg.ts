import { type LaidOutEdge, type LaidOutGraph, type LaidOutNode, edgeText, nodeText } from './diagram-layout';
import { EDGE_DASH, EDGE_STROKE, METRICS as M, MUTED_TEXT, NODE_STYLES, TEXT } from './diagram-style';
import { escapeXml as x } from './xml-escape.util';

export interface SvgOptions {
  /** Unique on the page: prefixes the ids the title, description and arrow marker need. */
  id: string;
  title: string;
}

/**
 * One laid-out graph as a standalone, accessible SVG: role img labelled by its title and a description that lists
 * every arrow in words; it scales to its container's width (viewBox, width 100%) and needs no script.
 */
export function graphSvg(graph: LaidOutGraph, options: SvgOptions): string {
  const id = options.id.replace(/[^A-Za-z0-9_-]/g, '-');
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const description = graph.edges
    .map((edge) => {
      const to = edge.from === edge.to ? 'itself' : byId.get(edge.to)!.label;
      return `${byId.get(edge.from)!.label} → ${to}${edge.label ? ` (${edge.label})` : ''}`;
    })
    .join('. ');
  const { width, height } = graph;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%"`,
    ` style="width:100%;height:auto;max-width:${width}px" role="img"`,
    ` aria-labelledby="${id}-title ${id}-desc" font-family="${x(M.font)}">`,
    `<title id="${id}-title">${x(options.title)}</title>`,
    `<desc id="${id}-desc">${x(description)}</desc>`,
    `<defs><marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"`,
    ` orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="${EDGE_STROKE}"/></marker></defs>`,
    `<g class="edges">${graph.edges.map((edge) => edgeSvg(edge, byId, id)).join('')}</g>`,
    `<g class="nodes">${graph.nodes.map(nodeSvg).join('')}</g>`,
    '</svg>',
  ].join('');
}

function edgeSvg(edge: LaidOutEdge, byId: Map<string, LaidOutNode>, id: string): string {
  const from = byId.get(edge.from)!.label;
  const to = byId.get(edge.to)!.label;
  const dash = EDGE_DASH[edge.kind];
  const path =
    `<path d="${pathData(edge.points)}" fill="none" stroke="${EDGE_STROKE}" stroke-width="1.5"` +
    `${dash ? ` stroke-dasharray="${dash}"` : ''} marker-end="url(#${id}-arrow)"/>`;
  return [
    `<g class="edge edge-${edge.kind}" data-from="${x(edge.from)}" data-to="${x(edge.to)}">`,
    `<title>${x(`${from} → ${to}${edge.label ? `: ${edge.label}` : ''}`)}</title>`,
    path,
    edge.labelBox ? edgeLabelSvg(edge) : '',
    '</g>',
  ].join('');
}

function edgeLabelSvg(edge: LaidOutEdge): string {
  const box = edge.labelBox!;
  const centre = box.x + box.width / 2;
  const lines = edgeText(edge).lines.map(
    (line, i) => `<text x="${centre}" y="${box.y + 2 + (i + 1) * 14 - 3}">${x(line)}</text>`,
  );
  return (
    `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="3" fill="#ffffff"/>` +
    `<g font-size="${M.edgeSize}" fill="${MUTED_TEXT}" text-anchor="middle">${lines.join('')}</g>`
  );
}

function nodeSvg(node: LaidOutNode): string {
  const style = NODE_STYLES[node.kind];
  const text = nodeText(node);
  const centre = node.x + node.width / 2;
  const baseline = (line: number) => node.y + M.padding + (line + 1) * M.lineHeight - 4;
  const line = (content: string, n: number, attrs: string) =>
    `<text x="${centre}" y="${baseline(n)}"${attrs}>${x(content)}</text>`;
  const full = `${text.caption}: ${node.label}${node.detail ? ` (${node.detail})` : ''}`;
  return [
    `<g class="node node-${node.kind}" data-id="${x(node.id)}"><title>${x(full)}</title>`,
    `<rect x="${node.x}" y="${node.y}" width="${node.width}" height="${node.height}" rx="8"`,
    ` fill="${style.fill}" stroke="${style.accent}" stroke-width="1.5"/>`,
    `<g text-anchor="middle">`,
    line(text.caption, 0, ` font-size="${M.captionSize}" font-weight="700" fill="${style.accent}"`),
    ...text.label.map((l, i) => line(l, i + 1, ` font-size="${M.labelSize}" fill="${TEXT}"`)),
    ...text.detail.map((l, i) =>
      line(l, i + 1 + text.label.length, ` font-size="${M.detailSize}" fill="${MUTED_TEXT}"`),
    ),
    '</g></g>',
  ].join('');
}

/** A polyline through dagre's points, its corners rounded with quadratic curves. */
function pathData(points: { x: number; y: number }[]): string {
  if (points.length === 0) return 'M0 0';
  const [first, ...rest] = points;
  const parts = [`M${first.x} ${first.y}`];
  rest.forEach((point, i) => {
    const after = rest[i + 1];
    if (!after) return parts.push(`L${point.x} ${point.y}`);
    const midX = (point.x + after.x) / 2;
    const midY = (point.y + after.y) / 2;
    return parts.push(`Q${point.x} ${point.y} ${round(midX)} ${round(midY)}`);
  });
  return parts.join('');
}

const round = (n: number) => Math.round(n * 10) / 10;
