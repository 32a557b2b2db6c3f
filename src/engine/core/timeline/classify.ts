// Stage 3 (categories) — a time point that is not progression: CR / PR / MR / SD with the steroid,
// T2/FLAIR and non-target gates (RANO2-TP-4…6, RANO2-NT-2), the explanation rendered from the decision.
import type { Label, TimepointResult } from "../../model/result.ts";
import type { ScanEvaluation } from "./evaluate.ts";
import { changes, shownComponents, text } from "./explain.ts";
import type { Baselined } from "./setup.ts";

const BASELINE = ["baseline"] as const;
/** `ROLE-${label}` without building the string on every row. */
const ROLE_TAG: Partial<Record<Label, string>> = {
  CR: "ROLE-CR",
  PR: "ROLE-PR",
  MR: "ROLE-MR",
  SD: "ROLE-SD",
  NE: "ROLE-NE",
};
const NADIR_AND_BASELINE = ["nadir", "baseline"] as const;

export function classifyNonProgression(
  tl: Baselined,
  r: TimepointResult,
  scan: ScanEvaluation,
  category: "CR" | "PR" | "MR" | "SD" | "NE",
  doseUg: number,
): void {
  const w = tl.policy.wording;
  let ntGrew = false;
  for (const x of scan.evals.values()) if (x.nonTargetGrew) ntGrew = true;
  const shown = shownComponents(r.components, scan.deciding?.component ?? null, tl.measured);
  const flair = scan.flairText ? `; ${scan.flairText}` : "";
  let label: Label = category;
  let explanation: string;
  if (category !== "SD" && category !== "NE" && scan.flairWorse) {
    label = "SD";
    r.rules.push("HGG-FLAIR-1");
    explanation = text.flairOtherCause(category);
  } else if (category === "CR") {
    if (doseUg > w.physiologicUg) {
      label = "PR";
      r.rules.push("RANO2-TP-4", "RANO2-STER-1");
      explanation = text.crSteroidsTooHigh(w, doseUg);
    } else {
      r.rules.push("RANO2-TP-5");
      explanation = text.cr(w, flair);
    }
  } else if ((category === "PR" || category === "MR") && ntGrew) {
    label = "SD";
    r.rules.push("RANO2-NT-2");
    explanation = text.nonTargetGrew(category, changes(w, shown, BASELINE));
  } else if (category === "PR") {
    r.rules.push("RANO2-TP-6");
    explanation = `${text.pr(w, changes(w, shown, BASELINE))}${flair}`;
  } else if (category === "MR") {
    r.rules.push("RANO2-TP-6");
    explanation = text.mr(w, changes(w, shown, BASELINE));
  } else {
    r.rules.push("RANO2-TP-6");
    let absolute = false;
    for (const x of scan.evals.values()) if (x.absoluteShortfall) absolute = true;
    explanation = tl.nonMeasurableOnly
      ? text.sdNonMeasurable()
      : absolute
        ? text.sdAbsolute(w, changes(w, shown, NADIR_AND_BASELINE))
        : `${text.sd(w, changes(w, shown, NADIR_AND_BASELINE))}${flair}`;
  }
  if (doseUg > 0 && doseUg <= tl.baselineDoseUg && label !== "CR") r.rules.push("RANO2-STER-2");
  r.label = label;
  r.finalLabel = label;
  r.explanation = explanation;
  // A role tag lets each criteria cite its own definition of this category (e.g. HGG-PR-1).
  r.rules.push(ROLE_TAG[label] ?? `ROLE-${label}`);
}
