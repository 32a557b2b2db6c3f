// The shared time line of every sum-based criteria set: baseline, per-time-point categories,
// preliminary / confirmed progression with back-dating, steroid and taper rules, and the endpoints.
// What differs between criteria comes from the profile (profile.ts). Rule roles are written as the
// RANO 2.0 IDs (docs/criteria/rano2.md) and translated by the profile at the end.
import type { Case, ClinicalStatus } from "../../model/case.ts";
import type {
  Component,
  LesionRole,
  PatientResult,
  Progression,
  TimepointResult,
  Warning,
} from "../../model/result.ts";
import { addDays, daysBetween } from "../dates.ts";
import { applyDurability } from "../durability.ts";
import { deriveEndpoints } from "../endpoints.ts";
import { displayPercentChange } from "../exact.ts";
import { type NormalisedLesion, normaliseLesion } from "../lesions.ts";
import { steroidTimeline, ugToMg } from "../steroids.ts";
import { lesionValue, type ScanLesions, type SumMethod, SumTrack } from "../sum-track.ts";
import { selectTargets } from "../targets.ts";
import { blankTimepoint } from "../timepoint.ts";
import { classifyNonProgression, confirmationReasons } from "./classify.ts";
import {
  type ComponentEvaluation,
  type ComponentState,
  componentName,
  evaluateComponent,
  type LesionPolicy,
  registerChanges,
} from "./component.ts";
import type { TimelineOptions } from "./options.ts";
import type { ConfirmationDecision, CriteriaProfile } from "./profile.ts";
import { componentResult, decisiveReference, toComponentResult, toDisplay } from "./results.ts";

/** End date of the first radiotherapy course, if any. */
export function radiotherapyEnd(c: Case): string | null {
  const rts = c.treatments.filter((t) => t.type === "radiotherapy");
  if (rts.length === 0) return null;
  return rts.map((t) => t.end).sort()[0]!;
}

export interface Anchor {
  pos: number;
  date: string;
  /** Component sums at the anchor, by the primary method (RANO2-CONF-3). */
  sums: Map<Component, number>;
  /** Lesions in each component's sum at the anchor. */
  trackedAtAnchor: Set<string>;
  /** New lesions added to the sum at the anchor: resolution needs them no longer measurable. */
  addedAtAnchor: string[];
  rows: TimepointResult[];
  decision: ConfirmationDecision;
}

interface Pending {
  rows: TimepointResult[];
  date: string;
}

export function walkTimeline(c: Case, profile: CriteriaProfile, o: TimelineOptions): PatientResult {
  const result = walk(c, profile, o);
  return translateRules(result, profile);
}

