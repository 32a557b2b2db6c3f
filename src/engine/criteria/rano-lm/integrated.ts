// The integrated RANO-LM response per time point (the response-determination table, LM-OVR-1…5):
// progression by neurological exam, CSF or imaging; response needing imaging improvement, a cleared CSF
// and (haematologic cancers) steroids none or decreased; stable disease otherwise. Points where the
// working group reached no consensus are reported as such, with the inputs that caused them.
import { addDays, daysBetween } from "../../core/dates.ts";
import { applyDurability } from "../../core/durability.ts";
import { deriveEndpoints } from "../../core/endpoints.ts";
import { notAssessableResult } from "../../core/not-assessable.ts";
import { steroidTimeline, ugToMg } from "../../core/steroids.ts";
import { blankTimepoint } from "../../core/timepoint.ts";
import type { Case } from "../../model/case.ts";
import type { Label, PatientResult, Progression, TimepointResult, Warning } from "../../model/result.ts";
import { evaluateCsf, initialCsfState } from "./csf.ts";
import { compareExam } from "./neuro-exam.ts";
import type { RanoLmOptions } from "./options.ts";
import { evaluateScorecard } from "./scorecard.ts";
import { evaluateScorecard2019 } from "./scorecard-2019.ts";

export const CRITERIA_NAME = "RANO-LM";

