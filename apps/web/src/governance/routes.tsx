import type { ReactNode } from "react";
import { AuditPage } from "./audit/AuditPage";
import { BreakersPage } from "./breakers/BreakersPage";
import { ShadowPage } from "./shadow/ShadowPage";
import { VersionsPage } from "./versions/VersionsPage";
import { WhitelistPage } from "./whitelist/WhitelistPage";
import "./governance.css";

/** The governance pages (see app/routes.tsx). */
export const governanceRoutes: readonly { path: string; element: ReactNode }[] = [
  { path: "/workflows/:id/versions", element: <VersionsPage /> },
  { path: "/workflows/:id/shadow", element: <ShadowPage /> },
  { path: "/breakers", element: <BreakersPage /> },
  { path: "/audit", element: <AuditPage /> },
  { path: "/whitelist", element: <WhitelistPage /> },
];
