// The study's worklist, per role, from GET /me/worklist: a reader's reads due (each subject's next time
// point in time-sequential order, and the subjects not started yet); the confirmation scans the engine
// asks for (open preliminary progressions PD-P and indeterminate time points) with the date from which a
// scan can confirm them; an adjudicator's pending tasks; for study managers and administrators the
// imports and jobs too.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { badgeOf } from "../api/assessment";
import { type Answer, api, unwrap } from "../api/client";
import { useUser } from "../app/session";
import { Async, ErrorBox } from "../components/Async";
import { CategoryBadge } from "../components/Category";
import "../styles/assessment.css";
import "../styles/worklist.css";

type WorklistData = Answer<"/api/v1/me/worklist", "get">;

export function Worklist() {
  const { studyId = "" } = useParams();
  const user = useUser();
  const study = useQuery({
    queryKey: ["study", studyId],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/studies/{studyId}", { params: { path: { studyId } } })),
  });
  const list = useQuery({
    queryKey: ["worklist", studyId],
    queryFn: async () => unwrap(await api.GET("/api/v1/me/worklist", { params: { query: { studyId } } })),
  });
  const manager = user.role === "admin" || user.role === "study_manager";
  return (
    <Async q={study}>
      {(s) => (
        <>
          <h1>
            Worklist <span className="muted">— {s.code}</span>
          </h1>
          <p className="muted">
            {s.title} · primary criteria {s.protocol?.primaryCriteria ?? "—"} ·{" "}
            {s.protocol?.presentation === "time_sequential"
              ? "time points presented in order (a later one opens when the earlier is locked)"
              : "all time points presented at once"}
          </p>
          <Async q={list}>
            {(w) => (
              <>
                {w.sections.includes("reads") ? <ReadsDue w={w} studyId={studyId} /> : null}
                {w.sections.includes("confirmations") ? (
                  <ConfirmationsDue w={w} studyId={studyId} showReader={user.role !== "reader"} />
                ) : null}
                {w.sections.includes("adjudications") ? (
                  <PendingAdjudications w={w} studyId={studyId} />
                ) : null}
                {w.sections.includes("jobs") ? <Jobs studyId={studyId} canStart={manager} /> : null}
                {user.role !== "reader" && user.role !== "adjudicator" ? (
                  <p>
                    <Link to={`/studies/${studyId}/subjects`}>
                      All subjects with their reads and best responses
                    </Link>
                  </p>
                ) : null}
              </>
            )}
          </Async>
        </>
      )}
    </Async>
  );
}

type DueRead = WorklistData["reads"][number];

