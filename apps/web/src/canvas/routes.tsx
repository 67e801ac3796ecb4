import type { ReactNode } from "react";

/** The canvas pages (see app/routes.tsx). */
export const canvasRoutes: readonly { path: string; element: ReactNode }[] = [];
