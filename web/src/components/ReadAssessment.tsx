// A read's assessment during entry (GET /reads/{id}/assessment): the time point being entered under
// every criteria set — category, status, change against its reference, rule IDs, explanation — then
// the endpoints and, on request, every time point side by side. The shared pieces (LabelCell,
// RuleList, EndpointSummary, CriteriaComparison) come from AssessmentTable.tsx.
import { type Comparison, pct, referenceText, type TimepointResult } from "../api/assessment";
import { CriteriaComparison, EndpointSummary, LabelCell, RuleList } from "./AssessmentTable";

/** "−75.0 % vs baseline 2025-01-03: 900 mm²" */
export function changeText(t: TimepointResult): string {
  if (t.changePct === null || !t.reference) return "—";
  return `${pct(t.changePct)} vs ${referenceText(t.reference)}`;
}

export function ReadAssessment({
  comparison,
  date,
  caption,
}: {
  comparison: Comparison;
  /** The time point being entered. */
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
            <th scope="col">Change</th>
            <th scope="col">Rules</th>
            <th scope="col">Explanation</th>
          </tr>
        </thead>
        <tbody>
          {comparison.criteria.map((c) => {
            const result = comparison.results[c];
            const t = result?.timepoints.find((x) => x.date === date && x.kind !== "clinical");
            return (
              <tr key={c} className={row?.disagreement ? "disagree" : undefined}>
                <th scope="row">{result?.criteria ?? c}</th>
                {t ? (
                  <>
                    <td>
                      <LabelCell {...t} />
                    </td>
                    <td>{changeText(t)}</td>
                    <td>
                      <RuleList rules={t.rules} />
                    </td>
                    <td>
                      {t.explanation}
                      {t.nextAction ? <div className="muted">Next: {t.nextAction}</div> : null}
                    </td>
                  </>
                ) : (
                  <td colSpan={4} className="muted">
                    not assessed at this time point (not saved yet)
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {row?.disagreement ? (
        <div className="panel" role="note">
          <strong>◆ The criteria sets disagree at this time point:</strong>
          <ul>
            {row.why.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <h3>Endpoints so far</h3>
      <EndpointSummary comparison={comparison} />
      <details>
        <summary>Every time point, the criteria sets side by side</summary>
        <CriteriaComparison comparison={comparison} />
      </details>
    </>
  );
}
