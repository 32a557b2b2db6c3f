// Adjudication (issue 14; FDA 2018 imaging guidance App. A): the locked reads of one subject side by
// side under the primary criteria set, every difference marked with a sign and in words (never by
// colour alone), the triggers that fired, and the adjudicator's signed selection of one read with a
// reason. The adjudicator selects, never re-reads.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useParams } from "react-router";
import type { PatientResult, TimepointResult } from "../api/assessment";
import { type Answer, api, problemText, unwrap } from "../api/client";
import { useUser } from "../app/session";
import { AssessmentTable, LabelCell, RuleList } from "../components/AssessmentTable";
import { Async } from "../components/Async";
import { CategoryBadge } from "../components/Category";
import { changeText } from "../components/ReadAssessment";
import { SignDialog } from "../components/SignDialog";
import "../styles/read.css";

type Adj = Answer<"/api/v1/adjudications/{adjudicationId}", "get">;

interface LesionView {
  id: string;
  role?: string;
  component?: string;
  status?: string;
  diametersMm?: [number, number];
  volumeMm3?: number;
}
interface TpView {
  date: string;
  lesions: LesionView[];
  signature: { by: string; meaning: string; at: string } | null;
}
interface ReadView {
  readId: string;
  name: string;
  timepoints: TpView[];
  result: PatientResult | null;
}

const readsOf = (a: Adj): ReadView[] =>
  a.reads.map((r, i) => ({
    readId: r.readId,
    name: `Read ${i + 1}${r.reader ? ` (${r.reader})` : ""}`,
    timepoints: r.timepoints as unknown as TpView[],
    result: (r.assessment ?? null) as PatientResult | null,
  }));

const measure = (l: LesionView) =>
  [
    l.diametersMm ? `${l.diametersMm[0]} × ${l.diametersMm[1]} mm` : null,
    l.volumeMm3 !== undefined ? `${l.volumeMm3.toLocaleString("en")} mm³` : null,
  ]
    .filter(Boolean)
    .join(", ") || (l.status ?? "present").replaceAll("_", " ");

const labelOf = (t: TimepointResult | undefined) =>
  !t ? "not assessed" : t.kind === "baseline" ? "baseline" : (t.finalLabel ?? t.label ?? "—");

/** What differs at one date between the reads, in words. */
function differencesAt(date: string, reads: ReadView[]): { text: string[]; cells: Set<string> } {
  const text: string[] = [];
  const cells = new Set<string>();
  const tps = reads.map((r) => r.timepoints.find((t) => t.date === date));
  if (tps.some((t) => !t)) {
    text.push(
      `read only by ${reads
        .filter((_, i) => tps[i])
        .map((r) => r.name)
        .join(", ")}`,
    );
    cells.add("lesions");
  }
  const targets = tps.map((t) =>
    (t?.lesions ?? [])
      .filter((l) => l.role === "target")
      .map((l) => l.id)
      .sort()
      .join(", "),
  );
  if (new Set(targets).size > 1) {
    text.push(`targets differ: ${targets.map((t) => t || "none").join(" vs ")}`);
    cells.add("lesions");
  }
  const ids = [...new Set(tps.flatMap((t) => (t?.lesions ?? []).map((l) => l.id)))].sort();
  for (const id of ids) {
    const m = tps.map((t) => {
      const l = t?.lesions.find((x) => x.id === id);
      return l ? measure(l) : "not recorded";
    });
    if (new Set(m).size > 1) {
      text.push(`${id}: ${m.join(" vs ")}`);
      cells.add("lesions");
    }
  }
  const labels = reads.map((r) => labelOf(r.result?.timepoints.find((t) => t.date === date)));
  if (new Set(labels).size > 1) {
    text.push(`category ${labels.join(" vs ")}`);
    cells.add("category");
  }
  return { text, cells };
}

export function Adjudication() {
  const { adjudicationId = "" } = useParams();
  const q = useQuery({
    queryKey: ["adjudication", adjudicationId],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/adjudications/{adjudicationId}", {
          params: { path: { adjudicationId } },
        }),
      ),
  });
  return <Async q={q}>{(a) => <AdjudicationView a={a} />}</Async>;
}

