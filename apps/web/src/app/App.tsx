import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { LoginPage } from "../pages/LoginPage";
import { Layout } from "./Layout";
import { routes } from "./routes";
import { SessionProvider, useSession } from "./session";

function Gate() {
  const { session, loading } = useSession();
  if (loading) return <p className="loading">Loading…</p>;
  if (!session) return <LoginPage />;
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Navigate to="/workflows" replace />} />
        {routes.map((r) => (
          <Route key={r.path} path={r.path} element={r.element} />
        ))}
        <Route path="*" element={<p>There is no page here.</p>} />
      </Route>
    </Routes>
  );
}

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Gate />
      </BrowserRouter>
    </SessionProvider>
  );
}