function ReadsDue({ w, studyId }: { w: WorklistData; studyId: string }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const start = useMutation({
    mutationFn: async (subjectId: string) =>
      unwrap(
        await api.POST("/api/v1/subjects/{subjectId}/reads", { params: { path: { subjectId } }, body: {} }),
      ),
    onSuccess: async (read) => {
      await client.invalidateQueries({ queryKey: ["worklist", studyId] });
      navigate(`/studies/${studyId}/reads/${read.id}`);
    },
  });
  // Reads in progress first, by the date of the next time point; then the subjects not started.
  const rows = useMemo(
    () =>
      [...w.reads].sort(
        (a, b) =>
          Number(a.status === "not_started") - Number(b.status === "not_started") ||
          (a.next?.date ?? "").localeCompare(b.next?.date ?? ""),
      ),
    [w],
  );
  return (
    <section aria-labelledby="due-h">
      <h2 id="due-h">My reads due</h2>
      {start.isError ? <ErrorBox error={start.error} /> : null}
      {rows.length === 0 ? (
        <p>Nothing is waiting for you: every read you started is locked.</p>
      ) : (
        <table className="worklist-table">
          <caption className="visually-hidden">Your reads due: the next time point of each subject</caption>
          <thead>
            <tr>
              <th scope="col">Subject</th>
              <th scope="col">Next time point</th>
              <th scope="col">Time points left</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.subjectId}>
                <th scope="row">{r.pseudonym}</th>
                <td className="date">{r.next?.date ?? "—"}</td>
                <td>
                  {r.timepointsLeft} of {r.timepoints}
                </td>
                <td>
                  <ReadState r={r} />
                </td>
                <td>
                  {r.readId ? (
                    <Link to={`/studies/${studyId}/reads/${r.readId}`}>
                      Enter read<span className="visually-hidden"> of {r.pseudonym}</span>
                    </Link>
                  ) : (
                    <button
                      type="button"
                      disabled={start.isPending}
                      onClick={() => start.mutate(r.subjectId)}
                      aria-label={`Start read of ${r.pseudonym}`}
                    >
                      Start read
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ReadState({ r }: { r: DueRead }) {
  if (r.status === "not_started") return <>Not started</>;
  const later = r.timepointsLeft - 1;
  return (
    <>
      In progress: {r.next?.date ?? "—"} open
      {r.presentation === "time_sequential" && later > 0 ? (
        <span className="muted">
          {" "}
          · 🔒 {later} later time point{later === 1 ? "" : "s"} closed until it is locked
        </span>
      ) : null}
    </>
  );
}

const dueText = (c: WorklistData["confirmations"][number]) =>
  c.due === "due"
    ? "due now"
    : c.due === "not_yet_due"
      ? `not yet due${c.daysUntilDue !== null ? ` (in ${c.daysUntilDue} days)` : ""}`
      : "no date: decided by the steroid taper or a later event";

function ConfirmationsDue({
  w,
  studyId,
  showReader,
}: {
  w: WorklistData;
  studyId: string;
  showReader: boolean;
}) {
  const rows = w.confirmations;
  return (
    <section aria-labelledby="conf-h">
      <h2 id="conf-h">Confirmation scans due</h2>
      <p className="muted">
        Open preliminary progressions (PD-P) and indeterminate time points (IND): a later scan settles them,
        from the date shown (as of {w.asOf}).
      </p>
      {rows.length === 0 ? (
        <p>No confirmation scan is due.</p>
      ) : (
        <table className="worklist-table">
          <caption className="visually-hidden">Confirmation scans due, earliest first</caption>
          <thead>
            <tr>
              <th scope="col">Subject</th>
              {showReader ? <th scope="col">Read by</th> : null}
              <th scope="col">Criteria</th>
              <th scope="col">Scan</th>
              <th scope="col">Category</th>
              <th scope="col">Confirm on or after</th>
              <th scope="col">What the engine needs</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => {
              const b = badgeOf(c.label);
              return (
                <tr key={`${c.readId}:${c.criteria}:${c.date}`}>
                  <th scope="row">
                    <Link
                      to={`/studies/${studyId}/subjects/${c.subjectId}${showReader ? `?readId=${c.readId}` : ""}`}
                    >
                      {c.pseudonym}
                    </Link>
                  </th>
                  {showReader ? <td>{c.reader ?? "—"}</td> : null}
                  <td>
                    {c.criteria}
                    {c.primary ? <span className="muted"> (primary)</span> : null}
                  </td>
                  <td className="date">{c.date}</td>
                  <td>
                    <CategoryBadge category={b.category} status={b.preliminary ? "preliminary" : null} />
                    {c.label === "IND" ? <span className="muted"> indeterminate</span> : null}
                  </td>
                  <td>
                    <span className="date">{c.dueFrom ?? "—"}</span>
                    <div className="muted">{dueText(c)}</div>
                  </td>
                  <td>
                    {c.nextAction ?? "—"}
                    {c.rules.length > 0 ? <code className="rules">{c.rules.join(" · ")}</code> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function PendingAdjudications({ w, studyId }: { w: WorklistData; studyId: string }) {
  const rows = w.adjudications;
  return (
    <section aria-labelledby="adj-h">
      <h2 id="adj-h">Pending adjudications</h2>
      {rows.length === 0 ? (
        <p>No adjudication is waiting.</p>
      ) : (
        <table className="worklist-table">
          <caption className="visually-hidden">Open adjudication tasks, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Subject</th>
              <th scope="col">Why the reads need adjudication</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.id}>
                <th scope="row">{a.pseudonym}</th>
                <td>
                  <ul className="plain">
                    {a.triggers.map((t) => (
                      <li key={t.kind}>
                        <strong>{t.kind.replaceAll("_", " ")}</strong>: {t.detail}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{a.createdAt.slice(0, 10)}</td>
                <td>
                  <Link to={`/studies/${studyId}/adjudications/${a.id}`}>
                    Adjudicate<span className="visually-hidden"> {a.pseudonym}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const jobStateText = { queued: "queued", running: "running", succeeded: "done", failed: "failed" } as const;

function Jobs({ studyId, canStart }: { studyId: string; canStart: boolean }) {
  const client = useQueryClient();
  const q = useQuery({
    queryKey: ["jobs", studyId],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/studies/{studyId}/jobs", { params: { path: { studyId } } })),
    refetchInterval: (query) =>
      query.state.data?.items.some((j) => j.state === "queued" || j.state === "running") ? 1000 : false,
  });
  const recompute = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/v1/studies/{studyId}/jobs", {
          params: { path: { studyId } },
          body: { kind: "recompute" },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ["jobs", studyId] }),
  });
  return (
    <section aria-labelledby="jobs-h">
      <h2 id="jobs-h">Imports and jobs</h2>
      <p>
        <Link to={`/studies/${studyId}/imports`}>Import cases or masks</Link>
        {canStart ? (
          <>
            {" "}
            ·{" "}
            <button
              type="button"
              className="secondary"
              disabled={recompute.isPending}
              onClick={() => recompute.mutate()}
            >
              Recompute every read
            </button>
          </>
        ) : null}
      </p>
      {recompute.isError ? <ErrorBox error={recompute.error} /> : null}
      <Async q={q}>
        {(page) =>
          page.items.length === 0 ? (
            <p>No import or job has run in this study.</p>
          ) : (
            <table className="worklist-table">
              <caption className="visually-hidden">Jobs of this study, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Kind</th>
                  <th scope="col">By</th>
                  <th scope="col">State</th>
                  <th scope="col">Progress</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((j) => (
                  <tr key={j.id}>
                    <td>{j.createdAt.replace("T", " ").slice(0, 19)} UTC</td>
                    <td>{j.kind}</td>
                    <td>{j.createdBy}</td>
                    <td>
                      {jobStateText[j.state]}
                      {j.error ? <div className="error-text">{j.error}</div> : null}
                    </td>
                    <td>
                      <progress
                        max={Math.max(j.total, 1)}
                        value={j.state === "succeeded" ? Math.max(j.total, 1) : j.progress}
                        aria-label={`Progress of ${j.kind} job`}
                      />{" "}
                      {j.progress} of {j.total}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Async>
    </section>
  );
}
