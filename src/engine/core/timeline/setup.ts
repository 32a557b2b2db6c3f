// Stage 1 of the time line — references and sums: scans in date order with normalised lesions, the
// baseline, the components assessed, the targets and one sum track per component, the thresholds and
// the wording of the deciding profile. Everything later stages read but never change.
import type { Case, ClinicalStatus } from "../../model/case.ts";
import type { Component, TimepointResult, Warning } from "../../model/result.ts";
import { type NormalisedLesion, normaliseLesion } from "../lesions.ts";
import { type SteroidTimeline, steroidTimeline, ugToMg } from "../steroids.ts";
import { lesionValue, type ScanLesions, type SumMethod, SumTrack } from "../sum-track.ts";
import { selectTargets, type TargetChoice } from "../targets.ts";
import { blankTimepoint } from "../timepoint.ts";
import type { ComponentState, LesionPolicy } from "./component.ts";
import { crDiseasePhrase, crSteroidPhrase, MEASURE, type Wording } from "./explain.ts";
import type { TimelineOptions } from "./options.ts";
import type { BaselineChoice, CriteriaProfile, Scope } from "./profile.ts";
import { unitOf } from "./units.ts";

/** End date of the first radiotherapy course, if any. */
export function radiotherapyEnd(c: Case): string | null {
  const rts = c.treatments.filter((t) => t.type === "radiotherapy");
  if (rts.length === 0) return null;
  return rts.map((t) => t.end).sort()[0]!;
}

export interface Timeline {
  c: Case;
  profile: CriteriaProfile;
  o: TimelineOptions;
  warnings: Warning[];
  steroids: SteroidTimeline;
  rtEnd: string | null;
  method: SumMethod;
  otherMethod: SumMethod | null;
  measurable: (l: NormalisedLesion) => boolean;
  policy: LesionPolicy;
  otherPolicy: LesionPolicy | null;
  /** The case with its assessments in date order (input order is not trusted). */
  sorted: Case;
  scans: ScanLesions[];
  baseline: BaselineChoice;
  scope: Scope;
  components: Component[];
  t0: string;
  /** The latest clinical record on or before a date. */
  clinicalOn(date: string): ClinicalStatus | undefined;
  /** A blank row for a date, with the steroid dose and clinical status of that date. */
  row(date: string, kind: TimepointResult["kind"], extra?: Partial<TimepointResult>): TimepointResult;
}

export interface Baselined extends Timeline {
  b: number;
  baselineDate: string;
  baselineDoseUg: number;
  targets: TargetChoice;
  states: Map<Component, ComponentState>;
  /** Components whose sum holds targets (the ones a change can be reported for). */
  measured: Set<Component>;
  nonMeasurableOnly: boolean;
  /** RANO-HGG-FLAIR-2: non-enhancing lesions measured at baseline, summed to derive the T2/FLAIR status
   * when the case has no qualitative read. */
  flairTrack: SumTrack | null;
}

export function wordingFor(
  profile: CriteriaProfile,
  method: SumMethod,
  components: ReadonlyArray<Component>,
  o: TimelineOptions,
): Wording {
  const t = profile.thresholds(method);
  const physiologicUg = profile.steroids.crAllowsPhysiologic
    ? Math.round(o.physiologicMaxDexEqMgPerDay * 1000)
    : 0;
  const t2Flair = profile.targetComponents?.length === 1 && profile.targetComponents[0] === "non_enhancing";
  const minorResponse = profile.minorResponse(components);
  const absoluteMm = profile.pdAbsoluteIncreaseUm === undefined ? null : profile.pdAbsoluteIncreaseUm / 1000;
  return {
    criteria: profile.shortName,
    method,
    measure: MEASURE[method],
    unit: unitOf(method),
    thresholds: t,
    absoluteMm,
    displayThresholds: [t.pd, -t.pr, ...(t.mr === null ? [] : [-t.mr])],
    minorResponse,
    anchorName: profile.anchorName ?? "preliminary-progression scan",
    crDisease: crDiseasePhrase(components, t2Flair),
    crSteroids: crSteroidPhrase(profile.shortName, physiologicUg),
    physiologicUg,
    cache: { baseline: new Map(), nadir: new Map(), text: new Map() },
    decisionThresholds: {
      pdIncreasePct: t.pd,
      prDecreasePct: t.pr,
      mrDecreasePct: minorResponse ? t.mr : null,
      pdAbsoluteIncreaseMm: absoluteMm,
    },
  };
}

