// A subject's timeline (GET /subjects/{id}/timeline): the scans by date, the lesions measured at each,
// and the engine's assessment under every criteria set of the protocol — side by side with the
// disagreements explained, then each set in full (category, status, reference, change, rules,
// explanation) — with the endpoints (best response, progression date, PFS, next action). A reader sees
// their own read; other roles the accepted read, or the read they choose (?readId=).
import { useQuery } from "@tanstack/react-query";
import { useCallback, useLayoutEffect, useMemo, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { asComparison, type Comparison, kindText, type TimepointResult } from "../api/assessment";
import { api, linkTo, unwrap } from "../api/client";
import type { ReadDetail, Timeline, Timepoint } from "../api/study-overview";
import { useUser } from "../app/session";
import {
  AssessmentTable,
  CriteriaComparison,
  EndpointSummary,
  LabelCell,
} from "../components/AssessmentTable";
import { Async, ErrorBox } from "../components/Async";
import { type LesionSelection, LesionTable } from "../components/LesionTable";
import { Scroll } from "../components/Scroll";
import { Viewer } from "../components/Viewer";
import "../styles/timeline.css";

const selectionText: Record<string, string> = {
  own: "your own read",
  requested: "the read you chose",
  adjudicated: "the accepted read (chosen by the adjudicator)",
  majority: "the accepted read (the majority)",
  agreement: "the accepted read (the reads agree; reader 1's read)",
  none: "no accepted read yet",
};

interface TimelineData {
  subject: { id: string; pseudonym: string; studyId: string; clinical: { [key: string]: unknown } };
  timepoints: Timepoint[];
  timeline: Timeline;
  read: ReadDetail | null;
}

async function loadTimeline(subjectId: string, readId: string | null): Promise<TimelineData> {
  const path = { subjectId };
  const [subject, tps, timeline] = await Promise.all([
    api.GET("/api/v1/subjects/{subjectId}", { params: { path } }).then(unwrap),
    api.GET("/api/v1/subjects/{subjectId}/timepoints", { params: { path } }).then(unwrap),
    api
      .GET("/api/v1/subjects/{subjectId}/timeline", { params: { path, query: readId ? { readId } : {} } })
      .then(unwrap),
  ]);
  const read = timeline.read
    ? unwrap(await api.GET("/api/v1/reads/{readId}", { params: { path: { readId: timeline.read.id } } }))
    : null;
  performance.mark("timeline:data");
  return { subject, timepoints: tps.items, timeline, read };
}

export function SubjectTimeline() {
  const { studyId = "", subjectId = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const readId = params.get("readId");
  const q = useQuery({
    queryKey: ["timeline", subjectId, readId],
    queryFn: () => loadTimeline(subjectId, readId),
  });
  if (q.isError)
    return (
      <>
        <h1>Subject timeline</h1>
        <ErrorBox error={q.error} />
      </>
    );
  return (
    <Async q={q}>
      {(d) => (
        <TimelineView
          d={d}
          studyId={studyId}
          readId={readId}
          onReadChange={(id) => setParams(id ? { readId: id } : {})}
        />
      )}
    </Async>
  );
}

function TimelineView({
  d,
  studyId,
  readId,
  onReadChange,
}: {
  d: TimelineData;
  studyId: string;
  readId: string | null;
  onReadChange: (id: string | null) => void;
}) {
  const comparison = useMemo(() => asComparison(d.timeline.assessment?.comparison), [d.timeline]);
  const [detail, setDetail] = useState<string | null>(null);
  const [selected, setSelected] = useState<LesionSelection | null>(null);
  const onSelect = useCallback((s: LesionSelection) => setSelected(s), []);

  useLayoutEffect(() => {
    // The browser bench measures timeline:data → timeline:rendered (issue 14: ≤ 200 ms for 20 scans).
    if (d) performance.mark("timeline:rendered");
  }, [d]);

  const primary = comparison?.criteria[0] ?? null;
  const shown = detail ?? primary;
  const lesionTimepoints = useMemo(
    () => (d.read?.timepoints ?? []).filter((t) => t.data !== null || t.lesions.length > 0),
    [d.read],
  );
  // The viewer shows the selected measurement's time point, else the latest one entered.
  const viewerTp =
    lesionTimepoints.find((t) => t.timepointId === selected?.timepointId) ?? lesionTimepoints.at(-1) ?? null;
  const viewerLesions = useMemo(
    () => (viewerTp ? viewerTp.lesions.map((l) => ({ ...l.lesion, id: l.id })) : []),
    [viewerTp],
  );
  const t0 = (d.subject.clinical.protocol as { t0?: string } | undefined)?.t0;
  const r = d.timeline.read;

  return (
    <>
      <p className="breadcrumb">
        <Link to={`/studies/${studyId}/subjects`}>Subjects</Link> › {d.subject.pseudonym}
      </p>
      <h1>
        {d.subject.pseudonym} <span className="muted">— timeline</span>
      </h1>
      <div className="read-line">
        <p>
          {r ? (
            <>
              Showing {selectionText[d.timeline.selection] ?? d.timeline.selection}
              {r.reader ? ` by ${r.reader}` : r.kind === "site" ? " (site read)" : ""} ·{" "}
              {r.status.replace("_", " ")}
              {r.lockedAt ? ` on ${r.lockedAt.slice(0, 10)}` : ""}
              {t0 ? ` · T0 ${t0}` : ""}
            </>
          ) : (
            (selectionText[d.timeline.selection] ?? "No read to show yet.")
          )}
        </p>
        <ReadPicker subjectId={d.subject.id} readId={readId} onChange={onReadChange} />
        <ReportLink subjectId={d.subject.id} pseudonym={d.subject.pseudonym} readId={readId} hasRead={!!r} />
      </div>

      {d.timeline.assessment && d.timeline.assessment.errors.length > 0 ? (
        <div role="alert" className="error-box">
          <strong>The read cannot be assessed yet:</strong>
          <ul>
            {d.timeline.assessment.errors.map((e) => (
              <li key={`${e.path}:${e.message}`}>
                <code>{e.path}</code>: {e.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <section aria-labelledby="scans-h">
        <h2 id="scans-h">Scans</h2>
        <ScanTable timepoints={d.timepoints} read={d.read} comparison={comparison} t0={t0} />
      </section>

      {comparison ? (
        <>
          <section aria-labelledby="end-h">
            <h2 id="end-h">Response and progression</h2>
            <EndpointSummary comparison={comparison} />
          </section>
          <section aria-labelledby="cmp-h">
            <h2 id="cmp-h">Criteria sets side by side</h2>
            <p className="muted">
              Rows marked ◆ Differ are scans where the criteria sets reach different categories; the lines
              under them give each set's category, rules and reasons.
            </p>
            <CriteriaComparison comparison={comparison} />
          </section>
          <section aria-labelledby="det-h">
            <h2 id="det-h">Each time point in full</h2>
            <fieldset className="criteria-picker">
              <legend>Criteria set</legend>
              {comparison.criteria.map((id, i) => (
                <label key={id}>
                  <input
                    type="radio"
                    name="criteria"
                    value={id}
                    checked={shown === id}
                    onChange={() => setDetail(id)}
                  />{" "}
                  {comparison.results[id]?.criteria ?? id}
                  {i === 0 ? " (primary)" : ""}
                </label>
              ))}
            </fieldset>
            {shown && comparison.results[shown] ? (
              <AssessmentTable
                result={comparison.results[shown]!}
                caption={`${comparison.results[shown]!.criteria}: category, reference, change, rules and explanation per time point`}
              />
            ) : null}
          </section>
        </>
      ) : null}

      <section aria-labelledby="les-h">
        <h2 id="les-h">Lesions</h2>
        {d.read ? (
          <div className="lesions-and-viewer">
            <LesionTable
              timepoints={lesionTimepoints}
              result={primary ? comparison?.results[primary] : null}
              selected={selected}
              onSelect={onSelect}
            />
            {viewerTp ? (
              <Viewer
                subjectId={d.subject.id}
                timepointId={viewerTp.timepointId}
                lesions={viewerLesions}
                selectedLesionId={selected?.lesionId ?? null}
                label={`Scan of ${viewerTp.date}`}
              />
            ) : null}
          </div>
        ) : (
          <p>No read to show lesions from.</p>
        )}
      </section>
    </>
  );
}

/**
 * The subject's PDF report of the read shown (the server prints the same timeline the page shows; a
 * reader gets only their own read). Adjudicators have no access to it, so no link.
 */
function ReportLink({
  subjectId,
  pseudonym,
  readId,
  hasRead,
}: {
  subjectId: string;
  pseudonym: string;
  readId: string | null;
  hasRead: boolean;
}) {
  const user = useUser();
  if (user.role === "adjudicator" || !hasRead) return null;
  const href = linkTo("/api/v1/subjects/{subjectId}/report.pdf", {
    path: { subjectId },
    query: readId ? { readId } : {},
  });
  return (
    <a className="button secondary" href={href} download={`${pseudonym}-report.pdf`}>
      Download PDF report<span className="visually-hidden"> of {pseudonym}, read shown</span>
    </a>
  );
}

/** Non-readers choose which read to look at (the accepted one by default). Readers only have theirs. */
function ReadPicker({
  subjectId,
  readId,
  onChange,
}: {
  subjectId: string;
  readId: string | null;
  onChange: (id: string | null) => void;
}) {
  const user = useUser();
  const q = useQuery({
    queryKey: ["reads", subjectId],
    enabled: user.role !== "reader",
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/subjects/{subjectId}/reads", { params: { path: { subjectId } } })),
  });
  if (user.role === "reader" || !q.data || q.data.items.length === 0) return null;
  return (
    <label className="read-picker">
      Read shown{" "}
      <select value={readId ?? ""} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">Accepted read</option>
        {q.data.items.map((r) => (
          <option key={r.id} value={r.id}>
            {r.kind === "site" ? "Site read" : (r.reader ?? "reader")} · {r.status.replace("_", " ")} ·
            started {r.createdAt.slice(0, 10)}
          </option>
        ))}
      </select>
    </label>
  );
}

function ScanTable({
  timepoints,
  read,
  comparison,
  t0,
}: {
  timepoints: Timepoint[];
  read: ReadDetail | null;
  comparison: Comparison | null;
  t0: string | undefined;
}) {
  const rows = useMemo(() => {
    const byTp = new Map((read?.timepoints ?? []).map((t) => [t.timepointId, t]));
    const primary = comparison ? comparison.results[comparison.criteria[0]!] : undefined;
    const byDate = new Map<string, TimepointResult>();
    for (const t of primary?.timepoints ?? []) if (t.kind !== "clinical") byDate.set(t.date, t);
    return timepoints.map((tp, i) => ({ tp, i, rt: byTp.get(tp.id), result: byDate.get(tp.date) }));
  }, [timepoints, read, comparison]);
  const days = (date: string) => (t0 ? Math.round((Date.parse(date) - Date.parse(t0)) / 86_400_000) : null);
  return (
    <Scroll label="Scans by date">
      <table className="scan-table">
        <caption className="visually-hidden">Scans by date</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col">Scan date</th>
            <th scope="col" className="num">
              Day from T0
            </th>
            <th scope="col">In the read</th>
            <th scope="col">Primary criteria</th>
            <th scope="col">Images</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ tp, i, rt, result }) => (
            <tr key={tp.id}>
              <td className="num">{i + 1}</td>
              <th scope="row">{tp.date}</th>
              <td className="num">{days(tp.date) ?? "—"}</td>
              <td>
                {!rt
                  ? "—"
                  : rt.locked
                    ? `locked, signed by ${rt.signature?.by ?? "?"} ${rt.signature?.at.slice(0, 10) ?? ""}`
                    : !rt.open
                      ? "closed (an earlier time point is not locked)"
                      : rt.data
                        ? "entered, not signed"
                        : "not entered"}
              </td>
              <td>
                {result ? (
                  <LabelCell {...result} />
                ) : (
                  <span className="muted">{rt?.locked ? kindText.missed : "—"}</span>
                )}
              </td>
              <td>
                {tp.imageUri ? tp.maskUri ? "image and mask" : "image" : <span className="muted">none</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}
