import type { ReactNode } from "react";
import "./templates.css";
import { TemplatePage } from "./TemplatePage";
import { TemplatesPage } from "./TemplatesPage";

/** The templates pages (see app/routes.tsx): the gallery, and one template with its import. */
export const templatesRoutes: readonly { path: string; element: ReactNode }[] = [
  { path: "/templates", element: <TemplatesPage /> },
  { path: "/templates/:id", element: <TemplatePage /> },
];