export function prepareTimeline(c: Case, profile: CriteriaProfile, o: TimelineOptions): Timeline {
  const warnings: Warning[] = [];
  const steroids = steroidTimeline(c.steroids);
  const method: SumMethod = profile.sumMethod(c);
  // The other method is shown as exploratory only when the case has measurements for it.
  let hasVolumes = false;
  for (const a of c.assessments) {
    for (const l of a.lesions) {
      if (l.volumeMm3 !== undefined || l.volumeCm3 !== undefined) {
        hasVolumes = true;
        break;
      }
    }
    if (hasVolumes) break;
  }
  const otherMethod: SumMethod | null =
    method === "volumetric"
      ? "bidimensional"
      : method === "bidimensional" && hasVolumes
        ? "volumetric"
        : null;
  const measurable = (l: NormalisedLesion) =>
    (method === "volumetric" ? l.volumetricMeasurable : l.measurable) &&
    (profile.extraMeasurable?.(l) ?? true);

  // Assessments in date order (input order is not trusted; results never depend on it).
  // Usually already in order: then no sort (the comparator's order is kept either way, dates being
  // unique in a valid case).
  const n = c.assessments.length;
  let inOrder = true;
  for (let i = 1; i < n && inOrder; i++) inOrder = c.assessments[i - 1]!.date < c.assessments[i]!.date;
  const order: number[] = new Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (!inOrder) order.sort((a, b) => (c.assessments[a]!.date < c.assessments[b]!.date ? -1 : 1));
  const sorted: Case = inOrder ? c : { ...c, assessments: order.map((i) => c.assessments[i]!) };
  const scans: ScanLesions[] = new Array(order.length);
  for (let p = 0; p < order.length; p++) {
    const i = order[p]!;
    const a = c.assessments[i]!;
    const lesions = new Map<string, NormalisedLesion>();
    for (let j = 0; j < a.lesions.length; j++) {
      const l = a.lesions[j]!;
      lesions.set(
        l.id,
        normaliseLesion(
          l,
          a,
          `$.assessments[${i}].lesions[${j}]`,
          profile.measurability,
          o.tooSmallDiameterMm,
        ),
      );
    }
    scans[p] = { date: a.date, lesions };
  }

  const baseline = profile.selectBaseline(sorted);
  warnings.push(...baseline.warnings);
  const scope = profile.scope(c);
  warnings.push(...scope.warnings);
  const components: Component[] = [
    ...(scope.enhancing ? (["enhancing"] as const) : []),
    ...(scope.nonEnhancing ? (["non_enhancing"] as const) : []),
  ];
  const wording = wordingFor(profile, method, components, o);
  const policy: LesionPolicy = {
    newLesionsDefinePd: profile.newLesionsDefinePd,
    equivocalNewLesionsWait: profile.equivocalNewLesionsWait,
    thresholds: wording.thresholds,
    newLesionsJoinSum: profile.newLesionsJoinSum ?? "measurable",
    nonTargetProgression: profile.nonTargetProgression ?? "add_to_sum",
    ...(profile.pdAbsoluteIncreaseUm !== undefined
      ? { pdAbsoluteIncreaseUm: profile.pdAbsoluteIncreaseUm }
      : {}),
    wording,
  };
  const otherPolicy: LesionPolicy | null = otherMethod
    ? {
        ...policy,
        thresholds: profile.thresholds(otherMethod),
        wording: wordingFor(profile, otherMethod, components, o),
      }
    : null;
  const t0 =
    c.protocol.t0 ??
    (baseline.index !== null ? sorted.assessments[baseline.index]!.date : sorted.assessments[0]!.date);
  if (!c.protocol.t0) {
    warnings.push({
      code: "END-REF-1",
      message: `T0 not given; endpoints are measured from the baseline scan ${t0}`,
      path: "$.protocol.t0",
    });
  }
  const clinicalSorted = [...c.clinical].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const clinicalOn = (date: string): ClinicalStatus | undefined => {
    let found: ClinicalStatus | undefined;
    for (const x of clinicalSorted) {
      if (x.date <= date) found = x;
      else break;
    }
    return found;
  };
  // Each clinical record's text is rendered once, not on every row that falls after it.
  const clinicalText: Array<string | undefined> = new Array(clinicalSorted.length);
  const clinicalTextOn = (date: string): string | null => {
    let found = -1;
    for (let i = 0; i < clinicalSorted.length; i++) {
      if (clinicalSorted[i]!.date <= date) found = i;
      else break;
    }
    if (found < 0) return null;
    const cached = clinicalText[found];
    if (cached !== undefined) return cached;
    const text = describeClinical(clinicalSorted[found]!);
    clinicalText[found] = text;
    return text;
  };
  const row = (
    date: string,
    kind: TimepointResult["kind"],
    extra?: Partial<TimepointResult>,
  ): TimepointResult => {
    const t = blankTimepoint(date, kind, ugToMg(steroids.doseOn(date)), clinicalTextOn(date));
    return extra ? Object.assign(t, extra) : t;
  };
  return {
    c,
    profile,
    o,
    warnings,
    steroids,
    rtEnd: radiotherapyEnd(c),
    method,
    otherMethod,
    measurable,
    policy,
    otherPolicy,
    sorted,
    scans,
    baseline,
    scope,
    components,
    t0,
    clinicalOn,
    row,
  };
}

