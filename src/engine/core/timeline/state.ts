// The state carried along the time line between time points: the pending preliminary progression (the
// anchor, RANO2-CONF-3), the pending steroid and taper indeterminates (RANO2-STER-3, STER-6), the
// positions that may hold the nadir, and the declared progression with its back-dating (RANO2-CONF-5).
import type { Component, Progression, TimepointResult } from "../../model/result.ts";
import type { AnchorRole, ConfirmationDecision } from "./profile.ts";
import type { Baselined } from "./setup.ts";

export interface Anchor {
  pos: number;
  date: string;
  /** Component sums at the anchor, by the primary method (RANO2-CONF-3). */
  sums: Map<Component, number>;
  /** Components whose anchor sum is a lower bound (a target unmeasured, GEN-6). */
  incomplete: Set<Component>;
  /** Lesions in each component's sum at the anchor. */
  trackedAtAnchor: Set<string>;
  /** New lesions added to the sum at the anchor: resolution needs them no longer measurable. */
  addedAtAnchor: string[];
  rows: TimepointResult[];
  decision: ConfirmationDecision;
}

/** The rule a pending anchor is decided under for a confirmation role. */
export function anchorRule(an: Anchor, role: AnchorRole): string {
  return an.decision.citations?.[role] ?? role;
}

export interface Pending {
  rows: TimepointResult[];
  date: string;
}

export class WalkState {
  anchor: Anchor | null = null;
  indSteroid: Pending | null = null;
  indTaper: (Pending & { doseUg: number }) | null = null;
  progression: Progression | null = null;
  lastNewTherapyOrStop: string | null = null;
  /** Positions whose sums may be the nadir (baseline and evaluable non-progressive time points). */
  readonly nadirEligible: number[];
  prevDoseUg: number;

  constructor(private readonly tl: Baselined) {
    this.nadirEligible = [tl.b];
    this.prevDoseUg = tl.baselineDoseUg;
  }

  /** The nadir positions in force: frozen before a pending anchor (RANO2-CONF-3). */
  nadirPositions(): number[] {
    const an = this.anchor;
    return an ? this.nadirEligible.filter((p) => p < an.pos) : this.nadirEligible;
  }

  /** Final progression, back-dated to the earliest pending preliminary / indeterminate time point:
   * an imaging or pathology confirmation cites RANO2-CONF-5, a clinical decline or death RANO2-CONF-8. */
  declareProgression(
    at: TimepointResult,
    cause: Progression["cause"],
    rules: string[],
    reason: string,
    backdateToAnchor = true,
  ): void {
    const { o, steroids, baselineDoseUg } = this.tl;
    let date = at.date;
    const backRules: string[] = [];
    if (this.anchor && !backdateToAnchor) {
      for (const p of this.anchor.rows) {
        p.status = "unconfirmed";
        p.explanation += `; superseded by progression on ${at.date}`;
      }
      this.anchor = null;
    }
    if (this.anchor && this.anchor.date < date) {
      date = this.anchor.date;
      backRules.push(
        anchorRule(this.anchor, cause === "clinical" || cause === "death" ? "RANO2-CONF-8" : "RANO2-CONF-5"),
      );
    }
    if (this.indSteroid && this.indSteroid.date < date) {
      date =
        o.steroidPdDate === "steroid_increase_start"
          ? (steroids.exceededSince(this.indSteroid.date, baselineDoseUg) ?? this.indSteroid.date)
          : this.indSteroid.date;
      backRules.push("RANO2-STER-3");
    }
    if (this.indTaper && this.indTaper.date < date) {
      date = this.indTaper.date;
      backRules.push("STER-6");
    }
    for (const pending of [this.anchor?.rows ?? [], this.indSteroid?.rows ?? [], this.indTaper?.rows ?? []]) {
      for (const r of pending) {
        r.finalLabel = "PD";
        r.status = "confirmed";
        r.explanation += `; progression confirmed on ${at.date}`;
      }
    }
    this.anchor = null;
    this.indSteroid = null;
    this.indTaper = null;
    const allRules = [...rules, ...backRules];
    this.progression = {
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
  }

  /** The pending anchor did not become progression: its rows are relabelled SD (pseudoprogression). */
  resolveAnchor(on: string, why: string): void {
    const an = this.anchor;
    if (!an) return;
    for (const p of an.rows) {
      p.finalLabel = "SD";
      p.status = "resolved";
      p.explanation += `; resolved on ${on} (${why}): pseudoprogression, relabelled SD`;
    }
    this.anchor = null;
  }
}
