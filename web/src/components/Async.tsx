// Loading and error states of a query, the same on every page; errors say what the server said.
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ApiError } from "../api/client";

export function Async<T>({ q, children }: { q: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  if (q.isPending) return <p aria-live="polite">Loading…</p>;
  if (q.isError) return <ErrorBox error={q.error} />;
  return <>{children(q.data)}</>;
}

export function ErrorBox({ error }: { error: unknown }) {
  const status = error instanceof ApiError ? error.status : undefined;
  const text =
    status === 403
      ? `You do not have access to this. ${error instanceof Error ? error.message : ""}`
      : error instanceof Error
        ? error.message
        : String(error);
  return (
    <div role="alert" className="error-box">
      {status ? <strong>{status === 403 ? "Not allowed" : `Error ${status}`}: </strong> : null}
      <span style={{ whiteSpace: "pre-wrap" }}>{text}</span>
    </div>
  );
}
