// What the engine returns: per time point a category with its reference, change, the rule IDs that
// fired and a one-line explanation; per patient the trial endpoints. Pure data, JSON-serialisable.

/** Response labels (GEN-7). PD-P = preliminary (unconfirmed) progression; IND = indeterminate, pending. */
export type Label = "CR" | "PR" | "MR" | "SD" | "PD" | "PD-P" | "IND" | "NE";

/** Why a label is what it is, relative to the confirmation rules. */
export type LabelStatus =
  | "confirmed" // a response sustained >= 4 weeks, or a PD-P confirmed by a later scan
  | "unconfirmed" // a response not (yet) sustained, or a PD-P never confirmed
  | "awaiting_confirmation" // the last response or PD-P; a later scan may still confirm it
  | "immediate" // PD that needed no confirmation
  | "resolved" // PD-P or IND later relabelled (see finalLabel)
  | "pending" // IND still open at the last assessment
  | "none";

export type Component = "enhancing" | "non_enhancing";
export type Method = "bidimensional" | "volumetric" | "unidimensional";

export interface Warning {
  code: string;
  message: string;
  /** JSON path into the case document when the warning concerns a field. */
  path?: string;
}

export interface ReferenceValue {
  kind: "baseline" | "nadir" | "anchor";
  date: string;
  value: number;
  unit: "mm²" | "mm³" | "mm";
}

export interface ComponentResult {
  component: Component;
  method: Method;
  /** Imaging category of this component alone. NA = no disease of this component to assess. */
  category: "CR" | "PR" | "MR" | "SD" | "PD" | "NE" | "NA";
  sum: number | null;
  unit: "mm²" | "mm³" | "mm";
  baseline: ReferenceValue | null;
  nadir: ReferenceValue | null;
  /** Percent change vs baseline and vs nadir, rounded half away from zero to 0.1, after classification. */
  changeFromBaselinePct: number | null;
  changeFromNadirPct: number | null;
  /** The other (exploratory) method, when both are measured. */
  exploratory?: Omit<ComponentResult, "exploratory">;
}

/** The thresholds of the deciding criteria set and method, in percent (from the profile, never retyped). */
export interface DecisionThresholds {
  /** PD: increase over the nadir. */
  pdIncreasePct: number;
  /** PR: decrease from baseline. */
  prDecreasePct: number;
  /** MR (non-enhancing disease, RANO-LGG): decrease from baseline; null where the set has no MR. */
  mrDecreasePct: number | null;
  /** RANO-BM-PD-2: growth of one target over its nadir-scan value, mm; null elsewhere. */
  pdAbsoluteIncreaseMm: number | null;
}

/** What decided a time point: the explanation is rendered from this record (templates in
 * core/timeline/explain.ts), so every number in the sentence is one of these. */
export interface Decision {
  /** Deciding criteria set, e.g. "RANO-BM". */
  criteria: string;
  method: Method;
  measure: "sum of products" | "volume" | "sum of longest diameters";
  unit: "mm²" | "mm³" | "mm";
  thresholds: DecisionThresholds;
  /** The component whose change decided (shown first), or null when no measured component decided. */
  deciding: Component | null;
  /** The reference the change is taken against (baseline / nadir / the preliminary-progression scan). */
  reference: ReferenceValue | null;
  changePct: number | null;
}

export interface TimepointResult {
  date: string;
  kind: "pre_baseline" | "baseline" | "follow_up" | "clinical" | "missed" | "after_progression";
  /** Label as assessed at this date. */
  label: Label | null;
  /** Label after retrospective resolution (a PD-P becomes PD or SD; an IND becomes SD or PD). */
  finalLabel: Label | null;
  status: LabelStatus;
  components: ComponentResult[];
  /** The reference that decided the category. */
  reference: ReferenceValue | null;
  changePct: number | null;
  rules: string[];
  explanation: string;
  warnings: Warning[];
  nextAction?: string;
  /** The decision record the explanation was rendered from (sum-based criteria). */
  decision?: Decision;
  steroidDexEqMgPerDay: number | null;
  clinicalStatus: string | null;
}

export interface BestOverallResponse {
  category: "CR" | "PR" | "MR" | "SD" | "PD" | "NE";
  confirmed: boolean;
  /** First date of the response run (or of the qualifying SD / PD). */
  date: string | null;
  rules: string[];
  reason: string;
}

export interface Progression {
  /** Date of progression, back-dated where the rules say so; null when no progression. */
  date: string | null;
  /** The date the progression became certain (the confirming scan or event), if different. */
  establishedOn: string | null;
  /** "csf": RANO-LM cytology / flow-cytometry defined progression. */
  cause: "imaging" | "clinical" | "steroid_rule" | "pathology" | "death" | "csf" | null;
  rules: string[];
  reason: string;
}

export interface TimeToEvent {
  /** Days from T0 to the event or censoring date. */
  days: number;
  event: boolean;
  date: string;
  reason: string;
}

/** How each lesion was used: chosen target, non-target, or new lesion (first seen on `firstSeen`). */
export interface LesionRole {
  id: string;
  component: Component;
  role: "target" | "non_target" | "new";
  firstSeen: string;
}

export interface PatientResult {
  patientId: string;
  criteria: string;
  t0: string;
  baselineDate: string | null;
  timepoints: TimepointResult[];
  lesions: LesionRole[];
  bestOverallResponse: BestOverallResponse;
  progression: Progression;
  pfs: TimeToEvent;
  /** Duration of response, for confirmed responders only. */
  dor: TimeToEvent | null;
  /** Days from T0 to the first scan of the confirmed response run. */
  timeToResponseDays: number | null;
  warnings: Warning[];
}
