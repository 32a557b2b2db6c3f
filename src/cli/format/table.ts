// Clinician-readable table: a header per patient, one line per time point with its explanation and
// next action wrapped underneath, the endpoints, and a legend of the abbreviations used. Everything
// fits the output width (the terminal's, 120 columns when not a terminal); the rule IDs wrap in their
// column, or go under the row when the terminal is too narrow for a rules column.
import type { Case, PatientResult } from "../../engine/index.ts";
import { categoryText, dayText, pct, referenceText, TUMOR_TYPE_NAMES } from "./labels.ts";
import { layoutColumns, outputWidth, wrap, wrapParts } from "./layout.ts";
import { legend, RULES_ENTRY } from "./legend.ts";

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
}

export const plain: Style = { bold: (s) => s, dim: (s) => s, red: (s) => s, green: (s) => s };
export const ansi: Style = {
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  red: (s) => `\x1b[31m${s}\x1b[39m`,
  green: (s) => `\x1b[32m${s}\x1b[39m`,
};

export interface TableOptions {
  /** Columns to fit (default: outputWidth()). */
  width?: number;
  /** End with the legend of the abbreviations used (default true; `--no-legend`). */
  legend?: boolean;
}

const COLUMNS = [
  { header: "date" },
  { header: "day" },
  { header: "category" },
  { header: "reference" },
  { header: "change", right: true },
  { header: "rules" },
];

export function formatTable(
  c: Case,
  r: PatientResult,
  style: Style = plain,
  options: TableOptions = {},
): string {
  const width = options.width ?? outputWidth();
  const out: string[] = [];
  const plainOut: string[] = [];
  const emit = (line: string, styled: (s: string) => string = (s) => s) => {
    plainOut.push(line);
    out.push(styled(line));
  };
  const setting = c.patient.setting === "newly_diagnosed" ? "newly diagnosed" : "recurrent";
  const title = [
    r.patientId,
    TUMOR_TYPE_NAMES[c.patient.tumorType],
    setting,
    r.criteria,
    `baseline ${r.baselineDate ?? "none"}`,
    `T0 ${r.t0}`,
  ];
  for (const line of wrapParts(title, " · ", width, "", "  ")) emit(line, style.bold);

  const rows = r.timepoints.map((t) => [
    t.date,
    dayText(c, r, t.date),
    categoryText(t),
    referenceText(t),
    pct(t.changePct),
    t.rules.join(", "),
  ]);
  const table = layoutColumns(COLUMNS, rows, width, { indent: "  " });
  emit(table.header, style.dim);
  r.timepoints.forEach((t, i) => {
    const row = table.rows[i]!;
    const colour =
      t.finalLabel === "PD"
        ? style.red
        : ["CR", "PR", "MR"].includes(t.finalLabel ?? "")
          ? style.green
          : (s: string) => s;
    row.line.forEach((line, k) => {
      plainOut.push(line);
      out.push(k === 0 ? colourCategory(line, table.widths, colour) : line);
    });
    if (row.overflow)
      for (const line of wrap(`rules: ${row.overflow}`, width, "      ", "        ")) emit(line, style.dim);
    if (t.explanation && t.kind !== "pre_baseline")
      for (const line of wrap(t.explanation, width, "      ")) emit(line, style.dim);
    for (const w of t.warnings)
      for (const line of wrap(`! ${w.message}`, width, "      ", "        ")) emit(line);
    if (t.nextAction)
      for (const line of wrap(`⇒ next: ${t.nextAction}`, width, "      ", "        ")) emit(line, style.bold);
  });

  const b = r.bestOverallResponse;
  const p = r.progression;
  const endpoints = [
    `Best overall response: ${b.category}${b.confirmed ? " (confirmed)" : ""} — ${b.reason}`,
    `Progression: ${p.date ? `${p.date}${p.establishedOn ? ` (established ${p.establishedOn})` : ""}, ${p.cause}` : "none"} — ${p.reason}`,
    `PFS: ${r.pfs.days} days, ${r.pfs.event ? "event" : "censored"} on ${r.pfs.date} — ${r.pfs.reason}`,
    ...(r.dor
      ? [`Duration of response: ${r.dor.days} days (${r.dor.event ? "event" : "censored"}) — ${r.dor.reason}`]
      : []),
    ...r.warnings.map((w) => `! ${w.code}: ${w.message}`),
  ];
  for (const e of endpoints) for (const line of wrap(e, width, "  ", "    ")) emit(line);
  if (options.legend !== false)
    for (const line of legend(plainOut.join("\n"), width, "  ", [RULES_ENTRY])) emit(line, style.dim);
  return `${out.join("\n")}\n`;
}

/** Colours the category cell of a row's first line (columns: date, day, category, …). */
function colourCategory(line: string, widths: number[], colour: (s: string) => string): string {
  const chars = [...line];
  const start = 2 + widths[0]! + 2 + widths[1]! + 2;
  const end = start + widths[2]!;
  return (
    chars.slice(0, start).join("") + colour(chars.slice(start, end).join("")) + chars.slice(end).join("")
  );
}
