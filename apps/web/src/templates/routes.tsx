import type { ReactNode } from "react";

/** The templates pages (see app/routes.tsx). */
export const templatesRoutes: readonly { path: string; element: ReactNode }[] = [];
