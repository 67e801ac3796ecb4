import type { ReactNode } from "react";
import { canvasRoutes } from "../canvas/routes";
import { formsRoutes } from "../forms/routes";
import { governanceRoutes } from "../governance/routes";
import { WorkflowsPage } from "../pages/WorkflowsPage";
import { runsRoutes } from "../runs/routes";
import { templatesRoutes } from "../templates/routes";

/** The studio's pages by path; each feature folder declares its own in its routes.tsx. */
export const routes: readonly { path: string; element: ReactNode }[] = [
  { path: "/workflows", element: <WorkflowsPage /> },
  ...canvasRoutes,
  ...formsRoutes,
  ...governanceRoutes,
  ...runsRoutes,
  ...templatesRoutes,
];
