import type { ReactNode } from "react";

/** The runs pages (see app/routes.tsx). */
export const runsRoutes: readonly { path: string; element: ReactNode }[] = [];
