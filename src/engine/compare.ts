// Side-by-side assessment of one case under every applicable criteria set, with disagreements marked
// and explained by the rules that made the difference (issue: "the view the RANO working group needed").
import type { CriteriaModule } from "./criteria/types.ts";
import type { Case } from "./model/case.ts";
import type { Label, PatientResult, TimepointResult } from "./model/result.ts";

export interface CriteriaCell {
  kind: TimepointResult["kind"];
  label: Label | null;
  finalLabel: Label | null;
  status: TimepointResult["status"];
  rules: string[];
  explanation: string;
}

export interface ComparisonRow {
  date: string;
  cells: Record<string, CriteriaCell | null>;
  /** True when the final labels differ between criteria sets. */
  disagreement: boolean;
  /** One line per criteria set naming its label and the rules behind it, when they disagree. */
  why: string[];
}

export interface CriteriaSummary {
  name: string;
  bestOverallResponse: string;
  confirmed: boolean;
  progressionDate: string | null;
  pfsDays: number;
  pfsEvent: boolean;
}

export interface Comparison {
  patientId: string;
  criteria: string[];
  results: Record<string, PatientResult>;
  rows: ComparisonRow[];
  summary: Record<string, CriteriaSummary>;
  /** Criteria pairs whose best response or progression date differ, explained. */
  endpointDisagreements: string[];
}

const shown = (t: TimepointResult): string => {
  if (t.kind === "baseline") return "baseline";
  if (t.kind === "pre_baseline") return "pre-baseline";
  if (t.kind === "after_progression") return "after PD";
  return t.finalLabel ?? t.label ?? "—";
};

export function compareCriteria(c: Case, modules: ReadonlyArray<CriteriaModule>): Comparison {
  const results: Record<string, PatientResult> = {};
  for (const m of modules) results[m.id] = m.assess(c);
  const ids = modules.map((m) => m.id);
  const dates = [...new Set(ids.flatMap((id) => results[id]!.timepoints.map((t) => t.date)))].sort();

  const rows: ComparisonRow[] = dates.map((date) => {
    const cells: Record<string, CriteriaCell | null> = {};
    for (const id of ids) {
      const t =
        results[id]!.timepoints.find((x) => x.date === date && x.kind !== "clinical") ??
        results[id]!.timepoints.find((x) => x.date === date);
      cells[id] = t
        ? {
            kind: t.kind,
            label: t.label,
            finalLabel: t.finalLabel,
            status: t.status,
            rules: t.rules,
            explanation: t.explanation,
          }
        : null;
    }
    const labels = new Set(
      ids.map((id) => {
        const t = results[id]!.timepoints.find((x) => x.date === date && x.kind !== "clinical");
        return t ? shown(t) : "—";
      }),
    );
    const disagreement = labels.size > 1;
    const why = disagreement
      ? ids.map((id) => {
          const cell = cells[id];
          const name = results[id]!.criteria;
          if (!cell) return `${name}: no assessment on this date`;
          if (cell.kind === "after_progression")
            return `${name}: after progression (${results[id]!.progression.date})`;
          const label =
            cell.kind === "baseline" || cell.kind === "pre_baseline"
              ? cell.kind.replace("_", "-")
              : (cell.finalLabel ?? cell.label ?? "—");
          const asAssessed =
            cell.label && cell.finalLabel && cell.label !== cell.finalLabel
              ? ` (assessed ${cell.label})`
              : "";
          return `${name}: ${label}${asAssessed} — ${cell.rules.join(", ") || "no rule"}: ${cell.explanation}`;
        })
      : [];
    return { date, cells, disagreement, why };
  });

  const summary: Record<string, CriteriaSummary> = {};
  for (const id of ids) {
    const r = results[id]!;
    summary[id] = {
      name: r.criteria,
      bestOverallResponse: r.bestOverallResponse.category,
      confirmed: r.bestOverallResponse.confirmed,
      progressionDate: r.progression.date,
      pfsDays: r.pfs.days,
      pfsEvent: r.pfs.event,
    };
  }
  const endpointDisagreements: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const a = results[ids[i]!]!;
      const b = results[ids[j]!]!;
      if (a.bestOverallResponse.category !== b.bestOverallResponse.category) {
        endpointDisagreements.push(
          `best response: ${a.criteria} ${a.bestOverallResponse.category} (${a.bestOverallResponse.reason}) vs ${b.criteria} ${b.bestOverallResponse.category} (${b.bestOverallResponse.reason})`,
        );
      }
      if (a.progression.date !== b.progression.date) {
        endpointDisagreements.push(`progression date: ${progressionText(a)} vs ${progressionText(b)}`);
      }
    }
  }
  return { patientId: c.patient.id, criteria: ids, results, rows, summary, endpointDisagreements };
}

/** One side of a progression-date disagreement: the date and its rules, or why there is none. */
function progressionText(r: {
  criteria: string;
  progression: { date: string | null; rules: readonly string[]; reason: string };
}): string {
  if (r.progression.date === null) return `${r.criteria} no progression (${r.progression.reason})`;
  const rules = r.progression.rules.length > 0 ? ` [${r.progression.rules.join(", ")}]` : "";
  return `${r.criteria} ${r.progression.date}${rules}`;
}
