// The worklist: every patient with an open PD-P or IND (the criteria still wait for a confirming scan
// or a steroid taper), when the confirming scan is due and which rule sets that date, and the
// work-up summary of that time point. Pure: the "as of" date is passed in.
import { addDays, daysBetween } from "../engine/core/dates.ts";
import type { Label, PatientResult } from "../engine/index.ts";
import { confirmationRules, type WorkupBlock } from "./workup.ts";

export interface WorklistEntry {
  patientId: string;
  criteria: string;
  /** The open time point (for a PD-P run: the anchor, the first PD-P). */
  date: string;
  label: Label;
  /** Earliest date a scan can confirm or resolve; null when it is not a date (IND: a steroid taper). */
  dueFrom: string | null;
  rules: string[];
  due: "due" | "not_yet_due" | "no_date";
  daysUntilDue: number | null;
  nextAction: string | null;
  workup: string;
}

export function worklistEntry(
  result: PatientResult,
  blocks: readonly WorkupBlock[],
  o: { confirmMinDays?: number; asOf?: string },
): WorklistEntry | null {
  const open = result.timepoints.filter(
    (t) =>
      (t.label === "PD-P" && t.status === "awaiting_confirmation") ||
      (t.label === "IND" && t.status === "pending"),
  );
  const anchor = open[0];
  if (!anchor) return null;
  const last = open[open.length - 1]!;
  const minDays = o.confirmMinDays ?? 28;
  const dueFrom = anchor.label === "PD-P" ? addDays(anchor.date, minDays) : null;
  const rules =
    anchor.label === "PD-P"
      ? confirmationRules(result.criteria, anchor.rules)
      : anchor.rules.filter((r) => /STER|IND|TP-4/.test(r));
  const daysUntilDue = dueFrom && o.asOf ? daysBetween(o.asOf, dueFrom) : null;
  return {
    patientId: result.patientId,
    criteria: result.criteria,
    date: anchor.date,
    label: anchor.label as Label,
    dueFrom,
    rules,
    due: dueFrom === null ? "no_date" : daysUntilDue !== null && daysUntilDue > 0 ? "not_yet_due" : "due",
    daysUntilDue,
    nextAction: last.nextAction ?? null,
    workup: summary(blocks.filter((b) => open.some((t) => t.date === b.date)).at(-1)),
  };
}

const pc = (p: number) => `${(p * 100).toFixed(0)}%`;

/** One line: the combined model where it applies, else the marker calls and post-test range. */
export function summary(b: WorkupBlock | undefined): string {
  if (!b) return "no work-up data (no advanced imaging recorded)";
  const model = b.model.find((m) => m.probability !== null);
  const calls = b.findings.filter(
    (f) => f.call === "favours_tumour" || f.call === "favours_treatment_effect",
  );
  const tumour = calls.filter((f) => f.call === "favours_tumour").length;
  const parts: string[] = [];
  if (model) parts.push(`model P(true progression) ${pc(model.probability!)}`);
  if (calls.length > 0) {
    const post = calls.flatMap((f) =>
      f.postTest
        ? "probability" in f.postTest
          ? [f.postTest.probability]
          : [f.postTest.low, f.postTest.high]
        : [],
    );
    parts.push(
      `${tumour}/${calls.length} marker calls favour tumour${post.length > 0 ? `, post-test ${pc(Math.min(...post))}–${pc(Math.max(...post))}` : ""}`,
    );
  } else if (b.findings.length > 0) parts.push(`${b.findings.length} marker(s), no calls`);
  else parts.push("no advanced imaging at this time point");
  parts.push(b.calibrated ? "site-calibrated" : "review estimates, not site-calibrated");
  return parts.join("; ");
}
