// The shared time line of every sum-based criteria set, in the order it decides:
//   1. setup.ts        references and sums: scans, baseline, components, targets, thresholds, wording
//   2. evaluate.ts     each scan against its baseline and nadir, T2/FLAIR, the combined category
//   3. confirmation.ts a pending preliminary progression: confirm, resolve, persist; opening one
//   4. modifiers.ts    steroid and clinical modifiers (2-week rule, taper, dose above baseline)
//      classify.ts     the non-progressive categories (CR / PR / MR / SD)
//   5. finish.ts       durability and endpoints, rule IDs translated into the criteria set's own
// What differs between criteria comes from the profile (profile.ts); explanations are rendered from the
// decision by the templates in explain.ts.
import type { Case, ClinicalStatus } from "../../model/case.ts";
import type { PatientResult, TimepointResult } from "../../model/result.ts";
import { classifyNonProgression } from "./classify.ts";
import { decidePendingAnchor, openAnchor } from "./confirmation.ts";
import { evaluateScan } from "./evaluate.ts";
import { componentName } from "./explain.ts";
import { emptyResult, finishTimeline } from "./finish.ts";
import { eventText, resolveTaper, steroidGate, taperHold, twoWeekRule } from "./modifiers.ts";
import type { TimelineOptions } from "./options.ts";
import type { CriteriaProfile } from "./profile.ts";
import { componentResult } from "./results.ts";
import { type Baselined, fromBaseline, prepareTimeline, radiotherapyEnd } from "./setup.ts";
import { anchorRule, WalkState } from "./state.ts";

export { radiotherapyEnd };

type Item =
  | { kind: "scan"; pos: number; date: string }
  | { kind: "clinical"; rec: ClinicalStatus; date: string }
  | { kind: "pathology"; result: "tumor" | "treatment_effect"; date: string }
  | { kind: "event"; type: string; date: string };

const ITEM_ORDER = { scan: 0, clinical: 1, pathology: 2, event: 3 } as const;

export function walkTimeline(c: Case, profile: CriteriaProfile, o: TimelineOptions): PatientResult {
  const setup = prepareTimeline(c, profile, o);
  const rows: TimepointResult[] = [];
  if (setup.baseline.index === null) {
    for (const a of setup.sorted.assessments) {
      rows.push(
        setup.row(a.date, "pre_baseline", {
          explanation: "no baseline: not assessable",
          rules: setup.baseline.rules,
        }),
      );
    }
    return emptyResult(c, profile, setup.t0, rows, setup.warnings, setup.baseline.explanation);
  }
  const tl = fromBaseline(setup, setup.baseline.index);
  baselineRows(tl, rows);

  const st = new WalkState(tl);
  // Pathology dated on a scan day belongs to that scan's reading (one labelled row per date). A linear
  // search: a course has a few dozen scans at most, and most cases ask for no date at all.
  const assessments = tl.sorted.assessments;
  const isScanDate = (date: string): boolean => {
    for (let i = 0; i < assessments.length; i++) if (assessments[i]!.date === date) return true;
    return false;
  };
  const pathologyOn = new Map<string, "tumor" | "treatment_effect">();
  const items: Item[] = [];
  for (let p = tl.b + 1; p < tl.sorted.assessments.length; p++)
    items.push({ kind: "scan", pos: p, date: tl.sorted.assessments[p]!.date });
  const scanItems = items.length;
  for (const rec of c.clinical) {
    if (
      rec.date > tl.baselineDate &&
      rec.status === "worse" &&
      rec.attributableToTumor &&
      !isScanDate(rec.date)
    )
      items.push({ kind: "clinical", rec, date: rec.date });
  }
  for (const p of c.pathology) {
    if (p.date <= tl.baselineDate) continue;
    if (isScanDate(p.date)) pathologyOn.set(p.date, p.result);
    else items.push({ kind: "pathology", result: p.result, date: p.date });
  }
  for (const e of c.events)
    if (e.date > tl.baselineDate) items.push({ kind: "event", type: e.type, date: e.date });
  // Scans alone are already in date order (a stable sort would keep them as they are).
  if (items.length > scanItems) {
    items.sort((x, y) =>
      x.date < y.date ? -1 : x.date > y.date ? 1 : ITEM_ORDER[x.kind] - ITEM_ORDER[y.kind],
    );
  }

  for (const item of items) {
    const progression = st.progression;
    if (progression !== null) {
      if (item.kind === "scan") {
        rows.push(
          tl.row(item.date, "after_progression", {
            explanation: `after progression (${progression.date}); response assessment ends at progression`,
          }),
        );
      } else if (item.kind === "event") {
        rows.push(tl.row(item.date, "clinical", { explanation: eventText(item.type) }));
      }
      continue;
    }
    if (item.kind === "clinical") {
      const r = tl.row(item.date, "clinical");
      rows.push(r);
      st.declareProgression(
        r,
        "clinical",
        ["RANO2-TP-1", "RANO2-CLIN-1"],
        `clinical deterioration attributable to the tumour${item.rec.kps !== undefined ? ` (KPS ${item.rec.kps})` : ""}`,
      );
      continue;
    }
    if (item.kind === "pathology") {
      const r = tl.row(item.date, "clinical");
      rows.push(r);
      pathology(st, r, item.result);
      continue;
    }
    if (item.kind === "event") {
      const r = tl.row(item.date, "clinical", { explanation: eventText(item.type) });
      rows.push(r);
      if (item.type === "death" && st.anchor) {
        st.declareProgression(
          r,
          "death",
          ["RANO2-CONF-8"],
          "death before the preliminary progression could be confirmed",
        );
      } else if (item.type === "death") {
        // RANO2-TP-8: failure to return for evaluation because of death counts as progression.
        st.declareProgression(r, "death", ["RANO2-TP-8"], "death before progression was documented");
      } else {
        st.lastNewTherapyOrStop = item.date;
      }
      continue;
    }
    const r = tl.row(item.date, "follow_up");
    rows.push(r);
    assessScan(tl, st, r, item.pos, pathologyOn.get(item.date) ?? null);
  }
  return finishTimeline(tl, st, rows);
}

