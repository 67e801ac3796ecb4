import type { ReactNode } from "react";
import { FormBuilderPage } from "./FormBuilderPage";
import { FormsListPage } from "./FormsListPage";

/** The forms pages (see app/routes.tsx). */
export const formsRoutes: readonly { path: string; element: ReactNode }[] = [
  { path: "/forms", element: <FormsListPage /> },
  { path: "/forms/:id", element: <FormBuilderPage /> },
];
