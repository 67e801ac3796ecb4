import type { ReactNode } from "react";
import { WorkflowsPage } from "../pages/WorkflowsPage";

/** The studio's pages by path; each feature folder adds its own. */
export const routes: readonly { path: string; element: ReactNode }[] = [
  { path: "/workflows", element: <WorkflowsPage /> },
];
