// The study's worklist, per role: a reader's reads due in time-sequential order and the subjects they
// have not started; the confirmation scans the engine asks for (open preliminary progressions,
// indeterminate time points, responses to confirm) with the date from which a scan counts; an
// adjudicator's pending tasks; for study managers and administrators the imports and jobs too.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { badgeOf } from "../api/assessment";
import { api, unwrap } from "../api/client";
import { type StudyOverview, type SubjectOverview, useStudyOverview } from "../api/study-overview";
import { type Role, useUser } from "../app/session";
import { Async, ErrorBox } from "../components/Async";
import { CategoryBadge } from "../components/Category";
import "../styles/worklist.css";

export function Worklist() {
  const { studyId = "" } = useParams();
  const user = useUser();
  const q = useStudyOverview(studyId, user.role);
  return (
    <Async q={q}>
      {(o) => (
        <>
          <h1>
            Worklist <span className="muted">— {o.study.code}</span>
          </h1>
          <p className="muted">
            {o.study.title} · primary criteria {o.study.protocol?.primaryCriteria ?? "—"} ·{" "}
            {o.study.protocol?.presentation === "time_sequential"
              ? "time points presented in order (a later one opens when the earlier is locked)"
              : "all time points presented at once"}
          </p>
          <RoleWorklist o={o} role={user.role} studyId={studyId} />
        </>
      )}
    </Async>
  );
}

function RoleWorklist({ o, role, studyId }: { o: StudyOverview; role: Role; studyId: string }) {
  if (role === "reader")
    return (
      <>
        <ReadsDue o={o} studyId={studyId} />
        <NotStarted o={o} studyId={studyId} />
        <ConfirmationsDue o={o} studyId={studyId} showReader={false} />
      </>
    );
  if (role === "adjudicator") return <PendingAdjudications o={o} studyId={studyId} />;
  return (
    <>
      <ConfirmationsDue o={o} studyId={studyId} showReader />
      <PendingAdjudications o={o} studyId={studyId} />
      <ReadProgress o={o} studyId={studyId} />
      <Jobs studyId={studyId} canStart={role === "admin" || role === "study_manager"} />
    </>
  );
}

interface DueRow {
  key: string;
  s: SubjectOverview;
  readId: string;
  date: string;
  index: number;
  total: number;
  state: "open" | "closed" | "entered";
}

/** A reader's unlocked time points, each subject's in scan order; subjects ordered by the first due scan. */
function dueRows(o: StudyOverview): DueRow[] {
  const groups: DueRow[][] = [];
  for (const s of o.subjects) {
    const r = s.myRead;
    if (r?.status !== "in_progress") continue;
    const tps = r.timepoints ?? [];
    const rows: DueRow[] = [];
    tps.forEach((t, i) => {
      if (t.locked) return;
      rows.push({
        key: `${r.id}:${t.timepointId}`,
        s,
        readId: r.id,
        date: t.date,
        index: i + 1,
        total: tps.length,
        state: !t.open ? "closed" : t.data ? "entered" : "open",
      });
    });
    if (rows.length > 0) groups.push(rows);
  }
  groups.sort((a, b) => a[0]!.date.localeCompare(b[0]!.date));
  return groups.flat();
}

const stateText: Record<DueRow["state"], string> = {
  open: "Open — not entered yet",
  entered: "Open — entered, not signed",
  closed: "Closed until the earlier time point is locked",
};

