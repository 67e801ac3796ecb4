import { NavLink, Outlet } from "react-router";
import { useSession } from "./session";

/** The studio's frame: navigation by task, who is signed in, and the page. */
export function Layout() {
  const { session, logout, can } = useSession();
  const links = [
    { to: "/workflows", label: "Workflows", show: true },
    { to: "/forms", label: "Forms", show: true },
    { to: "/templates", label: "Templates", show: true },
    { to: "/runs", label: "Runs", show: can("runs:read") },
    { to: "/breakers", label: "Breakers", show: can("runs:read") },
    { to: "/audit", label: "Audit log", show: can("audit:read") },
    { to: "/whitelist", label: "Components", show: true },
  ];
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Switchyard</span>
        <nav aria-label="Main">
          {links
            .filter((l) => l.show)
            .map((l) => (
              <NavLink key={l.to} to={l.to}>
                {l.label}
              </NavLink>
            ))}
        </nav>
        <span className="who">
          {session?.user.displayName} · {session?.roles.join(", ")}
          {session?.region ? ` · ${session.region}` : ""}
        </span>
        <button type="button" onClick={() => void logout()}>
          Sign out
        </button>
      </header>
      <main className="page">
        <Outlet />
      </main>
    </div>
  );
}
