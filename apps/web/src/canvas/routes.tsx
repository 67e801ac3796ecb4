import type { ReactNode } from "react";
import { WorkflowEditorPage } from "./editor/WorkflowEditorPage";

/** The canvas pages (see app/routes.tsx): the workflow editor, for a new or an existing workflow. */
export const canvasRoutes: readonly { path: string; element: ReactNode }[] = [
  { path: "/workflows/new", element: <WorkflowEditorPage /> },
  { path: "/workflows/:id", element: <WorkflowEditorPage /> },
];