function walk(c: Case, profile: CriteriaProfile, o: TimelineOptions): PatientResult {
  const warnings: Warning[] = [];
  const steroids = steroidTimeline(c.steroids);
  const rtEnd = radiotherapyEnd(c);
  const method: SumMethod = profile.sumMethod(c);
  // The other method is shown as exploratory only when the case has measurements for it.
  const hasVolumes = c.assessments.some((a) =>
    a.lesions.some((l) => l.volumeMm3 !== undefined || l.volumeCm3 !== undefined),
  );
  const otherMethod: SumMethod | null =
    method === "volumetric"
      ? "bidimensional"
      : method === "bidimensional" && hasVolumes
        ? "volumetric"
        : null;
  const measurable = (l: NormalisedLesion) =>
    (method === "volumetric" ? l.volumetricMeasurable : l.measurable) &&
    (profile.extraMeasurable?.(l) ?? true);
  const policy: LesionPolicy = {
    newLesionsDefinePd: profile.newLesionsDefinePd,
    equivocalNewLesionsWait: profile.equivocalNewLesionsWait,
    thresholds: profile.thresholds(method),
    newLesionsJoinSum: profile.newLesionsJoinSum ?? "measurable",
    nonTargetProgression: profile.nonTargetProgression ?? "add_to_sum",
    ...(profile.pdAbsoluteIncreaseUm !== undefined
      ? { pdAbsoluteIncreaseUm: profile.pdAbsoluteIncreaseUm }
      : {}),
  };
  const otherPolicy: LesionPolicy | null = otherMethod
    ? { ...policy, thresholds: profile.thresholds(otherMethod) }
    : null;

  const scans: ScanLesions[] = c.assessments.map((a, i) => ({
    date: a.date,
    lesions: new Map(
      a.lesions.map((l, j) => [
        l.id,
        normaliseLesion(
          l,
          a,
          `$.assessments[${i}].lesions[${j}]`,
          profile.measurability,
          o.tooSmallDiameterMm,
        ),
      ]),
    ),
  }));
  // Assessments in date order (input order is not trusted; results never depend on it).
  const order = c.assessments
    .map((_, i) => i)
    .sort((a, b) => (c.assessments[a]!.date < c.assessments[b]!.date ? -1 : 1));
  const sortedCase: Case = { ...c, assessments: order.map((i) => c.assessments[i]!) };
  const sortedScans = order.map((i) => scans[i]!);

  const baseline = profile.selectBaseline(sortedCase);
  warnings.push(...baseline.warnings);
  const scope = profile.scope(c);
  warnings.push(...scope.warnings);
  const components: Component[] = [
    ...(scope.enhancing ? (["enhancing"] as const) : []),
    ...(scope.nonEnhancing ? (["non_enhancing"] as const) : []),
  ];
  const t0 =
    c.protocol.t0 ??
    (baseline.index !== null
      ? sortedCase.assessments[baseline.index]!.date
      : sortedCase.assessments[0]!.date);
  if (!c.protocol.t0) {
    warnings.push({
      code: "END-REF-1",
      message: `T0 not given; endpoints are measured from the baseline scan ${t0}`,
      path: "$.protocol.t0",
    });
  }

  const rows: TimepointResult[] = [];
  const clinicalSorted = [...c.clinical].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const clinicalOn = (date: string): ClinicalStatus | undefined => {
    let found: ClinicalStatus | undefined;
    for (const x of clinicalSorted) {
      if (x.date <= date) found = x;
      else break;
    }
    return found;
  };
  const row = (
    date: string,
    kind: TimepointResult["kind"],
    extra: Partial<TimepointResult> = {},
  ): TimepointResult => {
    const clin = clinicalOn(date);
    return {
      ...blankTimepoint(date, kind, ugToMg(steroids.doseOn(date)), clin ? describeClinical(clin) : null),
      ...extra,
    };
  };

  if (baseline.index === null) {
    sortedCase.assessments.forEach((a) => {
      rows.push(
        row(a.date, "pre_baseline", { explanation: "no baseline: not assessable", rules: baseline.rules }),
      );
    });
    return emptyResult(c, profile, t0, rows, warnings, baseline.explanation);
  }

  const b = baseline.index;
  const baselineDate = sortedCase.assessments[b]!.date;
  const baselineDoseUg = steroids.doseOn(baselineDate);
  const baselineLesions = [...sortedScans[b]!.lesions.values()].filter((l) =>
    components.includes(l.component),
  );
  const targets = selectTargets(
    baselineLesions,
    components,
    profile.targetLimits,
    (l) => measurable(l) && (profile.targetComponents?.includes(l.component) ?? true),
    (l) => lesionValue(l, method) ?? 0,
  );
  warnings.push(...targets.warnings);

  const states = new Map<Component, ComponentState>();
  for (const comp of components) {
    states.set(comp, {
      component: comp,
      track: new SumTrack(sortedScans, targets.targets[comp], o.nonTargetReference === "retrospective"),
      baselinePos: b,
      baselineLesionIds: new Set(sortedScans[b]!.lesions.keys()),
      nonTargets: targets.nonTargets[comp],
      hadDiseaseAtBaseline: baselineLesions.some((l) => l.component === comp && l.status !== "absent"),
      newNonMeasurable: new Map(),
      triggeredNew: new Set(),
    });
  }
  const nonMeasurableOnly = components.every((comp) => targets.targets[comp].length === 0);
  if (nonMeasurableOnly) {
    warnings.push({
      code: "RANO2-MEAS-6",
      message: "no measurable disease at baseline: the best possible response is stable disease",
    });
  }

  for (let i = 0; i < b; i++) {
    rows.push(
      row(sortedCase.assessments[i]!.date, "pre_baseline", {
        explanation: `before the baseline ${baselineDate}: not a reference for ${profile.shortName}`,
        rules: ["RANO2-BASE-1"],
      }),
    );
  }
  const baseRow = row(baselineDate, "baseline", {
    explanation: `${baseline.explanation}; ${scope.explanation}; targets: ${describeTargets(targets.targets, components)}`,
    rules: [...baseline.rules, ...scope.rules, ...targets.rules],
    warnings: [...baseline.warnings, ...targets.warnings],
  });
  baseRow.components = components.map((comp) => {
    const s = states.get(comp)!.track.sumAt(b, method);
    return componentResult(comp, method, "NA", s.complete ? s.value : null, null, null, baselineDate);
  });
  rows.push(baseRow);

  // ---------------------------------------------------------------- the walk over the course
  const nadirEligible: number[] = [b];
  let anchor: Anchor | null = null;
  let indSteroid: Pending | null = null;
  let indTaper: (Pending & { doseUg: number }) | null = null;
  let progression: Progression | null = null;
  let prevDoseUg = baselineDoseUg;
  let lastNewTherapyOrStop: string | null = null;

  /** Final progression, back-dated to the earliest pending preliminary / indeterminate time point. */
  const declareProgression = (
    at: TimepointResult,
    cause: Progression["cause"],
    rules: string[],
    reason: string,
    backdateToAnchor = true,
  ): void => {
    let date = at.date;
    const backRules: string[] = [];
    if (anchor && !backdateToAnchor) {
      for (const p of anchor.rows) {
        p.status = "unconfirmed";
        p.explanation += `; superseded by progression on ${at.date}`;
      }
      anchor = null;
    }
    if (anchor && anchor.date < date) {
      date = anchor.date;
      backRules.push("RANO2-CONF-5");
    }
    if (indSteroid && indSteroid.date < date) {
      date =
        o.steroidPdDate === "steroid_increase_start"
          ? (steroids.exceededSince(indSteroid.date, baselineDoseUg) ?? indSteroid.date)
          : indSteroid.date;
      backRules.push("RANO2-STER-3");
    }
    if (indTaper && indTaper.date < date) {
      date = indTaper.date;
      backRules.push("STER-6");
    }
    for (const pending of [anchor?.rows ?? [], indSteroid?.rows ?? [], indTaper?.rows ?? []]) {
      for (const r of pending) {
        r.finalLabel = "PD";
        r.status = "confirmed";
        r.explanation += `; progression confirmed on ${at.date}`;
      }
    }
    anchor = null;
    indSteroid = null;
    indTaper = null;
    const allRules = [...rules, ...backRules];
    progression = {
      date,
      establishedOn: date === at.date ? null : at.date,
      cause,
      rules: allRules,
      reason: date === at.date ? reason : `${reason}; progression dated ${date} (back-dated)`,
    };
    at.label = "PD";
    at.finalLabel = "PD";
    at.status = date === at.date ? "immediate" : "confirmed";
    at.rules.push(...allRules);
    at.explanation = date === at.date ? reason : `${reason} → progression back-dated to ${date}`;
  };

  /** While a preliminary progression is pending, the anchor is the reference that decides. */
  const showAnchorReference = (
    r: TimepointResult,
    an: Anchor,
    evals: Map<Component, ComponentEvaluation>,
  ): void => {
    const ref = r.components.find((x) => x.category === "PD") ?? r.components[0];
    const anchorSum = ref ? an.sums.get(ref.component) : undefined;
    if (!ref || anchorSum === undefined || anchorSum === 0) return;
    r.reference = { kind: "anchor", date: an.date, value: toDisplay(anchorSum, method), unit: ref.unit };
    r.changePct = displayPercentChange(evals.get(ref.component)!.sum.value, anchorSum);
  };

  /** GEN-6: an NE time point, unless tumour-related decline on the same date makes it PD (RANO2-TP-1). */
  const notEvaluable = (r: TimepointResult, why: string, clinicalWorseTumor: boolean): void => {
    r.label = "NE";
    r.finalLabel = "NE";
    r.rules.push("GEN-6");
    r.explanation = why;
    if (clinicalWorseTumor) {
      declareProgression(r, "clinical", ["RANO2-TP-1"], "clinical deterioration attributable to the tumour");
    }
  };

  type Item =
    | { kind: "scan"; pos: number; date: string }
    | { kind: "clinical"; rec: ClinicalStatus; date: string }
    | { kind: "pathology"; result: "tumor" | "treatment_effect"; date: string }
    | { kind: "event"; type: string; date: string };
  const scanDates = new Set(sortedCase.assessments.map((a) => a.date));
  const items: Item[] = [];
  for (let p = b + 1; p < sortedCase.assessments.length; p++)
    items.push({ kind: "scan", pos: p, date: sortedCase.assessments[p]!.date });
  for (const rec of c.clinical) {
    if (
      rec.date > baselineDate &&
      !scanDates.has(rec.date) &&
      rec.status === "worse" &&
      rec.attributableToTumor
    ) {
      items.push({ kind: "clinical", rec, date: rec.date });
    }
  }
  for (const p of c.pathology)
    if (p.date > baselineDate) items.push({ kind: "pathology", result: p.result, date: p.date });
  for (const e of c.events)
    if (e.date > baselineDate) items.push({ kind: "event", type: e.type, date: e.date });
  const itemOrder = { scan: 0, clinical: 1, pathology: 2, event: 3 } as const;
  items.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : itemOrder[x.kind] - itemOrder[y.kind]));

  for (const item of items) {
    if (progression !== null) {
      const p = progression as Progression;
      if (item.kind === "scan") {
        rows.push(
          row(item.date, "after_progression", {
            explanation: `after progression (${p.date}); response assessment ends at progression`,
          }),
        );
      } else if (item.kind === "event") {
        rows.push(row(item.date, "clinical", { explanation: eventText(item.type) }));
      }
      continue;
    }
    if (item.kind === "clinical") {
      const r = row(item.date, "clinical");
      rows.push(r);
      declareProgression(
        r,
        "clinical",
        ["RANO2-TP-1", "RANO2-CLIN-1"],
        `clinical deterioration attributable to the tumour${item.rec.kps !== undefined ? ` (KPS ${item.rec.kps})` : ""}`,
      );
      continue;
    }
    if (item.kind === "pathology") {
      const r = row(item.date, "clinical");
      rows.push(r);
      if (item.result === "tumor") {
        declareProgression(
          r,
          "pathology",
          ["RANO2-TP-2", ...(anchor ? ["RANO2-CONF-5"] : [])],
          "histopathology shows tumour progression",
        );
      } else if (anchor) {
        const a = anchor as Anchor;
        resolveAnchor(a, r.date, "pathology showed treatment effect only");
        anchor = null;
        r.rules.push("RANO2-CONF-6");
        r.explanation = `pathology: treatment effect only → preliminary progression of ${a.date} resolved (pseudoprogression)`;
      } else {
        r.explanation = "pathology: treatment effect only";
      }
      continue;
    }
    if (item.kind === "event") {
      const r = row(item.date, "clinical", { explanation: eventText(item.type) });
      rows.push(r);
      if (item.type === "death" && anchor) {
        declareProgression(
          r,
          "imaging",
          ["RANO2-CONF-8"],
          "death before the preliminary progression could be confirmed",
        );
      } else if (item.type === "death") {
        // RANO2-TP-8: failure to return for evaluation because of death counts as progression.
        declareProgression(r, "death", ["RANO2-TP-8"], "death before progression was documented");
      } else {
        lastNewTherapyOrStop = item.date;
      }
      continue;
    }

    // ----- an imaging assessment
    const pos = item.pos;
    const a = sortedCase.assessments[pos]!;
    const r = row(a.date, "follow_up");
    rows.push(r);
    const doseUg = steroids.doseOn(a.date);
    const priorDoseUg = prevDoseUg;
    prevDoseUg = doseUg;
    const sameDayClinical = c.clinical.find((x) => x.date === a.date);
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
      notEvaluable(r, `scheduled assessment not done${a.reason ? ` (${a.reason})` : ""}`, clinicalWorseTumor);
      continue;
    }

    // Components: new lesions and progressing non-targets first, then sums against references.
    const evals = new Map<Component, ComponentEvaluation>();
    const frozenNadir = anchor ? nadirEligible.filter((p) => p < (anchor as Anchor).pos) : nadirEligible;
    for (const comp of components) {
      const st = states.get(comp)!;
      const changes = registerChanges(st, sortedScans, pos, measurable, policy);
      const primary = evaluateComponent(
        st,
        pos,
        method,
        frozenNadir,
        changes,
        sortedScans,
        measurable,
        policy,
      );
      const ev: ComponentEvaluation = primary;
      if (otherMethod && otherPolicy) {
        const other = evaluateComponent(
          st,
          pos,
          otherMethod,
          frozenNadir,
          { triggers: [], promotedNow: [] },
          sortedScans,
          measurable,
          otherPolicy,
        );
        if ((other.sum.complete && other.sum.value > 0) || other.baselineSum > 0) ev.exploratory = other;
      }
      evals.set(comp, ev);
    }
    // RANO-HGG-FLAIR-1: a significant T2/FLAIR increase not explained by another cause is progression.
    const flair = a.t2Flair;
    const flairWorse = profile.flairQualitative && flair?.status === "worse";
    if (flairWorse && !flair!.attributableToOtherCause) {
      const target = evals.get("enhancing") ?? [...evals.values()][0];
      if (target) {
        target.triggers.push({
          kind: "flair",
          component: "non_enhancing",
          rule: "HGG-FLAIR-1",
          text: "significant increase of T2/FLAIR non-enhancing disease",
        });
        target.category = "PD";
        target.rules.push("HGG-FLAIR-1");
      }
    }
    const e = evals.get("enhancing") ?? null;
    const n = evals.get("non_enhancing") ?? null;
    const combined = profile.combine(e?.category ?? null, n?.category ?? null, o);
    const evalList = [...evals.values()];
    const triggers = evalList.length === 1 ? evalList[0]!.triggers : evalList.flatMap((x) => x.triggers);
    r.components = evalList.map((x) => toComponentResult(x, sortedScans, baselineDate));
    for (const id of evalList.length === 1
      ? evalList[0]!.sum.missingNew
      : evalList.flatMap((x) => x.sum.missingNew)) {
      r.warnings.push({
        code: "MEAS-9",
        message: `new lesion ${id} not reported on this scan: counted as gone (0)`,
      });
    }
    for (const x of evals.values()) r.rules.push(...x.rules);
    if (combined.rule) r.rules.push(combined.rule);
    if (components.length === 2) r.rules.push("RANO2-MIX-1");
    const decisive = decisiveReference(r.components, combined.category);
    if (decisive) {
      r.reference = decisive.reference;
      r.changePct = decisive.change;
    }

    if (!a.evaluable && triggers.length === 0) {
      notEvaluable(r, `scan not evaluable${a.reason ? ` (${a.reason})` : ""}`, clinicalWorseTumor);
      continue;
    }

    // RANO2-TP-1: tumour-related clinical deterioration is progression, no confirmation needed.
    if (clinicalWorseTumor) {
      declareProgression(
        r,
        "clinical",
        ["RANO2-TP-1", "RANO2-CLIN-1"],
        "clinical deterioration attributable to the tumour",
      );
      continue;
    }

    // IRANO-11: a steroid change within the 2 weeks before the MRI makes the scan not evaluable for
    // the category it would otherwise support (an increase hides CR/PR/SD, a decrease hides PD).
    if (profile.steroids.twoWeekRule) {
      const change = steroidChangeWithin(c, steroids, a.date, 14);
      const pd = combined.category === "PD";
      if ((pd && change === "decrease") || (!pd && change === "increase")) {
        r.label = "NE";
        r.finalLabel = "NE";
        r.rules.push("IRANO-11");
        r.explanation = `steroid ${change} within 2 weeks before the MRI: imaging ${combined.category} cannot be judged (iRANO)`;
        continue;
      }
    }

    // ----- a preliminary progression awaiting confirmation (RANO2-CONF-4…7)
    if (anchor) {
      const an = anchor as Anchor;
      const days = daysBetween(an.date, a.date);
      const eligibleFrom = an.decision.eligibleFrom ?? addDays(an.date, o.confirmMinDays);
      const eligible = a.date >= eligibleFrom;
      const confirmPolicy = an.decision.policy ?? o.confirmPolicy;
      const reasons = confirmationReasons(an, evals, triggers, combined.category, confirmPolicy, policy);
      // A trigger that needs no confirmation (e.g. new enhancement outside the radiation field, or
      // non-enhancing progression) is progression on this scan, whatever the pending anchor.
      const now =
        triggers.length > 0 ? profile.confirmation({ c, triggers, date: a.date, rtEnd, options: o }) : null;
      if (now?.exception === true && !(eligible && reasons.length > 0)) {
        declareProgression(
          r,
          "imaging",
          ["RANO2-TP-3", ...now.rules],
          `${triggers.map((t) => t.text).join("; ")}${now.why ? `; ${now.why}` : ""}`,
          false,
        );
        continue;
      }
      if (eligible && reasons.length > 0) {
        showAnchorReference(r, an, evals);
        declareProgression(
          r,
          "imaging",
          ["RANO2-CONF-5", ...(confirmPolicy === "persistence" && !an.decision.policy ? ["AMB-1"] : [])],
          `confirms the preliminary progression of ${an.date}: ${reasons.join("; ")}`,
        );
        continue;
      }
      const newStillMeasurable = an.addedAtAnchor.filter((id) => {
        const l = sortedScans[pos]!.lesions.get(id);
        return l !== undefined && l.status !== "absent" && measurable(l);
      });
      const resolvesNow =
        (triggers.length === 0 && newStillMeasurable.length === 0) ||
        (eligible && an.decision.resolveWhenEligible === true);
      if (resolvesNow) {
        resolveAnchor(
          an,
          a.date,
          triggers.length === 0
            ? `no longer progressive vs the nadir on ${a.date}`
            : `not confirmed on ${a.date}`,
        );
        anchor = null;
        r.rules.push("RANO2-CONF-6");
        // Fall through: the current time point is classified normally.
      } else {
        r.label = an.decision.label;
        r.finalLabel = an.decision.label;
        r.status = "awaiting_confirmation";
        r.rules.push("RANO2-CONF-7", ...(reasons.length > 0 && !eligible ? ["RANO2-CONF-4"] : []));
        const why =
          reasons.length > 0 && !eligible
            ? `further progression ${days} days after the preliminary PD cannot confirm it before ${eligibleFrom}`
            : newStillMeasurable.length > 0 && triggers.length === 0
              ? `new lesion ${newStillMeasurable.join(", ")} still measurable`
              : "still ≥ 25% above the nadir but not ≥ 25% above the preliminary-progression scan";
        r.explanation = `preliminary progression of ${an.date} persists: ${why}`;
        showAnchorReference(r, an, evals);
        an.rows.push(r);
        continue;
      }
    }

    // ----- imaging progression (RANO2-TP-3)
    if (combined.category === "PD") {
      const growthOnly = triggers.every((t) => t.kind === "growth" || t.kind === "reappearance");
      const text = triggers.map((t) => t.text).join("; ");
      if (indTaper && doseUg >= indTaper.doseUg) {
        declareProgression(
          r,
          "imaging",
          ["STER-6", "RANO2-TP-3"],
          `${text}, still met without further steroid taper`,
        );
        continue;
      }
      if (o.growthDuringTaper === "indeterminate" && growthOnly && doseUg < priorDoseUg) {
        r.label = "IND";
        r.finalLabel = "IND";
        r.status = "pending";
        r.rules.push("STER-6", "AMB-13");
        r.explanation = `${text}, but while steroids were tapered (${ugToMg(priorDoseUg)} → ${ugToMg(doseUg)} mg/day): indeterminate until the next scan without further taper`;
        r.nextAction = `next scan without further steroid taper decides: still ≥ 25% above the nadir → PD dated ${a.date}; otherwise SD`;
        indTaper = { rows: [r], date: a.date, doseUg };
        continue;
      }
      const confirmation = profile.confirmation({ c, triggers, date: a.date, rtEnd, options: o });
      if (confirmation.needed) {
        const trackedAtAnchor = new Set<string>();
        const sums = new Map<Component, number>();
        for (const [comp, ev] of evals) {
          sums.set(comp, ev.sum.value);
          for (const id of states.get(comp)!.track.ids()) trackedAtAnchor.add(id);
        }
        r.label = confirmation.label;
        r.finalLabel = confirmation.label;
        r.status = "awaiting_confirmation";
        r.rules.push("RANO2-TP-3", "RANO2-CONF-1", "RANO2-CONF-3", ...confirmation.rules);
        if (triggers.some((t) => t.kind === "new_lesion")) r.rules.push("RANO2-NEW-1");
        r.explanation = `preliminary progression (${text}); ${confirmation.why}; confirmation needed${confirmation.eligibleFrom ? ` (a scan on or after ${confirmation.eligibleFrom})` : ""}`;
        anchor = {
          pos,
          date: a.date,
          sums,
          trackedAtAnchor,
          addedAtAnchor: triggers
            .filter((t) => t.kind === "new_lesion" && t.lesionId)
            .map((t) => t.lesionId!),
          rows: [r],
          decision: confirmation,
        };
        continue;
      }
      const firstSeen = triggers
        .map((t) => t.firstSeen)
        .filter((d): d is string => d !== undefined)
        .sort()[0];
      declareProgression(
        r,
        "imaging",
        ["RANO2-TP-3", ...confirmation.rules],
        `${text}${confirmation.why ? `; ${confirmation.why}` : ""}`,
      );
      const equivocalFirst = profile.equivocalNewLesionsWait && firstSeen !== undefined;
      if (firstSeen && (o.newNonMeasurableDate === "first_appearance" || equivocalFirst) && progression) {
        const p = progression as Progression;
        p.date = firstSeen;
        p.establishedOn = a.date;
        p.rules.push("AMB-6");
        p.reason += `; back-dated to the first appearance ${firstSeen} (option)`;
      }
      continue;
    }

    // ----- not progression
    if (indTaper) {
      for (const t of indTaper.rows) {
        t.finalLabel = "SD";
        t.status = "resolved";
        t.explanation += `; resolved to SD on ${a.date}`;
      }
      indTaper = null;
      r.rules.push("STER-6");
    }
    if (combined.category === "NE") {
      r.label = "NE";
      r.finalLabel = "NE";
      r.rules.push("GEN-6");
      const missing = [...evals.values()].flatMap((x) => x.sum.missing);
      r.explanation = `not evaluable: target ${missing.join(", ")} not measured`;
      continue;
    }
    nadirEligible.push(pos);

    // RANO-BM: a response with steroids above baseline is at best SD (AMB-28).
    if (doseUg > baselineDoseUg && profile.steroids.aboveBaseline === "stable_disease") {
      r.label = "SD";
      r.finalLabel = "SD";
      r.rules.push("RANO2-STER-2");
      r.explanation = `imaging ${combined.category}, steroids ${ugToMg(doseUg)} mg/day above the baseline ${ugToMg(baselineDoseUg)} mg/day: SD at best`;
      continue;
    }
    // RANO2-STER-3: an isolated steroid increase is never PD, but the time point cannot be SD/PR/CR.
    if (doseUg > baselineDoseUg) {
      r.label = "IND";
      r.finalLabel = "IND";
      r.status = "pending";
      r.rules.push("RANO2-STER-2", "RANO2-STER-3", "RANO2-TP-4");
      r.explanation = `imaging ${combined.category}, but steroids ${ugToMg(doseUg)} mg/day exceed the baseline ${ugToMg(baselineDoseUg)} mg/day: indeterminate (neither SD nor PD)`;
      r.nextAction = `taper to ≤ ${ugToMg(baselineDoseUg)} mg/day with non-progressive imaging → SD; tumour-related decline or imaging PD → PD dated ${indSteroid ? indSteroid.date : a.date}`;
      if (indSteroid) indSteroid.rows.push(r);
      else indSteroid = { rows: [r], date: a.date };
      continue;
    }
    if (indSteroid) {
      for (const t of indSteroid.rows) {
        t.finalLabel = "SD";
        t.status = "resolved";
        t.explanation += `; steroids back to baseline on ${a.date}: SD`;
      }
      indSteroid = null;
      r.rules.push("RANO2-STER-3");
    }
    classifyNonProgression(r, combined.category, evals, doseUg, baselineDoseUg, o, nonMeasurableOnly, {
      crAllowsPhysiologic: profile.steroids.crAllowsPhysiologic,
      flairWorse: flairWorse === true,
    });
  }

  // ----- after the last assessment
  const stillPending = anchor as Anchor | null;
  if (stillPending) {
    for (const p of stillPending.rows)
      p.status =
        lastNewTherapyOrStop && lastNewTherapyOrStop > stillPending.date
          ? "unconfirmed"
          : "awaiting_confirmation";
    const last = stillPending.rows[stillPending.rows.length - 1]!;
    last.nextAction = `confirmation scan due 4–8 weeks after ${stillPending.date} (from ${addDays(stillPending.date, o.confirmMinDays)})`;
  }
  applyDurability(rows, o.responseConfirmDays, "RANO2-DUR-1");

  const lastFollowUp = [...rows].reverse().find((x) => x.kind === "follow_up");
  if (
    lastFollowUp &&
    lastFollowUp.status === "awaiting_confirmation" &&
    ["CR", "PR", "MR"].includes(lastFollowUp.finalLabel ?? "")
  ) {
    lastFollowUp.nextAction = `confirmation scan due ≥ 4 weeks after ${lastFollowUp.date} (on or after ${addDays(lastFollowUp.date, o.responseConfirmDays)})`;
  }

  const prog: Progression = progression ?? {
    date: null,
    establishedOn: null,
    cause: null,
    rules: [],
    reason: stillPending ? `preliminary progression ${stillPending.date} not confirmed` : "no progression",
  };
  const endpoints = deriveEndpoints(
    {
      t0,
      rows,
      progression: prog,
      unconfirmedAnchor: stillPending ? stillPending.date : null,
      events: c.events,
    },
    {
      sdMinDays: o.sdMinDays,
      responseConfirmDays: o.responseConfirmDays,
      missedVisitsForCensor: o.missedVisitsForCensor,
      unconfirmedAtCutoff: o.unconfirmedAtCutoff,
      newTherapy: o.newTherapy,
      minorResponse: profile.minorResponse(components),
    },
  );
  if (nonMeasurableOnly) endpoints.bestOverallResponse.rules.push("END-BOR-3");
  prog.rules = [...new Set(prog.rules)];
  return {
    patientId: c.patient.id,
    criteria: profile.shortName,
    t0,
    baselineDate,
    timepoints: rows,
    lesions: lesionRoles(),
    bestOverallResponse: endpoints.bestOverallResponse,
    progression: prog,
    pfs: endpoints.pfs,
    dor: endpoints.dor,
    timeToResponseDays: endpoints.timeToResponseDays,
    warnings,
  };

  // ------------------------------------------------------------------------------------ helpers
  function lesionRoles(): LesionRole[] {
    const out: LesionRole[] = [];
    const firstSeen = (id: string): string => {
      const s = sortedScans.find((x, p) => p >= b && (x.lesions.get(id)?.status ?? "absent") !== "absent");
      return s ? s.date : baselineDate;
    };
    for (const comp of components) {
      const st = states.get(comp)!;
      for (const id of targets.targets[comp])
        out.push({ id, component: comp, role: "target", firstSeen: baselineDate });
      for (const id of targets.nonTargets[comp])
        out.push({ id, component: comp, role: "non_target", firstSeen: baselineDate });
      const news = new Set([
        ...st.track.ids().filter((id) => st.track.kindOf(id) === "new"),
        ...st.newNonMeasurable.keys(),
        ...st.triggeredNew,
      ]);
      for (const id of [...news].sort())
        out.push({ id, component: comp, role: "new", firstSeen: firstSeen(id) });
    }
    return out;
  }

  function resolveAnchor(an: Anchor, on: string, why: string): void {
    for (const p of an.rows) {
      p.finalLabel = "SD";
      p.status = "resolved";
      p.explanation += `; resolved on ${on} (${why}): pseudoprogression, relabelled SD`;
    }
  }
}

