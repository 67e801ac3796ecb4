import type { ReactNode } from "react";
import "../governance/governance.css";
import "./runs.css";
import { RunPage } from "./RunPage";
import { RunsPage } from "./RunsPage";

/** The runs pages (see app/routes.tsx). */
export const runsRoutes: readonly { path: string; element: ReactNode }[] = [
  { path: "/runs", element: <RunsPage /> },
  { path: "/runs/:id", element: <RunPage /> },
];
