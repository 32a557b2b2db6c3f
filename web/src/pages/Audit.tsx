// The audit trail: the hash chain's verification status (GET /audit/verify), the feed a page at a time
// (GET /audit, oldest first, filtered by entity id) and the export (GET /audit/export, CSV or JSON).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../api/client";
import { useUser } from "../app/session";
import { Async, ErrorBox } from "../components/Async";
import "../styles/audit.css";
import "../styles/worklist.css";

const PAGE = 50;

export function Audit() {
  const user = useUser();
  const verifies = user.role === "admin" || user.role === "monitor";
  return (
    <>
      <h1>Audit trail</h1>
      <p className="muted">
        Every change — who, when, what, before and after, and why — in the order it was written. Each entry's
        SHA-256 hash covers its content and the previous entry's hash, so an altered or missing entry breaks
        the chain.
      </p>
      {verifies ? (
        <ChainStatus />
      ) : (
        <p>Verifying the chain and exporting the trail are for administrators and monitors.</p>
      )}
      <Feed verifies={verifies} />
    </>
  );
}

const verifyQuery = (enabled: boolean) => ({
  queryKey: ["audit-verify"],
  queryFn: async () => unwrap(await api.GET("/api/v1/audit/verify")),
  enabled,
});

function ChainStatus() {
  const q = useQuery(verifyQuery(true));
  // An anchor is a head (seq + hash) saved outside the database earlier: the chain must still extend it.
  const [seq, setSeq] = useState("");
  const [hash, setHash] = useState("");
  const [anchor, setAnchor] = useState<{ anchorSeq: number; anchorHash: string } | null>(null);
  const anchored = useQuery({
    queryKey: ["audit-verify", anchor],
    enabled: anchor !== null,
    queryFn: async () => unwrap(await api.GET("/api/v1/audit/verify", { params: { query: anchor! } })),
  });
  const check = (e: FormEvent) => {
    e.preventDefault();
    setAnchor({ anchorSeq: Number(seq), anchorHash: hash.trim() });
  };
  return (
    <section aria-labelledby="chain-h" className="chain">
      <h2 id="chain-h">Chain verification</h2>
      <Async q={q}>
        {(v) =>
          v.ok ? (
            <p className="chain-ok" role="status">
              <span aria-hidden="true">✔ </span>
              <strong>Verified</strong>: all {v.entries} entries, up to sequence number {v.head.seq},
              recompute to the stored hashes. Head to keep outside the database as an anchor: sequence{" "}
              {v.head.seq}, hash <code className="hash">{v.head.hash}</code>
            </p>
          ) : (
            <p className="chain-broken" role="alert">
              <span aria-hidden="true">✖ </span>
              <strong>Broken</strong>:{" "}
              {v.firstBroken
                ? `entry ${v.firstBroken.seq} does not verify — ${v.firstBroken.problem}. Entries up to ${v.head.seq} verify.`
                : "the chain does not verify."}
            </p>
          )
        }
      </Async>
      <p>
        <button type="button" className="secondary" onClick={() => void q.refetch()} disabled={q.isFetching}>
          Verify again
        </button>{" "}
        Export the whole trail: <a href="/api/v1/audit/export?format=csv">CSV</a> ·{" "}
        <a href="/api/v1/audit/export?format=json">JSON</a>
      </p>
      <form className="filter-bar" onSubmit={check}>
        <label>
          Anchor sequence number
          <input
            inputMode="numeric"
            pattern="[0-9]+"
            required
            value={seq}
            onChange={(e) => setSeq(e.target.value)}
          />
        </label>
        <label>
          Anchor hash (SHA-256, hex)
          <input
            required
            size={40}
            pattern="[0-9a-fA-F]{64}"
            value={hash}
            onChange={(e) => setHash(e.target.value)}
          />
        </label>
        <button type="submit" className="secondary">
          Check against the anchor
        </button>
      </form>
      {anchor && anchored.isError ? <ErrorBox error={anchored.error} /> : null}
      {anchor && anchored.data?.anchor ? (
        anchored.data.anchor.ok ? (
          <p className="chain-ok">
            <span aria-hidden="true">✔ </span>
            The chain still extends the anchor at sequence {anchored.data.anchor.seq}.
          </p>
        ) : (
          <p className="chain-broken" role="alert">
            <span aria-hidden="true">✖ </span>
            The chain does not extend the anchor at sequence {anchored.data.anchor.seq}:{" "}
            {anchored.data.anchor.problem ?? "the hash differs"}.
          </p>
        )
      ) : null}
    </section>
  );
}