function describeTargets(t: Record<Component, string[]>, comps: Component[]): string {
  return comps.map((c) => `${componentName(c)} ${t[c].length ? t[c].join(", ") : "none"}`).join("; ");
}

function describeClinical(c: ClinicalStatus): string {
  if (c.status === "worse") return c.attributableToTumor ? "worse (tumour)" : "worse (other cause)";
  return c.kps !== undefined ? `${c.status} (KPS ${c.kps})` : c.status;
}

function eventText(type: string): string {
  return (
    {
      death: "death",
      new_anticancer_therapy: "new anticancer therapy started",
      off_study: "off study",
      lost_to_follow_up: "lost to follow-up",
    }[type] ?? type
  );
}

function emptyResult(
  c: Case,
  profile: CriteriaProfile,
  t0: string,
  rows: TimepointResult[],
  warnings: Warning[],
  why: string,
): PatientResult {
  return {
    patientId: c.patient.id,
    criteria: profile.shortName,
    t0,
    baselineDate: null,
    timepoints: rows,
    lesions: [],
    bestOverallResponse: {
      category: "NE",
      confirmed: false,
      date: null,
      rules: ["RANO2-BASE-1"],
      reason: why,
    },
    progression: {
      date: null,
      establishedOn: null,
      cause: null,
      rules: [],
      reason: "not assessable without a baseline",
    },
    pfs: { days: 0, event: false, date: t0, reason: `censored at T0: ${why}` },
    dor: null,
    timeToResponseDays: null,
    warnings,
  };
}

