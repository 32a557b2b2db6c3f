// `ranokit compare CASE.json`: every applicable criteria set side by side, one row per date, one column
// per criteria set, with the disagreements marked and explained by the rules that made the difference.
import type { Command } from "commander";
import { applicableCriteria, type Comparison, compareCriteria, getCriteria } from "../../engine/index.ts";
import { streamCases } from "../../io/read-cases.ts";
import { out } from "../output.ts";
import { ProblemReport, validCases } from "../problems.ts";
import { UsageError } from "./assess.ts";

export function register(program: Command): void {
  program
    .command("compare")
    .description("assess one case under every applicable criteria set and show where they disagree")
    .argument("<case>", "case document (JSON; an NDJSON file compares each case in it)")
    .option("--criteria <ids>", "comma-separated criteria ids (default: all that apply to the case)")
    .option("--format <format>", "table | json", "table")
    .action(async (file: string, opts: { criteria?: string; format: string }) => {
      if (opts.format !== "table" && opts.format !== "json") {
        throw new UsageError(`--format must be table or json (got "${opts.format}")`);
      }
      // Unknown ids are a usage error (exit 2, `ranokit: …`) before any input is read.
      const fixed = opts.criteria ? opts.criteria.split(",").map((id) => getCriteria(id.trim())) : null;
      const report = new ProblemReport();
      for await (const v of validCases(streamCases([file]), report)) {
        const modules = fixed ?? applicableCriteria(v.case);
        if (modules.length === 0) {
          report.reject(v, "$.patient.tumorType", "no criteria set applies to this tumour type");
          continue;
        }
        const comparison = report.isolate(v, "comparing criteria", () => compareCriteria(v.case, modules));
        if (!comparison) continue;
        await out(
          opts.format === "json" ? `${JSON.stringify(comparison, null, 2)}\n` : formatComparison(comparison),
        );
      }
      report.finish();
    });
}

export function formatComparison(cmp: Comparison): string {
  const ids = cmp.criteria;
  const names = ids.map((id) => cmp.results[id]!.criteria);
  const width = Math.max(12, ...names.map((n) => n.length + 2));
  const lines: string[] = [];
  lines.push(`Patient ${cmp.patientId} — ${ids.length} criteria sets`);
  lines.push(`${"date".padEnd(12)}${names.map((n) => n.padEnd(width)).join("")}`);
  for (const row of cmp.rows) {
    const cells = ids.map((id) => {
      const c = row.cells[id];
      if (!c) return "—";
      if (c.kind === "baseline") return "baseline";
      if (c.kind === "pre_baseline") return "(pre-baseline)";
      if (c.kind === "after_progression") return "(after PD)";
      if (c.label === null) return "·";
      return c.label !== c.finalLabel ? `${c.label}→${c.finalLabel}` : `${c.finalLabel}`;
    });
    lines.push(
      `${row.date.padEnd(12)}${cells.map((x) => x.padEnd(width)).join("")}${row.disagreement ? "  ◆ differ" : ""}`,
    );
  }
  lines.push("");
  lines.push("Summary");
  for (const id of ids) {
    const s = cmp.summary[id]!;
    lines.push(
      `  ${s.name.padEnd(width)} best response ${s.bestOverallResponse}${s.confirmed ? " (confirmed)" : ""}; progression ${s.progressionDate ?? "none"}; PFS ${s.pfsDays} days ${s.pfsEvent ? "(event)" : "(censored)"}`,
    );
  }
  const disagreeing = cmp.rows.filter((r) => r.disagreement && r.why.length > 0);
  if (disagreeing.length > 0 || cmp.endpointDisagreements.length > 0) {
    lines.push("");
    lines.push("Where and why they differ");
    for (const row of disagreeing) {
      lines.push(`  ${row.date}`);
      for (const w of row.why) lines.push(`    ${w}`);
    }
    for (const d of cmp.endpointDisagreements) lines.push(`  ${d}`);
  }
  return `${lines.join("\n")}\n`;
}
