// The study's subjects: site, time points, the state of the reads the user may see, and the best
// response under the primary criteria of the accepted read (a reader: of their own read), with a filter.
import { useDeferredValue, useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { asComparison } from "../api/assessment";
import { type SubjectOverview, useStudyOverview } from "../api/study-overview";
import { useUser } from "../app/session";
import { Async } from "../components/Async";
import { CategoryBadge } from "../components/Category";
import "../styles/worklist.css";

const selectionText: Record<string, string> = {
  own: "your read",
  adjudicated: "adjudicated",
  majority: "majority of reads",
  agreement: "reads agree",
  requested: "requested read",
  none: "",
};

function readState(s: SubjectOverview, reader: boolean): string {
  if (reader) {
    const r = s.myRead;
    if (!r) return "not started";
    const tps = r.timepoints ?? [];
    const locked = tps.filter((t) => t.locked).length;
    return r.status === "locked"
      ? `locked (${locked} of ${tps.length})`
      : `in progress: ${locked} of ${tps.length} locked`;
  }
  const reads = s.reads.filter((r) => r.status !== "superseded");
  if (reads.length === 0) return "no read yet";
  const by = (k: string) => reads.filter((r) => r.status === k).length;
  const parts = [];
  if (by("locked")) parts.push(`${by("locked")} locked`);
  if (by("in_progress")) parts.push(`${by("in_progress")} in progress`);
  const site = reads.filter((r) => r.kind === "site").length;
  return `${parts.join(", ")}${site ? ` (incl. ${site} site read)` : ""}`;
}

function bestOf(s: SubjectOverview) {
  const c = asComparison(s.timeline?.assessment?.comparison);
  const primary = c?.criteria[0];
  const sum = primary ? c?.summary[primary] : undefined;
  return sum ? { category: sum.bestOverallResponse, confirmed: sum.confirmed, name: sum.name } : null;
}

export function Subjects() {
  const { studyId = "" } = useParams();
  const user = useUser();
  const reader = user.role === "reader";
  const q = useStudyOverview(studyId, user.role);
  const [text, setText] = useState("");
  const [site, setSite] = useState("");
  const filter = useDeferredValue(text.trim().toLowerCase());
  return (
    <>
      <h1>Subjects</h1>
      <Async q={q}>
        {(o) => {
          const sites = [
            ...new Map(o.subjects.flatMap((s) => (s.site ? [[s.site.id, s.site]] : []))).values(),
          ];
          const rows = o.subjects.filter(
            (s) =>
              (!site || s.site?.id === site) &&
              (!filter ||
                s.subject.pseudonym.toLowerCase().includes(filter) ||
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
                  {rows.length} of {o.subjects.length} subjects
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
  rows: SubjectOverview[];
  studyId: string;
  reader: boolean;
}) {
  const showArm = rows.some((s) => s.subject.arm !== undefined);
  const cells = useMemo(
    () => rows.map((s) => ({ s, best: bestOf(s), state: readState(s, reader) })),
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
          <tr key={s.subject.id}>
            <th scope="row">
              <Link to={`/studies/${studyId}/subjects/${s.subject.id}`}>{s.subject.pseudonym}</Link>
            </th>
            <td>{s.site ? `${s.site.code} ${s.site.name}` : "—"}</td>
            {showArm ? <td>{s.subject.arm ?? "—"}</td> : null}
            <td className="num">{s.timepoints.length}</td>
            <td>{s.timepoints.length ? `${s.timepoints[0]!.date} to ${s.timepoints.at(-1)!.date}` : "—"}</td>
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
                    {s.timeline?.selection && selectionText[s.timeline.selection]
                      ? ` · ${selectionText[s.timeline.selection]}`
                      : ""}
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
