// A read's assessment as the engine computed it (GET /reads/{id}/assessment): for one time point, each
// criteria set's category, status, change against its reference, rule IDs and explanation, and the
// course so far (best overall response, progression). A compact table of its own; the timeline page
// has the full per-time-point view.
import type { Comparison } from "../../../src/engine/compare.ts";
import type { PatientResult, TimepointResult } from "../../../src/engine/model/result.ts";
import { LabelBadge } from "./Label";

const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? "—" : `${v > 0 ? "+" : ""}${v.toFixed(1)} %`;

export function changeText(t: TimepointResult): string {
  if (t.changePct === null || !t.reference) return t.kind === "baseline" ? "baseline" : "—";
  const r = t.reference;
  return `${pct(t.changePct)} vs ${r.kind} ${r.date} (${r.value.toLocaleString("en")} ${r.unit})`;
}

export function statusText(s: string): string {
  return s === "none" ? "" : s.replaceAll("_", " ");
}

export function ReadAssessment({
  comparison,
  date,
  caption,
}: {
  comparison: Comparison;
  /** The time point to show; the last assessed one when absent or not assessed. */
  date: string | null;
  caption: string;
}) {
  const row = comparison.rows.find((r) => r.date === date);
  return (
    <>
      <table className="assessment-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Criteria</th>
            <th scope="col">Category</th>
            <th scope="col">Status</th>
            <th scope="col">Change</th>
            <th scope="col">Rules</th>
            <th scope="col">Explanation</th>
          </tr>
        </thead>
        <tbody>
          {comparison.criteria.map((c) => {
            const result: PatientResult | undefined = comparison.results[c];
            const t = result?.timepoints.find((x) => x.date === date);
            return (
              <tr key={c} className={row?.disagreement ? "disagree" : undefined}>
                <th scope="row">{result?.criteria ?? c}</th>
                {t ? (
                  <>
                    <td>
                      {t.kind === "baseline" ? (
                        "Baseline"
                      ) : (
                        <LabelBadge label={t.finalLabel ?? t.label} status={t.status} />
                      )}
                      {t.finalLabel && t.label && t.finalLabel !== t.label ? (
                        <span className="muted"> (at the time: {t.label})</span>
                      ) : null}
                    </td>
                    <td>{statusText(t.status)}</td>
                    <td>{changeText(t)}</td>
                    <td>
                      <code>{t.rules.join(", ") || "—"}</code>
                    </td>
                    <td>
                      {t.explanation}
                      {t.nextAction ? <div className="muted">Next: {t.nextAction}</div> : null}
                    </td>
                  </>
                ) : (
                  <td colSpan={5} className="muted">
                    not assessed at this time point
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {row?.disagreement ? (
        <div className="panel" role="note">
          <strong>⚠ The criteria sets disagree at this time point:</strong>
          <ul>
            {row.why.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <table className="assessment-table">
        <caption>Course so far</caption>
        <thead>
          <tr>
            <th scope="col">Criteria</th>
            <th scope="col">Best overall response</th>
            <th scope="col">Progression</th>
          </tr>
        </thead>
        <tbody>
          {comparison.criteria.map((c) => {
            const r = comparison.results[c];
            if (!r) return null;
            return (
              <tr key={c}>
                <th scope="row">{r.criteria}</th>
                <td>
                  <LabelBadge label={r.bestOverallResponse.category} />{" "}
                  {r.bestOverallResponse.confirmed ? "confirmed" : "unconfirmed"}
                  {r.bestOverallResponse.date ? ` from ${r.bestOverallResponse.date}` : ""}
                  <div className="muted">{r.bestOverallResponse.reason}</div>
                </td>
                <td>
                  {r.progression.date ? `${r.progression.date} (${r.progression.cause})` : "none"}
                  <div className="muted">{r.progression.reason}</div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
