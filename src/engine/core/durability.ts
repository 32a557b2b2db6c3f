// Response durability (RANO2-DUR-1, and the 4-week rule of every RANO variant): a CR/PR/MR time point
// is confirmed when a later evaluable time point at least `minDays` after it shows the same or a better
// category. Intervening NE (and indeterminate) time points are allowed; an intervening PD or PD-P is not.

import type { Label, TimepointResult } from "../model/result.ts";
import { daysBetween } from "./dates.ts";

const RANK: Partial<Record<Label, number>> = { MR: 1, PR: 2, CR: 3 };

export function responseRank(label: Label | null): number {
  return label === null ? 0 : (RANK[label] ?? 0);
}

/** Index of the row confirming rows[i] at response level `level` (1 MR, 2 PR, 3 CR), or null. */
export function confirmingRow(
  rows: ReadonlyArray<TimepointResult>,
  i: number,
  level: number,
  minDays: number,
): number | null {
  const start = rows[i]!;
  if (responseRank(start.finalLabel) < level) return null;
  for (let k = i + 1; k < rows.length; k++) {
    const r = rows[k]!;
    if (r.finalLabel === "PD" || r.finalLabel === "PD-P") return null;
    if (r.kind !== "follow_up" || r.finalLabel === null) continue;
    if (daysBetween(start.date, r.date) >= minDays && responseRank(r.finalLabel) >= level) return k;
  }
  return null;
}

/** Marks each follow-up response row confirmed / unconfirmed / awaiting confirmation. */
export function applyDurability(rows: TimepointResult[], minDays: number, ruleId: string): void {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const level = responseRank(row.finalLabel);
    if (row.kind !== "follow_up" || level === 0) continue;
    const k = confirmingRow(rows, i, level, minDays);
    if (k !== null) {
      row.status = "confirmed";
      row.rules.push(ruleId);
      row.explanation += `; confirmed by ${rows[k]!.date} (≥ ${minDays} days)`;
      continue;
    }
    let laterStop = false;
    for (let k = i + 1; k < rows.length && !laterStop; k++) {
      const r = rows[k]!;
      laterStop =
        r.finalLabel === "PD" ||
        r.finalLabel === "PD-P" ||
        (r.kind === "follow_up" &&
          r.finalLabel !== null &&
          r.finalLabel !== "NE" &&
          r.finalLabel !== "IND" &&
          daysBetween(row.date, r.date) >= minDays);
    }
    row.status = laterStop ? "unconfirmed" : "awaiting_confirmation";
  }
}
