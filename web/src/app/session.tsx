// Who is signed in. The server is the authority (GET /auth/me); the client only mirrors it to choose
// what to show, and every route is still authorised on the server.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { type Answer, api, setCsrfToken, setUnauthorisedHandler } from "../api/client";

export type User = Answer<"/api/v1/auth/me", "get">["user"];
export type Role = User["role"];

interface SessionState {
  user: User | null;
  loading: boolean;
  signIn(username: string, password: string): Promise<string | null>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    setUnauthorisedHandler(() => {
      setCsrfToken(null);
      setUser(null);
    });
    api.GET("/api/v1/auth/me").then(
      (r) => {
        if (r.data) {
          setCsrfToken(r.data.csrfToken);
          setUser(r.data.user);
        }
        setLoading(false);
      },
      () => setLoading(false),
    );
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const r = await api.POST("/api/v1/auth/login", { body: { username, password } });
    if (!r.data) {
      const p = r.error as { detail?: string; title?: string } | undefined;
      return p?.detail ?? p?.title ?? "Sign-in failed.";
    }
    setCsrfToken(r.data.csrfToken);
    setUser(r.data.user);
    return null;
  }, []);

  const signOut = useCallback(async () => {
    await api.POST("/api/v1/auth/logout");
    setCsrfToken(null);
    setUser(null);
  }, []);

  return (
    <SessionContext.Provider value={{ user, loading, signIn, signOut }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside SessionProvider");
  return s;
}

/** The signed-in user (pages under the signed-in layout only). */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error("useUser without a signed-in user");
  return user;
}

export const roleLabel: Record<Role, string> = {
  admin: "Administrator",
  study_manager: "Study manager",
  reader: "Reader",
  adjudicator: "Adjudicator",
  monitor: "Monitor",
};
