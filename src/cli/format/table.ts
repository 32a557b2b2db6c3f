// Clinician-readable table: a header per patient, one line per time point with its explanation and
// next action underneath, and the endpoints at the end.
import type { Case, PatientResult } from "../../engine/index.ts";
import { categoryText, dayText, pct, referenceText, TUMOR_TYPE_NAMES } from "./labels.ts";

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

const pad = (s: string, n: number) => (s.length >= n ? `${s} ` : s.padEnd(n));

export function formatTable(c: Case, r: PatientResult, style: Style = plain): string {
  const out: string[] = [];
  const setting = c.patient.setting === "newly_diagnosed" ? "newly diagnosed" : "recurrent";
  out.push(
    style.bold(
      `${r.patientId} · ${TUMOR_TYPE_NAMES[c.patient.tumorType]} · ${setting} · ${r.criteria} · baseline ${r.baselineDate ?? "none"} · T0 ${r.t0}`,
    ),
  );
  out.push(
    style.dim(
      `  ${pad("date", 11)}${pad("day", 8)}${pad("category", 22)}${pad("reference", 30)}${pad("change", 9)}rules`,
    ),
  );
  for (const t of r.timepoints) {
    const cat = categoryText(t);
    const colour =
      t.finalLabel === "PD"
        ? style.red
        : ["CR", "PR", "MR"].includes(t.finalLabel ?? "")
          ? style.green
          : (s: string) => s;
    out.push(
      `  ${pad(t.date, 11)}${pad(dayText(c, r, t.date), 8)}${colour(pad(cat, 22))}${pad(referenceText(t), 30)}${pad(pct(t.changePct), 9)}${t.rules.join(", ")}`,
    );
    if (t.explanation && t.kind !== "pre_baseline") out.push(style.dim(`      ${t.explanation}`));
    for (const w of t.warnings) out.push(`      ! ${w.message}`);
    if (t.nextAction) out.push(style.bold(`      ⇒ next: ${t.nextAction}`));
  }
  const b = r.bestOverallResponse;
  out.push(
    `  Best overall response: ${style.bold(b.category)}${b.confirmed ? " (confirmed)" : ""} — ${b.reason}`,
  );
  const p = r.progression;
  out.push(
    `  Progression: ${p.date ? `${style.bold(p.date)}${p.establishedOn ? ` (established ${p.establishedOn})` : ""}, ${p.cause}` : "none"} — ${p.reason}`,
  );
  out.push(
    `  PFS: ${r.pfs.days} days, ${r.pfs.event ? "event" : "censored"} on ${r.pfs.date} — ${r.pfs.reason}`,
  );
  if (r.dor)
    out.push(
      `  Duration of response: ${r.dor.days} days (${r.dor.event ? "event" : "censored"}) — ${r.dor.reason}`,
    );
  for (const w of r.warnings) out.push(`  ! ${w.code}: ${w.message}`);
  return `${out.join("\n")}\n`;
}
