import type { ReactNode } from "react";

/** The forms pages (see app/routes.tsx). */
export const formsRoutes: readonly { path: string; element: ReactNode }[] = [];
