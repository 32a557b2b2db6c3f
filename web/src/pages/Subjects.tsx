// The study's subjects: site, time points, the state of the reads the user may see, and the best
// response under the primary criteria of the accepted read (a reader: of their own read), with a filter.
// One request per page of 500 subjects (GET /studies/{id}/subjects/summary), not several per subject.
import { useDeferredValue, useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { type SubjectSummary, useSubjectSummaries } from "../api/study-overview";
import { useUser } from "../app/session";
import { Async } from "../components/Async";
import { CategoryBadge } from "../components/Category";
import "../styles/worklist.css";

const selectionText: Record<string, string> = {
  own: "your read",
  adjudicated: "adjudicated",
  majority: "majority of reads",
  agreement: "reads agree",
  none: "",
};

function readState(s: SubjectSummary, reader: boolean): string {
  if (reader) {
    const r = s.myRead;
    if (!r) return "not started";
    return r.status === "locked"
      ? `locked (${r.lockedTimepoints} of ${r.timepoints})`
      : `in progress: ${r.lockedTimepoints} of ${r.timepoints} locked`;
  }
  const { locked, inProgress, site } = s.reads;
  if (locked + inProgress === 0) return "no read yet";
  const parts = [];
  if (locked) parts.push(`${locked} locked`);
  if (inProgress) parts.push(`${inProgress} in progress`);
  return `${parts.join(", ")}${site ? ` (incl. ${site} site read)` : ""}`;
}

export function Subjects() {
  const { studyId = "" } = useParams();
  const user = useUser();
  const reader = user.role === "reader";
  const q = useSubjectSummaries(studyId);
  const [text, setText] = useState("");
  const [site, setSite] = useState("");
  const filter = useDeferredValue(text.trim().toLowerCase());
  return (
    <>
      <h1>Subjects</h1>
      <Async q={q}>
        {(subjects) => {
          const sites = [...new Map(subjects.flatMap((s) => (s.site ? [[s.site.id, s.site]] : []))).values()];
          const rows = subjects.filter(
            (s) =>
              (!site || s.site?.id === site) &&
              (!filter ||
                s.pseudonym.toLowerCase().includes(filter) ||
                (s.site?.code ?? "").toLowerCase().includes(filter) ||
                readState(s, reader).includes(filter)),
          );
          return (
            <>
              <div className="filter-bar">
                <label>
                  Filter
                  <input
                    type="search"
                    value={text}
                    onChange={(e) => setText(e.target.value)}
                    placeholder="pseudonym, site or read state"
                    size={32}
                  />
                </label>
                {sites.length > 1 ? (
                  <label>
                    Site
                    <select value={site} onChange={(e) => setSite(e.target.value)}>
                      <option value="">All sites</option>
                      {sites.map((x) => (
                        <option key={x.id} value={x.id}>
                          {x.code} {x.name}
                        </option>
                      ))}
                    </select>
                  </label>
                ) : null}
                <span aria-live="polite" className="muted">
                  {rows.length} of {subjects.length} subjects
                </span>
              </div>
              <SubjectTable rows={rows} studyId={studyId} reader={reader} />
            </>
          );
        }}
      </Async>
    </>
  );
}

function SubjectTable({
  rows,
  studyId,
  reader,
}: {
  rows: SubjectSummary[];
  studyId: string;
  reader: boolean;
}) {
  const showArm = rows.some((s) => s.arm !== undefined);
  const cells = useMemo(
    () => rows.map((s) => ({ s, best: s.best, state: readState(s, reader) })),
    [rows, reader],
  );
  if (rows.length === 0) return <p>No subject matches.</p>;
  return (
    <table>
      <caption className="visually-hidden">Subjects of the study</caption>
      <thead>
        <tr>
          <th scope="col">Subject</th>
          <th scope="col">Site</th>
          {showArm ? <th scope="col">Arm</th> : null}
          <th scope="col" className="num">
            Time points
          </th>
          <th scope="col">Scan dates</th>
          <th scope="col">{reader ? "Your read" : "Reads"}</th>
          <th scope="col">{reader ? "Best response (your read)" : "Accepted best response"}</th>
        </tr>
      </thead>
      <tbody>
        {cells.map(({ s, best, state }) => (
          <tr key={s.id}>
            <th scope="row">
              <Link to={`/studies/${studyId}/subjects/${s.id}`}>{s.pseudonym}</Link>
            </th>
            <td>{s.site ? `${s.site.code} ${s.site.name}` : "—"}</td>
            {showArm ? <td>{s.arm ?? "—"}</td> : null}
            <td className="num">{s.timepoints.count}</td>
            <td>{s.timepoints.first ? `${s.timepoints.first} to ${s.timepoints.last}` : "—"}</td>
            <td>{state}</td>
            <td>
              {best ? (
                <>
                  <CategoryBadge
                    category={best.category}
                    status={best.confirmed ? "confirmed" : "unconfirmed"}
                  />{" "}
                  <span className="muted">
                    {best.confirmed ? "confirmed" : "not confirmed"} · {best.name}
                    {selectionText[s.selection] ? ` · ${selectionText[s.selection]}` : ""}
                  </span>
                </>
              ) : (
                <span className="muted">{reader ? "nothing assessed yet" : "no accepted read yet"}</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
