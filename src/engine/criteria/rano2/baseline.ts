// Baseline selection (RANO2-BASE-1…4).
import { dayNumber, daysBetween } from "../../core/dates.ts";
import type { BaselineChoice } from "../../core/timeline/profile.ts";
import { radiotherapyEnd } from "../../core/timeline/setup.ts";
import type { Case } from "../../model/case.ts";
import type { Warning } from "../../model/result.ts";

export type { BaselineChoice } from "../../core/timeline/profile.ts";

/** Post-RT baseline window: about 4 weeks after the end of radiotherapy, 21–35 days inclusive. */
export const POST_RT_WINDOW = { minDays: 21, maxDays: 35, idealDays: 28 } as const;
/** Recurrent disease: the pre-treatment scan should be at most 14 days before treatment. */
export const RECURRENT_MAX_DAYS_BEFORE_TREATMENT = 14;

const usable = (c: Case, i: number) => c.assessments[i]!.performed && c.assessments[i]!.evaluable;

export { radiotherapyEnd };

/** First systemic / on-study treatment start on or after `from` (surgery and radiotherapy excluded). */
function firstTherapyStart(c: Case, from: string | null): string | null {
  const starts = c.treatments
    .filter((t) => t.type !== "surgery" && t.type !== "radiotherapy")
    .map((t) => ("start" in t ? t.start : ""))
    .filter((d) => d !== "" && (from === null || d >= from))
    .sort();
  return starts[0] ?? null;
}

export function selectBaseline(c: Case): BaselineChoice {
  const order = c.assessments.map((_, i) => i);
  const explicit = order.find((i) => c.assessments[i]!.baseline === true);
  const rtEnd = radiotherapyEnd(c);
  if (explicit !== undefined) {
    const warnings: Warning[] = [];
    const a = c.assessments[explicit]!;
    if (c.patient.setting === "newly_diagnosed" && rtEnd) {
      const d = daysBetween(rtEnd, a.date);
      if (d < POST_RT_WINDOW.minDays || d > POST_RT_WINDOW.maxDays) {
        warnings.push({
          code: "RANO2-BASE-2",
          message: `baseline marked by the user is ${d} days after the end of radiotherapy, outside the ${POST_RT_WINDOW.minDays}–${POST_RT_WINDOW.maxDays} day window`,
          path: `$.assessments[${explicit}].baseline`,
        });
      }
    }
    return {
      index: explicit,
      rules: ["RANO2-BASE-1"],
      explanation: `baseline ${a.date} chosen by the user`,
      warnings,
    };
  }

  if (c.patient.setting === "newly_diagnosed" && rtEnd) {
    // Days after the end of RT, once per scan.
    const rtDay = dayNumber(rtEnd);
    const after = c.assessments.map((a) => dayNumber(a.date) - rtDay);
    const postRt = order.filter((i) => after[i]! > 0 && usable(c, i));
    // Closest to 4 weeks inside the window; earlier on ties.
    let best = -1;
    for (const i of postRt) {
      const d = after[i]!;
      if (d < POST_RT_WINDOW.minDays || d > POST_RT_WINDOW.maxDays) continue;
      if (
        best < 0 ||
        Math.abs(d - POST_RT_WINDOW.idealDays) < Math.abs(after[best]! - POST_RT_WINDOW.idealDays)
      )
        best = i;
    }
    if (best >= 0) {
      const d = after[best]!;
      return {
        index: best,
        rules: ["RANO2-BASE-1"],
        explanation: `post-radiotherapy baseline ${c.assessments[best]!.date}, ${d} days after RT end ${rtEnd}`,
        warnings: [],
      };
    }
    if (postRt.length > 0) {
      const first = postRt[0]!;
      const d = daysBetween(rtEnd, c.assessments[first]!.date);
      return {
        index: first,
        rules: ["RANO2-BASE-1", "RANO2-BASE-2"],
        explanation: `no scan ${POST_RT_WINDOW.minDays}–${POST_RT_WINDOW.maxDays} days after RT end ${rtEnd}; first post-RT scan ${c.assessments[first]!.date} used`,
        warnings: [
          {
            code: "RANO2-BASE-2",
            message: `baseline-window deviation: baseline is ${d} days after the end of radiotherapy (expected ${POST_RT_WINDOW.minDays}–${POST_RT_WINDOW.maxDays})`,
            path: `$.assessments[${first}].date`,
          },
        ],
      };
    }
    return {
      index: null,
      rules: ["RANO2-BASE-1"],
      explanation: `no evaluable scan after the end of radiotherapy (${rtEnd}); the post-operative scan is not a RANO 2.0 reference`,
      warnings: [
        { code: "RANO2-BASE-1", message: "no post-radiotherapy baseline scan: response cannot be assessed" },
      ],
    };
  }

  // Newly diagnosed without RT (RANO2-BASE-3) or recurrent (RANO2-BASE-4): the last scan before treatment.
  const rule = c.patient.setting === "recurrent" ? "RANO2-BASE-4" : "RANO2-BASE-3";
  return preTreatmentBaseline(
    c,
    rule,
    c.patient.setting === "recurrent" ? RECURRENT_MAX_DAYS_BEFORE_TREATMENT : null,
  );
}

/**
 * The last evaluable scan on or before treatment start (T0, else the first systemic treatment), with a
 * warning when it is more than `maxDaysBefore` days before. Shared by every criteria set.
 */
export function preTreatmentBaseline(c: Case, rule: string, maxDaysBefore: number | null): BaselineChoice {
  const order = c.assessments.map((_, i) => i);
  const treatmentStart = c.protocol.t0 ?? firstTherapyStart(c, null);
  const before = order.filter(
    (i) => usable(c, i) && (treatmentStart === null || c.assessments[i]!.date <= treatmentStart),
  );
  const warnings: Warning[] = [];
  let index: number | null = before.length > 0 ? before[before.length - 1]! : null;
  if (index === null) {
    index = order.find((i) => usable(c, i)) ?? null;
    if (index !== null) {
      warnings.push({
        code: rule,
        message: `no scan before treatment start ${treatmentStart}; first evaluable scan used as baseline`,
        path: `$.assessments[${index}].date`,
      });
    }
  }
  if (index === null) {
    return { index: null, rules: [rule], explanation: "no evaluable scan to serve as baseline", warnings };
  }
  const date = c.assessments[index]!.date;
  if (maxDaysBefore !== null && treatmentStart) {
    const gap = daysBetween(date, treatmentStart);
    if (gap > maxDaysBefore) {
      warnings.push({
        code: rule,
        message: `pre-treatment baseline is ${gap} days before treatment start (at most ${maxDaysBefore} recommended)`,
        path: `$.assessments[${index}].date`,
      });
    }
  }
  return { index, rules: [rule], explanation: `pre-treatment baseline ${date}`, warnings };
}
