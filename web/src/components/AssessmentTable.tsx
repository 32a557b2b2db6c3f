// The engine's assessment of one read, as tables: per criteria set every time point with its category
// (preliminary / confirmed), the reference it was measured against, the change, the rule IDs and the
// explanation (AssessmentTable); the criteria sets side by side with their disagreements marked in
// words and explained (CriteriaComparison); and the endpoints — best response, progression date, PFS,
// next action — per criteria set (EndpointSummary). Pure presentation of the engine's output: nothing
// here decides or recomputes a category. Reused by the read-entry, adjudication and report pages.
import { memo } from "react";
import {
  badgeOf,
  type Comparison,
  type ComparisonRow,
  type CriteriaCell,
  kindText,
  type PatientResult,
  pct,
  referenceKindText,
  referenceText,
  statusText,
  type TimepointResult,
} from "../api/assessment";
import { CategoryBadge } from "./Category";
import { Scroll } from "./Scroll";
import "../styles/assessment.css";

/** A time point's category: the final label, with the label as assessed when it was resolved later. */
export function LabelCell({
  label,
  finalLabel,
  status,
  kind,
}: Pick<TimepointResult, "label" | "finalLabel" | "status" | "kind">) {
  if (kind === "baseline" || kind === "pre_baseline" || kind === "after_progression" || kind === "missed")
    return <span className="kind-text">{kindText[kind]}</span>;
  const shown = finalLabel ?? label;
  if (!shown) return <span className="muted">—</span>;
  const b = badgeOf(shown);
  const resolved = label && finalLabel && label !== finalLabel;
  return (
    <span className="label-cell">
      <CategoryBadge category={b.category} status={b.preliminary ? "preliminary" : status} />
      {shown === "IND" ? <span className="muted"> indeterminate</span> : null}
      {resolved ? <span className="muted"> (assessed {label})</span> : null}
      {statusText[status] ? <span className="status-text">{statusText[status]}</span> : null}
    </span>
  );
}