function baselineRows(tl: Baselined, rows: TimepointResult[]): void {
  const { baseline, scope, targets, components, profile } = tl;
  for (let i = 0; i < tl.b; i++) {
    rows.push(
      tl.row(tl.sorted.assessments[i]!.date, "pre_baseline", {
        explanation: `before the baseline ${tl.baselineDate}: not a reference for ${profile.shortName}`,
        rules: ["RANO2-BASE-1"],
      }),
    );
  }
  const describe = components
    .map((c) => `${componentName(c)} ${targets.targets[c].length ? targets.targets[c].join(", ") : "none"}`)
    .join("; ");
  const baseRow = tl.row(tl.baselineDate, "baseline", {
    explanation: `${baseline.explanation}; ${scope.explanation}; targets: ${describe}`,
    rules: [...baseline.rules, ...scope.rules, ...targets.rules],
    warnings: [...baseline.warnings, ...targets.warnings],
  });
  baseRow.components = components.map((comp) => {
    const s = tl.states.get(comp)!.track.sumAt(tl.b, tl.method);
    return componentResult(comp, tl.method, "NA", s.complete ? s.value : null, null, null, tl.baselineDate);
  });
  rows.push(baseRow);
}

/** RANO2-TP-2 / IRANO-12: pathology on a day without a scan. */
function pathology(st: WalkState, r: TimepointResult, result: "tumor" | "treatment_effect"): void {
  if (result === "tumor") {
    st.declareProgression(r, "pathology", ["RANO2-TP-2"], "histopathology shows tumour progression");
  } else if (st.anchor) {
    const date = st.anchor.date;
    r.rules.push("RANO2-TP-2", anchorRule(st.anchor, "RANO2-CONF-6"));
    st.resolveAnchor(r.date, "pathology showed treatment effect only");
    r.explanation = `pathology: treatment effect only → preliminary progression of ${date} resolved (pseudoprogression)`;
  } else {
    r.explanation = "pathology: treatment effect only";
  }
}

