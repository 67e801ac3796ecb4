import type { ReactNode } from "react";

/** The governance pages (see app/routes.tsx). */
export const governanceRoutes: readonly { path: string; element: ReactNode }[] = [];
