import { Handle, type Node, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import type { StepInfo } from "../model/graph";

/** What a step node shows. */
export type StepNodeData = {
  readonly step: StepInfo;
  readonly componentName: string | undefined;
  readonly problems: number;
  readonly isStart: boolean;
};

/** A step on the canvas. */
export type StepNode = Node<StepNodeData, "step">;

/** A step: its name, id and component; a red marker when the validator found problems in it. */
export const StepNodeView = memo(function StepNodeView({ data, selected }: NodeProps<StepNode>) {
  const { step, componentName, problems, isStart } = data;
  const classes = [
    "cv-node",
    selected ? "is-selected" : "",
    problems > 0 ? "has-problems" : "",
    step.parent ? "is-nested" : "",
  ];
  return (
    <div className={classes.join(" ")} data-testid={`node-${step.id}`}>
      <Handle type="target" position={Position.Top} aria-label={`Connect into ${step.id}`} />
      <div className="cv-node-title">
        {isStart && (
          <span className="cv-start" title="The workflow starts here">
            ▶
          </span>
        )}
        {step.name ?? step.id}
      </div>
      <div className="cv-node-meta">
        <code>{step.id}</code> · {componentName ?? step.component}
      </div>
      {problems > 0 && (
        <span
          className="cv-node-problems"
          role="img"
          aria-label={`${problems} problem${problems === 1 ? "" : "s"}`}
        >
          {problems}
        </span>
      )}
      <Handle type="source" position={Position.Bottom} aria-label={`Connect from ${step.id}`} />
    </div>
  );
});

/** The node types the canvas registers (a constant, so React Flow does not re-create them). */
export const NODE_TYPES = { step: StepNodeView };
