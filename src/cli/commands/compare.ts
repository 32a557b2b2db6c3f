// `ranokit compare CASE.json`: every applicable criteria set side by side, one row per date, one column
// per criteria set, with the disagreements marked and explained by the rules that made the difference.
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import {
  applicableCriteria,
  type Comparison,
  compareCriteria,
  getCriteria,
  parseCaseJson,
} from "../../engine/index.ts";
import { appendWorkup, readWorkupFlags, type WorkupFlags, withWorkupOptions } from "../workup-section.ts";

export function register(program: Command): void {
  const cmd = program
    .command("compare")
    .description("assess one case under every applicable criteria set and show where they disagree")
    .argument("<case>", "case document (JSON)")
    .option("--criteria <ids>", "comma-separated criteria ids (default: all that apply to the case)")
    .option("--format <format>", "table | json", "table")
    .action((file: string, opts: { criteria?: string; format: string } & WorkupFlags) => {
      const workup = readWorkupFlags(opts);
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (e) {
        process.stderr.write(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? "error"})\n`);
        process.exitCode = 2;
        return;
      }
      const parsed = parseCaseJson(text);
      if (!parsed.ok) {
        for (const err of parsed.errors) process.stderr.write(`${file}: ${err.path}: ${err.message}\n`);
        process.exitCode = 2;
        return;
      }
      let modules: ReturnType<typeof applicableCriteria>;
      try {
        modules = opts.criteria
          ? opts.criteria.split(",").map((id) => getCriteria(id.trim()))
          : applicableCriteria(parsed.value);
      } catch (e) {
        process.stderr.write(`--criteria: ${(e as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      if (modules.length === 0) {
        process.stderr.write(`no criteria set applies to tumour type ${parsed.value.patient.tumorType}\n`);
        process.exitCode = 2;
        return;
      }
      const comparison = compareCriteria(parsed.value, modules);
      const w = appendWorkup(parsed.value, Object.values(comparison.results), workup);
      if (opts.format === "json")
        process.stdout.write(
          `${JSON.stringify(w.blocks.length > 0 ? { ...comparison, workup: w.blocks } : comparison, null, 2)}\n`,
        );
      else process.stdout.write(`${formatComparison(comparison)}${w.text ? `\n${w.text}` : ""}`);
    });
  withWorkupOptions(cmd);
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