function Feed({ verifies }: { verifies: boolean }) {
  // The number of entries (from the verification) lets "Newest" jump to the last page.
  const total = useQuery(verifyQuery(verifies)).data?.entries;
  const [entityId, setEntityId] = useState("");
  const [draft, setDraft] = useState("");
  // Cursor stack: the `since` of every page seen so far, so "Previous" goes back exactly.
  const [cursors, setCursors] = useState<number[]>([0]);
  const since = cursors.at(-1)!;
  const q = useQuery({
    queryKey: ["audit", since, entityId],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/audit", {
          params: { query: { since, limit: PAGE, ...(entityId ? { entityId } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const filter = (e: FormEvent) => {
    e.preventDefault();
    setEntityId(draft.trim());
    setCursors([0]);
  };
  const show = (id: string) => {
    setDraft(id);
    setEntityId(id);
    setCursors([0]);
  };
  return (
    <section aria-labelledby="feed-h">
      <h2 id="feed-h">Entries</h2>
      <form className="filter-bar" onSubmit={filter}>
        <label>
          Entity id
          <input
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder="a subject, read, study… id"
            maxLength={64}
          />
        </label>
        <button type="submit">Filter</button>
        {entityId ? (
          <button type="button" className="secondary" onClick={() => show("")}>
            Show all entries
          </button>
        ) : null}
      </form>
      <Async q={q}>
        {(page) => (
          <>
            <nav className="pager" aria-label="Audit pages">
              <button
                type="button"
                className="secondary"
                disabled={cursors.length === 1}
                onClick={() => setCursors((c) => c.slice(0, -1))}
              >
                Previous {PAGE}
              </button>
              {total !== undefined && !entityId ? (
                <button
                  type="button"
                  className="secondary"
                  disabled={page.done}
                  onClick={() => setCursors([0, Math.max(0, total - PAGE)])}
                >
                  Newest {PAGE}
                </button>
              ) : null}
              <span aria-live="polite">
                {page.entries.length === 0
                  ? "No entries."
                  : `Entries ${page.entries[0]!.seq} to ${page.entries.at(-1)!.seq}${entityId ? ` about ${entityId}` : ""}`}
              </span>
              <button
                type="button"
                className="secondary"
                disabled={page.done}
                onClick={() => setCursors((c) => [...c, page.last])}
              >
                Next {PAGE}
              </button>
            </nav>
            {page.entries.length > 0 ? (
              <table className="audit-table">
                <caption className="visually-hidden">Audit entries, oldest first</caption>
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      Seq
                    </th>
                    <th scope="col">When (UTC)</th>
                    <th scope="col">Who</th>
                    <th scope="col">What</th>
                    <th scope="col">Entity</th>
                    <th scope="col">Reason</th>
                    <th scope="col">Change</th>
                  </tr>
                </thead>
                <tbody>
                  {page.entries.map((e) => (
                    <tr key={e.seq}>
                      <td className="num">{e.seq}</td>
                      <td className="when">{e.at.replace("T", " ").slice(0, 19)}</td>
                      <td>{e.actor}</td>
                      <td>{e.action.replaceAll("_", " ")}</td>
                      <td>
                        {e.entity}{" "}
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => show(e.entityId)}
                          aria-label={`Show only entries about ${e.entity} ${e.entityId}`}
                        >
                          {e.entityId}
                        </button>
                      </td>
                      <td>{e.reason ?? <span className="muted">—</span>}</td>
                      <td>
                        <Change before={e.before} after={e.after} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </>
        )}
      </Async>
    </section>
  );
}

/** Before → after as text: the fields that changed, the full documents on request. */
function Change({ before, after }: { before: unknown; after: unknown }) {
  const b = before && typeof before === "object" ? (before as Record<string, unknown>) : null;
  const a = after && typeof after === "object" ? (after as Record<string, unknown>) : null;
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  const changed = keys.filter((k) => JSON.stringify(b?.[k]) !== JSON.stringify(a?.[k]));
  if (!b && !a) return <span className="muted">—</span>;
  const summary = !b
    ? "created"
    : !a
      ? "removed"
      : changed.length
        ? `changed: ${changed.slice(0, 6).join(", ")}${changed.length > 6 ? "…" : ""}`
        : "no field changed";
  return (
    <details>
      <summary>{summary}</summary>
      <div className="change-docs">
        <div>
          <strong>Before</strong>
          <pre>{b ? JSON.stringify(b, null, 1) : "—"}</pre>
        </div>
        <div>
          <strong>After</strong>
          <pre>{a ? JSON.stringify(a, null, 1) : "—"}</pre>
        </div>
      </div>
    </details>
  );
}
