import { type FormEvent, useState } from "react";
import { useSession } from "../app/session";

export function SignIn() {
  const { signIn } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setError(await signIn(String(f.get("username") ?? ""), String(f.get("password") ?? "")));
    setBusy(false);
  }

  return (
    <main id="main" className="sign-in">
      <h1>RANOkit workstation</h1>
      <p className="muted">
        Imaging response assessment in neuro-oncology: blinded reads, adjudication, endpoints.
      </p>
      <form onSubmit={submit} aria-label="Sign in">
        <label>
          Username
          <input name="username" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error ? (
          <p role="alert" className="error-box">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