/** One imaging assessment, through the stages in order. */
function assessScan(
  tl: Baselined,
  st: WalkState,
  r: TimepointResult,
  pos: number,
  sameDayPathology: "tumor" | "treatment_effect" | null,
): void {
  const a = tl.sorted.assessments[pos]!;
  const doseUg = tl.steroids.doseOn(a.date);
  const priorDoseUg = st.prevDoseUg;
  st.prevDoseUg = doseUg;
  const sameDayClinical = tl.c.clinical.find((x) => x.date === a.date);
  const clinicalWorseTumor =
    sameDayClinical?.status === "worse" && sameDayClinical.attributableToTumor === true;
  if (sameDayClinical?.status === "worse" && !sameDayClinical.attributableToTumor) {
    r.warnings.push({
      code: "RANO2-TP-7",
      message: "clinical worsening from a non-tumour cause: recorded, does not change the category",
    });
  }
  if (!a.performed) {
    r.kind = "missed";
    notEvaluable(
      st,
      r,
      `scheduled assessment not done${a.reason ? ` (${a.reason})` : ""}`,
      clinicalWorseTumor,
    );
    return;
  }

  const scan = evaluateScan(tl, st, pos, r);
  const { combined, triggers } = scan;
  if (!a.evaluable && triggers.length === 0) {
    notEvaluable(st, r, `scan not evaluable${a.reason ? ` (${a.reason})` : ""}`, clinicalWorseTumor);
    return;
  }
  // RANO2-TP-1: tumour-related clinical deterioration is progression, no confirmation needed.
  if (clinicalWorseTumor) {
    st.declareProgression(
      r,
      "clinical",
      ["RANO2-TP-1", "RANO2-CLIN-1"],
      "clinical deterioration attributable to the tumour",
    );
    return;
  }
  // RANO2-TP-2 / IRANO-12: pathology of this day is part of this scan's reading.
  if (sameDayPathology === "tumor") {
    st.declareProgression(
      r,
      "pathology",
      ["RANO2-TP-2"],
      "histopathology on the day of this scan shows tumour",
    );
    return;
  }
  if (sameDayPathology === "treatment_effect") {
    const pending = st.anchor?.date ?? null;
    if (pending) st.resolveAnchor(r.date, "pathology showed treatment effect only");
    if (combined.category === "PD" || pending) {
      r.label = "SD";
      r.finalLabel = "SD";
      r.rules.push("RANO2-TP-2", "ROLE-SD");
      r.explanation = `histopathology on the day of this scan shows treatment effect only: SD as assessed${combined.category === "PD" ? ` (imaging: ${triggers.map((t) => t.text).join("; ")})` : ""}${pending ? `; the preliminary progression of ${pending} is resolved (pseudoprogression)` : ""}`;
      return;
    }
  }
  if (twoWeekRule(tl, r, scan)) return;
  if (st.anchor && decidePendingAnchor(tl, st, r, scan)) return;

  // ----- imaging progression (RANO2-TP-3)
  if (combined.category === "PD") {
    if (taperHold(tl, st, r, scan, doseUg, priorDoseUg)) return;
    const text = triggers.map((t) => t.text).join("; ");
    const confirmation = tl.profile.confirmation({
      c: tl.c,
      triggers,
      date: a.date,
      rtEnd: tl.rtEnd,
      options: tl.o,
    });
    if (confirmation.needed) {
      openAnchor(tl, st, r, scan, confirmation, text);
      return;
    }
    const firstSeen = triggers
      .map((t) => t.firstSeen)
      .filter((d): d is string => d !== undefined)
      .sort()[0];
    st.declareProgression(
      r,
      "imaging",
      ["RANO2-TP-3", ...confirmation.rules],
      `${text}${confirmation.why ? `; ${confirmation.why}` : ""}`,
    );
    const equivocalFirst = tl.profile.equivocalNewLesionsWait && firstSeen !== undefined;
    const p = st.progression;
    if (firstSeen && (tl.o.newNonMeasurableDate === "first_appearance" || equivocalFirst) && p) {
      p.date = firstSeen;
      p.establishedOn = a.date;
      p.rules.push("AMB-6");
      p.reason += `; back-dated to the first appearance ${firstSeen} (option)`;
    }
    return;
  }

  // ----- not progression
  resolveTaper(st, r);
  if (combined.category === "NE") {
    r.label = "NE";
    r.finalLabel = "NE";
    r.rules.push("GEN-6");
    const missing: string[] = [];
    for (const x of scan.evals.values()) for (const id of x.sum.missing) missing.push(id);
    r.explanation =
      a.lesions.length === 0
        ? `not read: no lesion reported on this scan (targets ${missing.join(", ")})`
        : `not evaluable: target ${missing.join(", ")} ${scan.unreported.length > 0 ? "not reported" : "not measured"}, and the measured lesions do not show progression`;
    return;
  }
  st.nadirEligible.push(pos);
  if (steroidGate(tl, st, r, scan, doseUg)) return;
  classifyNonProgression(tl, r, scan, combined.category, doseUg);
}

/** GEN-6: an NE time point, unless tumour-related decline on the same date makes it PD (RANO2-TP-1). */
function notEvaluable(st: WalkState, r: TimepointResult, why: string, clinicalWorseTumor: boolean): void {
  r.label = "NE";
  r.finalLabel = "NE";
  r.rules.push("GEN-6");
  r.explanation = why;
  if (clinicalWorseTumor) {
    st.declareProgression(r, "clinical", ["RANO2-TP-1"], "clinical deterioration attributable to the tumour");
  }
}