function ReadsDue({ o, studyId }: { o: StudyOverview; studyId: string }) {
  const rows = useMemo(() => dueRows(o), [o]);
  return (
    <section aria-labelledby="due-h">
      <h2 id="due-h">My reads due</h2>
      {rows.length === 0 ? (
        <p>No time point is waiting for you: every read you started is locked.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Time points of your reads that are not locked yet</caption>
          <thead>
            <tr>
              <th scope="col">Subject</th>
              <th scope="col">Time point</th>
              <th scope="col">Scan date</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} className={r.state === "closed" ? "closed" : undefined}>
                <th scope="row">{r.s.subject.pseudonym}</th>
                <td>
                  {r.index} of {r.total}
                </td>
                <td>{r.date}</td>
                <td>
                  {r.state === "closed" ? "🔒 " : ""}
                  {stateText[r.state]}
                </td>
                <td>
                  {r.state === "closed" ? (
                    <span className="muted">—</span>
                  ) : (
                    <Link to={`/studies/${studyId}/reads/${r.readId}`}>
                      {r.state === "entered" ? "Continue and sign" : "Enter read"}
                      <span className="visually-hidden">
                        {" "}
                        of {r.s.subject.pseudonym} {r.date}
                      </span>
                    </Link>
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

function NotStarted({ o, studyId }: { o: StudyOverview; studyId: string }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const start = useMutation({
    mutationFn: async (subjectId: string) =>
      unwrap(
        await api.POST("/api/v1/subjects/{subjectId}/reads", { params: { path: { subjectId } }, body: {} }),
      ),
    onSuccess: async (read) => {
      await client.invalidateQueries({ queryKey: ["study-overview", studyId] });
      navigate(`/studies/${studyId}/reads/${read.id}`);
    },
  });
  const rows = o.subjects.filter((s) => !s.myRead && s.timepoints.length > 0);
  return (
    <section aria-labelledby="start-h">
      <h2 id="start-h">Subjects without a read of yours</h2>
      {start.isError ? <ErrorBox error={start.error} /> : null}
      {rows.length === 0 ? (
        <p>You have started a read of every subject.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Subjects you have not started reading</caption>
          <thead>
            <tr>
              <th scope="col">Subject</th>
              <th scope="col">Time points</th>
              <th scope="col">Scan dates</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.subject.id}>
                <th scope="row">{s.subject.pseudonym}</th>
                <td className="num">{s.timepoints.length}</td>
                <td>
                  {s.timepoints[0]?.date} to {s.timepoints.at(-1)?.date}
                </td>
                <td>
                  <button
                    type="button"
                    disabled={start.isPending}
                    onClick={() => start.mutate(s.subject.id)}
                    aria-label={`Start read of ${s.subject.pseudonym}`}
                  >
                    Start read
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ConfirmationsDue({
  o,
  studyId,
  showReader,
}: {
  o: StudyOverview;
  studyId: string;
  showReader: boolean;
}) {
  const rows = useMemo(
    () =>
      o.subjects
        .flatMap((s) => s.actions.map((a) => ({ s, a })))
        .sort((x, y) => (x.a.dueFrom ?? x.a.date).localeCompare(y.a.dueFrom ?? y.a.date)),
    [o],
  );
  return (
    <section aria-labelledby="conf-h">
      <h2 id="conf-h">Confirmation scans due</h2>
      <p className="muted">
        Preliminary progressions, indeterminate time points and responses the engine cannot settle until a
        later scan, with the date from which that scan counts.
      </p>
      {rows.length === 0 ? (
        <p>No confirmation scan is due.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Confirmation scans due, earliest first</caption>
          <thead>
            <tr>
              <th scope="col">Subject</th>
              {showReader ? <th scope="col">Read by</th> : null}
              <th scope="col">Criteria</th>
              <th scope="col">Scan</th>
              <th scope="col">Category</th>
              <th scope="col">Due on or after</th>
              <th scope="col">What the engine needs</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ s, a }) => {
              const b = badgeOf(a.label);
              return (
                <tr key={`${a.readId}:${a.criteria}:${a.date}`}>
                  <th scope="row">
                    <Link
                      to={`/studies/${studyId}/subjects/${s.subject.id}${showReader ? `?readId=${a.readId}` : ""}`}
                    >
                      {s.subject.pseudonym}
                    </Link>
                  </th>
                  {showReader ? <td>{a.reader ?? "—"}</td> : null}
                  <td>{a.criteriaName}</td>
                  <td>{a.date}</td>
                  <td>
                    <CategoryBadge category={b.category} status={b.preliminary ? "preliminary" : a.status} />{" "}
                    <span className="muted">{a.status.replaceAll("_", " ")}</span>
                  </td>
                  <td>{a.dueFrom ?? "—"}</td>
                  <td>{a.nextAction}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function PendingAdjudications({ o, studyId }: { o: StudyOverview; studyId: string }) {
  const q = useQuery({
    queryKey: ["adjudications", studyId, "open"],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/studies/{studyId}/adjudications", {
          params: { path: { studyId }, query: { status: "open", limit: 200 } },
        }),
      ),
  });
  const names = useMemo(() => new Map(o.subjects.map((s) => [s.subject.id, s.subject.pseudonym])), [o]);
  return (
    <section aria-labelledby="adj-h">
      <h2 id="adj-h">Pending adjudications</h2>
      <Async q={q}>
        {(page) =>
          page.items.length === 0 ? (
            <p>No adjudication is waiting.</p>
          ) : (
            <table>
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
                {page.items.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">{names.get(a.subjectId) ?? a.subjectId}</th>
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
                        Adjudicate
                        <span className="visually-hidden"> {names.get(a.subjectId)}</span>
                      </Link>
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

function ReadProgress({ o, studyId }: { o: StudyOverview; studyId: string }) {
  const totals = useMemo(() => {
    let locked = 0;
    let open = 0;
    for (const s of o.subjects)
      for (const r of s.reads) {
        if (r.kind !== "reader") continue;
        if (r.status === "locked") locked++;
        else if (r.status === "in_progress") open++;
      }
    return { locked, open, accepted: o.subjects.filter((s) => s.timeline?.read).length };
  }, [o]);
  return (
    <section aria-labelledby="prog-h">
      <h2 id="prog-h">Reading progress</h2>
      <p>
        {o.subjects.length} subjects · {totals.locked} reader reads locked · {totals.open} in progress ·{" "}
        {totals.accepted} subjects with an accepted read.{" "}
        <Link to={`/studies/${studyId}/subjects`}>All subjects</Link>
      </p>
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
            <table>
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