function AdjudicationView({ a }: { a: Adj }) {
  const user = useUser();
  const qc = useQueryClient();
  const subject = useQuery({
    queryKey: ["subject", a.subjectId],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/subjects/{subjectId}", { params: { path: { subjectId: a.subjectId } } })),
  });
  const reads = readsOf(a);
  const criteria = reads.find((r) => r.result)?.result?.criteria ?? "primary criteria";
  const dates = [...new Set(reads.flatMap((r) => r.timepoints.map((t) => t.date)))].sort();
  const [selected, setSelected] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [formError, setFormError] = useState<string | null>(null);
  const [signing, setSigning] = useState(false);
  const canDecide = a.status === "open" && user.role === "adjudicator";

  const summaryRows: Array<[string, (r: ReadView) => string]> = [
    ["Best overall response", (r) => r.result?.bestOverallResponse.category ?? "not assessable"],
    ["Response confirmed", (r) => (r.result ? (r.result.bestOverallResponse.confirmed ? "yes" : "no") : "—")],
    ["Date of best response", (r) => r.result?.bestOverallResponse.date ?? "none"],
    ["Progression date", (r) => r.result?.progression.date ?? "none"],
    [
      "PFS (days)",
      (r) => (r.result ? `${r.result.pfs.days}${r.result.pfs.event ? "" : " (censored)"}` : "—"),
    ],
  ];

  function openSign(e: FormEvent) {
    e.preventDefault();
    if (!selected) return setFormError("Select one of the reads.");
    if (reason.trim().length < 3)
      return setFormError("Give the reason for your selection (at least 3 characters).");
    setFormError(null);
    setSigning(true);
  }

  async function sign(password: string): Promise<string | null> {
    const r = await api.POST("/api/v1/adjudications/{adjudicationId}/decision", {
      params: { path: { adjudicationId: a.id } },
      body: {
        version: a.version,
        selectedReadId: selected!,
        reason: reason.trim(),
        password,
        meaning: "reviewed_and_approved",
      },
    });
    if (!r.data) {
      if (r.response.status === 409) void qc.invalidateQueries({ queryKey: ["adjudication", a.id] });
      return problemText(r.error);
    }
    qc.setQueryData(["adjudication", a.id], r.data);
    setSigning(false);
    return null;
  }

  const chosen = reads.find((r) => r.readId === a.selectedReadId);
  return (
    <>
      <h1>Adjudication of {subject.data?.pseudonym ?? "subject"}</h1>
      <p className="muted">
        {reads.length} locked reads under {criteria} · task {a.status} · created {a.createdAt.slice(0, 10)}
      </p>
      {a.status === "decided" ? (
        <p className="ok-box" role="status">
          ✓ Decided: {chosen?.name ?? a.selectedReadId} selected by {a.adjudicator} on{" "}
          {a.signedAt?.replace("T", " ").slice(0, 16)} UTC (reviewed and approved). Reason: {a.reason}
        </p>
      ) : a.status === "void" ? (
        <p className="panel">This task is void: a read was superseded by a re-read.</p>
      ) : null}

      <section aria-labelledby="triggers-heading" className="panel">
        <h2 id="triggers-heading">Why adjudication: the triggers that fired</h2>
        <ul>
          {a.triggers.map((t) => (
            <li key={t.kind + t.detail}>
              <strong>{t.kind.replaceAll("_", " ")}</strong>: {t.detail}
            </li>
          ))}
        </ul>
      </section>

      <table className="adj-compare">
        <caption>Outcome under {criteria}</caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            {reads.map((r) => (
              <th scope="col" key={r.readId}>
                {r.name}
              </th>
            ))}
            <th scope="col">Difference</th>
          </tr>
        </thead>
        <tbody>
          {summaryRows.map(([name, f]) => {
            const values = reads.map(f);
            const differs = new Set(values).size > 1;
            return (
              <tr key={name}>
                <th scope="row">{name}</th>
                {values.map((v, i) => (
                  <td key={reads[i]!.readId} className={differs ? "diff-cell" : undefined}>
                    {name === "Best overall response" ? <CategoryBadge category={v} /> : v}
                  </td>
                ))}
                <td>
                  {differs ? (
                    <span className="diff-mark">≠ differs</span>
                  ) : (
                    <span className="muted">= same</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <table className="adj-compare">
        <caption>Time points side by side: lesions (mm, mm³) and category under {criteria}</caption>
        <thead>
          <tr>
            <th scope="col">Scan date</th>
            {reads.map((r) => (
              <th scope="col" key={r.readId}>
                {r.name}
              </th>
            ))}
            <th scope="col">Differences</th>
          </tr>
        </thead>
        <tbody>
          {dates.map((date) => {
            const diff = differencesAt(date, reads);
            return (
              <tr key={date}>
                <th scope="row">{date}</th>
                {reads.map((r) => {
                  const tp = r.timepoints.find((t) => t.date === date);
                  const t = r.result?.timepoints.find((x) => x.date === date);
                  return (
                    <td key={r.readId} className={diff.text.length > 0 ? "diff-cell" : undefined}>
                      {tp ? (
                        <ul className="plain">
                          {tp.lesions.map((l) => (
                            <li key={l.id}>
                              <strong>{l.id}</strong>{" "}
                              {[
                                (l.role ?? "").replace("_", "-"),
                                l.component === "non_enhancing" ? "(non-enhancing)" : "",
                              ]
                                .filter(Boolean)
                                .join(" ")}
                              : {measure(l)}
                            </li>
                          ))}
                          {tp.lesions.length === 0 ? <li className="muted">no lesions</li> : null}
                        </ul>
                      ) : (
                        <span className="muted">not read</span>
                      )}
                      <div>
                        {t ? (
                          <>
                            <LabelCell {...t} />
                            {t.changePct !== null ? <div className="muted">{changeText(t)}</div> : null}
                            <RuleList rules={t.rules} />
                          </>
                        ) : null}
                      </div>
                    </td>
                  );
                })}
                <td>
                  {diff.text.length === 0 ? (
                    <span className="muted">= same</span>
                  ) : (
                    <ul className="plain">
                      {diff.text.map((d) => (
                        <li key={d}>
                          <span className="diff-mark">≠</span> {d}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <section aria-labelledby="expl-heading">
        <h2 id="expl-heading">Each read's assessment under {criteria}, with the engine's explanations</h2>
        {reads.map((r) =>
          r.result ? (
            <AssessmentTable
              key={r.readId}
              result={r.result}
              caption={`${r.name} under ${r.result.criteria}`}
            />
          ) : (
            <p key={r.readId} className="panel">
              {r.name} cannot be assessed under {criteria}.
            </p>
          ),
        )}
      </section>

      {canDecide ? (
        <form onSubmit={openSign} className="panel" aria-labelledby="decide-heading">
          <h2 id="decide-heading">Your decision</h2>
          <fieldset>
            <legend>Select the read that drives the endpoints</legend>
            {reads.map((r) => (
              <label key={r.readId} className="read-choice">
                <input
                  type="radio"
                  name="read"
                  value={r.readId}
                  checked={selected === r.readId}
                  onChange={() => setSelected(r.readId)}
                />
                {r.name}: best response {r.result?.bestOverallResponse.category ?? "—"}, progression{" "}
                {r.result?.progression.date ?? "none"}
              </label>
            ))}
          </fieldset>
          <label>
            Reason for the selection
            <textarea
              value={reason}
              rows={3}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={formError && reason.trim().length < 3 ? true : undefined}
            />
          </label>
          {formError ? (
            <p role="alert" className="error-box">
              {formError}
            </p>
          ) : null}
          <div className="row">
            <button type="submit">Select and sign…</button>
          </div>
        </form>
      ) : a.status === "open" ? (
        <p className="panel">An adjudicator of the study selects one read here.</p>
      ) : null}

      <SignDialog
        open={signing}
        title="Sign the adjudication"
        meaning="reviewed and approved"
        onSign={sign}
        onClose={() => setSigning(false)}
      >
        <p>
          You select <strong>{reads.find((r) => r.readId === selected)?.name}</strong>. Reason: {reason}
        </p>
      </SignDialog>
    </>
  );
}
