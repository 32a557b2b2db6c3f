// The signed-in frame: skip link, header with the study navigation and the user, main landmark.
import { Link, NavLink, Outlet, useParams } from "react-router";
import { roleLabel, useSession, useUser } from "../app/session";

export function Layout() {
  const user = useUser();
  const { signOut } = useSession();
  const { studyId } = useParams();
  const manager = user.role === "admin" || user.role === "study_manager";
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          RANOkit
        </Link>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Studies
          </NavLink>
          {studyId ? (
            <>
              <NavLink to={`/studies/${studyId}`} end>
                Worklist
              </NavLink>
              <NavLink to={`/studies/${studyId}/subjects`}>Subjects</NavLink>
              {user.role !== "reader" ? (
                <NavLink to={`/studies/${studyId}/dashboard`}>Dashboard</NavLink>
              ) : null}
              {manager ? <NavLink to={`/studies/${studyId}/imports`}>Imports &amp; exports</NavLink> : null}
            </>
          ) : null}
          {user.role === "admin" || user.role === "study_manager" || user.role === "monitor" ? (
            <NavLink to="/audit">Audit trail</NavLink>
          ) : null}
        </nav>
        <div className="user">
          <span className="who" title={`${user.displayName} (${roleLabel[user.role]})`}>
            <span className="name">{user.displayName}</span>{" "}
            <span className="muted role">({roleLabel[user.role]})</span>
          </span>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
