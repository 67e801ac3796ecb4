import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { api, setCsrfToken } from "../api/client";

/** Who is signed in, as GET /api/auth/me tells. */
export interface Session {
  readonly user: { id: string; username: string; displayName: string };
  readonly tenant: string;
  readonly roles: readonly string[];
  readonly region: string | null;
  readonly permissions: readonly string[];
  readonly csrfToken?: string;
}

interface SessionState {
  readonly session: Session | null;
  readonly loading: boolean;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** Whether the signed-in user's roles grant `permission` (controls are shown only then). */
  can(permission: string): boolean;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(async () => {
    try {
      const me = await api<Session>("GET", "/api/auth/me");
      setCsrfToken(me.csrfToken);
      setSession(me);
    } catch {
      setSession(null);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const value: SessionState = {
    session,
    loading,
    async login(username, password) {
      const answer = await api<{ csrfToken: string }>("POST", "/api/auth/login", { username, password });
      setCsrfToken(answer.csrfToken);
      await refresh();
    },
    async logout() {
      await api("POST", "/api/auth/logout");
      setCsrfToken(undefined);
      setSession(null);
    },
    can: (permission) => session?.permissions.includes(permission) ?? false,
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error("useSession outside SessionProvider");
  return state;
}
