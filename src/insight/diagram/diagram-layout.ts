import dagre, { type EdgeLabel, type GraphLabel, type NodeLabel, type Point } from '@dagrejs/dagre';
import { ACTION_CAPTIONS, METRICS as M, NODE_STYLES } from './diagram-style';
import type { DiagramEdge, DiagramNode, Graph } from './journey-graph';
import { wrapText } from './wrap-text.util';

export interface Box {
  /** Top-left corner, in the diagram's viewBox units. */
  x: number;
  y: number;
  width: number;
  height: number;
}
export type LaidOutNode = DiagramNode & Box;
export interface LaidOutEdge extends DiagramEdge {
  /** The arrow's polyline, from the source box's border to the target's. */
  points: { x: number; y: number }[];
  labelBox?: Box;
}
export interface LaidOutGraph {
  width: number;
  height: number;
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
}

/** The text a box shows: caption, wrapped label and detail (the box's <title> keeps the full text). */
export function nodeText(node: DiagramNode) {
  return {
    caption: (node.stepType && ACTION_CAPTIONS[node.stepType]) || NODE_STYLES[node.kind].caption,
    label: wrapText(node.label, M.labelChars, M.labelLines).lines,
    detail: wrapText(node.detail ?? '', M.detailChars, M.detailLines).lines,
  };
}

export const edgeText = (edge: DiagramEdge) => wrapText(edge.label ?? '', M.edgeChars, M.edgeLines);

const width = (chars: number, size: number) => Math.ceil(chars * size * M.charWidth);
const longest = (lines: string[]) => Math.max(0, ...lines.map((line) => line.length));

function nodeSize(node: DiagramNode): { width: number; height: number } {
  const text = nodeText(node);
  const textWidth = Math.max(
    width(text.caption.length, M.captionSize),
    width(longest(text.label), M.labelSize),
    width(longest(text.detail), M.detailSize),
  );
  const lines = 1 + text.label.length + text.detail.length;
  return {
    width: Math.max(M.minWidth, textWidth + 2 * M.padding),
    height: lines * M.lineHeight + 2 * M.padding,
  };
}

/**
 * Lays a graph out top to bottom with dagre. `chain` lists nodes that should read in that order (the stages) even
 * where no edge joins them; those hidden edges shape the layout but are not returned.
 */
export function layoutGraph(graph: Graph, chain: string[] = []): LaidOutGraph {
  const g = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 36, edgesep: 14, marginx: 12, marginy: 12 });
  for (const node of graph.nodes) g.setNode(node.id, nodeSize(node));
  for (const edge of graph.edges) {
    const text = edgeText(edge);
    const labelled = text.lines.length > 0;
    g.setEdge(
      edge.from,
      edge.to,
      {
        width: labelled ? width(longest(text.lines), M.edgeSize) + 8 : 0,
        height: labelled ? text.lines.length * 14 + 4 : 0,
        labelpos: 'c',
      },
      edge.id,
    );
  }
  const joined = new Set(graph.edges.map((e) => `${e.from}\n${e.to}`));
  chain.slice(1).forEach((to, i) => {
    if (!joined.has(`${chain[i]}\n${to}`)) g.setEdge(chain[i], to, { width: 0, height: 0 }, `#chain${i}`);
  });
  dagre.layout(g);
  const nodes = graph.nodes.map((node): LaidOutNode => {
    const { x, y, width: w, height: h } = g.node(node.id);
    return { ...node, x: round(x! - w / 2), y: round(y! - h / 2), width: w, height: h };
  });
  const edges = graph.edges.map((edge): LaidOutEdge => {
    const laid = g.edge(edge.from, edge.to, edge.id);
    const points =
      edge.from === edge.to
        ? selfLoop(nodes.find((node) => node.id === edge.from)!)
        : (laid.points ?? []).map((p: Point) => ({ x: round(p.x), y: round(p.y) }));
    const labelBox =
      laid.width && laid.x !== undefined && laid.y !== undefined
        ? {
            x: round(laid.x - laid.width / 2),
            y: round(laid.y - laid.height! / 2),
            width: laid.width,
            height: laid.height!,
          }
        : undefined;
    return { ...edge, points, ...(labelBox ? { labelBox } : {}) };
  });
  const { width: graphWidth, height: graphHeight } = g.graph();
  return { width: Math.ceil(graphWidth ?? 0), height: Math.ceil(graphHeight ?? 0), nodes, edges };
}

/** A small loop on the box's right side, in the gap dagre leaves before a self edge's label. */
function selfLoop(box: Box): Point[] {
  const right = box.x + box.width;
  const middle = box.y + box.height / 2;
  return [
    { x: right, y: middle - 10 },
    { x: right + 14, y: middle - 10 },
    { x: right + 14, y: middle + 10 },
    { x: right + 2, y: middle + 10 },
  ];
}

const round = (n: number) => Math.round(n * 10) / 10;