export const AssessmentTable = memo(function AssessmentTable({
  result,
  caption,
}: {
  result: PatientResult;
  caption?: string;
}) {
  return (
    <Scroll label={caption ?? `${result.criteria} by time point`}>
      <table className="tl-assessment">
        <caption className={caption ? undefined : "visually-hidden"}>
          {caption ?? `${result.criteria} by time point`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Category</th>
            <th scope="col">Reference</th>
            <th scope="col" className="num">
              Change
            </th>
            <th scope="col">Rules</th>
            <th scope="col">Explanation</th>
          </tr>
        </thead>
        <tbody>
          {result.timepoints.map((t) => (
            <tr
              key={`${t.date}:${t.kind}:${t.rules.join(",")}`}
              className={t.kind === "clinical" ? "clinical-row" : undefined}
            >
              <th scope="row">
                {t.date}
                {t.kind === "clinical" ? <div className="muted">clinical event</div> : null}
              </th>
              <td>
                <LabelCell {...t} />
              </td>
              <td>{referenceText(t.reference)}</td>
              <td className="num">{t.changePct === null ? "—" : pct(t.changePct)}</td>
              <td>
                <RuleList rules={t.rules} />
              </td>
              <td className="explanation">
                {t.explanation}
                {t.warnings.map((w) => (
                  <div key={`${w.code}:${w.path ?? ""}`} className="warning-text">
                    Warning {w.code}: {w.message}
                  </div>
                ))}
                {t.nextAction ? (
                  <div className="next-action">
                    <strong>Next:</strong> {t.nextAction}
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
});

/** Rule IDs as one line of text (one text node per cell keeps a 20-scan timeline cheap to render). */
export function RuleList({ rules }: { rules: string[] }) {
  if (rules.length === 0) return <span className="muted">—</span>;
  return <code className="rules">{rules.join(" · ")}</code>;
}

function ComparisonCell({ cell }: { cell: CriteriaCell | null }) {
  if (!cell) return <span className="muted">no assessment on this date</span>;
  return (
    <>
      <LabelCell {...cell} />
      {cell.rules.length > 0 ? <RuleList rules={cell.rules} /> : null}
    </>
  );
}

/** The criteria sets side by side per scan date; a row where they differ says so and why. */
export const CriteriaComparison = memo(function CriteriaComparison({
  comparison,
}: {
  comparison: Comparison;
}) {
  const ids = comparison.criteria;
  const names = ids.map((id) => comparison.results[id]?.criteria ?? id);
  const byDate = ids.map((id) => {
    const m = new Map<string, TimepointResult>();
    for (const t of comparison.results[id]?.timepoints ?? [])
      if (t.kind !== "clinical" || !m.has(t.date)) m.set(t.date, t);
    return m;
  });
  return (
    <Scroll label="Criteria sets side by side">
      <table className="comparison-table">
        <caption className="visually-hidden">
          Categories under each criteria set by scan date; rows where they differ are marked
        </caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            {names.map((n) => (
              <th scope="col" key={n}>
                {n}
              </th>
            ))}
            <th scope="col">Criteria agree?</th>
          </tr>
        </thead>
        <tbody>
          {comparison.rows.map((row) => (
            <ComparisonRowView key={row.date} row={row} ids={ids} byDate={byDate} />
          ))}
        </tbody>
      </table>
    </Scroll>
  );
});

function ComparisonRowView({
  row,
  ids,
  byDate,
}: {
  row: ComparisonRow;
  ids: string[];
  byDate: Map<string, TimepointResult>[];
}) {
  return (
    <>
      <tr className={row.disagreement ? "disagree" : undefined}>
        <th scope="row">{row.date}</th>
        {ids.map((id, i) => {
          const t = byDate[i]!.get(row.date);
          return (
            <td key={id}>
              <ComparisonCell cell={row.cells[id] ?? null} />
              {t && t.changePct !== null ? (
                <div className="change">
                  {pct(t.changePct)} vs {t.reference ? referenceKindText[t.reference.kind] : "reference"}
                </div>
              ) : null}
            </td>
          );
        })}
        <td>{row.disagreement ? <strong className="differ">◆ Differ</strong> : <span>Agree</span>}</td>
      </tr>
      {row.disagreement ? (
        <tr className="disagree why-row">
          <td colSpan={ids.length + 2}>
            <span className="visually-hidden">Why the criteria differ on {row.date}: </span>
            <ul className="why">
              {row.why.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** Best response, progression, PFS and next action per criteria set, and the endpoint disagreements. */
export const EndpointSummary = memo(function EndpointSummary({ comparison }: { comparison: Comparison }) {
  return (
    <>
      <Scroll label="Endpoints per criteria set">
        <table className="endpoint-table">
          <caption className="visually-hidden">Endpoints per criteria set</caption>
          <thead>
            <tr>
              <th scope="col">Criteria</th>
              <th scope="col">Best response</th>
              <th scope="col">Progression</th>
              <th scope="col">Progression-free survival</th>
              <th scope="col">Next action</th>
            </tr>
          </thead>
          <tbody>
            {comparison.criteria.map((id, i) => {
              const r = comparison.results[id];
              if (!r) return null;
              const next = r.timepoints.filter((t) => t.nextAction);
              return (
                <tr key={id}>
                  <th scope="row">
                    {r.criteria}
                    {i === 0 ? <div className="muted">primary</div> : null}
                  </th>
                  <td>
                    <CategoryBadge
                      category={r.bestOverallResponse.category}
                      status={r.bestOverallResponse.confirmed ? "confirmed" : "unconfirmed"}
                    />{" "}
                    {r.bestOverallResponse.confirmed ? "confirmed" : "not confirmed"}
                    {r.bestOverallResponse.date ? ` · from ${r.bestOverallResponse.date}` : ""}
                    <div className="explanation">{r.bestOverallResponse.reason}</div>
                  </td>
                  <td>
                    {r.progression.date ? (
                      <>
                        <strong>{r.progression.date}</strong>
                        {r.progression.cause ? ` (${r.progression.cause.replaceAll("_", " ")})` : ""}
                        {r.progression.establishedOn && r.progression.establishedOn !== r.progression.date
                          ? ` · established ${r.progression.establishedOn}`
                          : ""}
                      </>
                    ) : (
                      "none"
                    )}
                    {r.progression.rules.length > 0 ? <RuleList rules={r.progression.rules} /> : null}
                    <div className="explanation">{r.progression.reason}</div>
                  </td>
                  <td>
                    {r.pfs.days} days · {r.pfs.event ? `event on ${r.pfs.date}` : `censored on ${r.pfs.date}`}
                    <div className="explanation">{r.pfs.reason}</div>
                  </td>
                  <td>
                    {next.length === 0 ? (
                      <span className="muted">nothing pending</span>
                    ) : (
                      next.map((t) => (
                        <div key={t.date}>
                          {t.date}: {t.nextAction}
                        </div>
                      ))
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Scroll>
      {comparison.endpointDisagreements.length > 0 ? (
        <div className="endpoint-differ">
          <strong>◆ The criteria sets differ on the endpoints:</strong>
          <ul>
            {comparison.endpointDisagreements.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
});
