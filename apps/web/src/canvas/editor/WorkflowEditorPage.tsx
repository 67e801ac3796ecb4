import type { SourceFile } from "@switchyard/definitions";
import { useEffect, useState } from "react";
import { useParams } from "react-router";
import { ApiError } from "../../api/client";
import { type Session, useSession } from "../../app/session";
import { loadContext, loadPalette, loadWorkflow, type PaletteEntry } from "./api";
import { codeGenerationAllowed, type ValidationMode } from "./useValidation";
import { WorkflowEditor } from "./WorkflowEditor";
import "./canvas.css";

interface Loaded {
  readonly text: string;
  /** Undefined for a workflow that has not been saved yet (/workflows/new). */
  readonly id: string | undefined;
  readonly origin: string;
  readonly palette: readonly PaletteEntry[];
  readonly context: readonly SourceFile[];
  readonly validation: ValidationMode;
}

/** /workflows/:id and /workflows/new: loads the workflow, the palette and the validation context. */
export function WorkflowEditorPage() {
  const { id = "new" } = useParams();
  const { session } = useSession();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setLoaded(null);
    setError(null);
    const isNew = id === "new";
    // The context is needed only to validate in the browser; the server has its own.
    const validation: ValidationMode = codeGenerationAllowed() ? "local" : "server";
    Promise.all([
      isNew ? Promise.resolve(undefined) : loadWorkflow(id),
      loadPalette(),
      validation === "local" ? loadContext() : Promise.resolve([]),
    ])
      .then(([detail, palette, context]) => {
        if (!live) return;
        if (!isNew && !detail)
          return setError(`There is no workflow '${id}', or it belongs to a region you cannot see.`);
        const text = detail?.draft?.source ?? detail?.latest?.source ?? newWorkflow(session);
        const origin = detail?.draft
          ? `Draft saved by ${detail.draft.updatedBy} at ${new Date(detail.draft.updatedAt).toLocaleString()}`
          : detail?.latest
            ? `Version ${detail.latest.version} (${detail.latest.status})`
            : "New workflow, not saved yet";
        setLoaded({ text, id: isNew ? undefined : id, origin, palette, context, validation });
      })
      .catch(
        (e: unknown) => live && setError(e instanceof ApiError ? `${e.message} ${e.hint ?? ""}` : String(e)),
      );
    return () => {
      live = false;
    };
  }, [id, session]);

  if (error) return <p role="alert">{error}</p>;
  if (!loaded) return <p className="loading">Loading the workflow…</p>;
  return <WorkflowEditor key={loaded.id ?? "new"} {...loaded} />;
}

/** A workflow to start from: one manual trigger and one step, in the user's region. */
function newWorkflow(session: Session | null): string {
  const region = session?.region ?? "global";
  return [
    "kind: workflow",
    `id: ${region}.new-workflow`,
    "name: New workflow",
    `owner: ${session?.user.username ?? "me"}`,
    `region: ${region}`,
    "triggers:",
    "  # Started by hand from the studio; add an event or a schedule trigger as needed.",
    "  - type: manual",
    "start: step_1",
    "steps:",
    "  - id: step_1",
    "    name: Notify the owner",
    "    component: core.notify",
    "    config:",
    `      to: "'${session?.user.username ?? "me"}'"`,
    "      title: A run of the new workflow started",
    "",
  ].join("\n");
}
