// `ranokit compare` as text: one row per date and one column per criteria set (cells sized to their
// content), disagreements marked ◆; a summary table of the endpoints; then, where the sets differ, each
// set's label, rules and explanation, and the endpoint differences — all wrapped to the output width.
import type { Comparison, PatientResult } from "../../engine/index.ts";
import { layoutColumns, outputWidth, plural, wrap } from "./layout.ts";
import { legend, RULES_ENTRY } from "./legend.ts";

type CriteriaCell = Comparison["rows"][number]["cells"][string];

export interface CompareOptions {
  width?: number;
  legend?: boolean;
}

/** Short cell text: the final label, "A→B" when it changed, BL / pre-BL / after PD for the other kinds. */
function cellText(c: CriteriaCell | null | undefined): string {
  if (!c) return "—";
  if (c.kind === "baseline") return "BL";
  if (c.kind === "pre_baseline") return "pre-BL";
  if (c.kind === "after_progression") return "after PD";
  if (c.label === null) return "·";
  return c.label !== c.finalLabel ? `${c.label}→${c.finalLabel}` : `${c.finalLabel}`;
}

function cellWhy(name: string, c: CriteriaCell | null | undefined, r: PatientResult): string {
  if (!c) return `${name}: no assessment on this date`;
  if (c.kind === "after_progression") return `${name}: after progression (${r.progression.date})`;
  const label =
    c.kind === "baseline"
      ? "baseline"
      : c.kind === "pre_baseline"
        ? "pre-baseline"
        : (c.finalLabel ?? c.label ?? "—");
  const assessed = c.label && c.finalLabel && c.label !== c.finalLabel ? ` (assessed ${c.label})` : "";
  return `${name}: ${label}${assessed} — ${c.rules.join(", ") || "no rule"}: ${c.explanation}`;
}

const progressionText = (r: PatientResult) =>
  r.progression.date ? `${r.progression.date} (${r.progression.rules.join(", ") || "no rule"})` : "none";

export function formatComparison(cmp: Comparison, options: CompareOptions = {}): string {
  const width = options.width ?? outputWidth();
  const ids = cmp.criteria;
  const result = (id: string) => cmp.results[id]!;
  const names = ids.map((id) => result(id).criteria);
  const lines: string[] = [];
  const push = (...ls: string[]) => lines.push(...ls);
  push(`Patient ${cmp.patientId} — ${plural(ids.length, "criteria set")}`);

  const rows = cmp.rows.map((row) => [
    row.date,
    ...ids.map((id) => cellText(row.cells[id])),
    row.disagreement ? "◆" : "",
  ]);
  const grid = layoutColumns(
    [{ header: "date" }, ...names.map((n) => ({ header: n })), { header: "" }],
    rows,
    width,
    {
      indent: "  ",
      minLast: 1,
    },
  );
  push(grid.header, ...grid.rows.flatMap((r) => r.line));

  push("", "Endpoints");
  const summary = layoutColumns(
    [{ header: "criteria" }, { header: "best response" }, { header: "progression" }, { header: "PFS days" }],
    ids.map((id) => {
      const s = cmp.summary[id]!;
      return [
        s.name,
        `${s.bestOverallResponse}${s.confirmed ? " (confirmed)" : ""}`,
        progressionText(result(id)),
        `${s.pfsDays} (${s.pfsEvent ? "event" : "censored"})`,
      ];
    }),
    width,
    { indent: "  ", minLast: 1 },
  );
  push(summary.header, ...summary.rows.flatMap((r) => r.line));

  const differing = cmp.rows.filter((r) => r.disagreement);
  const endpointLines = endpointDifferences(ids.map(result), width);
  if (differing.length > 0 || endpointLines.length > 0) {
    push("", "Where and why they differ");
    for (const row of differing) {
      push(`  ${row.date}`);
      ids.forEach((id, i) => {
        push(...wrap(cellWhy(names[i]!, row.cells[id], result(id)), width, "    ", "      "));
      });
    }
    push(...endpointLines);
  }
  if (options.legend !== false) push(...legend(lines.join("\n"), width, "", [RULES_ENTRY]));
  return `${lines.join("\n")}\n`;
}

/** Best response and progression date when they differ between the sets: each set once, with why. */
function endpointDifferences(results: PatientResult[], width: number): string[] {
  const out: string[] = [];
  const nameWidth = Math.max(...results.map((r) => r.criteria.length));
  const entry = (r: PatientResult, text: string) =>
    wrap(text, width, `    ${r.criteria.padEnd(nameWidth)}  `, " ".repeat(6 + nameWidth));
  if (new Set(results.map((r) => r.bestOverallResponse.category)).size > 1) {
    out.push("  best response");
    for (const r of results) {
      const b = r.bestOverallResponse;
      out.push(...entry(r, `${b.category}${b.confirmed ? " (confirmed)" : ""} — ${b.reason}`));
    }
  }
  if (new Set(results.map((r) => r.progression.date)).size > 1) {
    out.push("  progression date");
    for (const r of results)
      out.push(
        ...entry(
          r,
          r.progression.date ? `${progressionText(r)} — ${r.progression.reason}` : `none — ${r.pfs.reason}`,
        ),
      );
  }
  return out;
}
