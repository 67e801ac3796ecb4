import { Graph, layout } from "@dagrejs/dagre";
import type { EdgeInfo, StepInfo, WorkflowGraph } from "./graph";
import { readGraph } from "./graph";

/** A node's size on the canvas; the node component renders at this size. */
export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 64;

/** A position in canvas coordinates (top-left corner of the node). */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * Top-to-bottom positions for every step, by dagre. Positions in `pinned` (the ones the user
 * dragged this session) are kept as they are.
 */
export function layoutGraph(
  graph: WorkflowGraph,
  pinned: ReadonlyMap<string, Point> = new Map(),
): Map<string, Point> {
  // Every step already placed (an edit to a workflow on screen): nothing to lay out.
  if (graph.steps.every((s) => pinned.has(s.id)))
    return new Map(graph.steps.map((s) => [s.id, pinned.get(s.id)!]));
  const g = new Graph({ multigraph: false });
  g.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 60, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const step of graph.steps) g.setNode(step.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of graph.edges)
    if (edge.source !== edge.target && g.hasNode(edge.source) && g.hasNode(edge.target))
      g.setEdge(edge.source, edge.target);
  layout(g);
  const positions = new Map<string, Point>();
  for (const step of graph.steps) {
    const kept = pinned.get(step.id);
    if (kept) {
      positions.set(step.id, kept);
      continue;
    }
    const n = g.node(step.id);
    positions.set(step.id, { x: n.x - NODE_WIDTH / 2, y: n.y - NODE_HEIGHT / 2 });
  }
  return positions;
}

/** What the canvas draws for one step (React Flow's node, framework-free). */
export interface LaidOutNode {
  readonly id: string;
  readonly position: Point;
  readonly step: StepInfo;
}

/** What the canvas draws for one edge. */
export interface LaidOutEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly edge: EdgeInfo;
}

/** A workflow opened for the canvas: its graph, and nodes and edges laid out. */
export interface OpenedWorkflow {
  readonly graph: WorkflowGraph;
  readonly nodes: readonly LaidOutNode[];
  readonly edges: readonly LaidOutEdge[];
}

/**
 * Parses workflow YAML and lays it out: the whole cost of opening a workflow before rendering.
 * Edges to steps that do not exist are left out (the validator reports them). Used by the editor
 * and by the 1,000-step benchmark.
 */
export function openWorkflow(text: string, pinned?: ReadonlyMap<string, Point>): OpenedWorkflow {
  const read = readGraph(text);
  // A duplicated id is reported by the validator; the canvas shows its first step.
  const seen = new Set<string>();
  const graph = { ...read, steps: read.steps.filter((s) => !seen.has(s.id) && seen.add(s.id)) };
  const positions = layoutGraph(graph, pinned);
  const known = new Set(graph.steps.map((s) => s.id));
  return {
    graph,
    nodes: graph.steps.map((step) => ({ id: step.id, position: positions.get(step.id)!, step })),
    edges: graph.edges
      .filter((e) => known.has(e.source) && known.has(e.target))
      .map((edge) => ({ id: edge.id, source: edge.source, target: edge.target, edge })),
  };
}

/**
 * The free place nearest to `preferred` (looking right and down first) where a new node overlaps
 * none of `taken`: a step added without a drop point must not hide another one.
 */
export function freeSpot(preferred: Point, taken: Iterable<Point>): Point {
  const boxes = [...taken];
  const free = (p: Point) =>
    !boxes.some((b) => Math.abs(b.x - p.x) < NODE_WIDTH + 10 && Math.abs(b.y - p.y) < NODE_HEIGHT + 10);
  const dx = NODE_WIDTH + 40;
  const dy = NODE_HEIGHT + 30;
  for (let ring = 0; ring < 50; ring++)
    for (let i = 0; i <= ring; i++)
      for (const [x, y] of [
        [ring, i],
        [i, ring],
        [-ring, i],
        [i, -ring],
      ] as const) {
        const spot = { x: preferred.x + x * dx, y: preferred.y + y * dy };
        if (free(spot)) return spot;
      }
  return preferred;
}
