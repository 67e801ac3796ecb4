import {
  type Announcements,
  DndContext,
  type DragEndEvent,
  PointerSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import type { Diagnostic, SourceFile } from "@switchyard/definitions";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { parse } from "yaml";
import { useSession } from "../../app/session";
import {
  addStep,
  connect,
  deleteStep,
  disconnect,
  freshStepId,
  renameStep,
  setStepConfig,
  setStepName,
} from "../model/edits";
import { stepAtPath } from "../model/graph";
import { type History, record, redo, startHistory, undo } from "../model/history";
import { freeSpot, NODE_HEIGHT, NODE_WIDTH, openWorkflow, type Point } from "../model/layout";
import { problemsByStep } from "../model/problems";
import { type PaletteEntry, workflowFile } from "./api";
import { CANVAS_DROP_ID, FlowCanvas } from "./FlowCanvas";
import { OutcomeView } from "./Outcome";
import { useActions } from "./useActions";
import { Palette, type PaletteDrag } from "./Palette";
import { ProblemsList } from "./ProblemsList";
import { StepPanel } from "./StepPanel";
import { useValidation, type ValidationMode } from "./useValidation";

// Monaco is large; it loads after the canvas is up.
const YamlEditor = lazy(() => import("./YamlEditor"));

type View = "split" | "canvas" | "yaml";

/** The editor's props: the text to edit and what the page loaded around it. */
export interface WorkflowEditorProps {
  readonly text: string;
  readonly id: string | undefined;
  readonly origin: string;
  readonly palette: readonly PaletteEntry[];
  readonly context: readonly SourceFile[];
  readonly validation: ValidationMode;
}

/** The workflow editor: palette, canvas, step panel, YAML view, problems and actions. */
export function WorkflowEditor(props: WorkflowEditorProps) {
  return (
    <ReactFlowProvider>
      <EditorBody {...props} />
    </ReactFlowProvider>
  );
}

function EditorBody({ text: initial, id, origin, palette, context, validation }: WorkflowEditorProps) {
  const { can } = useSession();
  const flow = useReactFlow();
  const canEdit = can("definitions:edit");
  const canPublish = can("definitions:publish");
  const [history, setHistory] = useState<History>(() => startHistory(initial));
  const [selected, setSelected] = useState<string | null>(null);
  const [view, setView] = useState<View>("split");
  const [layoutEpoch, setLayoutEpoch] = useState(0);
  const positions = useRef(new Map<string, Point>());
  const text = history.present;
  const currentId = declaredId(text);
  const file = workflowFile(id ?? currentId ?? "new");
  const actions = useActions(id, currentId, text);

  const opened = useMemo(() => {
    const result = openWorkflow(text, positions.current);
    // Every position is kept, so later edits do not move the steps already on the canvas.
    for (const node of result.nodes) positions.current.set(node.id, node.position);
    return result;
    // layoutEpoch forces a fresh layout after "Tidy up" cleared the positions.
  }, [text, layoutEpoch]);

  const diagnostics = useValidation(file, text, context, validation);
  const problems = useMemo(() => problemsByStep(opened.graph, diagnostics), [opened, diagnostics]);
  const manifests = useMemo(
    () => new Map(palette.filter((p) => p.manifest).map((p) => [p.componentId, p.manifest!])),
    [palette],
  );
  const componentNames = useMemo(() => new Map([...manifests].map(([key, m]) => [key, m.name])), [manifests]);
  const step = opened.graph.steps.find((s) => s.id === selected);

  /** Applies a canvas edit to the YAML and records it for undo. */
  const edit = useCallback(
    (change: (text: string) => string) => setHistory((h) => record(h, change(h.present))),
    [],
  );

  const addComponent = (componentId: string, label: string, at?: Point) => {
    const added = freshStepId(opened.graph);
    edit((t) => addStep(t, componentId, { id: added, name: label }).text);
    const viewport = document.querySelector(".cv-canvas")?.getBoundingClientRect();
    const centre = viewport
      ? flow.screenToFlowPosition({
          x: viewport.left + viewport.width / 2,
          y: viewport.top + viewport.height / 2,
        })
      : { x: 0, y: 0 };
    const preferred = { x: centre.x - NODE_WIDTH / 2, y: centre.y - NODE_HEIGHT / 2 };
    const spot = at ?? freeSpot(preferred, positions.current.values());
    positions.current.set(added, spot);
    setSelected(added);
    // Added from the keyboard or by a click: bring the new step into view.
    if (!at)
      void flow.setCenter(spot.x + NODE_WIDTH / 2, spot.y + NODE_HEIGHT / 2, {
        zoom: flow.getZoom(),
        duration: 200,
      });
  };

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));
  const onDragEnd = (event: DragEndEvent) => {
    const drag = event.active.data.current as PaletteDrag | undefined;
    const rect = event.active.rect.current.translated;
    if (!drag || event.over?.id !== CANVAS_DROP_ID || !rect || !canEdit) return;
    const at = flow.screenToFlowPosition({ x: rect.left, y: rect.top });
    addComponent(drag.componentId, drag.label, at);
  };

  // Undo and redo from the keyboard, except inside the YAML editor and text fields (they have their own).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest(".monaco-editor, input, textarea, select, [contenteditable]")) return;
      if (!(event.ctrlKey || event.metaKey)) return;
      const key = event.key.toLowerCase();
      if (key === "z" && !event.shiftKey) setHistory(undo);
      else if ((key === "z" && event.shiftKey) || key === "y") setHistory(redo);
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // Typing in Monaco reaches the canvas after a pause.
  const typing = useRef<number | undefined>(undefined);
  const onYamlChange = (next: string) => {
    window.clearTimeout(typing.current);
    typing.current = window.setTimeout(() => setHistory((h) => record(h, next)), 300);
  };
  useEffect(() => () => window.clearTimeout(typing.current), []);

  const stepOf = (d: Diagnostic) => (d.path ? stepAtPath(opened.graph, d.path)?.id : undefined);
  const focusStep = (stepId: string | undefined) => {
    if (!stepId) return;
    setSelected(stepId);
    const node = flow.getNode(stepId);
    if (node)
      void flow.setCenter(node.position.x + NODE_WIDTH / 2, node.position.y + NODE_HEIGHT / 2, {
        zoom: 1,
        duration: 300,
      });
  };

  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return (
    <DndContext sensors={sensors} onDragEnd={onDragEnd} accessibility={{ announcements: ANNOUNCEMENTS }}>
      <div className="cv-editor">
        <header className="cv-toolbar" aria-label="Workflow actions" role="toolbar">
          <div className="cv-title">
            <h1>{workflowName(text) ?? currentId ?? "Workflow"}</h1>
            <span className="muted">
              {currentId} · {origin}
              {actions.unsaved ? " · unsaved changes" : ""}
            </span>
          </div>
          <button
            type="button"
            aria-label="Undo"
            title="Undo (Ctrl+Z)"
            disabled={history.past.length === 0}
            onClick={() => setHistory(undo)}
          >
            Undo
          </button>
          <button
            type="button"
            aria-label="Redo"
            title="Redo (Ctrl+Shift+Z)"
            disabled={history.future.length === 0}
            onClick={() => setHistory(redo)}
          >
            Redo
          </button>
          <button
            type="button"
            aria-label="Tidy up the layout"
            onClick={() => {
              positions.current.clear();
              setLayoutEpoch((n) => n + 1);
              window.setTimeout(() => void flow.fitView({ maxZoom: 1, padding: 0.15 }), 50);
            }}
          >
            Tidy up
          </button>
          <div className="cv-views" role="group" aria-label="View">
            {(["canvas", "split", "yaml"] as const).map((v) => (
              <button key={v} type="button" aria-pressed={view === v} onClick={() => setView(v)}>
                {v === "canvas" ? "Canvas" : v === "split" ? "Canvas + YAML" : "YAML"}
              </button>
            ))}
          </div>
          {canEdit && (
            <button
              type="button"
              aria-label="Save draft"
              disabled={actions.busy}
              onClick={() => void actions.save()}
            >
              Save draft
            </button>
          )}
          {canPublish && (
            <button
              type="button"
              className="cv-primary"
              aria-label="Publish"
              title={
                errors
                  ? `There are ${errors} errors; the server will refuse them too.`
                  : "Publish into shadow mode"
              }
              disabled={actions.busy}
              onClick={() => void actions.publish()}
            >
              Publish
            </button>
          )}
        </header>
        {actions.outcome && <OutcomeView outcome={actions.outcome} onClose={actions.dismiss} />}
        <div className={`cv-body is-${view}`}>
          {view !== "yaml" && (
            <Palette entries={palette} disabled={!canEdit} onAdd={(c, l) => addComponent(c, l)} />
          )}
          {view !== "yaml" && (
            <div className="cv-stage">
              <FlowCanvas
                opened={opened}
                problems={problems}
                componentNames={componentNames}
                selected={selected}
                readOnly={!canEdit}
                onSelect={setSelected}
                onConnect={(source, target) => edit((t) => connect(t, source, target))}
                onDelete={(stepIds, edgeIds) =>
                  edit((t) => {
                    let next = t;
                    for (const edgeId of edgeIds)
                      if (!stepIds.some((s) => edgeId.startsWith(`${s}->`))) next = disconnect(next, edgeId);
                    for (const stepId of stepIds) next = deleteStep(next, stepId);
                    return next;
                  })
                }
                onMoved={(stepId, position) => positions.current.set(stepId, position)}
              />
              {step && (
                <StepPanel
                  key={step.id}
                  step={step}
                  manifest={manifests.get(step.component.split("@")[0]!)}
                  diagnostics={problems.get(step.id) ?? []}
                  readOnly={!canEdit}
                  onRename={(to) => {
                    const kept = positions.current.get(step.id);
                    if (kept) positions.current.set(to, kept);
                    edit((t) => renameStep(t, step.id, to));
                    setSelected(to);
                  }}
                  onName={(name) => edit((t) => setStepName(t, step.id, name))}
                  onConfig={(config) => edit((t) => setStepConfig(t, step.id, config))}
                  onDelete={() => {
                    edit((t) => deleteStep(t, step.id));
                    setSelected(null);
                  }}
                />
              )}
            </div>
          )}
          {view !== "canvas" && (
            <div className="cv-yaml">
              <Suspense fallback={<p className="loading">Loading the YAML editor…</p>}>
                <YamlEditor
                  file={file}
                  value={text}
                  readOnly={!canEdit}
                  diagnostics={diagnostics}
                  onChange={onYamlChange}
                />
              </Suspense>
            </div>
          )}
        </div>
        <ProblemsList diagnostics={diagnostics} stepOf={stepOf} onPick={(s) => focusStep(s)} />
      </div>
    </DndContext>
  );
}

const labelOf = (active: { data: { current?: unknown } }) =>
  (active.data.current as PaletteDrag | undefined)?.label ?? "The component";

/** What screen readers hear while a component is dragged from the palette. */
const ANNOUNCEMENTS: Announcements = {
  onDragStart: ({ active }) => `Picked up ${labelOf(active)}.`,
  onDragOver: ({ active, over }) =>
    over
      ? `${labelOf(active)} is over the canvas; drop it to add a step.`
      : `${labelOf(active)} is not over the canvas.`,
  onDragEnd: ({ active, over }) =>
    over ? `Added a ${labelOf(active)} step.` : `${labelOf(active)} was not added.`,
  onDragCancel: ({ active }) => `${labelOf(active)} was not added.`,
};

function declaredId(text: string): string | undefined {
  return topLevel(text, "id");
}

function workflowName(text: string): string | undefined {
  return topLevel(text, "name");
}

/** A top-level string of possibly broken YAML, read cheaply (the first lines only). */
function topLevel(text: string, key: string): string | undefined {
  const head = text.slice(0, 4000);
  const match = new RegExp(`^${key}:[ \\t]*(.+)$`, "m").exec(head);
  if (!match) return undefined;
  try {
    const value: unknown = parse(match[1]!);
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}