/** Targets, non-targets and the sum track of each component at the baseline `b`. */
export function fromBaseline(tl: Timeline, b: number): Baselined {
  const { profile, method, components, scans, o } = tl;
  const baselineDate = tl.sorted.assessments[b]!.date;
  const baselineLesions = [...scans[b]!.lesions.values()].filter((l) => components.includes(l.component));
  const targetable = (l: NormalisedLesion) => profile.targetComponents?.includes(l.component) ?? true;
  const targets = selectTargets(
    baselineLesions,
    components,
    profile.targetLimits,
    (l) => tl.measurable(l) && targetable(l),
    (l) => lesionValue(l, method) ?? 0,
    "RANO2-TGT-1",
    (l) =>
      targetable(l) ? null : `${profile.shortName} measures no ${l.component.replace("_", "-")} targets`,
  );
  tl.warnings.push(...targets.warnings);
  const states = new Map<Component, ComponentState>();
  const measured = new Set<Component>();
  for (const comp of components) {
    if (targets.targets[comp].length > 0) measured.add(comp);
    states.set(comp, {
      component: comp,
      track: new SumTrack(scans, targets.targets[comp], o.nonTargetReference === "retrospective"),
      baselinePos: b,
      baselineLesionIds: scans[b]!.lesions,
      targets: targets.targets[comp],
      nonTargets: targets.nonTargets[comp],
      hadDiseaseAtBaseline: baselineLesions.some((l) => l.component === comp && l.status !== "absent"),
      newNonMeasurable: new Map(),
      triggeredNew: new Set(),
    });
  }
  const nonMeasurableOnly = components.every((comp) => targets.targets[comp].length === 0);
  if (nonMeasurableOnly) {
    tl.warnings.push({
      code: "RANO2-MEAS-6",
      message: "no measurable disease at baseline: the best possible response is stable disease",
    });
  }
  let flairTrack: SumTrack | null = null;
  if (profile.flairQualitative && !components.includes("non_enhancing")) {
    const ids = [...scans[b]!.lesions.values()]
      .filter((l) => l.component === "non_enhancing" && l.status !== "absent" && l.ldUm !== null)
      .map((l) => l.id)
      .sort();
    if (ids.length > 0) flairTrack = new SumTrack(scans, ids, false);
  }
  // Extends the setup in place (a spread of this object would take V8's slow path per patient).
  const out = tl as Baselined;
  out.b = b;
  out.baselineDate = baselineDate;
  out.baselineDoseUg = tl.steroids.doseOn(baselineDate);
  out.targets = targets;
  out.states = states;
  out.measured = measured;
  out.nonMeasurableOnly = nonMeasurableOnly;
  out.flairTrack = flairTrack;
  return out;
}

export function describeClinical(c: ClinicalStatus): string {
  if (c.status === "worse") return c.attributableToTumor ? "worse (tumour)" : "worse (other cause)";
  return c.kps !== undefined ? `${c.status} (KPS ${c.kps})` : c.status;
}