/** Whether the steroid dose rose or fell within `days` days before `date` (IRANO-11). */
function steroidChangeWithin(
  c: Case,
  steroids: ReturnType<typeof steroidTimeline>,
  date: string,
  days: number,
): "increase" | "decrease" | null {
  const from = addDays(date, -days);
  let result: "increase" | "decrease" | null = null;
  for (const rec of c.steroids) {
    if (rec.date < from || rec.date > date) continue;
    const before = steroids.doseOn(addDays(rec.date, -1));
    const after = steroids.doseOn(rec.date);
    if (after > before) result = "increase";
    else if (after < before && result === null) result = "decrease";
  }
  return result;
}

/** Rewrites canonical rule roles into the profile's own rule IDs (dropping those it maps to null). */
function translateRules(r: PatientResult, profile: CriteriaProfile): PatientResult {
  const map = (ids: string[]) => [
    ...new Set(ids.map((id) => profile.rule(id)).filter((x): x is string => x !== null)),
  ];
  for (const t of r.timepoints) {
    t.rules = map(t.rules);
    for (const w of t.warnings) w.code = profile.rule(w.code) ?? w.code;
  }
  for (const w of r.warnings) w.code = profile.rule(w.code) ?? w.code;
  r.progression.rules = map(r.progression.rules);
  r.bestOverallResponse.rules = map(r.bestOverallResponse.rules);
  return r;
}
