// E-signature by password re-entry (21 CFR 11.200): a modal dialog stating what is signed and its
// meaning. The password goes straight to the server; the dialog never keeps it after closing.
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";

export function SignDialog({
  open,
  title,
  meaning,
  children,
  onSign,
  onClose,
}: {
  open: boolean;
  title: string;
  /** The meaning of the signature, in words ("authored", "reviewed and approved"). */
  meaning: string;
  children?: ReactNode;
  /** Resolves to an error text to show, or null when signed. */
  onSign(password: string): Promise<string | null>;
  onClose(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setError(null);
      d.showModal();
    } else if (!open && d.open) d.close();
  }, [open]);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const password = String(new FormData(form).get("password") ?? "");
    setBusy(true);
    const err = await onSign(password);
    setBusy(false);
    form.reset();
    if (err) setError(err);
  }

  return (
    <dialog ref={ref} className="sign-dialog" aria-labelledby="sign-title" onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id="sign-title">{title}</h2>
        {children}
        <p>
          Meaning of this signature: <strong>{meaning}</strong>. Your name, this meaning and the time are
          recorded in the audit trail.
        </p>
        <label>
          Password (re-enter to sign)
          <input name="password" type="password" autoComplete="current-password" required autoFocus />
        </label>
        {error ? (
          <p role="alert" className="error-box">
            {error}
          </p>
        ) : null}
        <div className="row">
          <button type="submit" disabled={busy}>
            {busy ? "Signing…" : "Sign"}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