export function assessRanoLm(c: Case, o: RanoLmOptions): PatientResult {
  const warnings: Warning[] = [];
  const assessments = [...c.assessments].sort((a, b) => (a.date < b.date ? -1 : 1));
  const haematologic = c.patient.primaryCancer?.kind === "haematologic";
  const steroids = steroidTimeline(c.steroids);
  const explicit = assessments.findIndex((a) => a.baseline === true);
  const b = explicit >= 0 ? explicit : assessments.findIndex((a) => a.lm !== undefined && a.performed);
  const rows: TimepointResult[] = [];
  const row = (date: string, kind: TimepointResult["kind"]): TimepointResult =>
    blankTimepoint(date, kind, ugToMg(steroids.doseOn(date)));
  if (b < 0) {
    const t0 = c.protocol.t0 ?? assessments[0]!.date;
    for (const a of assessments)
      rows.push({ ...row(a.date, "pre_baseline"), explanation: "no RANO-LM assessment (lm) recorded" });
    return notAssessableResult(
      c.patient.id,
      CRITERIA_NAME,
      t0,
      rows,
      [{ code: "LM-EL-1", message: "no assessment carries RANO-LM instruments (lm): nothing to assess" }],
      "LM-EL-1",
      "no RANO-LM baseline",
    );
  }
  const base = assessments[b]!;
  const baseLm = base.lm!;
  const baselineDate = base.date;
  const t0 = c.protocol.t0 ?? baselineDate;
  if (!c.protocol.t0)
    warnings.push({
      code: "END-REF-1",
      message: `T0 not given; endpoints are measured from the baseline ${t0}`,
    });
  const baseDose = steroids.doseOn(baselineDate);
  const csfState = initialCsfState(baseLm.csf, haematologic);
  const requiresCsf = baseLm.csf.length > 0;
  if (!baseLm.neuroExam)
    warnings.push({
      code: "LM-EL-1",
      message: "no baseline neurological exam: exam-based progression cannot be judged",
    });
  // LM19-6: the 2017 and 2019 scorecards are alternatives; "auto" uses the one the baseline carries.
  const use2019 =
    o.lmScorecard === "2019" || (o.lmScorecard === "auto" && !baseLm.mri && baseLm.mri2019 !== undefined);
  if (use2019 ? !baseLm.mri2019 : !baseLm.mri)
    warnings.push({
      code: "LM-EL-1",
      message: "no baseline MRI scorecard: radiographic response cannot be judged",
    });
  const examiner = baseLm.neuroExam?.examiner;

  for (let i = 0; i < b; i++)
    rows.push({
      ...row(assessments[i]!.date, "pre_baseline"),
      explanation: `before the RANO-LM baseline ${baselineDate}`,
    });
  const baseRow = row(baselineDate, "baseline");
  baseRow.rules.push("LM-EL-1", "LM-IMG-3");
  baseRow.explanation = `baseline: ${use2019 ? "2019 MRI scorecard" : `${baseLm.mri?.targets.length ?? 0} MRI target(s)`}; CSF ${
    csfState.baselinePositive.size > 0
      ? `positive at ${[...csfState.baselinePositive].join(", ")}`
      : baseLm.csf.length > 0
        ? "negative"
        : "not sampled"
  }; ${haematologic ? "haematologic primary (steroids and flow cytometry count)" : "solid primary (steroid dose not considered, LM-OVR-5)"}`;
  rows.push(baseRow);

  let progression: Progression | null = null;
  for (let i = b + 1; i < assessments.length; i++) {
    const a = assessments[i]!;
    const r = row(a.date, "follow_up");
    rows.push(r);
    if (progression) {
      r.kind = "after_progression";
      r.explanation = `after LM progression (${(progression as Progression).date})`;
      continue;
    }
    if (!a.performed || !a.lm) {
      r.kind = a.performed ? "follow_up" : "missed";
      r.label = "NE";
      r.finalLabel = "NE";
      r.rules.push("LM-OVR-4");
      r.explanation = a.performed
        ? "no RANO-LM instruments recorded at this assessment"
        : "scheduled assessment not done";
      continue;
    }
    const lm = a.lm;
    const neuro = compareExam(baseLm.neuroExam, lm.neuroExam);
    const afterInduction = daysBetween(t0, a.date) >= o.inductionDays;
    const csf = evaluateCsf(csfState, lm.csf, haematologic, afterInduction);
    const imaging = use2019
      ? evaluateScorecard2019(baseLm.mri2019, lm.mri2019)
      : evaluateScorecard(baseLm.mri, lm.mri, o.measurableNodule);
    const dose = steroids.doseOn(a.date);
    r.rules.push(...neuro.rules, ...csf.rules, ...imaging.rules);
    if (lm.neuroExam?.examiner && examiner && lm.neuroExam.examiner !== examiner) {
      r.warnings.push({
        code: "LM-NEURO-6",
        message: `examiner changed (${examiner} at baseline): the same examiner should rate every time point`,
      });
    }
    for (const n of neuro.notDueToLm) r.warnings.push({ code: "LM-NEURO-4", message: n });
    for (const n of csf.adequacy) r.warnings.push({ code: "LM-CSF-5", message: n });
    const parts = [
      `neuro ${neuro.status}${neuro.details.length ? ` (${neuro.details.join("; ")})` : ""}`,
      csf.text,
      `MRI ${imaging.call}: ${imaging.text}`,
    ];
    const symptomsWorse = lm.symptomChange !== undefined && lm.symptomChange <= -2;
    if (symptomsWorse) {
      r.rules.push("AMB-23");
      r.warnings.push({
        code: "LM-SYMPTOMS",
        message: `symptom inventory worse (${lm.symptomChange}); not a response criterion by default`,
      });
    }

    // LM-OVR-1: progression by any sufficient element.
    const pdBy: Array<{ why: string; rule: string }> = [];
    if (neuro.status === "PD")
      pdBy.push({ why: `neurological exam: ${neuro.progressing.join("; ")}`, rule: "LM-OVR-1" });
    if (imaging.call === "PD") pdBy.push({ why: imaging.text, rule: "LM-OVR-1" });
    if (csf.status === "converted") pdBy.push({ why: csf.text, rule: "LM-OVR-1" });
    if (csf.status === "refractory_flow" && o.persistentFlowCytometry === "progression")
      pdBy.push({ why: `${csf.text} (AMB-20)`, rule: "LM-CSF-4" });
    if (csf.status === "refractory_cytology" && o.refractoryCytology === "progression")
      pdBy.push({ why: `${csf.text} (option)`, rule: "LM-CSF-3" });
    if (symptomsWorse && o.symptomWorsening === "progression")
      pdBy.push({ why: "symptom inventory worse (option)", rule: "AMB-23" });
    if (pdBy.length > 0) {
      r.label = "PD";
      r.finalLabel = "PD";
      r.status = "immediate";
      r.rules.push(...pdBy.map((p) => p.rule));
      r.explanation = `LM progression: ${pdBy.map((p) => p.why).join("; ")}`;
      progression = {
        date: a.date,
        establishedOn: null,
        cause:
          neuro.status === "PD"
            ? "clinical"
            : imaging.call === "PD"
              ? "imaging"
              : csf.status === "converted" || csf.status.startsWith("refractory")
                ? "csf"
                : "clinical",
        rules: [...new Set(pdBy.map((p) => p.rule))],
        reason: r.explanation,
      };
      if (csf.status === "refractory_flow")
        r.warnings.push({
          code: "AMB-20",
          message:
            "the proposal also calls persistent positivity 'insufficient in isolation'; option persistentFlowCytometry=no_consensus",
        });
      continue;
    }
    // Working-group gaps (LM-CSF-3, AMB-20): persistently positive CSF after induction in a patient not
    // otherwise progressing. Table 4 lists it under "CSF-defined PD (lack consensus)" while its stable
    // disease column allows positive CSF, so it is not PD by default: it is reported as "no consensus"
    // with the inputs, and the time point is judged on the other elements (a response stays impossible:
    // the CSF has not cleared).
    const noConsensus =
      csf.status === "refractory_cytology"
        ? "persistently positive CSF cytology after induction in a patient otherwise not progressing"
        : csf.status === "refractory_flow"
          ? "persistently positive flow cytometry after induction (refractory by the text, 'insufficient in isolation' by the summary)"
          : null;
    if (noConsensus) {
      // Not the progression rule LM-OVR-1: the time point is judged on the other elements.
      r.rules.push("LM-CSF-3");
      if (csf.status === "refractory_flow") r.rules.push("LM-CSF-4", "AMB-20");
      r.warnings.push({
        code: "LM-NO-CONSENSUS",
        message: `no consensus in the RANO-LM working group: ${noConsensus}; inputs: ${parts.join("; ")}`,
      });
    }
    if (
      imaging.call === "NE" ||
      neuro.status === "NE" ||
      (requiresCsf &&
        csf.status === "not_sampled" &&
        csfState.baselinePositive.size > 0 &&
        !csfState.everCleared)
    ) {
      r.label = "NE";
      r.finalLabel = "NE";
      r.rules.push("LM-OVR-4");
      r.explanation = `not evaluable: ${parts.join("; ")}`;
      continue;
    }
    // LM-OVR-2: response; LM-OVR-5: steroids count only for haematologic cancers.
    const neuroOk = o.responseNeuro === "improved" ? neuro.status === "improved" : neuro.status !== "PD";
    const csfOk =
      csf.status === "negative" ||
      csf.status === "cleared" ||
      (csf.status === "not_sampled" && (csfState.baselinePositive.size === 0 || csfState.everCleared));
    const steroidsOk = !haematologic || dose === 0 || dose < baseDose;
    const steroidsStable = !haematologic || dose <= baseDose;
    let label: Label;
    if ((imaging.call === "CR" || imaging.call === "PR") && neuroOk && csfOk && steroidsOk) {
      label = imaging.call === "CR" && csf.status !== "positive" ? "CR" : "PR";
      r.rules.push("LM-OVR-2", "AMB-24");
      if (haematologic) r.rules.push("LM-OVR-5");
      r.explanation = `${label === "CR" ? "complete" : "partial"} response: ${parts.join("; ")}`;
    } else if (!steroidsStable) {
      label = "IND";
      r.rules.push("LM-OVR-5");
      r.explanation = `haematologic LM with steroids increased (${ugToMg(dose)} > ${ugToMg(baseDose)} mg/day): neither stable disease nor response; ${parts.join("; ")}`;
    } else {
      label = "SD";
      r.rules.push("LM-OVR-3");
      const blockers = [
        ...(imaging.call === "CR" || imaging.call === "PR"
          ? [
              !neuroOk ? "neuro exam not improved" : "",
              !csfOk ? "CSF not cleared" : "",
              !steroidsOk ? "steroids not decreased" : "",
            ].filter((x) => x)
          : []),
      ];
      r.explanation = `stable disease${blockers.length ? ` (imaging response, but ${blockers.join(", ")})` : ""}${noConsensus ? ` — no consensus: ${noConsensus}` : ""}: ${parts.join("; ")}`;
    }
    r.label = label;
    r.finalLabel = label;
  }

  applyDurability(rows, o.responseConfirmDays, "LM-CSF-2");
  for (const x of rows) x.rules = [...new Set(x.rules)];
  const last = [...rows].reverse().find((x) => x.kind === "follow_up");
  if (last?.status === "awaiting_confirmation" && (last.finalLabel === "CR" || last.finalLabel === "PR")) {
    last.nextAction = `confirm the response ≥ 4 weeks later (on or after ${addDays(last.date, o.responseConfirmDays)}), with CSF still negative`;
  }
  const prog: Progression = progression ?? {
    date: null,
    establishedOn: null,
    cause: null,
    rules: [],
    reason: "no LM progression",
  };
  const endpoints = deriveEndpoints(
    { t0, rows, progression: prog, unconfirmedAnchor: null, events: c.events },
    {
      sdMinDays: o.sdMinDays,
      responseConfirmDays: o.responseConfirmDays,
      missedVisitsForCensor: o.missedVisitsForCensor,
      unconfirmedAtCutoff: o.unconfirmedAtCutoff,
      newTherapy: o.newTherapy,
      minorResponse: false,
    },
  );
  warnings.push(...endpoints.warnings);
  endpoints.bestOverallResponse.rules = endpoints.bestOverallResponse.rules
    .filter((x) => !x.startsWith("ROLE-"))
    .map((x) => (x === "RANO2-DUR-1" ? "LM-CSF-2" : x));
  return {
    patientId: c.patient.id,
    criteria: CRITERIA_NAME,
    t0,
    baselineDate,
    timepoints: rows,
    lesions: [],
    bestOverallResponse: endpoints.bestOverallResponse,
    progression: prog,
    pfs: endpoints.pfs,
    dor: endpoints.dor,
    timeToResponseDays: endpoints.timeToResponseDays,
    warnings,
  };
}
