import { useDroppable } from "@dnd-kit/core";
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  Controls,
  type Edge,
  type EdgeChange,
  MarkerType,
  MiniMap,
  type NodeChange,
  ReactFlow,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useEffect, useState } from "react";
import type { OpenedWorkflow, Point } from "../model/layout";
import { NODE_TYPES, type StepNode } from "./StepNode";

/** The id of the canvas as a drop target for palette items. */
export const CANVAS_DROP_ID = "workflow-canvas";

// Constant props: React Flow syncs props into its store, so new objects on every render cost work.
const FIT_VIEW = { maxZoom: 1, padding: 0.15 };
/** Above this many steps the canvas opens at the start step instead of fitting everything. */
const LARGE = 60;
const DELETE_KEYS = ["Delete", "Backspace"];
const MINIMAP_STYLE = { width: 120, height: 80 };

/** The workflow graph, editable: connect handles, delete with the Delete key, drag or nudge nodes. */
export function FlowCanvas({
  opened,
  problems,
  componentNames,
  selected,
  readOnly,
  onSelect,
  onConnect,
  onDelete,
  onMoved,
}: {
  readonly opened: OpenedWorkflow;
  readonly problems: ReadonlyMap<string, readonly unknown[]>;
  readonly componentNames: ReadonlyMap<string, string>;
  readonly selected: string | null;
  readonly readOnly: boolean;
  onSelect(stepId: string | null): void;
  onConnect(source: string, target: string): void;
  onDelete(stepIds: string[], edgeIds: string[]): void;
  onMoved(stepId: string, position: Point): void;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: CANVAS_DROP_ID });
  // A small workflow fits the screen; a large one opens at its start step, at a readable zoom.
  const [opening] = useState(() => {
    const start = opened.nodes.find((n) => n.id === opened.graph.start) ?? opened.nodes[0];
    if (opened.nodes.length <= LARGE || !start) return undefined;
    return { x: 240 - start.position.x * 0.9, y: 40 - start.position.y * 0.9, zoom: 0.9 };
  });
  const [nodes, setNodes] = useState<StepNode[]>([]);
  const [edges, setEdges] = useState<Edge[]>([]);

  useEffect(() => {
    setNodes(
      opened.nodes.map(({ id, position, step }) => {
        const count = problems.get(id)?.length ?? 0;
        const component = componentNames.get(step.component.split("@")[0]!);
        return {
          id,
          type: "step",
          position,
          selected: id === selected,
          ariaLabel: `Step ${step.name ?? id} (${id}), ${component ?? step.component}${count ? `, ${count} problems` : ""}`,
          data: { step, componentName: component, problems: count, isStart: opened.graph.start === id },
          deletable: !readOnly,
        };
      }),
    );
  }, [opened, problems, componentNames, selected, readOnly]);

  useEffect(() => {
    setEdges(
      opened.edges.map(({ id, source, target, edge }) => ({
        id,
        source,
        target,
        label: edge.label ?? edge.when,
        ariaLabel: `Edge from ${source} to ${target}${edge.when ? ` when ${edge.when}` : ""}`,
        deletable: !readOnly && edge.kind === "next",
        markerEnd: { type: MarkerType.ArrowClosed },
        className: `cv-edge cv-edge-${edge.kind}`,
        labelBgPadding: [4, 2],
      })),
    );
  }, [opened, readOnly]);

  const onNodesChange = (changes: NodeChange<StepNode>[]) => {
    // Removal goes through the YAML (onDelete); everything else is local until it is written.
    const kept = changes.filter((c) => c.type !== "remove");
    setNodes((current) => applyNodeChanges(kept, current));
    // The page's selection follows the user's clicks and key presses (select changes), never the
    // other way round, so the two cannot answer each other in a loop.
    const picks = kept.filter((c) => c.type === "select");
    const picked = picks.find((c) => c.selected);
    if (picked) onSelect(picked.id);
    else if (picks.some((c) => c.id === selected)) onSelect(null);
    // A finished drag or an arrow-key nudge: remember the position for the session.
    for (const change of kept)
      if (change.type === "position" && change.position && !change.dragging)
        onMoved(change.id, change.position);
  };
  const onEdgesChange = (changes: EdgeChange[]) => {
    setEdges((current) =>
      applyEdgeChanges(
        changes.filter((c) => c.type !== "remove"),
        current,
      ),
    );
  };

  return (
    <div
      ref={setNodeRef}
      className={`cv-canvas${isOver ? " is-over" : ""}`}
      aria-label="Workflow canvas"
      role="region"
      data-testid="canvas"
    >
      <ReactFlow<StepNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={(c) => !readOnly && c.source && c.target && onConnect(c.source, c.target)}
        onDelete={({ nodes: n, edges: e }) =>
          !readOnly &&
          onDelete(
            n.map((x) => x.id),
            e.map((x) => x.id),
          )
        }
        deleteKeyCode={readOnly ? null : DELETE_KEYS}
        nodesConnectable={!readOnly}
        isValidConnection={(c) => c.source !== c.target}
        onlyRenderVisibleElements
        fitView={!opening}
        fitViewOptions={FIT_VIEW}
        {...(opening ? { defaultViewport: opening } : {})}
        minZoom={0.05}
        maxZoom={2}
      >
        <Background gap={16} />
        <Controls aria-label="Zoom controls" />
        <MiniMap pannable zoomable ariaLabel="Overview of the workflow" style={MINIMAP_STYLE} />
      </ReactFlow>
    </div>
  );
}
